# Physics with a known answer (VALIDATION.md section 2).
deadli_add_test(physics faraday NPROCS 1 2)
deadli_add_test(physics mass_balance NPROCS 1 2)
deadli_add_test(physics butler_volmer NPROCS 1 2)
deadli_add_test(physics binary_electrolyte NPROCS 1 2)
deadli_add_test(physics dead_lithium NPROCS 1 2)
