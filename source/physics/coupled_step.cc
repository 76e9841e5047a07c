#include <deal.II/lac/exceptions.h>
#include <deal.II/lac/solver_control.h>

#include <deal.II/numerics/vector_tools.h>

#include <petscvec.h>

#include <deadli/physics/coupled_step.h>

#include <cmath>
#include <sstream>
#include <utility>

namespace deadli
{
  using namespace dealii;

  namespace
  {
    /**
     * Smallest and largest entry over all ranks, from PETSc directly: the
     * deal.II 9.4 wrappers of the same calls are deprecated.
     */
    std::pair<double, double>
    global_value_range(const PETScWrappers::MPI::Vector &vector)
    {
      PetscReal      smallest = 0, largest = 0;
      PetscErrorCode error = VecMin(vector, nullptr, &smallest);
      AssertThrow(error == 0, ExcPETScError(error));
      error = VecMax(vector, nullptr, &largest);
      AssertThrow(error == 0, ExcPETScError(error));
      return {smallest, largest};
    }

  } // namespace

  template <int dim>
  void
  CoupledStep<dim>::Parameters::declare_parameters(ParameterHandler &prm)
  {
    PotentialOperator<dim>::Parameters::declare_parameters(prm);
    prm.enter_subsection("Step acceptance");
    {
      prm.declare_entry("Phase-field bound tolerance",
                        "0.05",
                        Patterns::Double(0, 0.5),
                        "A step whose phase field leaves [-tol, 1 + tol] is "
                        "rejected and retried with half the time step.");
      prm.declare_entry("Negative concentration tolerance",
                        "0.01",
                        Patterns::Double(0, 1),
                        "A step whose relative Li+ concentration drops below "
                        "-tol is rejected and retried with half the step.");
      prm.declare_entry(
        "Host stripping tolerance",
        "0.0002",
        Patterns::Double(0, 0.5),
        "A step that takes the phase field further below the Cu host "
        "fraction than it was, by more than tol at any point, is rejected "
        "and retried with half the step. The anodic rate sees the Li of the "
        "step's start, so a long step at the end of a strip strips past the "
        "last Li into the host; the charge then comes from metal that is "
        "not there, and a strip that should stop at its cut-off goes on. "
        "Only with a host.");
    }
    prm.leave_subsection();
    prm.enter_subsection("Phase field");
    prm.declare_entry("Kinetic noise amplitude",
                      "0",
                      Patterns::Double(0, 1),
                      "Langevin-type noise that seeds dendritic instability: "
                      "the local exchange current is multiplied by 1 + a U, "
                      "U uniform in [-1, 1], drawn afresh on every square "
                      "(cube) of a fixed grid and every time window (the two "
                      "entries below), so that the noise does not change "
                      "with the mesh or the time step. 0: deterministic.");
    prm.declare_entry("Kinetic noise cell size [um]",
                      "1",
                      Patterns::Double(1e-3, 1e3),
                      "Side of the grid squares (cubes) on which the kinetic "
                      "noise is constant, in [0.001, 1000] um: its "
                      "correlation length.");
    prm.declare_entry("Kinetic noise correlation time [s]",
                      "1",
                      Patterns::Double(1e-6, 1e6),
                      "Length of the time windows in which the kinetic noise "
                      "is constant, in [1e-6, 1e6] s; a time step sees its "
                      "mean over the step.");
    prm.declare_entry("Kinetic noise seed",
                      "1",
                      Patterns::Integer(0),
                      "Seed of the kinetic noise's realisation (integer >= "
                      "0): runs that differ only in it form an ensemble.");
    prm.declare_entry(
      "Salt in the reaction",
      "previous step",
      Patterns::Selection("previous step|depletion limited"),
      "Which Li+ concentration the Butler-Volmer reaction sees. 'previous "
      "step': c of the last step, as it is (explicit). 'depletion "
      "limited': c depleted by the reaction itself over the step, point by "
      "point (backward Euler on the point's own salt), so that no point "
      "consumes more salt than it holds. For runs beyond the limiting "
      "current in which 'previous step' drives c below zero at the "
      "interface (large overpotentials); elsewhere it "
      "only throttles the rate by a step-size-dependent factor, a "
      "first-order splitting error that 'previous step' does not have "
      "(doc/model.md, section 7.1).");
    prm.leave_subsection();
    prm.enter_subsection("Mitigation");
    prm.declare_entry(
      "Redox mediator dissolution current [mA/cm2]",
      "0",
      Patterns::Double(0, 1000),
      "Reactivation of dead Li by a dissolved redox mediator (shuttle): "
      "the rate at which the mediator oxidises dead Li0 to Li+ per unit "
      "area of dead-metal surface, as the equivalent current density, in "
      "[0, 1000] mA/cm2 (1 mA/cm2 = 1.3 nm/s of recession). No current "
      "flows through the circuit for it; the Li+ goes into the electrolyte. "
      "Live Li is not dissolved (the collector re-reduces it at once). "
      "0: off, dead metal stays frozen.");
    prm.leave_subsection();
  }



