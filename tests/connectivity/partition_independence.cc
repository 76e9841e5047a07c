// Case 3: the same mesh and conductor labelled on 1, 2, ... ranks (every
// prefix of MPI_COMM_WORLD, so one run on 4 ranks compares 1, 2, 3 and 4)
// must give one and the same component list, equal to the serial flood-fill
// reference, with fragments that straddle partition boundaries. The mesh is
// refined at pseudo-random places, so p4est cuts its curve at uneven places.
//
// Also measures whether deal.II's global_active_cell_index is partition
// independent (MetalConnectivity does not rely on it): it is compared, cell
// by cell, with the index of the same cell on a serial copy of the mesh.

#include <cmath>

#include "conductor_cases.h"

using namespace dealii;
using namespace deadli;
using namespace deadli::testing;

/// Deterministic scatter in [0, 1) from a point; the same on every rank.
template <int dim>
double
scatter(const Point<dim> &p)
{
  double phase = 0;
  for (unsigned int d = 0; d < dim; ++d)
    phase += p[d] * (d == 0 ? 12.9898 : d == 1 ? 78.233 : 37.719);
  const double value = std::sin(phase) * 43758.5453;
  return value - std::floor(value);
}

template <int dim>
ConductorCase<dim>
straddling_fragments()
{
  ConductorCase<dim> conductor_case;
  conductor_case.name = "straddling fragments";
  for (unsigned int d = 0; d < dim; ++d)
    conductor_case.extent[d] = 4.;
  conductor_case.global_refinements = dim == 2 ? 2 : 1;
  conductor_case.refine_once        = [](const Point<dim> &p) {
    return scatter(p) < 0.3;
  };
  conductor_case.refine_twice = [](const Point<dim> &p) {
    return scatter(p) > 0.85;
  };
  Point<dim> ring_centre;
  for (unsigned int d = 0; d < dim; ++d)
    ring_centre[d] = 2.;
  ring_centre[dim - 1]        = 2.1;
  conductor_case.is_conductor = [=](const Point<dim> &p) {
    // A rough layer, a thick spherical shell floating across the middle of
    // the box (so across the cuts of any partition) and a checkerboard of
    // 0.5-wide blocks near the top, which touch only at edges and corners
    // and so make many small fragments.
    const bool layer = p[dim - 1] < 0.6 + 0.3 * scatter(p);
    const bool shell =
      p.distance(ring_centre) > 0.6 && p.distance(ring_centre) < 1.05;
    int parity = 0;
    for (unsigned int d = 0; d < dim; ++d)
      parity += static_cast<int>(std::floor(p[d] / 0.5));
    const bool checker = p[dim - 1] > 3.5 && parity % 2 == 0;
    return layer || shell || checker;
  };
  return conductor_case;
}

/// Cells whose global_active_cell_index differs from the serial one.
template <int dim>
void
compare_global_active_cell_index(const ConductorCase<dim> &conductor_case)
{
  parallel::distributed::Triangulation<dim> distributed(MPI_COMM_WORLD),
    serial(MPI_COMM_SELF);
  build_mesh(conductor_case, distributed);
  build_mesh(conductor_case, serial);
  unsigned int n_different = 0;
  for (const auto &cell : distributed.active_cell_iterators())
    if (cell->is_locally_owned() &&
        serial.create_cell_iterator(cell->id())->global_active_cell_index() !=
          cell->global_active_cell_index())
      ++n_different;
  n_different = Utilities::MPI::sum(n_different, MPI_COMM_WORLD);
  if (Utilities::MPI::this_mpi_process(MPI_COMM_WORLD) == 0)
    std::cout << "global_active_cell_index on "
              << Utilities::MPI::n_mpi_processes(MPI_COMM_WORLD)
              << " rank(s) differs from the serial one on " << n_different
              << " of " << distributed.n_global_active_cells()
              << " cells (MetalConnectivity numbers cells along the p4est "
                 "curve instead)"
              << std::endl;
}

template <int dim>
void
run(Checker &checker)
{
  const ConductorCase<dim> conductor_case = straddling_fragments<dim>();
  const unsigned int n_world = Utilities::MPI::n_mpi_processes(MPI_COMM_WORLD);
  const unsigned int rank    = Utilities::MPI::this_mpi_process(MPI_COMM_WORLD);

  std::vector<Component<dim>> serial_components;
  for (unsigned int n_ranks = 1; n_ranks <= n_world; ++n_ranks)
    {
      MPI_Comm subset;
      MPI_Comm_split(MPI_COMM_WORLD,
                     rank < n_ranks ? 0 : MPI_UNDEFINED,
                     rank,
                     &subset);
      if (subset != MPI_COMM_NULL)
        {
          std::vector<unsigned int> ranks_spanned;
          const auto                components =
            run_case(conductor_case, subset, checker, &ranks_spanned);
          if (n_ranks == 1)
            serial_components = components;
          else if (rank == 0)
            {
              checker.check(same_components<dim>(components, serial_components),
                            "component list on " + std::to_string(n_ranks) +
                              " ranks differs from the one on 1 rank");
              unsigned int n_straddling = 0, n_dead_straddling = 0;
              for (unsigned int c = 0; c < components.size(); ++c)
                if (ranks_spanned[c] > 1)
                  {
                    ++n_straddling;
                    if (!components[c].anchored)
                      ++n_dead_straddling;
                  }
              std::cout << "  " << n_straddling << " component(s), "
                        << n_dead_straddling
                        << " of them dead, have cells on more than one rank"
                        << std::endl;
              checker.check(n_dead_straddling >= 1,
                            "expected the dead shell to straddle a "
                            "partition boundary");
            }
          MPI_Comm_free(&subset);
        }
      MPI_Barrier(MPI_COMM_WORLD);
    }
  if (rank == 0)
    {
      const auto [n_dead, n_dead_cells] = dead_summary<dim>(serial_components);
      std::cout << "  " << serial_components.size() << " components, " << n_dead
                << " dead with " << n_dead_cells << " cells; identical on 1.."
                << n_world << " ranks" << std::endl;
      checker.check(serial_components.size() >= 6 && n_dead >= 5,
                    "expected many fragments");
    }
  compare_global_active_cell_index(conductor_case);
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
