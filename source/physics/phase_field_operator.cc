#include <deal.II/base/quadrature_lib.h>

#include <deal.II/fe/fe_values.h>

#include <deadli/mesh/cell_field.h>
#include <deadli/mesh/cell_loop_event.h>
#include <deadli/mesh/cell_scatter.h>
#include <deadli/physics/amg_solver.h>
#include <deadli/physics/interface_rate.h>
#include <deadli/physics/phase_field_operator.h>

namespace deadli
{
  using namespace dealii;

  namespace
  {
    /// Tight, because the Li mass balance is checked to 1e-8 relative.
    constexpr double phase_field_linear_tolerance = 1e-12;
  } // namespace



  template <int dim>
  PhaseFieldOperator<dim>::PhaseFieldOperator(
    const Discretization<dim> &discretization,
    const MaterialProperties  &material)
    : discretization(discretization)
    , material(material)
  {}



  template <int dim>
  void
  PhaseFieldOperator<dim>::reinit()
  {
    discretization.reinit_matrix(matrix);
    discretization.reinit_owned(rhs);
    matrix_is_current = false;
  }



  template <int dim>
  unsigned int
  PhaseFieldOperator<dim>::solve(
    const PETScWrappers::MPI::Vector &xi_old,
    const PETScWrappers::MPI::Vector &concentration,
    const PETScWrappers::MPI::Vector &phi,
    const double                      collector_potential,
    const double                      time_step,
    PETScWrappers::MPI::Vector       &xi_new,
    const Source                     &source,
    const KineticNoise               &noise,
    const std::vector<double>        &activity,
    const Substrate<dim>             *substrate,
    const double                      mediator_dissolution_velocity,
    const double                      depletion_time_step)
  {
    // The matrix M + dt L kappa K (lumped M on dissolving dead cells)
    // depends on the step size, the mesh and which cells are dead, not on
    // the fields: assemble it only when one of those changed.
    const bool dissolving = mediator_dissolution_velocity > 0.;
    // Each rank sees the activity of its own cells: decide together, since
    // assembling the matrix is collective.
    const bool assemble_matrix =
      Utilities::MPI::max(static_cast<int>(!matrix_is_current ||
                                           time_step != matrix_time_step ||
                                           dissolving != matrix_dissolving ||
                                           activity != matrix_activity),
                          discretization.mpi_communicator) > 0;
    if (assemble_matrix)
      {
        matrix            = 0.;
        matrix_time_step  = time_step;
        matrix_dissolving = dissolving;
        matrix_activity   = activity;
        matrix_is_current = true;
      }
    rhs = 0.;

    const unsigned int n_q = discretization.quadrature.size();
    FEValues<dim>      fe_values(discretization.fe,
                            discretization.quadrature,
                            update_values | update_gradients |
                              update_quadrature_points | update_JxW_values);
    const unsigned int dofs_per_cell = discretization.fe.n_dofs_per_cell();
    FullMatrix<double> cell_matrix(dofs_per_cell, dofs_per_cell);
    Vector<double>     cell_rhs(dofs_per_cell);
    std::vector<types::global_dof_index> dof_indices(dofs_per_cell);
    CellField<dim> xi_field(dofs_per_cell, n_q), c_field(dofs_per_cell, n_q),
      phi_field(dofs_per_cell, n_q);
    const std::vector<double>    &xi_values  = xi_field.values;
    const std::vector<double>    &c_values   = c_field.values;
    const std::vector<double>    &phi_values = phi_field.values;
    std::vector<SubstrateAtPoint> substrate_values(n_q);
    std::vector<Tensor<1, dim>>   host_gradients(n_q);
    double                        local_dissolved_volume = 0;

    const double diffusion =
      time_step * phase_field_gradient_mobility(material);
    CellMatrixAccumulator matrix_entries(
      discretization.matrix_entry_positions(), matrix);
    // The matrix only when it is being reassembled; the right-hand side
    // always.
    const auto distribute = [&](const unsigned int owned_cell_index) {
      if (assemble_matrix)
        add_cell_system(discretization.free_constraints,
                        cell_matrix,
                        cell_rhs,
                        dof_indices,
                        owned_cell_index,
                        matrix_entries,
                        rhs);
      else
        add_cell_vector(discretization.free_constraints,
                        cell_rhs,
                        dof_indices,
                        rhs);
    };

    CellLoopEvent cell_loop;
    for (const auto &cell : discretization.dof_handler.active_cell_iterators())
      if (cell->is_locally_owned())
        {
          fe_values.reinit(cell);
          cell->get_dof_indices(dof_indices);
          xi_field.read_values(fe_values, dof_indices, xi_old);
          c_field.read_values(fe_values, dof_indices, concentration);
          phi_field.read_values(fe_values, dof_indices, phi);
          const double cell_activity =
            activity.empty() ? 1. : activity[cell->active_cell_index()];
          if (substrate)
            substrate->evaluate(fe_values, substrate_values, host_gradients);
          cell_matrix = 0;
          cell_rhs    = 0;
          // Only dead metal dissolves: the mediator oxidises live Li as well,
          // but the collector reduces that at once (a shuttle current that
          // leaves the deposit unchanged).
          if (dissolving && cell_activity == 0.)
            {
              local_dissolved_volume +=
                assemble_dissolving_dead_cell(cell,
                                              xi_old,
                                              time_step,
                                              mediator_dissolution_velocity,
                                              source,
                                              cell_matrix,
                                              cell_rhs);
              distribute(discretization.owned_cell_index(cell));
              continue;
            }
          for (unsigned int q = 0; q < n_q; ++q)
            {
              const double rate =
                cell_activity *
                  local_phase_field_rate(material,
                                         xi_values[q],
                                         c_values[q],
                                         collector_potential - phi_values[q],
                                         noise.factor(
                                           fe_values.quadrature_point(q)),
                                         substrate_values[q],
                                         depletion_time_step) +
                (source ? source(fe_values.quadrature_point(q)) : 0.);
              const double JxW = fe_values.JxW(q);
              // Zero without a host.
              const Tensor<1, dim> host_capillary_flux =
                cell_activity * diffusion *
                bare_host_weight(xi_values[q], substrate_values[q]) *
                host_gradients[q];
              for (unsigned int i = 0; i < dofs_per_cell; ++i)
                {
                  const double v_i = fe_values.shape_value(i, q);
                  if (assemble_matrix)
                    for (unsigned int j = 0; j < dofs_per_cell; ++j)
                      cell_matrix(i, j) += (v_i * fe_values.shape_value(j, q) +
                                            cell_activity * diffusion *
                                              fe_values.shape_grad(i, q) *
                                              fe_values.shape_grad(j, q)) *
                                           JxW;
                  cell_rhs(i) +=
                    ((xi_values[q] + time_step * rate) * v_i +
                     host_capillary_flux * fe_values.shape_grad(i, q)) *
                    JxW;
                }
            }
          distribute(discretization.owned_cell_index(cell));
        }
    cell_loop.end();
    if (assemble_matrix)
      matrix_entries.compress();
    rhs.compress(VectorOperation::add);
    last_dissolved_volume =
      Utilities::MPI::sum(local_dissolved_volume,
                          discretization.mpi_communicator);

    const unsigned int iterations =
      solve_with_jacobi_cg(matrix, xi_new, rhs, phase_field_linear_tolerance);
    discretization.free_constraints.distribute(xi_new);
    return iterations;
  }



