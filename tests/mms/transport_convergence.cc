// Manufactured-solution convergence of the salt-transport step: conservative
// backward Euler with the electrolyte fraction of a moving phase field, the
// (1 - t+) reaction sink, and zero flux at both ends. dt proportional to h^2.

#include <deadli/physics/transport_operator.h>

#include "manufactured_solution.h"

using namespace dealii;
using namespace deadli;
using namespace deadli::testing;

template <int dim>
unsigned int
run(const std::vector<unsigned int> &refinements, ConditionalOStream &out)
{
  out << "\n=== transport operator, " << dim << "D, Q1 ===\n";
  const MaterialProperties material = default_material();
  const SmoothField<dim>   xi{0.5, 0.3, 1, 20};
  const SmoothField<dim>   concentration{1, 0.3, 1, 10};
  const double             final_time = 0.02;
  const double             sink_coefficient =
    (1. - material.transference_number) * material.metal_to_salt_ratio;

  double     time   = 0;
  const auto source = [&](const Point<dim> &p) {
    const std::function<Tensor<1, dim>(const Point<dim> &)> flux =
      [&](const Point<dim> &x) {
        return material.effective_diffusivity(xi.value(x, time)) *
               concentration.gradient(x, time);
      };
    const double xi_rate = xi.time_derivative(p, time);
    const double storage_rate =
      -xi_rate * concentration.value(p, time) +
      (1. - xi.value(p, time)) * concentration.time_derivative(p, time);
    return storage_rate + minus_divergence<dim>(flux, p) +
           sink_coefficient * xi_rate;
  };

  ErrorSeries  l2{"c L2", 2., {}}, h1{"c H1", 1., {}};
  unsigned int n_steps = 4;
  for (const unsigned int refinement : refinements)
    {
      Discretization<dim> discretization(MPI_COMM_WORLD, 1);
      create_unit_box(discretization, refinement);
      PETScWrappers::MPI::Vector xi_old, xi_new, c_h, c_new;
      interpolate(
        discretization, concentration, 0, discretization.free_constraints, c_h);
      discretization.reinit_owned(c_new);

      TransportOperator<dim> transport(discretization, material);
      transport.reinit();
      const double time_step = final_time / n_steps;
      time                   = 0;
      for (unsigned int step = 0; step < n_steps; ++step)
        {
          interpolate(
            discretization, xi, time, discretization.free_constraints, xi_old);
          time += time_step;
          interpolate(
            discretization, xi, time, discretization.free_constraints, xi_new);
          c_new = c_h;
          transport.solve(xi_old, xi_new, c_h, 0., time_step, c_new, source);
          c_h = c_new;
        }
      const auto [l2_error, h1_error] =
        errors(discretization, c_h, concentration, time);
      l2.values.push_back(l2_error);
      h1.values.push_back(h1_error);
      out << "  refinement " << refinement << ": "
          << discretization.dof_handler.n_dofs() << " DoFs, " << n_steps
          << " steps of " << time_step << " s" << std::endl;
      n_steps *= 4;
    }
  return check_rates(refinements, {l2, h1}, out);
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
