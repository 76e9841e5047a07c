# manufactured-solution convergence tests
