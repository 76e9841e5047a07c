// (a) The Cu foam and the gyroid reach the requested porosity (0.7 and 0.9)
// on a mesh built as the simulator builds it, within 2 % (relative): the
// strut thickness and the gyroid level are calibrated for the diffuse
// indicator, so what is left is the mesh's interpolation error. Prints the
// specific surface area too. Runs on 1 and 2 ranks with the same numbers.

#include <deadli/geometry/copper_foam.h>
#include <deadli/geometry/gyroid_host.h>

#include "geometry_mesh.h"

using namespace dealii;
using namespace deadli;
using namespace deadli::testing;

namespace
{
  /// The box of both hosts: 12 um wide, 10 um high, 2 um coarse cells,
  /// interface width 1 um, no Li.
  template <typename Host>
  void
  set_box(Host &host)
  {
    host.interface_width      = 1.;
    host.domain_width         = 12.;
    host.domain_height        = 10.;
    host.coarse_cell_size     = 2.;
    host.layer_thickness      = 0.;
    host.roughness_amplitude  = 0.;
    host.roughness_wavelength = 12.;
    host.n_nuclei             = 0;
    host.nucleus_radius       = 1.;
    host.random_seed          = 1;
    host.place_nuclei();
  }
} // namespace

int
main(int argc, char **argv)
{
  Utilities::MPI::MPI_InitFinalize mpi(argc, argv, 1);
  Checker                          checker;
  // Interpolation of the diffuse profile on cells of width / 4.
  constexpr unsigned int max_level = 3;
  constexpr double       tolerance = 0.02;

  for (const double porosity : {0.7, 0.9})
    {
      CopperFoam<3> foam;
      set_box(foam);
      foam.porosity    = porosity;
      foam.pore_size   = 6.;
      foam.foam_height = 8.;
      foam.foam_seed   = 5;
      foam.build_foam();
      log() << "Cu foam, porosity " << porosity << ":" << std::endl;
      MeshedGeometry<3> meshed(MPI_COMM_WORLD);
      mesh_geometry(foam, max_level, meshed);
      const auto measures = measure_and_print(foam, meshed);
      check_relative(checker, measures.at(0), tolerance);
    }

  for (const double porosity : {0.7, 0.9})
    {
      GyroidHost<3> gyroid;
      set_box(gyroid);
      gyroid.porosity            = porosity;
      gyroid.requested_cell_size = 5.;
      gyroid.host_height         = 8.;
      gyroid.build_gyroid();
      log() << "Gyroid, porosity " << porosity << ":" << std::endl;
      MeshedGeometry<3> meshed(MPI_COMM_WORLD);
      mesh_geometry(gyroid, max_level, meshed);
      const auto measures = measure_and_print(gyroid, meshed);
      check_relative(checker, measures.at(0), tolerance);
    }
  return checker.exit_code();
}
