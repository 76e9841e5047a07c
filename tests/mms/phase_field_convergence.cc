// Manufactured-solution convergence of the phase-field step (Allen-Cahn with
// Butler-Volmer driving force): backward Euler in the gradient term, explicit
// local rate, dt proportional to h^2 so that the O(dt) splitting error
// converges like O(h^2). Q1 in 2D and 3D.

#include <deadli/physics/interface_rate.h>
#include <deadli/physics/phase_field_operator.h>

#include "manufactured_solution.h"

using namespace dealii;
using namespace deadli;
using namespace deadli::testing;

template <int dim>
unsigned int
run(const std::vector<unsigned int> &refinements, ConditionalOStream &out)
{
  out << "\n=== phase-field operator, " << dim << "D, Q1 ===\n";
  const MaterialProperties material = default_material();
  const SmoothField<dim>   xi{0.5, 0.3, 1, 2};
  const SmoothField<dim>   concentration{1, 0.2, 1, 0};
  const SmoothField<dim>   phi{0, -0.05, 0.5, 0};
  const double             collector_potential = -0.08;
  const double             final_time          = 0.02;

  double     time   = 0;
  const auto source = [&](const Point<dim> &p) {
    const std::function<Tensor<1, dim>(const Point<dim> &)> flux =
      [&](const Point<dim> &x) {
        return phase_field_gradient_mobility(material) * xi.gradient(x, time);
      };
    return xi.time_derivative(p, time) + minus_divergence<dim>(flux, p) -
           local_phase_field_rate(material,
                                  xi.value(p, time),
                                  concentration.value(p, 0),
                                  collector_potential - phi.value(p, 0));
  };

  ErrorSeries  l2{"xi L2", 2., {}}, h1{"xi H1", 1., {}};
  unsigned int n_steps = 4;
  for (const unsigned int refinement : refinements)
    {
      Discretization<dim> discretization(MPI_COMM_WORLD, 1);
      create_unit_box(discretization, refinement);
      PETScWrappers::MPI::Vector xi_h, c_h, phi_h, xi_new;
      interpolate(discretization, xi, 0, discretization.free_constraints, xi_h);
      interpolate(
        discretization, concentration, 0, discretization.free_constraints, c_h);
      interpolate(
        discretization, phi, 0, discretization.potential_constraints, phi_h);

      PhaseFieldOperator<dim> phase_field(discretization, material);
      phase_field.reinit();
      discretization.reinit_owned(xi_new);
      const double time_step = final_time / n_steps;
      time                   = 0;
      for (unsigned int step = 0; step < n_steps; ++step)
        {
          time += time_step;
          xi_new = xi_h;
          phase_field.solve(
            xi_h, c_h, phi_h, collector_potential, time_step, xi_new, source);
          xi_h = xi_new;
        }
      const auto [l2_error, h1_error] = errors(discretization, xi_h, xi, time);
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
