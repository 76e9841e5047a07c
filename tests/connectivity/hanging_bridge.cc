// Case 5: a fragment is wired to the anchored layer only through a face
// between a coarse cell and refined cells (hanging nodes): alive with the
// bridge, dead without. Both ways round: the bridge refined and the
// fragment coarse, and the bridge coarse and the fragment refined.

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
  conductor_case.extent[dim - 1] = 6.;

  const auto in_fragment = [](const Point<dim> &p) {
    return p[0] > 4. && p[0] < 6. && p[dim - 1] > 2. && p[dim - 1] < 4.;
  };
  const auto in_layer = [](const Point<dim> &p) {
    return p[0] < 4. && p[dim - 1] < 1.;
  };

  for (const bool refined_bridge : {true, false})
    for (const bool with_bridge : {true, false})
      {
        // The bridge is one cell wide in the refined region: it is the
        // column of cells ending at x = 4, the coarse/fine interface.
        const double bridge_width = refined_bridge ? 0.5 : 1.;
        const auto   in_bridge    = [=](const Point<dim> &p) {
          for (unsigned int d = 1; d + 1 < dim; ++d)
            if (p[d] < 2. - bridge_width || p[d] > 2.)
              return false;
          return p[0] > 4. - bridge_width && p[0] < 4. && p[dim - 1] < 3.;
        };
        conductor_case.name =
          std::string(with_bridge ? "bridge" : "no bridge") +
          (refined_bridge ? ", bridge refined, fragment coarse" :
                            ", bridge coarse, fragment refined");
        conductor_case.refine_once = [=](const Point<dim> &p) {
          return refined_bridge ? p[0] < 4. : p[0] > 4.;
        };
        conductor_case.is_conductor = [=](const Point<dim> &p) {
          return in_layer(p) || in_fragment(p) || (with_bridge && in_bridge(p));
        };
        const auto components =
          run_case(conductor_case, MPI_COMM_WORLD, checker);
        check_bridged_fragment<dim>(
          checker, conductor_case, components, in_fragment, with_bridge);
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