  template <int dim>
  void
  CoupledStep<dim>::Parameters::parse_parameters(ParameterHandler &prm)
  {
    potential.parse_parameters(prm);
    prm.enter_subsection("Step acceptance");
    {
      phase_field_bound_tolerance =
        prm.get_double("Phase-field bound tolerance");
      concentration_tolerance =
        prm.get_double("Negative concentration tolerance");
      host_stripping_tolerance = prm.get_double("Host stripping tolerance");
    }
    prm.leave_subsection();
    prm.enter_subsection("Phase field");
    kinetic_noise_amplitude = prm.get_double("Kinetic noise amplitude");
    kinetic_noise_cell_size = prm.get_double("Kinetic noise cell size [um]");
    kinetic_noise_correlation_time =
      prm.get_double("Kinetic noise correlation time [s]");
    kinetic_noise_seed = prm.get_integer("Kinetic noise seed");
    depletion_limited_reaction =
      prm.get("Salt in the reaction") == "depletion limited";
    prm.leave_subsection();
    prm.enter_subsection("Mitigation");
    // mA/cm^2 -> A/m^2.
    mediator_dissolution_current_density =
      10. * prm.get_double("Redox mediator dissolution current [mA/cm2]");
    prm.leave_subsection();
  }



  template <int dim>
  CoupledStep<dim>::CoupledStep(const Discretization<dim> &discretization,
                                const MaterialProperties  &material,
                                const Parameters          &parameters,
                                const double               collector_area)
    : discretization(discretization)
    , material(material)
    , parameters(parameters)
    , collector_area(collector_area)
    , potential_operator(discretization, material, parameters.potential)
    , phase_field_operator(discretization, material)
    , transport_operator(discretization, material)
  {}



  template <int dim>
  void
  CoupledStep<dim>::set_timer(TimerOutput &timer)
  {
    this->timer = &timer;
  }



  template <int dim>
  void
  CoupledStep<dim>::set_substrate(const Substrate<dim> &substrate)
  {
    this->substrate = &substrate;
  }



  template <int dim>
  void
  CoupledStep<dim>::reinit()
  {
    potential_operator.reinit();
    phase_field_operator.reinit();
    transport_operator.reinit();
  }



  template <int dim>
  typename CoupledStep<dim>::Report
  CoupledStep<dim>::advance(const CellState           &old_state,
                            const Setpoint            &setpoint,
                            const double               start_time,
                            const double               time_step,
                            CellState                 &new_state,
                            const ManufacturedSources &sources)
  {
    const Report report = advance_unrecorded(
      old_state, setpoint, start_time, time_step, new_state, sources);
    if (report.accepted)
      collector_potential_predictor.record(old_state.collector_potential,
                                           setpoint,
                                           time_step,
                                           new_state.collector_potential);
    else
      collector_potential_predictor.clear();
    return report;
  }



