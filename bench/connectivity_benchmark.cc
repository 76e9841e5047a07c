// Cost of MetalConnectivity::label() on a 3D box of about a million active
// cells with a realistic conductor (a rough Li layer on the collector plus
// many floating and partly overlapping spheres), next to the cost of one
// assembly of a Q1 Laplace matrix on the same mesh, which is the yardstick
// for "what share of a coupled step would a dead-Li check every step take".
//
//   mpirun -np <ranks> deadli_connectivity_bench [<cells per direction>]
//
// <cells per direction> (default 100) must be a multiple of 4: the box is
// subdivided into (n/4)^3 coarse cells and refined twice, so p4est has
// several trees per rank to cut. All times are wall times between MPI
// barriers, maxima over ranks by construction.

#include <deal.II/base/mpi.h>
#include <deal.II/base/quadrature_lib.h>
#include <deal.II/base/timer.h>

#include <deal.II/distributed/tria.h>

#include <deal.II/dofs/dof_handler.h>
#include <deal.II/dofs/dof_tools.h>

#include <deal.II/fe/fe_q.h>
#include <deal.II/fe/fe_values.h>

#include <deal.II/grid/grid_generator.h>

#include <deal.II/lac/dynamic_sparsity_pattern.h>
#include <deal.II/lac/full_matrix.h>
#include <deal.II/lac/petsc_sparse_matrix.h>
#include <deal.II/lac/sparsity_tools.h>

#include <deadli/connectivity/metal_connectivity.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <iomanip>
#include <iostream>
#include <random>
#include <vector>

using namespace dealii;
using namespace deadli;

namespace
{
  constexpr int dim = 3;

  /// Median of a few timings: robust to one call disturbed by the other
  /// jobs of a shared machine.
  double
  median(std::vector<double> values)
  {
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
  }

  /// Runs @p work between barriers and returns its wall time.
  template <typename Work>
  double
  timed(const Work &work)
  {
    MPI_Barrier(MPI_COMM_WORLD);
    Timer timer;
    work();
    MPI_Barrier(MPI_COMM_WORLD);
    return timer.wall_time();
  }

  struct Sphere
  {
    Point<dim> centre;
    double     radius;
  };

  /**
   * Conductor of a cycled cell, in µm in a 100 µm box: a layer about 15 µm
   * thick with a few µm of roughness, and 600 spheres of radius 1.5-5 µm
   * above it. Some spheres cut the layer (alive), some overlap each other
   * (merged fragments), most float (dead), so the labelling has thousands
   * of components, many of them across partition boundaries.
   */
  class CycledConductor
  {
  public:
    explicit CycledConductor(const double box)
      : box(box)
    {
      std::mt19937                           generator(20240611);
      std::uniform_real_distribution<double> lateral(0., box);
      std::uniform_real_distribution<double> height(0.12 * box, 0.95 * box);
      std::uniform_real_distribution<double> radius(0.015 * box, 0.05 * box);
      for (unsigned int s = 0; s < 600; ++s)
        spheres.push_back({Point<dim>(lateral(generator),
                                      lateral(generator),
                                      height(generator)),
                           radius(generator)});
    }

    bool
    operator()(const Point<dim> &p) const
    {
      const double x = p[0] / box, y = p[1] / box;
      const double surface =
        box *
        (0.15 + 0.03 * std::sin(2 * M_PI * 4 * x) * std::cos(2 * M_PI * 5 * y) +
         0.02 * std::sin(2 * M_PI * 7.7 * (x + y)));
      if (p[dim - 1] < surface)
        return true;
      return std::any_of(spheres.begin(),
                         spheres.end(),
                         [&](const Sphere &sphere) {
                           return p.distance_square(sphere.centre) <
                                  sphere.radius * sphere.radius;
                         });
    }

  private:
    double              box;
    std::vector<Sphere> spheres;
  };
} // namespace

