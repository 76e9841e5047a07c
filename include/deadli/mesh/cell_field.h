#ifndef deadli_mesh_cell_field_h
#define deadli_mesh_cell_field_h

#include <deal.II/base/tensor.h>

#include <deal.II/fe/fe_values.h>

#include <deal.II/lac/petsc_vector.h>
#include <deal.II/lac/vector.h>

#include <vector>

namespace deadli
{
  /**
   * One finite-element field (xi, c or phi) at the quadrature points of the
   * current cell, for the assembly loops that run every time step.
   *
   * FEValues::get_function_values() allocates a vector of the cell's DoF
   * values at every call and reads them again for the gradients: in the
   * coupled step, with six such calls per cell, the allocator alone took
   * about a tenth of the run time. This reads the DoF values once into a
   * buffer kept from cell to cell and sums them with the shape functions in
   * the order FEValues uses, so the values are the same to the last bit.
   */
  template <int dim>
  class CellField
  {
  public:
    CellField(const unsigned int dofs_per_cell,
              const unsigned int n_quadrature_points);

    /**
     * Values of @p field at the quadrature points of @p fe_values, on the
     * cell whose DoFs are @p dof_indices.
     */
    void
    read_values(const dealii::FEValues<dim>                        &fe_values,
                const std::vector<dealii::types::global_dof_index> &dof_indices,
                const dealii::PETScWrappers::MPI::Vector           &field);

    /// Values and gradients, from one read of the DoF values.
    void
    read_values_and_gradients(
      const dealii::FEValues<dim>                        &fe_values,
      const std::vector<dealii::types::global_dof_index> &dof_indices,
      const dealii::PETScWrappers::MPI::Vector           &field);

    std::vector<double>                 values;
    std::vector<dealii::Tensor<1, dim>> gradients;

  private:
    void
    read_dof_values(
      const std::vector<dealii::types::global_dof_index> &dof_indices,
      const dealii::PETScWrappers::MPI::Vector           &field);

    void
    evaluate_values(const dealii::FEValues<dim> &fe_values);

    dealii::Vector<double> dof_values;

    /**
     * The shape functions' values at the quadrature points, row by row,
     * copied from the first FEValues: an FE_Q's values do not depend on the
     * cell, and FEValues::shape_value() finds each through two tables,
     * which kept the sum from vectorising (5 % of the coupled step).
     */
    std::vector<double> shape_values;
  };
} // namespace deadli

#endif
