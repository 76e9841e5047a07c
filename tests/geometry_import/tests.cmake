# File-based geometries (Gmsh meshes, voxel images): signed distances from
# sampled surfaces, and the regions' volume fractions after import.
deadli_add_test(geometry_import surface_distance_sphere NPROCS 1)
deadli_add_test(geometry_import gmsh_regions NPROCS 1 2
  ARGS ${CMAKE_SOURCE_DIR}/meshes)
deadli_add_test(geometry_import voxel_round_trip NPROCS 1 2
  ARGS ${CMAKE_SOURCE_DIR}/meshes)