  template <int dim>
  typename CoupledStep<dim>::Report
  CoupledStep<dim>::advance_unrecorded(const CellState           &old_state,
                                       const Setpoint            &setpoint,
                                       const double               start_time,
                                       const double               time_step,
                                       CellState                 &new_state,
                                       const ManufacturedSources &sources)
  {
    Report       report;
    KineticNoise noise(parameters.kinetic_noise_amplitude,
                       parameters.kinetic_noise_cell_size,
                       parameters.kinetic_noise_correlation_time,
                       parameters.kinetic_noise_seed);
    noise.set_step(start_time, time_step);
    // The caller's new state may be empty or live on an old mesh.
    discretization.reinit_ghosted(new_state.xi);
    discretization.reinit_ghosted(new_state.concentration);
    discretization.reinit_ghosted(new_state.phi);
    try
      {
        // 1. Potential (and collector potential) with the reaction implicit,
        // from the previous potential and the extrapolated E.
        new_state.phi = old_state.phi;
        std::optional<double> target_rate;
        if (setpoint.control == Setpoint::Control::current)
          {
            target_rate = setpoint.value *
                          material.velocity_per_current_density *
                          collector_area;
            new_state.collector_potential =
              collector_potential_predictor.predict(
                old_state.collector_potential, setpoint, time_step);
          }
        else
          new_state.collector_potential = setpoint.value;

        // Potential and phase field must see the same value, so that the
        // phase field plates the charge the potential solve balanced.
        const double depletion_time_step =
          parameters.depletion_limited_reaction ? time_step : 0.;
        std::optional<TimerOutput::Scope> scope;
        if (timer)
          scope.emplace(*timer, "potential");
        const auto potential =
          potential_operator.solve(old_state.xi,
                                   old_state.concentration,
                                   new_state.phi,
                                   new_state.collector_potential,
                                   target_rate,
                                   sources.potential,
                                   noise,
                                   old_state.activity,
                                   substrate,
                                   depletion_time_step);
        report.newton_iterations    = potential.newton_iterations;
        report.potential_iterations = potential.linear_iterations;
        if (!potential.converged)
          {
            report.failure = "potential Newton iteration did not converge";
            report.potential_failed = true;
            report.current_not_deliverable =
              target_rate.has_value() && *target_rate != 0.;
            return report;
          }

        if (timer)
          scope.emplace(*timer, "phase field");
        // 2. Phase field, driven by the reaction rate just found.
        PETScWrappers::MPI::Vector xi_owned;
        discretization.reinit_owned(xi_owned);
        xi_owned = old_state.xi;
        const double mediator_dissolution_velocity =
          parameters.mediator_dissolution_current_density *
          material.velocity_per_current_density;
        report.phase_field_iterations =
          phase_field_operator.solve(old_state.xi,
                                     old_state.concentration,
                                     new_state.phi,
                                     new_state.collector_potential,
                                     time_step,
                                     xi_owned,
                                     sources.phase_field,
                                     noise,
                                     old_state.activity,
                                     substrate,
                                     mediator_dissolution_velocity,
                                     depletion_time_step);
        new_state.xi = xi_owned;
        report.mediator_dissolved_volume =
          phase_field_operator.mediator_dissolved_volume();

        const double tolerance      = parameters.phase_field_bound_tolerance;
        const auto [xi_min, xi_max] = global_value_range(xi_owned);
        if (!std::isfinite(xi_owned.l2_norm()) || xi_min < -tolerance ||
            xi_max > 1. + tolerance)
          {
            std::ostringstream message;
            message << "phase field left [" << -tolerance << ", "
                    << 1 + tolerance << "]: min " << xi_min << ", max "
                    << xi_max;
            report.failure = message.str();
            return report;
          }
        if (substrate != nullptr)
          {
            const double host_stripped =
              substrate->largest_host_stripped(old_state.xi, xi_owned);
            if (host_stripped > parameters.host_stripping_tolerance)
              {
                std::ostringstream message;
                message << "the step stripped the Cu host by up to "
                        << host_stripped << " (tolerance "
                        << parameters.host_stripping_tolerance << ")";
                report.failure = message.str();
                return report;
              }
          }
        PETScWrappers::MPI::Vector change = xi_owned;
        PETScWrappers::MPI::Vector xi_old_owned;
        discretization.reinit_owned(xi_old_owned);
        xi_old_owned = old_state.xi;
        change -= xi_old_owned;
        report.max_phase_field_change = change.linfty_norm();
        report.metal_volume_rate = (discretization.integrate(new_state.xi) -
                                    discretization.integrate(old_state.xi)) /
                                   time_step;

        // 3. Salt transport with the actual phase-field change as sink; the
        // counter electrode supplies the (1 - t+) share of the cell current,
        // which is the metal change plus what the mediator dissolved
        // without current.
        if (timer)
          scope.emplace(*timer, "transport");
        const double counter_electrode_flux =
          (1. - material.transference_number) * material.metal_to_salt_ratio *
          (report.metal_volume_rate +
           report.mediator_dissolved_volume / time_step) /
          collector_area;
        PETScWrappers::MPI::Vector c_owned;
        discretization.reinit_owned(c_owned);
        c_owned = old_state.concentration;
        report.transport_iterations =
          transport_operator.solve(old_state.xi,
                                   new_state.xi,
                                   old_state.concentration,
                                   counter_electrode_flux,
                                   time_step,
                                   c_owned,
                                   sources.transport,
                                   old_state.activity,
                                   mediator_dissolution_velocity);
        new_state.concentration = c_owned;
        if (!std::isfinite(c_owned.l2_norm()) ||
            global_value_range(c_owned).first <
              -parameters.concentration_tolerance)
          {
            report.failure = "Li+ concentration became negative";
            return report;
          }
      }
    catch (const SolverControl::NoConvergence &failure)
      {
        std::ostringstream message;
        message << "linear solver did not converge (" << failure.last_step
                << " iterations, residual " << failure.last_residual << ")";
        report.failure = message.str();
        return report;
      }
    report.accepted = true;
    return report;
  }



