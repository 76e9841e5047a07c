# Connected components of the conductor and dead-Li flags (MetalConnectivity)
# on hand-made meshes and shapes with exact answers.
deadli_add_test(connectivity floating_sphere NPROCS 1 2)
