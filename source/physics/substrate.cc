#include <deal.II/base/function.h>

#include <deadli/physics/substrate.h>

#include <algorithm>
#include <vector>

namespace deadli
{
  using namespace dealii;

  template <int dim>
  Substrate<dim>::Substrate(const Discretization<dim> &discretization)
    : discretization(discretization)
  {}



  template <int dim>
  void
  Substrate<dim>::update(const Geometry<dim> &geometry,
                         const double         interface_width)
  {
    present      = geometry.has_host();
    has_kinetics = present && geometry.has_substrate_kinetics();
    if (!present)
      {
        // A zero host, so that measures and output need no special case.
        discretization.reinit_ghosted(host);
        return;
      }

    discretization.interpolate(*geometry.host_fraction(interface_width), host);
    if (has_kinetics)
      {
        discretization.interpolate(
          ScalarFunctionFromFunctionObject<dim>(
            [&geometry](const Point<dim> &point) {
              return geometry.substrate_kinetics(point).exchange_current_factor;
            }),
          exchange_current_factor);
        discretization.interpolate(
          ScalarFunctionFromFunctionObject<dim>([&geometry](
                                                  const Point<dim> &point) {
            return geometry.substrate_kinetics(point).nucleation_overpotential;
          }),
          nucleation_overpotential);
      }
  }



  template <int dim>
  bool
  Substrate<dim>::is_present() const
  {
    return present;
  }



  template <int dim>
  void
  Substrate<dim>::evaluate(const FEValues<dim>           &fe_values,
                           std::vector<SubstrateAtPoint> &values,
                           std::vector<Tensor<1, dim>>   &host_gradients) const
  {
    const unsigned int n_q = fe_values.n_quadrature_points;
    values.assign(n_q, SubstrateAtPoint());
    host_gradients.assign(n_q, Tensor<1, dim>());
    if (!present)
      return;

    std::vector<double> field_values(n_q);
    fe_values.get_function_values(host, field_values);
    for (unsigned int q = 0; q < n_q; ++q)
      values[q].host = field_values[q];
    fe_values.get_function_gradients(host, host_gradients);
    if (!has_kinetics)
      return;
    fe_values.get_function_values(exchange_current_factor, field_values);
    for (unsigned int q = 0; q < n_q; ++q)
      values[q].exchange_current_factor = field_values[q];
    fe_values.get_function_values(nucleation_overpotential, field_values);
    for (unsigned int q = 0; q < n_q; ++q)
      values[q].nucleation_overpotential = field_values[q];
  }



  template <int dim>
  double
  Substrate<dim>::enforce_host_inside_metal(
    PETScWrappers::MPI::Vector &xi) const
  {
    if (!present)
      return 0.;
    const double volume_before = discretization.integrate(xi);
    // Read everything first: PETSc vectors cannot be read between writes.
    std::vector<types::global_dof_index> raised_indices;
    std::vector<PetscScalar>             raised_values;
    for (const auto index : discretization.locally_owned_dofs)
      {
        const double host_value = host[index];
        if (xi[index] < host_value)
          {
            raised_indices.push_back(index);
            raised_values.push_back(host_value);
          }
      }
    PETScWrappers::MPI::Vector owned;
    discretization.reinit_owned(owned);
    owned = xi;
    owned.set(raised_indices, raised_values);
    owned.compress(VectorOperation::insert);
    discretization.free_constraints.distribute(owned);
    xi = owned;
    return discretization.integrate(xi) - volume_before;
  }



  template <int dim>
  double
  Substrate<dim>::largest_host_stripped(
    const PETScWrappers::MPI::Vector &old_xi,
    const PETScWrappers::MPI::Vector &new_xi) const
  {
    if (!present)
      return 0.;
    const IndexSet &owned = discretization.locally_owned_dofs;
    std::vector<types::global_dof_index> indices(owned.begin(), owned.end());
    std::vector<double> old_values(indices.size()), new_values(indices.size()),
      host_values(indices.size());
    old_xi.extract_subvector_to(indices.begin(),
                                indices.end(),
                                old_values.begin());
    new_xi.extract_subvector_to(indices.begin(),
                                indices.end(),
                                new_values.begin());
    host.extract_subvector_to(indices.begin(),
                              indices.end(),
                              host_values.begin());
    double largest = 0;
    for (std::size_t i = 0; i < indices.size(); ++i)
      largest = std::max(largest,
                         std::max(host_values[i] - new_values[i], 0.) -
                           std::max(host_values[i] - old_values[i], 0.));
    return Utilities::MPI::max(largest, discretization.mpi_communicator);
  }



  template class Substrate<2>;
  template class Substrate<3>;
} // namespace deadli
