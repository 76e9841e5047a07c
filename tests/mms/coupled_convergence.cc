// Manufactured-solution convergence of the whole coupled step (potential ->
// phase field -> transport, as CoupledStep runs it) under potentiostatic
// control with a bulk reservoir at the counter electrode. All three fields
// are time dependent; dt proportional to h^2 makes the first-order splitting
// error converge like the O(h^2) spatial error.

#include <deadli/physics/coupled_step.h>
#include <deadli/physics/interface_rate.h>

#include "manufactured_solution.h"

using namespace dealii;
using namespace deadli;
using namespace deadli::testing;

template <int dim>
unsigned int
run(const std::vector<unsigned int> &refinements, ConditionalOStream &out)
{
  out << "\n=== coupled step, " << dim << "D, Q1 ===\n";
  const MaterialProperties material = default_material();
  const SmoothField<dim>   xi{0.5, 0.3, 1, 2};
  // c = 1 at the reservoir (y = 1), no flux at the collector (y = 0).
  const SmoothField<dim> concentration{1, 0.2, 0.5, 5};
  const SmoothField<dim> phi{0, -0.05, 0.5, 1};
  const double           collector_potential = -0.08;
  const double           final_time          = 0.02;
  const double gradient_mobility = phase_field_gradient_mobility(material);
  const double sink_coefficient =
    (1. - material.transference_number) * material.metal_to_salt_ratio;

  double     time = 0;
  const auto rate = [&](const Point<dim> &p) {
    return local_phase_field_rate(material,
                                  xi.value(p, time),
                                  concentration.value(p, time),
                                  collector_potential - phi.value(p, time));
  };
  typename CoupledStep<dim>::ManufacturedSources sources;
  sources.potential = [&](const Point<dim> &p) {
    const std::function<Tensor<1, dim>(const Point<dim> &)> flux =
      [&](const Point<dim> &x) {
        const double s = material.effective_conductivity(xi.value(x, time));
        return s * phi.gradient(x, time) -
               s * material.diffusion_potential_coefficient *
                 concentration.gradient(x, time) /
                 concentration.value(x, time) -
               gradient_mobility * xi.gradient(x, time);
      };
    return minus_divergence<dim>(flux, p) + rate(p);
  };
  sources.phase_field = [&](const Point<dim> &p) {
    const std::function<Tensor<1, dim>(const Point<dim> &)> flux =
      [&](const Point<dim> &x) {
        return gradient_mobility * xi.gradient(x, time);
      };
    return xi.time_derivative(p, time) + minus_divergence<dim>(flux, p) -
           rate(p);
  };
  sources.transport = [&](const Point<dim> &p) {
    const std::function<Tensor<1, dim>(const Point<dim> &)> flux =
      [&](const Point<dim> &x) {
        return material.effective_diffusivity(xi.value(x, time)) *
               concentration.gradient(x, time);
      };
    const double xi_rate = xi.time_derivative(p, time);
    return -xi_rate * concentration.value(p, time) +
           (1. - xi.value(p, time)) * concentration.time_derivative(p, time) +
           minus_divergence<dim>(flux, p) + sink_coefficient * xi_rate;
  };

  typename CoupledStep<dim>::Parameters parameters;
  parameters.potential.max_newton_iterations = 30;
  parameters.potential.potential_tolerance   = 1e-11;
  parameters.potential.max_potential_update  = 0.1;
  parameters.potential.linear_tolerance      = 1e-10;
  parameters.phase_field_bound_tolerance     = 0.5;
  parameters.concentration_tolerance         = 1;

  ErrorSeries xi_l2{"xi L2", 2., {}}, c_l2{"c L2", 2., {}},
    phi_l2{"phi L2", 2., {}}, phi_h1{"phi H1", 1., {}};
  unsigned int n_steps = 4;
  for (const unsigned int refinement : refinements)
    {
      Discretization<dim> discretization(MPI_COMM_WORLD, 1);
      create_unit_box(discretization, refinement, true);
      CellState state, next;
      interpolate(
        discretization, xi, 0, discretization.free_constraints, state.xi);
      interpolate(discretization,
                  concentration,
                  0,
                  discretization.concentration_constraints,
                  state.concentration);
      interpolate(discretization,
                  phi,
                  0,
                  discretization.potential_constraints,
                  state.phi);
      state.collector_potential = collector_potential;

      CoupledStep<dim> coupled(discretization, material, parameters, 1.);
      coupled.reinit();
      const Setpoint setpoint{Setpoint::Control::potential,
                              collector_potential,
                              "plate",
                              1};
      const double   time_step = final_time / n_steps;
      time                     = 0;
      for (unsigned int step = 0; step < n_steps; ++step)
        {
          // The sources are evaluated at the new time level.
          time += time_step;
          const auto report = coupled.advance(
            state, setpoint, time - time_step, time_step, next, sources);
          AssertThrow(report.accepted, ExcMessage(report.failure));
          std::swap(state, next);
        }
      xi_l2.values.push_back(errors(discretization, state.xi, xi, time).first);
      c_l2.values.push_back(
        errors(discretization, state.concentration, concentration, time).first);
      const auto [l2_error, h1_error] =
        errors(discretization, state.phi, phi, time);
      phi_l2.values.push_back(l2_error);
      phi_h1.values.push_back(h1_error);
      out << "  refinement " << refinement << ": "
          << discretization.dof_handler.n_dofs() << " DoFs per field, "
          << n_steps << " steps of " << time_step << " s" << std::endl;
      n_steps *= 4;
    }
  return check_rates(refinements, {xi_l2, c_l2, phi_l2, phi_h1}, out);
}



int
main(int argc, char **argv)
{
  Utilities::MPI::MPI_InitFinalize mpi(argc, argv, 1);
  ConditionalOStream               out(std::cout,
                         Utilities::MPI::this_mpi_process(MPI_COMM_WORLD) == 0);
  unsigned int                     failures = 0;
  failures += run<2>(time_dependent_refinements_2d, out);
  failures += run<3>({1, 2, 3}, out);
  out << (failures == 0 ? "PASSED" : "FAILED") << std::endl;
  return failures == 0 ? 0 : 1;
}
