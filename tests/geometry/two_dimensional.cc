// The 2D analogues of the procedural geometries (Voronoi ligaments, gyroid
// slice, striped coating, pits of a line) reach their targets on the
// simulator's mesh too: porosity and coverage within 2 % (relative), the
// pit area within 5 % of the analytic segment, half-ellipse and triangle
// areas (the diffuse interface's curvature bias, see pit_volume.cc).
// A collector without a Li layer holds only its nucleus: the metal is the
// diffuse half disc within 2 %, with no film of zero thickness along the
// collector (which added 29 % before a zero thickness meant no layer).

#include <deal.II/base/function.h>

#include <deal.II/lac/vector.h>

#include <deal.II/numerics/vector_tools.h>

#include <deadli/geometry/coated_collector.h>
#include <deadli/geometry/copper_foam.h>
#include <deadli/geometry/gyroid_host.h>
#include <deadli/geometry/pitted_foil.h>

#include "geometry_mesh.h"

using namespace dealii;
using namespace deadli;
using namespace deadli::testing;

namespace
{
  /// A 16 um wide, 10 um high box, interface width 1 um, no Li.
  void
  set_box(PlanarCollector<2> &box)
  {
    box.interface_width      = 1.;
    box.domain_width         = 16.;
    box.domain_height        = 10.;
    box.coarse_cell_size     = 2.;
    box.layer_thickness      = 0.;
    box.roughness_amplitude  = 0.;
    box.roughness_wavelength = 16.;
    box.n_nuclei             = 0;
    box.nucleus_radius       = 1.;
    box.random_seed          = 1;
    box.place_nuclei();
  }

  void
  check_target(Checker           &checker,
               const Geometry<2> &geometry,
               const double       tolerance)
  {
    MeshedGeometry<2> meshed(MPI_COMM_WORLD);
    mesh_geometry(geometry, 3, meshed);
    const auto measures = measure_and_print(geometry, meshed);
    check_relative(checker, measures.at(0), tolerance);
  }
} // namespace

int
main(int argc, char **argv)
{
  Utilities::MPI::MPI_InitFinalize mpi(argc, argv, 1);
  Checker                          checker;

  {
    CopperFoam<2> foam;
    set_box(foam);
    foam.porosity    = 0.7;
    foam.pore_size   = 6.;
    foam.foam_height = 8.;
    foam.foam_seed   = 2;
    foam.build_foam();
    log() << "2D foam:" << std::endl;
    check_target(checker, foam, 0.02);
  }
  {
    GyroidHost<2> gyroid;
    set_box(gyroid);
    gyroid.porosity            = 0.7;
    gyroid.requested_cell_size = 8.;
    gyroid.host_height         = 8.;
    gyroid.build_gyroid();
    log() << "2D gyroid slice:" << std::endl;
    check_target(checker, gyroid, 0.02);
  }
  {
    auto collector = std::make_shared<PlanarCollector<2>>();
    set_box(*collector);
    collector->copper_slab_thickness = 1.;
    CoatedCollector<2> coated(collector, collector->domain_width, 1.);
    coated.pattern          = CoatedCollector<2>::Pattern::stripes;
    coated.thickness        = 2.;
    coated.coverage         = 0.4;
    coated.requested_period = 5.;
    coated.seed             = 1;
    coated.build_pattern();
    log() << "2D coating stripes on a Cu slab:" << std::endl;
    check_target(checker, coated, 0.02);
  }
  using Shape = PittedFoil<2>::PitShape;
  for (const Shape shape : {Shape::sphere, Shape::ellipsoid, Shape::cone})
    {
      PittedFoil<2> foil;
      set_box(foil);
      foil.layer_thickness = 4.;
      foil.n_pits          = 3;
      foil.pit_radius      = 2.;
      foil.pit_depth       = 2.5;
      foil.pit_shape       = shape;
      foil.pit_seed        = 4;
      foil.place_pits("");
      log() << "2D pits:" << std::endl;
      check_target(checker, foil, 0.05);
    }
  {
    PlanarCollector<2> anode_free;
    set_box(anode_free);
    anode_free.n_nuclei       = 1;
    anode_free.nucleus_radius = 2.;
    anode_free.place_nuclei();
    MeshedGeometry<2> meshed(MPI_COMM_WORLD);
    mesh_geometry(anode_free, 3, meshed);
    // xi >= 0 here, so its L1 norm is the metal area.
    const Discretization<2> &discretization = meshed.discretization;
    Vector<float> cell_areas(discretization.triangulation.n_active_cells());
    VectorTools::integrate_difference(discretization.dof_handler,
                                      meshed.metal,
                                      Functions::ZeroFunction<2>(),
                                      cell_areas,
                                      QGauss<2>(3),
                                      VectorTools::L1_norm);
    const double metal_area =
      VectorTools::compute_global_error(discretization.triangulation,
                                        cell_areas,
                                        VectorTools::L1_norm);
    // The tanh profile of half-width w adds pi^3 w^2 / 24 to a half disc:
    // the integral of s (1 - tanh(s / w)) over s > 0 is pi^2 w^2 / 24, on
    // both sides of the radius, times pi.
    const double radius     = anode_free.nucleus_radius;
    const double half_width = 0.5 * anode_free.interface_width;
    const double half_disc  = 0.5 * M_PI * radius * radius +
                             std::pow(M_PI, 3) * half_width * half_width / 24;
    const double error = std::abs(metal_area / half_disc - 1.);
    log() << "2D nucleus without a Li layer: metal area " << metal_area
          << " um2, diffuse half disc " << half_disc << " um2, relative error "
          << 100 * error << " % (tolerance 2 %)" << std::endl;
    checker.check(error <= 0.02,
                  "the metal of a nucleus without a layer is not its half "
                  "disc");
  }
  return checker.exit_code();
}
