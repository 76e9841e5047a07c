#include <deal.II/fe/fe_values.h>

#include <deadli/mesh/cell_field.h>
#include <deadli/mesh/cell_loop_event.h>
#include <deadli/mesh/cell_scatter.h>
#include <deadli/mesh/incremental_assembly.h>
#include <deadli/physics/interface_rate.h>
#include <deadli/physics/kinetics.h>
#include <deadli/physics/potential_operator.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace deadli
{
  using namespace dealii;

  namespace
  {
    /**
     * Largest change of the overpotential (V) since the linearisation
     * outside the band before solve() linearises again: f x 0.01 V = 0.39,
     * so the neglected second-order term stays below 0.1 x 1e-10 of the
     * reaction in the band.
     */
    constexpr double relinearisation_drift = 0.01;

    /**
     * A change D of the linearised reaction outside the band is left out of
     * a cell's matrix while D diameter^2 stays below this times the
     * conductivity s(xi): a mass entry D int(v_i^2) against a conduction
     * entry s int(|grad v_i|^2) is D h^2 / (9 s) on a cube of side h, whose
     * diameter^2 is 3 h^2, so such a change is below the round-off of the
     * entries it would be added to.
     */
    constexpr double matrix_round_off = 1e-16;

    /**
     * Relative change of the band's rate derivative D below which assemble()
     * leaves a cell's -D M in the Newton matrix as it is. The residual stays
     * exact (it uses the D the matrix holds), only the Newton direction
     * sees the difference, as it sees the CG solve's 'Linear tolerance' of
     * 1e-3; after the first Newton iteration of a step the overpotential
     * moves by micro-volts, f dEta ~ 1e-4, and most band cells are skipped.
     */
    constexpr double band_jacobian_tolerance = 1e-3;

    /**
     * A change of D is also left out while it stays below this fraction of
     * the cell's conduction scale s(xi) / diameter^2 (see matrix_round_off):
     * it then changes the cell's rows of the Newton matrix by less than
     * that. This skips the band's tails, where h'(xi), and with it D, lies
     * orders of magnitude below the conduction; in an adaptive mesh they
     * hold most of the band's cells (at 0.3 M DoFs, 8.5 -> 7.8 s per step).
     * 1e-3 skipped more but cost Newton iterations: the potential's
     * tolerance (1e-10 V when this was measured) is far tighter than the
     * direction's accuracy.
     */
    constexpr double band_jacobian_conduction_tolerance = 1e-5;

    /**
     * The local phase-field rate and its eta-derivative at a quadrature
     * point, scaled by the cell's activity (dead metal does not react). The
     * frozen part and the band use this one function, so that the band's
     * reaction and its linearisation outside the band are the same
     * expression.
     */
    LocalRate
    active_reaction(const MaterialProperties &material,
                    const double              cell_activity,
                    const double              xi,
                    const double              relative_concentration,
                    const double              overpotential,
                    const double              kinetic_factor,
                    const SubstrateAtPoint   &substrate,
                    const double              depletion_time_step)
    {
      const LocalRate rate =
        local_phase_field_rate_and_derivative(material,
                                              xi,
                                              relative_concentration,
                                              overpotential,
                                              kinetic_factor,
                                              substrate,
                                              depletion_time_step);
      return {cell_activity * rate.value,
              cell_activity * rate.overpotential_derivative};
    }
  } // namespace

  template <int dim>
  void
  PotentialOperator<dim>::Parameters::declare_parameters(ParameterHandler &prm)
  {
    prm.enter_subsection("Potential solver");
    {
      prm.declare_entry("Max Newton iterations",
                        "30",
                        Patterns::Integer(1, 1000),
                        "Newton iterations for phi (and E under galvanostatic "
                        "control) before the step counts as failed.");
      prm.declare_entry(
        "Potential tolerance [V]",
        "1e-7",
        Patterns::Double(0),
        "Newton stops when the largest update of phi and E, or the "
        "geometric tail of the updates still to come, is below this: f x "
        "1e-7 V = 4e-6 of the local rate at most. The cell current matches "
        "its set point far more closely, because each bordered update "
        "meets the current constraint exactly to first order (1.8e-12 "
        "relative in the 3D dead-Li regression case). 1e-10 V, the default "
        "until 27 Nov 2026, cost a third Newton iteration in most steps and "
        "changed the statistics by less than 1e-7 relative.");
      prm.declare_entry("Max potential update [V]",
                        "0.1",
                        Patterns::Double(0),
                        "Damping: a Newton update is scaled down so that no "
                        "potential moves by more than this (the reaction is "
                        "exponential in the overpotential).");
      prm.declare_entry("Linear tolerance",
                        "1e-3",
                        Patterns::Double(0, 1),
                        "Relative residual reduction of each AMG-CG solve "
                        "inside Newton. Inexact Newton: the next iteration "
                        "corrects the linear error. Newton's own (quadratic) "
                        "error after an update of a few mV is already about "
                        "1e-3 relative, so a tighter solve buys no Newton "
                        "iteration: in the benchmark 1e-3, 1e-4 and 1e-5 "
                        "take the same Newton iterations and 1e-2 one more. "
                        "The converged potential is as accurate as "
                        "'Potential tolerance' says either way.");
      prm.declare_entry(
        "Response linear tolerance",
        "1e-1",
        Patterns::Double(0, 1),
        "Relative residual reduction of the second AMG-CG solve of a "
        "galvanostatic Newton iteration, J x = b, the potential's response "
        "to a change of E (started from the last one). It only sets how "
        "well the E update anticipates the change of phi: its error changes "
        "the Newton direction, not the residual that Newton drives to zero; "
        "in the benchmark 1e-1 to 1e-4 take the same Newton iterations.");
    }
    prm.leave_subsection();
  }



  template <int dim>
  void
  PotentialOperator<dim>::Parameters::parse_parameters(ParameterHandler &prm)
  {
    prm.enter_subsection("Potential solver");
    {
      max_newton_iterations = prm.get_integer("Max Newton iterations");
      potential_tolerance   = prm.get_double("Potential tolerance [V]");
      max_potential_update  = prm.get_double("Max potential update [V]");
      linear_tolerance      = prm.get_double("Linear tolerance");
      response_tolerance    = prm.get_double("Response linear tolerance");
    }
    prm.leave_subsection();
  }



  template <int dim>
  PotentialOperator<dim>::PotentialOperator(
    const Discretization<dim> &discretization,
    const MaterialProperties  &material,
    const Parameters          &parameters)
    : discretization(discretization)
    , material(material)
    , parameters(parameters)
    , amg(discretization.mpi_communicator)
    , matrix_history(discretization)
  {}



  template <int dim>
  void
  PotentialOperator<dim>::reinit()
  {
    discretization.reinit_matrix(jacobian);
    discretization.reinit_owned(residual);
    discretization.reinit_owned(residual_derivative_wrt_e);
    discretization.reinit_owned(response_to_e);
    discretization.reinit_owned(frozen_residual);
    discretization.reinit_owned(frozen_residual_derivative_wrt_e);
    reaction_band.clear();
    reaction_derivatives_in_jacobian.clear();
    amg.invalidate();
    matrix_history.invalidate();
  }



  template <int dim>
  void
  PotentialOperator<dim>::assemble_frozen_part(
    const PETScWrappers::MPI::Vector &xi,
    const PETScWrappers::MPI::Vector &concentration,
    const PETScWrappers::MPI::Vector &phi,
    const double                      collector_potential,
    const Source                     &source,
    const KineticNoise               &noise,
    const std::vector<double>        &activity,
    const Substrate<dim>             *substrate)
  {
    const unsigned int n_q = discretization.quadrature.size();
    // The conduction matrix from zero after a mesh change (and every few
    // dozen assemblies), otherwise only the change of the cells whose
    // conductivity or linearised reaction changed (see IncrementalAssembly).
    const bool full = matrix_history.full_assembly_needed();
    if (full)
      {
        jacobian = 0.;
        reaction_derivatives_in_jacobian.assign(
          discretization.triangulation.n_locally_owned_active_cells() * n_q,
          0.);
      }
    frozen_residual                  = 0.;
    frozen_residual_derivative_wrt_e = 0.;
    reaction_band.clear();
    band_points.clear();
    band_kinetic_factors.clear();
    band_substrate.clear();
    band_squared_diameters.clear();
    const AffineConstraints<double> &constraints =
      discretization.potential_constraints;
    // The matrix updates leave the right-hand side alone, which is only
    // right for homogeneous constraints (phi = 0 at the counter electrode).
    Assert(!constraints.has_inhomogeneities(), ExcInternalError());

    UpdateFlags flags = update_values | update_gradients | update_JxW_values;
    if (source || noise.is_active())
      flags |= update_quadrature_points;
    FEValues<dim> fe_values(discretization.fe,
                            discretization.quadrature,
                            flags);

    const unsigned int dofs_per_cell = discretization.fe.n_dofs_per_cell();
    FullMatrix<double> cell_matrix(dofs_per_cell, dofs_per_cell);
    Vector<double>     cell_residual(dofs_per_cell);
    Vector<double>     cell_derivative(dofs_per_cell);
    std::vector<types::global_dof_index> dof_indices(dofs_per_cell);

    CellField<dim> xi_field(dofs_per_cell, n_q), c_field(dofs_per_cell, n_q),
      phi_field(dofs_per_cell, n_q), xi_in_matrix_field(dofs_per_cell, n_q);
    std::vector<double>                conductivities(n_q);
    std::vector<double>                derivatives(n_q);
    std::vector<double>                conductivity_change(n_q);
    std::vector<double>                derivative_change(n_q);
    const std::vector<double>         &xi_values     = xi_field.values;
    const std::vector<Tensor<1, dim>> &xi_gradients  = xi_field.gradients;
    const std::vector<double>         &c_values      = c_field.values;
    const std::vector<Tensor<1, dim>> &c_gradients   = c_field.gradients;
    const std::vector<double>         &phi_values    = phi_field.values;
    const std::vector<Tensor<1, dim>> &phi_gradients = phi_field.gradients;
    std::vector<SubstrateAtPoint>      substrate_values(n_q);
    std::vector<Tensor<1, dim>>        host_gradients(n_q);
    std::vector<Tensor<1, dim>>        shape_gradients(dofs_per_cell);

    const double gradient_mobility = phase_field_gradient_mobility(material);
    double       local_rate        = 0;
    double       local_derivative  = 0;
    CellMatrixAccumulator jacobian_entries(
      discretization.matrix_entry_positions(), jacobian);

    CellLoopEvent cell_loop;
    for (const auto &cell : discretization.dof_handler.active_cell_iterators())
      if (cell->is_locally_owned())
        {
          fe_values.reinit(cell);
          cell->get_dof_indices(dof_indices);
          xi_field.read_values_and_gradients(fe_values, dof_indices, xi);
          c_field.read_values_and_gradients(fe_values,
                                            dof_indices,
                                            concentration);
          // Dead metal neither reacts nor moves: no source, and no share of
          // the phase-field gradient flux either, which would move charge.
          const double cell_activity =
            activity.empty() ? 1. : activity[cell->active_cell_index()];
          if (substrate)
            substrate->evaluate(fe_values, substrate_values, host_gradients);

          bool in_band = false;
          if (cell_activity != 0.)
            for (unsigned int q = 0; q < n_q; ++q)
              if (kinetics::interpolation_derivative(xi_values[q]) >
                  kinetics::reaction_band_threshold)
                in_band = true;
          if (in_band)
            {
              reaction_band.push_back(cell);
              band_squared_diameters.push_back(
                Utilities::fixed_power<2>(cell->diameter()));
            }
          // phi's gradient enters the flux on every cell, its value the
          // reaction linearised outside the band.
          phi_field.read_values_and_gradients(fe_values, dof_indices, phi);
          if (!full)
            xi_in_matrix_field.read_values(fe_values,
                                           dof_indices,
                                           matrix_history.xi_in_matrix());
          const unsigned int owned_cell = discretization.owned_cell_index(cell);
          double *const      derivatives_in_jacobian =
            &reaction_derivatives_in_jacobian[owned_cell * n_q];

          bool matrix_changed = full;
          cell_residual       = 0;
          cell_derivative     = 0;
          for (unsigned int q = 0; q < n_q; ++q)
            {
              const double kinetic_factor =
                noise.is_active() ?
                  noise.factor(fe_values.quadrature_point(q)) :
                  1.;
              if (in_band)
                {
                  band_points.push_back(
                    {xi_values[q], c_values[q], fe_values.JxW(q)});
                  if (noise.is_active())
                    band_kinetic_factors.push_back(kinetic_factor);
                  if (substrate)
                    band_substrate.push_back(substrate_values[q]);
                }
              const double conductivity =
                material.effective_conductivity(xi_values[q]);
              conductivity_change[q] =
                full ? conductivity :
                       conductivity - material.effective_conductivity(
                                        xi_in_matrix_field.values[q]);
              const double manufactured =
                source ? source(fe_values.quadrature_point(q)) : 0.;
              // Weak form of -div(flux): the electrolyte current enters
              // with the opposite sign.
              const Tensor<1, dim> flux =
                -scaled_electrolyte_current(material,
                                            xi_values[q],
                                            c_values[q],
                                            c_gradients[q],
                                            phi_gradients[q]) -
                cell_activity * gradient_mobility *
                  (xi_gradients[q] -
                   bare_host_weight(xi_values[q], substrate_values[q]) *
                     host_gradients[q]);
              // The band's reaction is added per Newton iteration by
              // assemble(); elsewhere it is linearised here, once.
              const LocalRate reaction =
                in_band || cell_activity == 0. ?
                  LocalRate{0., 0.} :
                  active_reaction(material,
                                  cell_activity,
                                  xi_values[q],
                                  c_values[q],
                                  collector_potential - phi_values[q],
                                  kinetic_factor,
                                  substrate_values[q],
                                  depletion_time_step);
              const double rate            = reaction.value;
              const double rate_derivative = reaction.overpotential_derivative;
              // The band keeps the derivatives of its last Newton iteration
              // in the matrix, for assemble() to update; so that the affine
              // function below does not contain them, their product with
              // phi is taken out of the residual here and put back there.
              const double band_correction =
                in_band ? -derivatives_in_jacobian[q] * phi_values[q] : 0.;
              derivative_change[q] =
                in_band ? 0. : rate_derivative - derivatives_in_jacobian[q];
              conductivities[q] = conductivity;
              derivatives[q]    = rate_derivative;
              matrix_changed = matrix_changed || conductivity_change[q] != 0.;

              const double JxW = fe_values.JxW(q);
              local_rate += rate * JxW;
              local_derivative += rate_derivative * JxW;
              for (unsigned int i = 0; i < dofs_per_cell; ++i)
                {
                  const double v_i = fe_values.shape_value(i, q);
                  cell_residual(i) +=
                    (flux * fe_values.shape_grad(i, q) +
                     (rate - manufactured + band_correction) * v_i) *
                    JxW;
                  cell_derivative(i) += rate_derivative * v_i * JxW;
                }
            }

          // Outside the band the reaction's derivative changes from step to
          // step on every cell the interface's tails reach, mostly by amounts
          // the matrix cannot even represent: a change below the round-off
          // of the cell's conduction entries is left out (and stays pending
          // in the comparison with what the matrix holds).
          if (!matrix_changed)
            {
              const double squared_diameter =
                Utilities::fixed_power<2>(cell->diameter());
              for (unsigned int q = 0; q < n_q; ++q)
                if (std::abs(derivative_change[q]) * squared_diameter >
                    matrix_round_off * conductivities[q])
                  matrix_changed = true;
            }
          if (matrix_changed)
            {
              if (!in_band)
                std::copy(derivatives.begin(),
                          derivatives.end(),
                          derivatives_in_jacobian);
              cell_matrix = 0;
              for (unsigned int q = 0; q < n_q; ++q)
                {
                  const double JxW = fe_values.JxW(q);
                  for (unsigned int i = 0; i < dofs_per_cell; ++i)
                    shape_gradients[i] = fe_values.shape_grad(i, q);
                  for (unsigned int i = 0; i < dofs_per_cell; ++i)
                    {
                      const double v_i = fe_values.shape_value(i, q);
                      // Symmetric: the lower triangle, mirrored below.
                      for (unsigned int j = 0; j <= i; ++j)
                        cell_matrix(i, j) +=
                          (conductivity_change[q] * shape_gradients[i] *
                             shape_gradients[j] -
                           derivative_change[q] * v_i *
                             fe_values.shape_value(j, q)) *
                          JxW;
                    }
                }
              for (unsigned int i = 0; i < dofs_per_cell; ++i)
                for (unsigned int j = i + 1; j < dofs_per_cell; ++j)
                  cell_matrix(i, j) = cell_matrix(j, i);
            }

          if (full)
            add_cell_system(constraints,
                            cell_matrix,
                            cell_residual,
                            dof_indices,
                            owned_cell,
                            jacobian_entries,
                            frozen_residual);
          else
            {
              if (matrix_changed)
                add_cell_matrix(constraints,
                                cell_matrix,
                                dof_indices,
                                owned_cell,
                                jacobian_entries);
              add_cell_vector(constraints,
                              cell_residual,
                              dof_indices,
                              frozen_residual);
            }
          add_cell_vector(constraints,
                          cell_derivative,
                          dof_indices,
                          frozen_residual_derivative_wrt_e);
        }

    cell_loop.end();
    jacobian_entries.compress();
    matrix_history.record(xi, full);
    frozen_residual.compress(VectorOperation::add);
    frozen_residual_derivative_wrt_e.compress(VectorOperation::add);

    // frozen_residual so far is the frozen part of the residual at phi0,
    // less the band's D M phi0; store it as the offset of the affine
    // function A phi + offset (jacobian = A - D M on the band).
    PETScWrappers::MPI::Vector phi_owned;
    discretization.reinit_owned(phi_owned);
    phi_owned = phi;
    PETScWrappers::MPI::Vector product;
    discretization.reinit_owned(product);
    jacobian.vmult(product, phi_owned);
    frozen_residual -= product;

    frozen_rate =
      Utilities::MPI::sum(local_rate, discretization.mpi_communicator);
    frozen_rate_derivative =
      Utilities::MPI::sum(local_derivative, discretization.mpi_communicator);
    frozen_rate_phi_product    = frozen_residual_derivative_wrt_e * phi_owned;
    frozen_collector_potential = collector_potential;
  }



  template <int dim>
  void
  PotentialOperator<dim>::assemble(const PETScWrappers::MPI::Vector &phi,
                                   const PETScWrappers::MPI::Vector &phi_owned,
                                   const double collector_potential,
                                   const std::vector<double> &activity,
                                   double                    &integrated_rate,
                                   double &integrated_rate_derivative)
  {
    // The frozen part, an affine function of (phi, E).
    const double e_change = collector_potential - frozen_collector_potential;
    // jacobian = A - D_old M on the band: A phi is jacobian phi plus
    // D_old M phi, which the band loop below adds cell by cell.
    jacobian.vmult(residual, phi_owned);
    residual += frozen_residual;
    residual.add(e_change, frozen_residual_derivative_wrt_e);
    residual_derivative_wrt_e = frozen_residual_derivative_wrt_e;
    double local_rate = 0, local_derivative = 0;

    // The reaction on the band, from the quadrature-point data the frozen
    // part stored. An FE_Q's shape values do not depend on the cell, so
    // fe_values is initialised on one cell and read on all.
    const unsigned int n_q = discretization.quadrature.size();
    FEValues<dim>      fe_values(discretization.fe,
                            discretization.quadrature,
                            update_values);
    if (!reaction_band.empty())
      fe_values.reinit(reaction_band.front());

    const unsigned int dofs_per_cell = discretization.fe.n_dofs_per_cell();
    FullMatrix<double> cell_matrix(dofs_per_cell, dofs_per_cell);
    Vector<double>     cell_residual(dofs_per_cell);
    Vector<double>     cell_derivative(dofs_per_cell);
    std::vector<types::global_dof_index> dof_indices(dofs_per_cell);
    CellField<dim>                       phi_field(dofs_per_cell, n_q);
    const std::vector<double>           &phi_values = phi_field.values;
    std::vector<double>                  derivatives(n_q);
    const SubstrateAtPoint               no_substrate;

    const AffineConstraints<double> &constraints =
      discretization.potential_constraints;
    CellMatrixAccumulator jacobian_entries(
      discretization.matrix_entry_positions(), jacobian);
    CellLoopEvent cell_loop;
    for (unsigned int band_cell = 0; band_cell < reaction_band.size();
         ++band_cell)
      {
        const auto &cell = reaction_band[band_cell];
        cell->get_dof_indices(dof_indices);
        phi_field.read_values(fe_values, dof_indices, phi);
        const double cell_activity =
          activity.empty() ? 1. : activity[cell->active_cell_index()];
        const unsigned int first_point = band_cell * n_q;
        const BandPoint   *points      = &band_points[first_point];

        const unsigned int owned_cell = discretization.owned_cell_index(cell);
        double *const      derivatives_in_jacobian =
          &reaction_derivatives_in_jacobian[owned_cell * n_q];
        bool update_matrix = false;
        cell_residual      = 0;
        cell_derivative    = 0;
        for (unsigned int q = 0; q < n_q; ++q)
          {
            const LocalRate reaction =
              active_reaction(material,
                              cell_activity,
                              points[q].xi,
                              points[q].concentration,
                              collector_potential - phi_values[q],
                              band_kinetic_factors.empty() ?
                                1. :
                                band_kinetic_factors[first_point + q],
                              band_substrate.empty() ?
                                no_substrate :
                                band_substrate[first_point + q],
                              depletion_time_step);
            const double rate = reaction.value;
            derivatives[q]    = reaction.overpotential_derivative;
            const double JxW  = points[q].JxW;
            local_rate += rate * JxW;
            local_derivative += derivatives[q] * JxW;
            for (unsigned int i = 0; i < dofs_per_cell; ++i)
              {
                const double v_i_JxW = fe_values.shape_value(i, q) * JxW;
                // The matrix holds derivatives_in_jacobian, whichever they
                // are; this puts the product of their -D M with phi back.
                cell_residual(i) +=
                  (rate + derivatives_in_jacobian[q] * phi_values[q]) * v_i_JxW;
                cell_derivative(i) += derivatives[q] * v_i_JxW;
              }
            const double derivative_change =
              std::abs(derivatives[q] - derivatives_in_jacobian[q]);
            update_matrix =
              update_matrix ||
              (derivative_change >
                 band_jacobian_tolerance *
                   std::max(std::abs(derivatives[q]),
                            std::abs(derivatives_in_jacobian[q])) &&
               derivative_change * band_squared_diameters[band_cell] >
                 band_jacobian_conduction_tolerance *
                   material.effective_conductivity(points[q].xi));
          }

        if (update_matrix)
          {
            cell_matrix = 0;
            for (unsigned int q = 0; q < n_q; ++q)
              {
                const double derivative_change =
                  derivatives[q] - derivatives_in_jacobian[q];
                const double JxW = points[q].JxW;
                for (unsigned int i = 0; i < dofs_per_cell; ++i)
                  {
                    const double v_i_JxW = fe_values.shape_value(i, q) * JxW;
                    for (unsigned int j = 0; j <= i; ++j)
                      cell_matrix(i, j) -= derivative_change * v_i_JxW *
                                           fe_values.shape_value(j, q);
                  }
                derivatives_in_jacobian[q] = derivatives[q];
              }
            for (unsigned int i = 0; i < dofs_per_cell; ++i)
              for (unsigned int j = i + 1; j < dofs_per_cell; ++j)
                cell_matrix(i, j) = cell_matrix(j, i);
            add_cell_matrix(constraints,
                            cell_matrix,
                            dof_indices,
                            owned_cell,
                            jacobian_entries);
          }
        add_cell_vector(constraints, cell_residual, dof_indices, residual);
        add_cell_vector(constraints,
                        cell_derivative,
                        dof_indices,
                        residual_derivative_wrt_e);
      }

    cell_loop.end();
    jacobian_entries.compress();
    residual.compress(VectorOperation::add);
    residual_derivative_wrt_e.compress(VectorOperation::add);
    // Constrained rows of A phi hold diagonal * phi; the residual there is 0.
    discretization.potential_constraints.set_zero(residual);
    residual.compress(VectorOperation::insert);

    integrated_rate =
      Utilities::MPI::sum(local_rate, discretization.mpi_communicator) +
      frozen_rate + e_change * frozen_rate_derivative -
      (frozen_residual_derivative_wrt_e * phi_owned - frozen_rate_phi_product);
    integrated_rate_derivative =
      Utilities::MPI::sum(local_derivative, discretization.mpi_communicator) +
      frozen_rate_derivative;
  }



  template <int dim>
  typename PotentialOperator<dim>::Result
  PotentialOperator<dim>::solve(const PETScWrappers::MPI::Vector &xi,
                                const PETScWrappers::MPI::Vector &concentration,
                                PETScWrappers::MPI::Vector       &phi,
                                double &collector_potential,
                                const std::optional<double> &target_rate,
                                const Source                &source,
                                const KineticNoise          &noise,
                                const std::vector<double>   &activity,
                                const Substrate<dim>        *substrate,
                                const double depletion_time_step)
  {
    this->depletion_time_step = depletion_time_step;
    Result result;

    PETScWrappers::MPI::Vector phi_owned;

    discretization.reinit_owned(phi_owned);
    phi_owned = phi;
    PETScWrappers::MPI::Vector update;
    discretization.reinit_owned(update);
    PETScWrappers::MPI::Vector rhs;
    discretization.reinit_owned(rhs);
    // A failed solve of an earlier attempt may have left anything in the
    // response kept for the warm start; a non-finite one would fail every
    // retry as well.
    if (target_rate && !std::isfinite(response_to_e.linfty_norm()))
      response_to_e = 0.;

    double previous_update_size = 0;
    // Bound on how far the overpotential has moved since the frozen part
    // was linearised; infinite: not linearised in this solve yet.
    double drift_since_linearisation = std::numeric_limits<double>::infinity();
    for (unsigned int iteration = 0;
         iteration < parameters.max_newton_iterations;
         ++iteration)
      {
        if (drift_since_linearisation > relinearisation_drift)
          {
            assemble_frozen_part(xi,
                                 concentration,
                                 phi,
                                 collector_potential,
                                 source,
                                 noise,
                                 activity,
                                 substrate);
            drift_since_linearisation = 0;
          }
        double integrated_rate, integrated_rate_derivative;
        assemble(phi,
                 phi_owned,
                 collector_potential,
                 activity,
                 integrated_rate,
                 integrated_rate_derivative);

        rhs = residual;
        rhs *= -1.;
        update = 0.;
        result.linear_iterations +=
          amg.solve(jacobian, update, rhs, parameters.linear_tolerance);

        double e_update = 0;
        if (target_rate)
          {
            // Block elimination of [J b; -b^T s] [dphi; dE] = -[R; G]:
            // J x1 = -R, J x2 = b, dE = (-G + b.x1) / (s + b.x2). J and b
            // change little between Newton iterations and steps: the last x2
            // is a good start.
            result.linear_iterations +=
              amg.solve(jacobian,
                        response_to_e,
                        residual_derivative_wrt_e,
                        parameters.response_tolerance);
            const double denominator =
              integrated_rate_derivative +
              (residual_derivative_wrt_e * response_to_e);
            if (!(std::abs(denominator) > 0.))
              return result; // no reactive interface left: E is undefined
            e_update = (-(integrated_rate - *target_rate) +
                        (residual_derivative_wrt_e * update)) /
                       denominator;
            update.add(-e_update, response_to_e);
          }

        const double update_size =
          std::max(std::abs(e_update), update.linfty_norm());
        if (!std::isfinite(update_size))
          return result;
        const double damping =
          std::min(1., parameters.max_potential_update / update_size);

        phi_owned.add(damping, update);
        discretization.potential_constraints.distribute(phi_owned);
        phi = phi_owned;
        collector_potential += damping * e_update;
        // |d(E - phi)| <= |dE| + max |dphi|.
        drift_since_linearisation += 2. * damping * update_size;
        result.newton_iterations = iteration + 1;

        // Converged when this update, or the geometric tail of the updates
        // still to come (contraction ratio from the last two undamped
        // updates), is below the tolerance. The tail test saves the Newton
        // iteration that would only confirm convergence: a whole assembly
        // and two solves.
        const double contraction = update_size / previous_update_size;
        const double remaining =
          iteration > 0 && contraction < 0.5 ?
            update_size * contraction / (1. - contraction) :
            update_size;
        if (damping == 1. && remaining < parameters.potential_tolerance)
          {
            result.converged = true;
            return result;
          }
        previous_update_size = damping == 1. ? update_size : 0.;
      }
    return result;
  }



  template <int dim>
  unsigned int
  PotentialOperator<dim>::n_preconditioner_setups() const
  {
    return amg.n_setups();
  }



  template class PotentialOperator<2>;
  template class PotentialOperator<3>;
} // namespace deadli
