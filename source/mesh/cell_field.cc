#include <deadli/mesh/cell_field.h>

namespace deadli
{
  using namespace dealii;

  template <int dim>
  CellField<dim>::CellField(const unsigned int dofs_per_cell,
                            const unsigned int n_quadrature_points)
    : values(n_quadrature_points)
    , gradients(n_quadrature_points)
    , dof_values(dofs_per_cell)
  {}



  template <int dim>
  void
  CellField<dim>::read_dof_values(
    const std::vector<types::global_dof_index> &dof_indices,
    const PETScWrappers::MPI::Vector           &field)
  {
    field.extract_subvector_to(dof_indices.begin(),
                               dof_indices.end(),
                               dof_values.begin());
  }



  template <int dim>
  void
  CellField<dim>::evaluate_values(const FEValues<dim> &fe_values)
  {
    const unsigned int n_q    = values.size();
    const unsigned int n_dofs = dof_values.size();
    if (shape_values.empty())
      {
        shape_values.resize(n_dofs * n_q);
        for (unsigned int i = 0; i < n_dofs; ++i)
          for (unsigned int q = 0; q < n_q; ++q)
            shape_values[i * n_q + q] = fe_values.shape_value(i, q);
      }
    Assert(fe_values.shape_value(n_dofs - 1, n_q - 1) == shape_values.back(),
           ExcMessage("CellField is used with another FEValues"));
    std::fill(values.begin(), values.end(), 0.);
    for (unsigned int i = 0; i < n_dofs; ++i)
      {
        const double dof_value = dof_values[i];
        if (dof_value == 0.)
          continue;
        const double *const shape_row = &shape_values[i * n_q];
        for (unsigned int q = 0; q < n_q; ++q)
          values[q] += dof_value * shape_row[q];
      }
  }



  template <int dim>
  void
  CellField<dim>::read_values(
    const FEValues<dim>                        &fe_values,
    const std::vector<types::global_dof_index> &dof_indices,
    const PETScWrappers::MPI::Vector           &field)
  {
    read_dof_values(dof_indices, field);
    evaluate_values(fe_values);
  }



  template <int dim>
  void
  CellField<dim>::read_values_and_gradients(
    const FEValues<dim>                        &fe_values,
    const std::vector<types::global_dof_index> &dof_indices,
    const PETScWrappers::MPI::Vector           &field)
  {
    read_dof_values(dof_indices, field);
    evaluate_values(fe_values);
    const unsigned int n_q = values.size();
    std::fill(gradients.begin(), gradients.end(), Tensor<1, dim>());
    for (unsigned int i = 0; i < dof_values.size(); ++i)
      {
        const double dof_value = dof_values[i];
        if (dof_value == 0.)
          continue;
        for (unsigned int q = 0; q < n_q; ++q)
          gradients[q] += dof_value * fe_values.shape_grad(i, q);
      }
  }



  template class CellField<2>;
  template class CellField<3>;
} // namespace deadli
