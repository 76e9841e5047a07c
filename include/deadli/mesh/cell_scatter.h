#ifndef deadli_mesh_cell_scatter_h
#define deadli_mesh_cell_scatter_h

#include <deal.II/lac/affine_constraints.h>
#include <deal.II/lac/full_matrix.h>
#include <deal.II/lac/petsc_sparse_matrix.h>
#include <deal.II/lac/petsc_vector.h>
#include <deal.II/lac/vector.h>

#include <deadli/mesh/matrix_entry_positions.h>

#include <vector>

namespace deadli
{
  /**
   * @name Adding cell contributions to PETSc objects
   *
   * Each function does what AffineConstraints::distribute_local_to_global()
   * does, but on the cells without constrained DoFs (almost all of them:
   * only hanging nodes, the periodic lateral faces and the counter
   * electrode carry constraints) in a single PETSc call for a vector and
   * straight into the CSR arrays for a matrix (CellMatrixAccumulator).
   * deal.II's function
   * adds a vector entry by entry and a matrix row by row, one PETSc call each,
   * after sorting the rows and columns through its constraint machinery. The
   * coupled step adds four cell vectors per cell and step plus two per band
   * cell and Newton iteration, and a cell matrix wherever xi changed a
   * coefficient, which on an adaptive mesh refined around the interface is
   * nearly every cell; the row-by-row matrix path cost about 2 µs per cell
   * there.
   */
  /** @{ */

  /// Add a cell vector, with homogeneous @p constraints.
  void
  add_cell_vector(
    const dealii::AffineConstraints<double>            &constraints,
    const dealii::Vector<double>                       &cell_vector,
    const std::vector<dealii::types::global_dof_index> &dof_indices,
    dealii::PETScWrappers::MPI::Vector                 &global_vector);

  /**
   * Add a cell matrix, with @p constraints applied to rows and columns but
   * nothing added to the diagonal of constrained rows (the variant of
   * distribute_local_to_global() with separate row and column indices).
   * For additions of a change to a matrix assembled before
   * (IncrementalAssembly).
   */
  void
  add_cell_matrix(
    const dealii::AffineConstraints<double>            &constraints,
    const dealii::FullMatrix<double>                   &cell_matrix,
    const std::vector<dealii::types::global_dof_index> &dof_indices,
    const unsigned int                                  owned_cell_index,
    CellMatrixAccumulator                              &global_matrix);

  /**
   * Add a cell matrix and right-hand side as in a full assembly: with the
   * constraints' diagonal entries and inhomogeneities, exactly
   * distribute_local_to_global(cell_matrix, cell_rhs, ...).
   */
  void
  add_cell_system(
    const dealii::AffineConstraints<double>            &constraints,
    const dealii::FullMatrix<double>                   &cell_matrix,
    const dealii::Vector<double>                       &cell_rhs,
    const std::vector<dealii::types::global_dof_index> &dof_indices,
    const unsigned int                                  owned_cell_index,
    CellMatrixAccumulator                              &global_matrix,
    dealii::PETScWrappers::MPI::Vector                 &global_rhs);

  /** @} */
} // namespace deadli

#endif
