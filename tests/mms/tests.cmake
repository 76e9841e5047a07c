# Manufactured-solution convergence tests (VALIDATION.md section 1).
deadli_add_test(mms potential_convergence NPROCS 1 2)
deadli_add_test(mms phase_field_convergence NPROCS 1 2)
deadli_add_test(mms transport_convergence NPROCS 1 2)
deadli_add_test(mms coupled_convergence NPROCS 1 2)
