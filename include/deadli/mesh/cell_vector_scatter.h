#ifndef deadli_mesh_cell_vector_scatter_h
#define deadli_mesh_cell_vector_scatter_h

#include <deal.II/lac/affine_constraints.h>
#include <deal.II/lac/petsc_vector.h>
#include <deal.II/lac/vector.h>

#include <vector>

namespace deadli
{
  /**
   * Add a cell vector into a PETSc vector with @p constraints applied, as
   * AffineConstraints::distribute_local_to_global() does (homogeneously),
   * but with a single VecSetValues() call on the cells without constrained
   * DoFs, almost all of them. deal.II's function adds entry by entry, one
   * PETSc call each; the coupled step makes four such scatters per cell
   * and step plus two per band cell and Newton iteration.
   */
  void
  add_cell_vector(
    const dealii::AffineConstraints<double>            &constraints,
    const dealii::Vector<double>                       &cell_vector,
    const std::vector<dealii::types::global_dof_index> &dof_indices,
    dealii::PETScWrappers::MPI::Vector                 &global_vector);
} // namespace deadli

#endif
