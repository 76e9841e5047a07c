#include <deal.II/base/exceptions.h>

#include <deal.II/lac/exceptions.h>

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
                  const unsigned int                          owned_cell_index,
                  CellMatrixAccumulator                      &global_matrix)
  {
    if (touches_constraint(constraints, dof_indices))
      constraints.distribute_local_to_global(cell_matrix,
                                             dof_indices,
                                             dof_indices,
                                             global_matrix.matrix);
    else
      global_matrix.add(owned_cell_index, cell_matrix, dof_indices);
  }



  void
  add_cell_system(const AffineConstraints<double>            &constraints,
                  const FullMatrix<double>                   &cell_matrix,
                  const Vector<double>                       &cell_rhs,
                  const std::vector<types::global_dof_index> &dof_indices,
                  const unsigned int                          owned_cell_index,
                  CellMatrixAccumulator                      &global_matrix,
                  PETScWrappers::MPI::Vector                 &global_rhs)
  {
    if (touches_constraint(constraints, dof_indices))
      constraints.distribute_local_to_global(
        cell_matrix, cell_rhs, dof_indices, global_matrix.matrix, global_rhs);
    else
      {
        global_matrix.add(owned_cell_index, cell_matrix, dof_indices);
        global_rhs.add(dof_indices, cell_rhs);
      }
  }
} // namespace deadli
