# Procedural geometries (foam, gyroid, coating, pitted foil): the requested
# porosity, coverage and pit volume are what the mesh holds, and the foam is
# one conductor wired to the collector.
deadli_add_test(geometry porosity NPROCS 1 2)
deadli_add_test(geometry foam_connectivity NPROCS 1 2)
deadli_add_test(geometry coating_coverage NPROCS 1 2)
deadli_add_test(geometry pit_volume NPROCS 1 2)
deadli_add_test(geometry two_dimensional NPROCS 1 2)
deadli_add_test(geometry deposit_morphology NPROCS 1 2)
