// Discretization::reinit_matrix() builds the sparsity pattern once per mesh:
// the second and later matrices are PETSc duplicates of the first. Checked
// here on a refined, periodic mesh in 2D and 3D, on any number of ranks: a
// duplicate has the first matrix's structure (row pointers and column
// indices of both blocks, the same off-rank columns) and the layout the
// matrix-entry positions were read from; its values are its own (adding to
// one matrix leaves the other at zero); it still works after the first
// matrix is destroyed; and after a mesh change reinit_matrix() makes
// matrices of the new size while matrices of the old mesh keep their
// values.

#include <deal.II/base/utilities.h>

#include <petscmat.h>

#include <deadli/mesh/discretization.h>

#include <cmath>
#include <iostream>
#include <string>
#include <vector>

#include "../checker.h"
#include "periodic_box.h"

using namespace dealii;
using namespace deadli;

namespace
{
  /// Add a cell matrix with entries that differ from cell to cell to every
  /// locally owned cell, scaled by @p factor, through deal.II.
  template <int dim>
  void
  add_cell_matrices(const Discretization<dim>        &discretization,
                    const double                      factor,
                    PETScWrappers::MPI::SparseMatrix &matrix)
  {
    const unsigned int dofs_per_cell = discretization.fe.n_dofs_per_cell();
    FullMatrix<double> cell_matrix(dofs_per_cell, dofs_per_cell);
    std::vector<types::global_dof_index> dof_indices(dofs_per_cell);
    for (const auto &cell : discretization.dof_handler.active_cell_iterators())
      if (cell->is_locally_owned())
        {
          cell->get_dof_indices(dof_indices);
          for (unsigned int i = 0; i < dofs_per_cell; ++i)
            for (unsigned int j = 0; j < dofs_per_cell; ++j)
              cell_matrix(i, j) =
                factor * (1. + std::cos(dof_indices[i] + 0.5 * dof_indices[j]));
          discretization.free_constraints.distribute_local_to_global(
            cell_matrix, dof_indices, dof_indices, matrix);
        }
    matrix.compress(VectorOperation::add);
  }



  /// Row pointers followed by column indices of one sequential block.
  std::vector<PetscInt>
  block_structure(const Mat block)
  {
    PetscInt        n_rows;
    const PetscInt *row_starts, *columns;
    PetscBool       done;
    PetscErrorCode  error = MatGetRowIJ(block,
                                       0,
                                       PETSC_FALSE,
                                       PETSC_FALSE,
                                       &n_rows,
                                       &row_starts,
                                       &columns,
                                       &done);
    AssertThrow(error == 0 && done, ExcPETScError(error));
    std::vector<PetscInt> structure(row_starts, row_starts + n_rows + 1);
    structure.insert(structure.end(), columns, columns + row_starts[n_rows]);
    error = MatRestoreRowIJ(block,
                            0,
                            PETSC_FALSE,
                            PETSC_FALSE,
                            &n_rows,
                            &row_starts,
                            &columns,
                            &done);
    AssertThrow(error == 0, ExcPETScError(error));
    return structure;
  }



  /// This rank's CSR structure of @p matrix: both blocks and the global
  /// numbers of the off-diagonal block's columns.
  std::vector<PetscInt>
  local_structure(const PETScWrappers::MPI::SparseMatrix &matrix)
  {
    Mat             diagonal_block, off_diagonal_block;
    const PetscInt *off_rank_columns;
    PetscErrorCode  error = MatMPIAIJGetSeqAIJ(matrix,
                                              &diagonal_block,
                                              &off_diagonal_block,
                                              &off_rank_columns);
    AssertThrow(error == 0, ExcPETScError(error));
    std::vector<PetscInt>       structure = block_structure(diagonal_block);
    const std::vector<PetscInt> off_diagonal =
      block_structure(off_diagonal_block);
    structure.insert(structure.end(), off_diagonal.begin(), off_diagonal.end());
    PetscInt n_rows, n_off_rank_columns;
    error = MatGetLocalSize(off_diagonal_block, &n_rows, &n_off_rank_columns);
    AssertThrow(error == 0, ExcPETScError(error));
    structure.insert(structure.end(),
                     off_rank_columns,
                     off_rank_columns + n_off_rank_columns);
    return structure;
  }



  /// Whether @p a and @p b have the same structure on every rank.
  bool
  same_structure(const PETScWrappers::MPI::SparseMatrix &a,
                 const PETScWrappers::MPI::SparseMatrix &b)
  {
    const unsigned int same = local_structure(a) == local_structure(b);
    return Utilities::MPI::min(same, MPI_COMM_WORLD) == 1;
  }



