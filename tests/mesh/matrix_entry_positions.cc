// CellMatrixAccumulator adds cell matrices straight into PETSc's CSR arrays
// at positions MatrixEntryPositions read once per mesh. On an adaptively
// refined, periodic mesh in 2D and 3D, on any number of ranks, the matrix it
// builds (through add_cell_matrix(), which leaves cells with constrained DoFs
// to deal.II) must equal the one MatSetValues() and deal.II build from the
// same cell matrices in the same order: bit for bit on one rank, to round-off
// on more, where PETSc's stash sorts other ranks' entries before it sums them
// and the two insertion orders differ; most cells must take the
// direct path (all on one rank); and a matrix of another layout must be
// recognised and get MatSetValues() instead.

#include <deal.II/base/utilities.h>

#include <deal.II/dofs/dof_tools.h>

#include <deal.II/lac/dynamic_sparsity_pattern.h>
#include <deal.II/lac/sparsity_tools.h>

#include <deadli/mesh/cell_scatter.h>
#include <deadli/mesh/discretization.h>
#include <deadli/mesh/matrix_entry_positions.h>

#include <cmath>
#include <iostream>
#include <string>

#include "../checker.h"
#include "periodic_box.h"

using namespace dealii;
using namespace deadli;

namespace
{
  /// Entries that differ from cell to cell and entry to entry, so that a
  /// value added at a wrong position shows.
  void
  fill_cell_matrix(const std::vector<types::global_dof_index> &dof_indices,
                   FullMatrix<double>                         &cell_matrix)
  {
    for (unsigned int i = 0; i < dof_indices.size(); ++i)
      for (unsigned int j = 0; j < dof_indices.size(); ++j)
        cell_matrix(i, j) =
          std::sin(1. + dof_indices[i] + 0.37 * dof_indices[j]) + 0.1 * i;
  }



  /// Add every locally owned cell's matrix through @p accumulator, with the
  /// hanging-node and periodicity constraints; return how many cells the
  /// positions covered.
  template <int dim>
  unsigned int
  accumulate(const Discretization<dim> &discretization,
             CellMatrixAccumulator     &accumulator)
  {
    const unsigned int dofs_per_cell = discretization.fe.n_dofs_per_cell();
    FullMatrix<double> cell_matrix(dofs_per_cell, dofs_per_cell);
    std::vector<types::global_dof_index> dof_indices(dofs_per_cell);
    unsigned int                         n_covered = 0;
    for (const auto &cell : discretization.dof_handler.active_cell_iterators())
      if (cell->is_locally_owned())
        {
          cell->get_dof_indices(dof_indices);
          fill_cell_matrix(dof_indices, cell_matrix);
          add_cell_matrix(discretization.free_constraints,
                          cell_matrix,
                          dof_indices,
                          discretization.owned_cell_index(cell),
                          accumulator);
          if (discretization.matrix_entry_positions().covers(
                discretization.owned_cell_index(cell)))
            ++n_covered;
        }
    accumulator.compress();
    return n_covered;
  }



  /// The same cell matrices with deal.II's distribute_local_to_global(),
  /// which adds row by row with MatSetValues().
  template <int dim>
  void
  add_with_petsc(const Discretization<dim>        &discretization,
                 PETScWrappers::MPI::SparseMatrix &matrix)
  {
    const unsigned int dofs_per_cell = discretization.fe.n_dofs_per_cell();
    FullMatrix<double> cell_matrix(dofs_per_cell, dofs_per_cell);
    std::vector<types::global_dof_index> dof_indices(dofs_per_cell);
    for (const auto &cell : discretization.dof_handler.active_cell_iterators())
      if (cell->is_locally_owned())
        {
          cell->get_dof_indices(dof_indices);
          fill_cell_matrix(dof_indices, cell_matrix);
          discretization.free_constraints.distribute_local_to_global(
            cell_matrix, dof_indices, dof_indices, matrix);
        }
    matrix.compress(VectorOperation::add);
  }



  /// Largest entry of @p difference (which is overwritten) after
  /// subtracting @p subtrahend: add() with a factor of -1.
  double
  largest_difference(PETScWrappers::MPI::SparseMatrix       &difference,
                     const PETScWrappers::MPI::SparseMatrix &subtrahend)
  {
    difference.add(-1., subtrahend);
    return difference.linfty_norm();
  }



