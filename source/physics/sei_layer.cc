#include <deal.II/base/mpi.h>

#include <deal.II/fe/fe_values.h>

#include <deadli/mesh/cell_field.h>
#include <deadli/mesh/cell_scatter.h>
#include <deadli/mesh/lumped_increment.h>
#include <deadli/physics/sei_layer.h>

namespace deadli
{
  using namespace dealii;

  template <int dim>
  void
  add_sei_on_reactive_surface(const Discretization<dim>        &discretization,
                              const PETScWrappers::MPI::Vector &xi,
                              const std::vector<double>        &activity,
                              const double                      volume,
                              PETScWrappers::MPI::Vector       &sei_fraction)
  {
    if (volume <= 0.)
      return;

    const auto        &constraints   = discretization.free_constraints;
    const unsigned int dofs_per_cell = discretization.fe.n_dofs_per_cell();
    const unsigned int n_q           = discretization.quadrature.size();
    FEValues<dim>      fe_values(discretization.fe,
                            discretization.quadrature,
                            update_values | update_gradients |
                              update_JxW_values);
    CellField<dim>     xi_field(dofs_per_cell, n_q);
    std::vector<types::global_dof_index> dof_indices(dofs_per_cell);
    Vector<double> cell_surface(dofs_per_cell), cell_mass(dofs_per_cell);

    // Lumped projection: nodal value = (integral of |grad xi| phi_i) /
    // (integral of phi_i), both through the constraints.
    PETScWrappers::MPI::Vector surface, lumped_mass;
    discretization.reinit_owned(surface);
    discretization.reinit_owned(lumped_mass);
    double local_area = 0;
    for (const auto &cell : discretization.dof_handler.active_cell_iterators())
      if (cell->is_locally_owned())
        {
          fe_values.reinit(cell);
          cell->get_dof_indices(dof_indices);
          xi_field.read_values_and_gradients(fe_values, dof_indices, xi);
          const auto &xi_gradients = xi_field.gradients;
          const bool  reactive =
            activity.empty() || activity[cell->active_cell_index()] > 0.;
          cell_surface = 0;
          cell_mass    = 0;
          for (unsigned int q = 0; q < n_q; ++q)
            for (unsigned int i = 0; i < dofs_per_cell; ++i)
              {
                const double v_i_JxW =
                  fe_values.shape_value(i, q) * fe_values.JxW(q);
                cell_mass(i) += v_i_JxW;
                if (reactive)
                  cell_surface(i) += xi_gradients[q].norm() * v_i_JxW;
              }
          if (reactive)
            for (unsigned int q = 0; q < n_q; ++q)
              local_area += xi_gradients[q].norm() * fe_values.JxW(q);
          add_cell_vector(constraints, cell_surface, dof_indices, surface);
          add_cell_vector(constraints, cell_mass, dof_indices, lumped_mass);
        }
    surface.compress(VectorOperation::add);
    lumped_mass.compress(VectorOperation::add);
    const double area =
      Utilities::MPI::sum(local_area, discretization.mpi_communicator);
    if (!(area > 0.))
      return;

    add_lumped_increment(
      discretization, surface, lumped_mass, volume / area, sei_fraction);
  }



  template void
  add_sei_on_reactive_surface(const Discretization<2> &,
                              const PETScWrappers::MPI::Vector &,
                              const std::vector<double> &,
                              const double,
                              PETScWrappers::MPI::Vector &);
  template void
  add_sei_on_reactive_surface(const Discretization<3> &,
                              const PETScWrappers::MPI::Vector &,
                              const std::vector<double> &,
                              const double,
                              PETScWrappers::MPI::Vector &);
} // namespace deadli
