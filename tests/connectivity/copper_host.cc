// Case 7: a Cu host (struts that do not reach the bottom face, anchored
// because the host is wired to the terminal by construction) with Li grown
// on a strut's side, touching neither the collector nor any anchored Li:
// alive through the host. A Li particle that touches nothing is dead. There
// is no Li layer on the collector at all.

#include "conductor_cases.h"

using namespace dealii;
using namespace deadli;
using namespace deadli::testing;

template <int dim>
void
run(Checker &checker)
{
  ConductorCase<dim> conductor_case;
  conductor_case.name = "Li on a Cu host";
  for (unsigned int d = 0; d < dim; ++d)
    conductor_case.extent[d] = 6.;
  conductor_case.global_refinements = 1;
  conductor_case.refine_once = [](const Point<dim> &p) { return p[0] < 3.; };

  // Struts: square (dim 3) or strip (dim 2) columns from height 1 to the top.
  const auto in_strut = [](const Point<dim> &p, const double centre) {
    for (unsigned int d = 0; d + 1 < dim; ++d)
      if (std::abs(p[d] - centre) > 0.5)
        return false;
    return p[dim - 1] > 1.;
  };
  conductor_case.is_host = [=](const Point<dim> &p) {
    return in_strut(p, 1.5) || in_strut(p, 4.5);
  };
  Point<dim> on_strut, floating;
  for (unsigned int d = 0; d + 1 < dim; ++d)
    {
      on_strut[d] = 1.5;
      floating[d] = 3.;
    }
  on_strut[0]         = 2.6;
  on_strut[dim - 1]   = 3.;
  floating[dim - 1]   = 5.;
  const auto in_grown = [=](const Point<dim> &p) {
    return p.distance(on_strut) < 0.8;
  };
  const auto in_particle = [=](const Point<dim> &p) {
    return p.distance(floating) < 0.6;
  };
  conductor_case.is_conductor = [=](const Point<dim> &p) {
    return in_grown(p) || in_particle(p);
  };

  const auto components = run_case(conductor_case, MPI_COMM_WORLD, checker);
  const auto host       = cells_inside<dim>(conductor_case, [=](auto &p) {
    return conductor_case.is_host(p) || in_grown(p);
  });
  const auto particle   = cells_inside<dim>(conductor_case, in_particle);
  const auto [n_dead, n_dead_cells] = dead_summary<dim>(components);
  // Two struts, one with Li on it, and the particle.
  checker.check(components.size() == 3 && n_dead == 1 &&
                  n_dead_cells == particle.first,
                "expected the particle (" + std::to_string(particle.first) +
                  " cells) to be the only dead component");
  types::global_cell_index n_live_cells = 0;
  for (const auto &component : components)
    if (component.anchored)
      n_live_cells += component.n_cells;
  checker.check(n_live_cells == host.first,
                "expected the struts and the Li on them (" +
                  std::to_string(host.first) + " cells) to be alive");
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