  template <int dim>
  const TransportOperator<dim> &
  CoupledStep<dim>::transport() const
  {
    return transport_operator;
  }



  template <int dim>
  std::pair<unsigned int, unsigned int>
  CoupledStep<dim>::n_preconditioner_setups() const
  {
    return {potential_operator.n_preconditioner_setups(),
            transport_operator.n_preconditioner_setups()};
  }



  template <int dim>
  void
  initialize_cell_state(const Discretization<dim> &discretization,
                        const Function<dim>       &initial_metal,
                        CellState                 &state)
  {
    PETScWrappers::MPI::Vector owned;
    discretization.reinit_owned(owned);
    const auto assign = [&](PETScWrappers::MPI::Vector      &field,
                            const AffineConstraints<double> &constraints) {
      constraints.distribute(owned);
      discretization.reinit_ghosted(field);
      field = owned;
    };
    VectorTools::interpolate(discretization.dof_handler, initial_metal, owned);
    assign(state.xi, discretization.free_constraints);
    owned = 1.;
    assign(state.concentration, discretization.concentration_constraints);
    owned = 0.;
    assign(state.phi, discretization.potential_constraints);
    state.collector_potential = 0.;
  }



  template void
  initialize_cell_state(const Discretization<2> &,
                        const Function<2> &,
                        CellState &);
  template void
  initialize_cell_state(const Discretization<3> &,
                        const Function<3> &,
                        CellState &);
  template class CoupledStep<2>;
  template class CoupledStep<3>;
} // namespace deadli
