// Cases 1 and 2: a sphere floating above a Li layer on the collector is one
// dead component whose cell count and volume are those of the cells whose
// centre is in the sphere, the layer staying alive; joined to the layer by a
// one-cell-wide bridge, nothing is dead. The layer region is refined once
// more, so the bridge crosses a hanging-node interface and p4est partitions
// unevenly.

#include "conductor_cases.h"

using namespace dealii;
using namespace deadli;
using namespace deadli::testing;

template <int dim>
void
run(Checker &checker)
{
  const double height = 6.;
  Point<dim>   extent;
  Point<dim>   sphere_centre;
  for (unsigned int d = 0; d < dim; ++d)
    {
      extent[d]        = 6.;
      sphere_centre[d] = 3.;
    }
  sphere_centre[dim - 1] = 4.;
  extent[dim - 1]        = height;

  const auto in_sphere = [=](const Point<dim> &p) {
    return p.distance(sphere_centre) < 1.3;
  };
  const auto in_layer = [](const Point<dim> &p) { return p[dim - 1] < 1.; };
  // One coarse cell (0.5 after the global refinement) wide.
  const auto in_bridge = [](const Point<dim> &p) {
    for (unsigned int d = 0; d + 1 < dim; ++d)
      if (std::abs(p[d] - 3.25) > 0.25)
        return false;
    return p[dim - 1] < 4.;
  };

  ConductorCase<dim> detached;
  detached.name               = "detached sphere";
  detached.extent             = extent;
  detached.global_refinements = 1;
  detached.refine_once  = [](const Point<dim> &p) { return p[dim - 1] < 2.; };
  detached.is_conductor = [=](const Point<dim> &p) {
    return in_sphere(p) || in_layer(p);
  };

  {
    const auto components = run_case(detached, MPI_COMM_WORLD, checker);
    const auto sphere     = cells_inside<dim>(detached, in_sphere);
    const auto layer      = cells_inside<dim>(detached, in_layer);
    const auto [n_dead, n_dead_cells] = dead_summary<dim>(components);
    if (Utilities::MPI::this_mpi_process(MPI_COMM_WORLD) == 0)
      std::cout << "  expected: dead sphere of " << sphere.first
                << " cells, volume " << sphere.second << "; live layer of "
                << layer.first << " cells" << std::endl;
    checker.check(components.size() == 2 && n_dead == 1,
                  "detached: expected 2 components, 1 dead");
    for (const auto &component : components)
      if (component.anchored)
        checker.check(component.n_cells == layer.first,
                      "detached: live component is not the layer");
      else
        checker.check(component.n_cells == sphere.first &&
                        component.weight == sphere.second,
                      "detached: dead component is not the sphere");
    (void)n_dead_cells;
  }

  ConductorCase<dim> bridged = detached;
  bridged.name               = "bridged sphere";
  bridged.is_conductor       = [=](const Point<dim> &p) {
    return in_sphere(p) || in_layer(p) || in_bridge(p);
  };
  {
    const auto components = run_case(bridged, MPI_COMM_WORLD, checker);
    const auto all        = cells_inside<dim>(bridged, bridged.is_conductor);
    checker.check(components.size() == 1 && components[0].anchored &&
                    components[0].n_cells == all.first,
                  "bridged: expected a single anchored component of " +
                    std::to_string(all.first) + " cells");
  }
}

int
main(int argc, char **argv)
{
  Utilities::MPI::MPI_InitFinalize mpi(argc, argv, 1);
  Checker                          checker;
  run<2>(checker);
  run<3>(checker);
  return checker.exit_code();
}
