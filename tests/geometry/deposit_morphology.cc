// The deposit observables of statistics.csv (cycling/deposit_morphology.h)
// on deposits with known shape, meshed as a run meshes them:
//  * a flat 3 um Li film (2D, 3D): thickness 3 um, porosity 0, area ratio 1;
//  * a 2 um Li film on a 1 um Cu slab that is part of the box (2D, 3D): the
//    host counts as solid, so thickness 3 um, porosity 0, and the buried
//    Cu/Li boundary is no surface: area ratio 1;
//  * 2D columns, 2 um wide and 3 um tall, every 4 um: porosity 1 - 2/4 =
//    0.5, area ratio (2 x 3 + 2) / 4 = 2.
// The diffuse profile rounds the columns' top corners, which shortens their
// outline by about (2 - pi/2) w ln 2 per corner (w = width/2): 1 % of the
// area ratio here, inside the 3 % tolerance; the thickness is found on cell
// edges by linear interpolation of the tanh profile (tolerance h/4).

#include <deadli/cycling/deposit_morphology.h>
#include <deadli/geometry/planar_collector.h>
#include <deadli/physics/substrate.h>

#include "geometry_mesh.h"

using namespace dealii;
using namespace deadli;
using namespace deadli::testing;

namespace
{
  constexpr double       interface_width = 0.5;
  constexpr unsigned int max_level       = 3; // h = 1/8 um

  /// A box of 8 um x 8 um (x 8 um in 3D), 1 um coarse cells, no nuclei.
  template <int dim>
  void
  set_box(PlanarCollector<dim> &geometry, const double layer_thickness)
  {
    geometry.domain_width         = 8;
    geometry.domain_height        = 8;
    geometry.coarse_cell_size     = 1;
    geometry.layer_thickness      = layer_thickness;
    geometry.roughness_amplitude  = 0;
    geometry.roughness_wavelength = 1;
    geometry.n_nuclei             = 0;
    geometry.nucleus_radius       = 1;
    geometry.random_seed          = 1;
    geometry.interface_width      = interface_width;
    geometry.place_nuclei();
  }

  /// Li columns standing on the collector of a planar box.
  class Columns : public PlanarCollector<2>
  {
  public:
    double period = 4;
    double width  = 2;
    double height = 3;

    double
    lithium_distance(const Point<2> &p) const override
    {
      // Signed distance to the nearest column, a rectangle whose bottom is
      // the collector (so only its sides and top are surfaces).
      const double lateral =
        std::abs(p[0] - period * (std::floor(p[0] / period) + 0.5)) -
        0.5 * width;
      const double vertical = p[1] - height;
      const double outside =
        std::hypot(std::max(lateral, 0.), std::max(vertical, 0.));
      return outside > 0 ? outside : std::max(lateral, vertical);
    }
  };

  template <int dim>
  void
  check_deposit(Checker             &checker,
                const Geometry<dim> &geometry,
                const double         expected_thickness,
                const double         expected_porosity,
                const double         expected_area_ratio,
                const double         porosity_tolerance,
                const double         area_ratio_tolerance)
  {
    MeshedGeometry<dim> meshed(MPI_COMM_WORLD);
    mesh_geometry(geometry, max_level, meshed);
    Substrate<dim> substrate(meshed.discretization);
    substrate.update(geometry, interface_width);

    const DepositMorphology deposit =
      measure_deposit_morphology(meshed.discretization,
                                 meshed.metal,
                                 substrate,
                                 geometry.collector_area());
    const double cell_size = 1. / (1 << max_level);
    log() << std::setprecision(6) << "  " << dim << "D, "
          << geometry.description() << '\n'
          << std::setprecision(8) << "    thickness " << deposit.thickness
          << " um (expected " << expected_thickness << "), porosity "
          << deposit.porosity << " (expected " << expected_porosity
          << "), surface area ratio " << deposit.surface_area_ratio
          << " (expected " << expected_area_ratio << ")" << std::endl;
    checker.check(std::abs(deposit.thickness - expected_thickness) <=
                    cell_size / 4,
                  "thickness");
    checker.check(std::abs(deposit.porosity - expected_porosity) <=
                    porosity_tolerance,
                  "porosity");
    checker.check(std::abs(deposit.surface_area_ratio / expected_area_ratio -
                           1.) <= area_ratio_tolerance,
                  "surface area ratio");
  }

  template <int dim>
  void
  check_films(Checker &checker)
  {
    PlanarCollector<dim> film;
    set_box(film, 3);
    check_deposit<dim>(checker, film, 3, 0, 1, 0.005, 0.01);

    PlanarCollector<dim> film_on_slab;
    set_box(film_on_slab, 3);
    film_on_slab.copper_slab_thickness = 1;
    check_deposit<dim>(checker, film_on_slab, 3, 0, 1, 0.005, 0.01);
  }
} // namespace



int
main(int argc, char **argv)
{
  Utilities::MPI::MPI_InitFinalize mpi(argc, argv, 1);
  Checker                          checker;

  check_films<2>(checker);
  check_films<3>(checker);

  Columns columns;
  set_box(columns, 0);
  check_deposit<2>(checker, columns, 3, 0.5, 2, 0.02, 0.03);

  return checker.exit_code();
}
