#include <deadli/mesh/lumped_increment.h>

#include <vector>

namespace deadli
{
  using namespace dealii;

  template <int dim>
  void
  add_lumped_increment(const Discretization<dim>        &discretization,
                       const PETScWrappers::MPI::Vector &amount,
                       const PETScWrappers::MPI::Vector &lumped_mass,
                       const double                      scale,
                       PETScWrappers::MPI::Vector       &field)
  {
    const auto &constraints = discretization.free_constraints;
    std::vector<types::global_dof_index> free_dofs;
    for (const auto index : discretization.locally_owned_dofs)
      if (!constraints.is_constrained(index))
        free_dofs.push_back(index);
    std::vector<double> amounts(free_dofs.size()), masses(free_dofs.size()),
      increments(free_dofs.size(), 0.);
    amount.extract_subvector_to(free_dofs.begin(),
                                free_dofs.end(),
                                amounts.begin());
    lumped_mass.extract_subvector_to(free_dofs.begin(),
                                     free_dofs.end(),
                                     masses.begin());
    for (std::size_t i = 0; i < free_dofs.size(); ++i)
      if (masses[i] > 0.)
        increments[i] = scale * amounts[i] / masses[i];

    PETScWrappers::MPI::Vector owned;
    discretization.reinit_owned(owned);
    owned = field;
    owned.add(free_dofs, increments);
    owned.compress(VectorOperation::add);
    constraints.distribute(owned);
    field = owned;
  }



  template void
  add_lumped_increment(const Discretization<2> &,
                       const PETScWrappers::MPI::Vector &,
                       const PETScWrappers::MPI::Vector &,
                       const double,
                       PETScWrappers::MPI::Vector &);
  template void
  add_lumped_increment(const Discretization<3> &,
                       const PETScWrappers::MPI::Vector &,
                       const PETScWrappers::MPI::Vector &,
                       const double,
                       PETScWrappers::MPI::Vector &);
} // namespace deadli