int
main(int argc, char **argv)
{
  Utilities::MPI::MPI_InitFinalize mpi(argc, argv, 1);
  const bool root = Utilities::MPI::this_mpi_process(MPI_COMM_WORLD) == 0;
  const unsigned int cells_per_direction = argc > 1 ? std::atoi(argv[1]) : 100;
  AssertThrow(cells_per_direction % 4 == 0 && cells_per_direction > 0,
              ExcMessage("cells per direction must be a multiple of 4"));
  const double box = 100.;

  parallel::distributed::Triangulation<dim> triangulation(MPI_COMM_WORLD);
  const double                              mesh_time = timed([&] {
    const unsigned int coarse = cells_per_direction / 4;
    GridGenerator::subdivided_hyper_rectangle(triangulation,
                                              {coarse, coarse, coarse},
                                              Point<dim>(),
                                              Point<dim>(box, box, box),
                                              true);
    triangulation.refine_global(2);
  });

  const CycledConductor conductor(box);
  std::vector<bool>     is_conductor(triangulation.n_active_cells(), false);
  std::vector<bool>     is_anchor(triangulation.n_active_cells(), false);
  std::vector<double>   weight(triangulation.n_active_cells(), 0.);
  for (const auto &cell : triangulation.active_cell_iterators())
    if (cell->is_locally_owned())
      {
        const unsigned int i = cell->active_cell_index();
        is_conductor[i]      = conductor(cell->center());
        weight[i]            = cell->measure();
        for (const unsigned int f : cell->face_indices())
          if (cell->at_boundary(f) && cell->face(f)->boundary_id() == 4)
            is_anchor[i] = is_conductor[i];
      }

  MetalConnectivity<dim> connectivity(triangulation);
  std::vector<double>    label_times;
  for (unsigned int call = 0; call < 5; ++call)
    label_times.push_back(
      timed([&] { connectivity.label(is_conductor, is_anchor, weight); }));

  const auto              &components   = connectivity.components();
  unsigned int             n_dead       = 0;
  types::global_cell_index n_dead_cells = 0, n_conductor_cells = 0;
  for (const auto &component : components)
    {
      n_conductor_cells += component.n_cells;
      if (!component.anchored)
        {
          ++n_dead;
          n_dead_cells += component.n_cells;
        }
    }

  // The reference: one assembly of the Q1 Laplace matrix into a PETSc
  // matrix, as the potential and phase-field operators do every step.
  DoFHandler<dim>                  dof_handler(triangulation);
  const FE_Q<dim>                  fe(1);
  PETScWrappers::MPI::SparseMatrix matrix;
  const double                     setup_time = timed([&] {
    dof_handler.distribute_dofs(fe);
    const IndexSet owned = dof_handler.locally_owned_dofs();
    IndexSet       relevant;
    DoFTools::extract_locally_relevant_dofs(dof_handler, relevant);
    DynamicSparsityPattern sparsity(relevant);
    DoFTools::make_sparsity_pattern(dof_handler, sparsity);
    SparsityTools::distribute_sparsity_pattern(sparsity,
                                               owned,
                                               MPI_COMM_WORLD,
                                               relevant);
    matrix.reinit(owned, owned, sparsity, MPI_COMM_WORLD);
  });

  std::vector<double> assembly_times;
  for (unsigned int assembly = 0; assembly < 3; ++assembly)
    {
      matrix = 0.;
      assembly_times.push_back(timed([&] {
        FEValues<dim>                        fe_values(fe,
                                QGauss<dim>(2),
                                update_gradients | update_JxW_values);
        FullMatrix<double>                   cell_matrix(fe.n_dofs_per_cell(),
                                       fe.n_dofs_per_cell());
        std::vector<types::global_dof_index> dof_indices(fe.n_dofs_per_cell());
        for (const auto &cell : dof_handler.active_cell_iterators())
          if (cell->is_locally_owned())
            {
              fe_values.reinit(cell);
              cell_matrix = 0;
              for (const unsigned int q : fe_values.quadrature_point_indices())
                for (const unsigned int i : fe_values.dof_indices())
                  for (const unsigned int j : fe_values.dof_indices())
                    cell_matrix(i, j) += fe_values.shape_grad(i, q) *
                                         fe_values.shape_grad(j, q) *
                                         fe_values.JxW(q);
              cell->get_dof_indices(dof_indices);
              matrix.add(dof_indices, cell_matrix);
            }
        matrix.compress(VectorOperation::add);
      }));
    }

  if (root)
    {
      const unsigned int n_ranks =
        Utilities::MPI::n_mpi_processes(MPI_COMM_WORLD);
      std::cout << std::setprecision(4) << "ranks                " << n_ranks
                << "\nactive cells         "
                << triangulation.n_global_active_cells()
                << "\nconductor cells      " << n_conductor_cells
                << "\ncomponents           " << components.size()
                << "\ndead components      " << n_dead << " (" << n_dead_cells
                << " cells)"
                << "\nmesh generation [s]  " << mesh_time
                << "\nlabel() [s]          median " << median(label_times)
                << " of";
      for (const double t : label_times)
        std::cout << ' ' << t;
      std::cout << "\nQ1 Laplace DoFs      " << dof_handler.n_dofs()
                << "\nQ1 sparsity setup [s] " << setup_time
                << "\nQ1 assembly [s]      median " << median(assembly_times)
                << " of";
      for (const double t : assembly_times)
        std::cout << ' ' << t;
      std::cout << "\nlabel() / assembly   "
                << median(label_times) / median(assembly_times) << std::endl;
      std::cout << "RESULT ranks=" << n_ranks
                << " cells=" << triangulation.n_global_active_cells()
                << " components=" << components.size() << " dead=" << n_dead
                << " label_s=" << median(label_times)
                << " assembly_s=" << median(assembly_times) << std::endl;
    }
}