  /// Refine the cells near the bottom once more: hanging nodes.
  template <int dim>
  void
  refine_bottom(Discretization<dim> &discretization)
  {
    testing::refine_where<dim>(discretization, [](const Point<dim> &p) {
      return p[dim - 1] < 0.3;
    });
  }



  template <int dim>
  void
  check_dimension(testing::Checker &checker)
  {
    const MPI_Comm      comm = MPI_COMM_WORLD;
    Discretization<dim> discretization(comm, 1);
    testing::make_periodic_box(discretization);
    refine_bottom(discretization);
    discretization.setup(false);
    const std::string label = std::to_string(dim) + "D: ";

    PETScWrappers::MPI::SparseMatrix first, second;
    discretization.reinit_matrix(first);
    discretization.reinit_matrix(second);
    const types::global_dof_index n_dofs = discretization.dof_handler.n_dofs();
    checker.check(second.m() == n_dofs && second.n() == n_dofs,
                  label + "the duplicate has the wrong size");
    int comparison;
    MPI_Comm_compare(second.get_mpi_communicator(), comm, &comparison);
    checker.check(comparison == MPI_IDENT || comparison == MPI_CONGRUENT,
                  label + "the duplicate's wrapper has another communicator");
    checker.check(same_structure(first, second),
                  label + "the duplicate has another structure");
    checker.check(
      discretization.matrix_entry_positions().matches_layout(second),
      label + "the duplicate does not match the matrix-entry positions");
    checker.check(second.n_nonzero_elements() == first.n_nonzero_elements(),
                  label + "the duplicate has another number of entries");

    // Values of their own.
    add_cell_matrices(discretization, 1., first);
    const double first_norm = first.frobenius_norm();
    checker.check(first_norm > 0., label + "the cell matrices added nothing");
    checker.check(second.frobenius_norm() == 0.,
                  label + "adding to one matrix changed the other");
    add_cell_matrices(discretization, 2., second);
    checker.check(first.frobenius_norm() == first_norm,
                  label + "adding to the duplicate changed the first matrix");
    checker.check(std::abs(second.frobenius_norm() - 2. * first_norm) <=
                    1e-14 * first_norm,
                  label + "the duplicate's values are wrong");

    // A duplicate outlives the matrix it was made from.
    first.clear();
    second = 0.;
    add_cell_matrices(discretization, 1., second);
    checker.check(std::abs(second.frobenius_norm() - first_norm) <=
                    1e-14 * first_norm,
                  label + "the duplicate broke when the first was destroyed");

    // A new mesh: new structure, old matrices untouched.
    refine_bottom(discretization);
    discretization.setup(false);
    PETScWrappers::MPI::SparseMatrix on_new_mesh, second_on_new_mesh;
    discretization.reinit_matrix(on_new_mesh);
    discretization.reinit_matrix(second_on_new_mesh);
    const types::global_dof_index new_n_dofs =
      discretization.dof_handler.n_dofs();
    checker.check(new_n_dofs > n_dofs && on_new_mesh.m() == new_n_dofs &&
                    second_on_new_mesh.m() == new_n_dofs,
                  label + "the matrices after a mesh change have old sizes");
    checker.check(same_structure(on_new_mesh, second_on_new_mesh),
                  label + "the new mesh's duplicate has another structure");
    checker.check(discretization.matrix_entry_positions().matches_layout(
                    on_new_mesh),
                  label + "the new mesh's positions do not match its matrices");
    add_cell_matrices(discretization, 1., second_on_new_mesh);
    checker.check(second_on_new_mesh.frobenius_norm() > 0. &&
                    on_new_mesh.frobenius_norm() == 0.,
                  label + "the new mesh's matrices share values");
    checker.check(std::abs(second.frobenius_norm() - first_norm) <=
                    1e-14 * first_norm,
                  label + "a matrix of the old mesh changed");

    // Collective: outside the rank-0 branch.
    const auto n_entries = second.n_nonzero_elements();
    if (Utilities::MPI::this_mpi_process(comm) == 0)
      std::cout << dim << "D, " << Utilities::MPI::n_mpi_processes(comm)
                << " rank(s): " << n_dofs << " then " << new_n_dofs << " DoFs, "
                << n_entries << " entries; |A| = " << first_norm << std::endl;
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
