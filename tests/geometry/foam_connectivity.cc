// (b) The Cu foam is ONE connected conductor, wired to the collector: on the
// simulator's mesh, the cells whose mean host fraction exceeds 1/2 form a
// single MetalConnectivity component, and it touches the collector face.
// The foam sits on the collector without a Cu slab, so this is only true
// because the seeds are mirrored at the bottom (struts lie on the collector)
// and the struts are resolved (radius above half the interface width).

#include <deal.II/fe/fe_values.h>

#include <deadli/connectivity/metal_connectivity.h>
#include <deadli/geometry/copper_foam.h>

#include "geometry_mesh.h"

using namespace dealii;
using namespace deadli;
using namespace deadli::testing;

namespace
{
  /// Label the cells with mean host fraction above 1/2 and check that they
  /// form one component anchored at the collector.
  void
  check_one_anchored_conductor(Checker                 &checker,
                               const MeshedGeometry<3> &meshed)
  {
    const Discretization<3> &discretization = meshed.discretization;
    const auto              &triangulation  = discretization.triangulation;
    FEValues<3>              fe_values(discretization.fe,
                          discretization.quadrature,
                          update_values | update_JxW_values);
    std::vector<double>      values(discretization.quadrature.size());
    std::vector<bool>   is_conductor(triangulation.n_active_cells(), false);
    std::vector<bool>   is_anchor(triangulation.n_active_cells(), false);
    std::vector<double> weight(triangulation.n_active_cells(), 0.);
    for (const auto &cell : discretization.dof_handler.active_cell_iterators())
      if (cell->is_locally_owned())
        {
          fe_values.reinit(cell);
          fe_values.get_function_values(meshed.host, values);
          double host = 0, volume = 0;
          for (unsigned int q = 0; q < values.size(); ++q)
            {
              host += values[q] * fe_values.JxW(q);
              volume += fe_values.JxW(q);
            }
          const unsigned int i = cell->active_cell_index();
          is_conductor[i]      = host > 0.5 * volume;
          weight[i]            = host;
          for (const unsigned int f : cell->face_indices())
            if (cell->at_boundary(f) &&
                cell->face(f)->boundary_id() == boundary_id::collector<3>)
              is_anchor[i] = is_conductor[i];
        }
    MetalConnectivity<3> connectivity(triangulation);
    connectivity.label(is_conductor, is_anchor, weight);
    const auto &components = connectivity.components();

    unsigned int n_conductor_cells = 0, n_anchor_cells = 0;
    for (unsigned int i = 0; i < is_conductor.size(); ++i)
      {
        n_conductor_cells += is_conductor[i];
        n_anchor_cells += is_anchor[i];
      }
    // Only locally owned entries were set, so the sums count each cell once.
    n_conductor_cells = Utilities::MPI::sum(n_conductor_cells, MPI_COMM_WORLD);
    n_anchor_cells    = Utilities::MPI::sum(n_anchor_cells, MPI_COMM_WORLD);
    log() << "  " << n_conductor_cells << " host cells (mean host fraction > "
          << "1/2), " << n_anchor_cells << " of them on the collector; "
          << components.size() << " component(s):" << std::endl;
    for (const auto &component : components)
      log() << "    " << component.n_cells << " cells, host volume "
            << component.weight << " um^3, "
            << (component.anchored ? "anchored" : "NOT anchored") << std::endl;
    for (const auto &cell : triangulation.active_cell_iterators())
      if (cell->is_locally_owned() &&
          connectivity.is_dead(cell->active_cell_index()))
        std::cout << "    unanchored host cell at " << cell->center()
                  << std::endl;
    checker.check(components.size() == 1,
                  "the foam is " + std::to_string(components.size()) +
                    " separate pieces, expected one");
    checker.check(!components.empty() && components[0].anchored,
                  "the foam does not touch the collector");
  }
} // namespace

int
main(int argc, char **argv)
{
  Utilities::MPI::MPI_InitFinalize mpi(argc, argv, 1);
  Checker                          checker;

  // The foams of tests/geometry/porosity.cc, and that of
  // prm/copper_foam.prm (10 um box, 5 um pores, 6 um high, porosity 0.8).
  struct FoamCase
  {
    double width, pore_size, foam_height, porosity;
  };
  for (const FoamCase &foam_case : {FoamCase{12., 6., 8., 0.7},
                                    FoamCase{12., 6., 8., 0.85},
                                    FoamCase{10., 5., 6., 0.8}})
    {
      CopperFoam<3> foam;
      foam.interface_width      = 1.;
      foam.domain_width         = foam_case.width;
      foam.domain_height        = foam_case.foam_height + 2;
      foam.coarse_cell_size     = 2.;
      foam.layer_thickness      = 0.;
      foam.roughness_amplitude  = 0.;
      foam.roughness_wavelength = foam_case.width;
      foam.n_nuclei             = 0;
      foam.nucleus_radius       = 1.;
      foam.random_seed          = 1;
      foam.place_nuclei();
      foam.porosity    = foam_case.porosity;
      foam.pore_size   = foam_case.pore_size;
      foam.foam_height = foam_case.foam_height;
      foam.foam_seed   = 5;
      foam.build_foam();
      log() << "Cu foam, porosity " << foam_case.porosity << ":" << std::endl;
      MeshedGeometry<3> meshed(MPI_COMM_WORLD);
      mesh_geometry(foam, 3, meshed);
      measure_and_print(foam, meshed);
      check_one_anchored_conductor(checker, meshed);
    }
  return checker.exit_code();
}
