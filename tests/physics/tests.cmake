# Physics with a known answer (VALIDATION.md section 2).
deadli_add_test(physics faraday NPROCS 1 2)
deadli_add_test(physics mass_balance NPROCS 1 2)
deadli_add_test(physics butler_volmer NPROCS 1 2)
deadli_add_test(physics binary_electrolyte NPROCS 1 2)
deadli_add_test(physics dead_lithium NPROCS 1 2)
deadli_add_test(physics redox_mediator NPROCS 1 2)

# The dead-Li run on 1 and 2 ranks: labels, fragments, ledger and cycles.csv
# must agree (VALIDATION.md section 4).
set_tests_properties(physics/dead_lithium.np1 PROPERTIES
  FIXTURES_SETUP deadli_dead_lithium_np1)
set_tests_properties(physics/dead_lithium.np2 PROPERTIES
  FIXTURES_SETUP deadli_dead_lithium_np2)
foreach(table statistics cycles)
  add_test(NAME physics/dead_lithium_partition_independence_${table}
    COMMAND ${DEADLI_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/regression/compare_statistics.py
            dead_lithium_output.np1/${table}.csv
            dead_lithium_output.np2/${table}.csv
    WORKING_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR})
  set_tests_properties(physics/dead_lithium_partition_independence_${table}
    PROPERTIES
    LABELS physics
    FIXTURES_REQUIRED "deadli_dead_lithium_np1;deadli_dead_lithium_np2"
    TIMEOUT 60)
endforeach()
deadli_add_test(physics copper_host NPROCS 1 2)
deadli_add_test(physics reaction_depletion NPROCS 1)
deadli_add_test(physics beyond_limiting_current NPROCS 1 2)
# Kinetic noise on a fixed grid: the same rough surface on two meshes and
# time steps (mesh-convergence studies of noisy runs).
deadli_add_test(physics kinetic_noise_mesh_independence NPROCS 1 2)

# Hong & Viswanathan's model (bench/hong_viswanathan.prm): curvature flow
# against its analytic rate, and the Li balance of the full model on 1 and
# 2 ranks, whose statistics must agree.
deadli_add_test(physics coarse_grained_noise NPROCS 1)
deadli_add_test(physics hong_viswanathan_curvature NPROCS 1)
deadli_add_test(physics hong_viswanathan_balance NPROCS 1 2)
set_tests_properties(physics/hong_viswanathan_balance.np1 PROPERTIES
  FIXTURES_SETUP deadli_hong_viswanathan_np1)
set_tests_properties(physics/hong_viswanathan_balance.np2 PROPERTIES
  FIXTURES_SETUP deadli_hong_viswanathan_np2)
add_test(NAME physics/hong_viswanathan_partition_independence
  COMMAND ${DEADLI_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/regression/compare_statistics.py
          hong_viswanathan_balance_output.np1/statistics.csv
          hong_viswanathan_balance_output.np2/statistics.csv
  WORKING_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR})
set_tests_properties(physics/hong_viswanathan_partition_independence PROPERTIES
  LABELS physics
  FIXTURES_REQUIRED "deadli_hong_viswanathan_np1;deadli_hong_viswanathan_np2"
  TIMEOUT 60)
