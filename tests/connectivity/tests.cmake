# Connected components of the conductor and dead-Li flags (MetalConnectivity)
# on hand-made meshes and shapes with exact answers.
deadli_add_test(connectivity floating_sphere NPROCS 1 2)
deadli_add_test(connectivity partition_independence NPROCS 1 2 3 4)
deadli_add_test(connectivity periodic_bridge NPROCS 1 2)
deadli_add_test(connectivity hanging_bridge NPROCS 1 2)
deadli_add_test(connectivity merging_fragments NPROCS 1 2)
deadli_add_test(connectivity copper_host NPROCS 1 2)
