# physics tests