  template <int dim>
  double
  PhaseFieldOperator<dim>::assemble_dissolving_dead_cell(
    const typename DoFHandler<dim>::active_cell_iterator &cell,
    const PETScWrappers::MPI::Vector                     &xi_old,
    const double                                          time_step,
    const double        mediator_dissolution_velocity,
    const Source       &source,
    FullMatrix<double> &cell_matrix,
    Vector<double>     &cell_rhs) const
  {
    // The vertex quadrature makes the mass matrix diagonal (lumped) and puts
    // the rate at the nodes, so each nodal xi moves by exactly its own
    // (capped) rate: xi stays >= 0. With the consistent mass matrix the
    // projection of the steep dissolution rate undershoots at the nodes
    // just outside the fragment, and on frozen cells nothing smooths that
    // out again: it accumulates until the step is rejected.
    const QGaussLobatto<dim> vertex_quadrature(2);
    FEValues<dim>            fe_values(discretization.fe,
                            vertex_quadrature,
                            update_values | update_gradients |
                              update_quadrature_points | update_JxW_values);
    fe_values.reinit(cell);
    const unsigned int          n_q = vertex_quadrature.size();
    std::vector<double>         xi_values(n_q);
    std::vector<Tensor<1, dim>> xi_gradients(n_q);
    fe_values.get_function_values(xi_old, xi_values);
    fe_values.get_function_gradients(xi_old, xi_gradients);

    double dissolved_volume = 0;
    for (unsigned int q = 0; q < n_q; ++q)
      {
        const double dissolution =
          mediator_dissolution_rate(mediator_dissolution_velocity,
                                    time_step,
                                    xi_values[q],
                                    xi_gradients[q]);
        const double rate =
          dissolution + (source ? source(fe_values.quadrature_point(q)) : 0.);
        const double JxW = fe_values.JxW(q);
        dissolved_volume -= time_step * dissolution * JxW;
        for (unsigned int i = 0; i < cell_rhs.size(); ++i)
          {
            const double v_i = fe_values.shape_value(i, q);
            for (unsigned int j = 0; j < cell_rhs.size(); ++j)
              cell_matrix(i, j) += v_i * fe_values.shape_value(j, q) * JxW;
            cell_rhs(i) += (xi_values[q] + time_step * rate) * v_i * JxW;
          }
      }
    return dissolved_volume;
  }



  template <int dim>
  double
  PhaseFieldOperator<dim>::mediator_dissolved_volume() const
  {
    return last_dissolved_volume;
  }



  template class PhaseFieldOperator<2>;
  template class PhaseFieldOperator<3>;
} // namespace deadli
