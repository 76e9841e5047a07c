// Case 4: a fragment touches the right face of the box; anchored metal (a
// layer with a column rising from it along the left face) is opposite it.
// With the lateral faces periodic the fragment is wired through them
// (alive), without periodicity it is dead. Variants: both sides on the same
// level, and the fragment's side refined once more, so the periodic face
// has hanging nodes (coarse column cells see refined periodic neighbours
// and the other way round).

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
    conductor_case.extent[d] = 2.;
  conductor_case.extent[dim - 1] = 6.;

  const auto in_fragment = [](const Point<dim> &p) {
    return p[0] > 7. && p[dim - 1] > 3. && p[dim - 1] < 4.;
  };
  conductor_case.is_conductor = [=](const Point<dim> &p) {
    const bool layer  = p[0] < 2. && p[dim - 1] < 1.;
    const bool column = p[0] < 1. && p[dim - 1] < 4.;
    return layer || column || in_fragment(p);
  };

  for (const bool refined_fragment_side : {false, true})
    for (const bool periodic : {true, false})
      {
        conductor_case.name =
          std::string(periodic ? "periodic" : "non-periodic") +
          (refined_fragment_side ? ", fragment side refined" : ", one level");
        conductor_case.periodic_directions =
          periodic ? std::vector<unsigned int>{0} : std::vector<unsigned int>{};
        conductor_case.refine_once = nullptr;
        if (refined_fragment_side)
          conductor_case.refine_once = [](const Point<dim> &p) {
            return p[0] > 4.;
          };
        const auto components =
          run_case(conductor_case, MPI_COMM_WORLD, checker);
        check_bridged_fragment<dim>(
          checker, conductor_case, components, in_fragment, periodic);
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
