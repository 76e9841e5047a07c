// Case 6: two floating spheres above a live layer are two dead components;
// joined by a one-cell-wide bar they are one dead component whose cell count
// and volume are the sums over the spheres and the bar. The left half is
// refined once more, so the bar crosses a hanging-node interface and the
// two spheres are on different levels.

#include "conductor_cases.h"

using namespace dealii;
using namespace deadli;
using namespace deadli::testing;

template <int dim>
void
run(Checker &checker)
{
  ConductorCase<dim> conductor_case;
  conductor_case.extent[0] = 8.;
  for (unsigned int d = 1; d + 1 < dim; ++d)
    conductor_case.extent[d] = 4.;
  conductor_case.extent[dim - 1]    = 6.;
  conductor_case.global_refinements = 1;
  conductor_case.refine_once = [](const Point<dim> &p) { return p[0] < 4.; };

  Point<dim> left_centre, right_centre;
  for (unsigned int d = 1; d + 1 < dim; ++d)
    left_centre[d] = right_centre[d] = 2.;
  left_centre[0]        = 2.;
  right_centre[0]       = 6.;
  left_centre[dim - 1]  = 4.;
  right_centre[dim - 1] = 4.;
  const auto in_spheres = [=](const Point<dim> &p) {
    return p.distance(left_centre) < 1.2 || p.distance(right_centre) < 1.2;
  };
  // One coarse cell (0.5) wide and high.
  const auto in_bar = [](const Point<dim> &p) {
    for (unsigned int d = 1; d + 1 < dim; ++d)
      if (p[d] < 2. || p[d] > 2.5)
        return false;
    return p[0] > 2. && p[0] < 6. && p[dim - 1] > 4. && p[dim - 1] < 4.5;
  };
  const auto in_layer = [](const Point<dim> &p) { return p[dim - 1] < 1.; };

  double separate_weight = 0;
  for (const bool joined : {false, true})
    {
      conductor_case.name =
        joined ? "spheres joined by a bar" : "separate spheres";
      conductor_case.is_conductor = [=](const Point<dim> &p) {
        return in_layer(p) || in_spheres(p) || (joined && in_bar(p));
      };
      const auto components = run_case(conductor_case, MPI_COMM_WORLD, checker);
      const auto [n_dead, n_dead_cells] = dead_summary<dim>(components);
      const auto dead_shape =
        cells_inside<dim>(conductor_case, [=](const Point<dim> &p) {
          return in_spheres(p) || (joined && in_bar(p));
        });
      double dead_weight = 0;
      for (const auto &component : components)
        if (!component.anchored)
          dead_weight += component.weight;
      checker.check(n_dead == (joined ? 1u : 2u) &&
                      n_dead_cells == dead_shape.first &&
                      dead_weight == dead_shape.second,
                    conductor_case.name + ": expected " +
                      (joined ? "1 dead component" : "2 dead components") +
                      " of " + std::to_string(dead_shape.first) + " cells");
      if (!joined)
        separate_weight = dead_weight;
      else
        {
          const auto bar_only =
            cells_inside<dim>(conductor_case, [=](const Point<dim> &p) {
              return in_bar(p) && !in_spheres(p);
            });
          if (Utilities::MPI::this_mpi_process(MPI_COMM_WORLD) == 0)
            std::cout << "  merged dead volume " << dead_weight << " = spheres "
                      << separate_weight << " + bar " << bar_only.second
                      << std::endl;
          checker.check(dead_weight == separate_weight + bar_only.second,
                        "merged volume is not the sum of its parts");
        }
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
