#include <deal.II/base/exceptions.h>

#include <deal.II/lac/exceptions.h>

#include <petscmat.h>

#include <deadli/mesh/cell_scatter.h>

#include <algorithm>

namespace deadli
{
  using namespace dealii;

  namespace
  {
    bool
    touches_constraint(const AffineConstraints<double>            &constraints,
                       const std::vector<types::global_dof_index> &dof_indices)
    {
      return std::any_of(dof_indices.begin(),
                         dof_indices.end(),
                         [&constraints](const types::global_dof_index dof) {
                           return constraints.is_constrained(dof);
                         });
    }



    /**
     * The whole cell matrix in one MatSetValues() call (row-major, as
     * FullMatrix stores it).
     */
    void
    add_unconstrained_cell_matrix(
      const FullMatrix<double>                   &cell_matrix,
      const std::vector<types::global_dof_index> &dof_indices,
      PETScWrappers::MPI::SparseMatrix           &global_matrix)
    {
      // At most 27 DoFs per cell (Q2 in 3D) would fit; Q1 has 8.
      constexpr unsigned int max_dofs_per_cell = 27;
      const unsigned int     n_dofs            = dof_indices.size();
      AssertIndexRange(n_dofs, max_dofs_per_cell + 1);
      PetscInt indices[max_dofs_per_cell];
      std::copy(dof_indices.begin(), dof_indices.end(), indices);
      const PetscErrorCode error = MatSetValues(global_matrix,
                                                n_dofs,
                                                indices,
                                                n_dofs,
                                                indices,
                                                &cell_matrix(0, 0),
                                                ADD_VALUES);
      AssertThrow(error == 0, LACExceptions::ExcPETScError(error));
    }
  } // namespace



  void
  add_cell_vector(const AffineConstraints<double>            &constraints,
                  const Vector<double>                       &cell_vector,
                  const std::vector<types::global_dof_index> &dof_indices,
                  PETScWrappers::MPI::Vector                 &global_vector)
  {
    if (touches_constraint(constraints, dof_indices))
      constraints.distribute_local_to_global(cell_vector,
                                             dof_indices,
                                             global_vector);
    else
      global_vector.add(dof_indices, cell_vector);
  }



  void
  add_cell_matrix(const AffineConstraints<double>            &constraints,
                  const FullMatrix<double>                   &cell_matrix,
                  const std::vector<types::global_dof_index> &dof_indices,
                  PETScWrappers::MPI::SparseMatrix           &global_matrix)
  {
    if (touches_constraint(constraints, dof_indices))
      constraints.distribute_local_to_global(cell_matrix,
                                             dof_indices,
                                             dof_indices,
                                             global_matrix);
    else
      add_unconstrained_cell_matrix(cell_matrix, dof_indices, global_matrix);
  }



  void
  add_cell_system(const AffineConstraints<double>            &constraints,
                  const FullMatrix<double>                   &cell_matrix,
                  const Vector<double>                       &cell_rhs,
                  const std::vector<types::global_dof_index> &dof_indices,
                  PETScWrappers::MPI::SparseMatrix           &global_matrix,
                  PETScWrappers::MPI::Vector                 &global_rhs)
  {
    if (touches_constraint(constraints, dof_indices))
      constraints.distribute_local_to_global(
        cell_matrix, cell_rhs, dof_indices, global_matrix, global_rhs);
    else
      {
        add_unconstrained_cell_matrix(cell_matrix, dof_indices, global_matrix);
        global_rhs.add(dof_indices, cell_rhs);
      }
  }
} // namespace deadli