  template <int dim>
  void
  check_dimension(testing::Checker &checker)
  {
    const MPI_Comm     comm = MPI_COMM_WORLD;
    const unsigned int n_ranks =
      Utilities::MPI::n_mpi_processes(MPI_COMM_WORLD);
    Discretization<dim> discretization(comm, 1);
    testing::make_periodic_box(discretization);
    // Two more levels near the bottom: hanging nodes, longer rows.
    for (unsigned int level = 0; level < 2; ++level)
      testing::refine_where<dim>(discretization, [](const Point<dim> &p) {
        return p[dim - 1] < 0.3;
      });
    discretization.setup(false);

    PETScWrappers::MPI::SparseMatrix direct, reference;
    discretization.reinit_matrix(direct);
    discretization.reinit_matrix(reference);
    const unsigned int n_owned_cells =
      discretization.triangulation.n_locally_owned_active_cells();

    CellMatrixAccumulator accumulator(discretization.matrix_entry_positions(),
                                      direct);
    const unsigned int    n_covered = accumulate(discretization, accumulator);
    add_with_petsc(discretization, reference);
    // A second accumulation into the same matrix: the layout is known now.
    CellMatrixAccumulator second(discretization.matrix_entry_positions(),
                                 direct);
    accumulate(discretization, second);
    add_with_petsc(discretization, reference);

    const unsigned int total_covered = Utilities::MPI::sum(n_covered, comm);
    const unsigned int total_cells =
      discretization.triangulation.n_global_active_cells();
    const double scale      = reference.linfty_norm();
    const double difference = largest_difference(direct, reference);

    // A matrix whose rows also hold the hanging nodes' own couplings has
    // another layout: the positions must not be used for it.
    DynamicSparsityPattern sparsity(discretization.locally_relevant_dofs);
    DoFTools::make_sparsity_pattern(discretization.dof_handler,
                                    sparsity,
                                    discretization.free_constraints,
                                    true);
    SparsityTools::distribute_sparsity_pattern(
      sparsity,
      discretization.locally_owned_dofs,
      comm,
      discretization.locally_relevant_dofs);
    PETScWrappers::MPI::SparseMatrix other_layout, other_reference;
    other_layout.reinit(discretization.locally_owned_dofs,
                        discretization.locally_owned_dofs,
                        sparsity,
                        comm);
    other_reference.reinit(discretization.locally_owned_dofs,
                           discretization.locally_owned_dofs,
                           sparsity,
                           comm);
    const bool other_matches =
      discretization.matrix_entry_positions().matches_layout(other_layout);
    CellMatrixAccumulator other(discretization.matrix_entry_positions(),
                                other_layout);
    accumulate(discretization, other);
    add_with_petsc(discretization, other_reference);
    const double other_difference =
      largest_difference(other_layout, other_reference);

    if (Utilities::MPI::this_mpi_process(comm) == 0)
      std::cout << dim << "D, " << n_ranks
                << " rank(s): " << discretization.dof_handler.n_dofs()
                << " DoFs, " << total_cells << " cells, " << total_covered
                << " covered by the positions; |direct - MatSetValues| = "
                << difference << " of " << scale
                << "; another layout recognised: "
                << (other_matches ? "no" : "yes")
                << ", |its matrix - MatSetValues| = " << other_difference
                << std::endl;

    const std::string label = std::to_string(dim) + "D: ";
    // A value at a wrong position would differ by O(1) of the scale.
    const double tolerance = n_ranks == 1 ? 0. : 1e-14 * scale;
    checker.check(difference <= tolerance,
                  label + "direct addition differs from MatSetValues");
    checker.check(scale > 0., label + "the cell matrices added nothing");
    // Cells with a row of another rank, and cells with a hanging node (whose
    // couplings the sparsity pattern leaves out), are left to MatSetValues;
    // in these small meshes they are at most half of the cells.
    checker.check(n_covered <= n_owned_cells, label + "covered > cells");
    checker.check(2 * total_covered >= total_cells,
                  label + "fewer than half the cells covered");
    checker.check(!other_matches,
                  label + "a matrix of another layout was taken as matching");
    checker.check(other_difference <= tolerance,
                  label + "the fallback for another layout differs");
  }
} // namespace



int
main(int argc, char **argv)
{
  Utilities::MPI::MPI_InitFinalize mpi(argc, argv, 1);
  testing::Checker                 checker;
  check_dimension<2>(checker);
  check_dimension<3>(checker);
  return checker.exit_code();
}
