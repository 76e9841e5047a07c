# Mesh infrastructure shared by the operators.
deadli_add_test(mesh matrix_entry_positions NPROCS 1 2 3)
deadli_add_test(mesh matrix_duplicates NPROCS 1 2 3)
deadli_add_test(mesh content_conservation NPROCS 1 2 3)
