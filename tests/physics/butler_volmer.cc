// Butler-Volmer kinetics of the diffuse interface: a flat Li surface held at
// a fixed overpotential (highly conducting electrolyte, so phi ~ 0, and a
// fast-diffusing one, so c = c0 at the surface) must, once its profile moves
// steadily, carry i0 [exp((1-a) f eta) - exp(-a f eta)] within 1 %; the
// cathodic Tafel slope must be 119 mV/decade at a = 0.5 and 300 K; at eta = 0
// the interface must not move. The steady state is reached after a few
// relaxation times 1/(L_sigma W); dt is 1/100 of that, well below the
// stability cap, and the current at the cap is printed for reference.
// With an interface film of resistance R_f (an artificial SEI) the current
// must be the root of i = i0 b(eta - R_f i), within 1 %.

#include <deal.II/numerics/vector_tools.h>

#include <deadli/physics/constants.h>
#include <deadli/physics/coupled_step.h>
#include <deadli/physics/kinetics.h>

#include "../mms/manufactured_solution.h"
#include "planar_cell.h"

using namespace dealii;
using namespace deadli;
using namespace deadli::testing;

int
main(int argc, char **argv)
{
  Utilities::MPI::MPI_InitFinalize mpi(argc, argv, 1);
  ConditionalOStream               out(std::cout,
                         Utilities::MPI::this_mpi_process(MPI_COMM_WORLD) == 0);

  const double             relaxation_rate = 2.;
  const MaterialProperties material =
    default_material({{"Material/Electrolyte conductivity [S/m]", "1000"},
                      {"Material/Salt diffusivity [m2/s]", "1e-7"},
                      {"Phase field/Interface relaxation rate [1/s]",
                       std::to_string(relaxation_rate)}});

  const PlanarCollector<2> geometry = flat_film(1, 8, 4);

  Discretization<2> discretization(MPI_COMM_WORLD, 1);
  geometry.create_coarse_mesh(discretization.triangulation);
  discretization.add_lateral_periodicity();
  discretization.triangulation.refine_global(3); // h = delta / 8
  discretization.setup(true);

  const typename CoupledStep<2>::Parameters parameters =
    tightly_converged_step_parameters();

  CellState initial;
  initialize_cell_state(discretization,
                        *geometry.initial_metal_fraction(
                          material.interface_width),
                        initial);

  const double exchange_current = material.exchange_current_density;
  // Current density (A/m2, cathodic negative) of the last of the steps that
  // cover six relaxation times.
  const auto current_with = [&](const MaterialProperties &properties,
                                const double              overpotential,
                                const double              time_step) {
    CoupledStep<2> coupled(discretization,
                           properties,
                           parameters,
                           geometry.collector_area());
    coupled.reinit();
    CellState state = initial, next;
    double    rate  = 0;
    for (double time = 0; time < 6. / relaxation_rate; time += time_step)
      {
        const auto report = coupled.advance(
          state,
          {Setpoint::Control::potential, overpotential, "plate", 1},
          time,
          time_step,
          next);
        AssertThrow(report.accepted, ExcMessage(report.failure));
        std::swap(state, next);
        rate = report.metal_volume_rate;
      }
    return -rate / geometry.collector_area() /
           properties.velocity_per_current_density;
  };
  const auto current_at = [&](const double overpotential,
                              const double time_step) {
    return current_with(material, overpotential, time_step);
  };
  const double time_step = 0.01 / relaxation_rate;

  unsigned int failures = 0;
  out << "eta [V]   i computed [A/m2]   i Butler-Volmer [A/m2]   rel. error\n";
  for (const double overpotential : {-0.15, -0.05, 0.05, 0.1})
    {
      const double computed = current_at(overpotential, time_step);
      const double analytic =
        exchange_current *
        kinetics::butler_volmer(overpotential,
                                1.,
                                material.transfer_coefficient,
                                material.f);
      const double error = std::abs(computed - analytic) / std::abs(analytic);
      out << overpotential << "   " << computed << "   " << analytic << "   "
          << error << (error < 0.01 ? "" : "  FAILED") << '\n';
      failures += error < 0.01 ? 0 : 1;
    }

  const double tafel_slope =
    (-0.25 - -0.2) / std::log10(std::abs(current_at(-0.25, time_step)) /
                                std::abs(current_at(-0.2, time_step)));
  const bool tafel_ok = std::abs(std::abs(tafel_slope) * 1000 - 119.) < 1.2;
  out << "cathodic Tafel slope: " << std::abs(tafel_slope) * 1000
      << " mV/decade (expected 119 at alpha = 0.5, 300 K)"
      << (tafel_ok ? "" : "  FAILED") << '\n';
  failures += tafel_ok ? 0 : 1;

  const double equilibrium_current = current_at(0., time_step);
  const bool at_rest = std::abs(equilibrium_current) < 1e-3 * exchange_current;
  out << "current at eta = 0: " << equilibrium_current
      << " A/m2 (must be < 1e-3 i0)" << (at_rest ? "" : "  FAILED") << '\n';
  failures += at_rest ? 0 : 1;

  const double at_cap = current_at(-0.05, 0.5 / relaxation_rate);
  out
    << "for reference, at the stability cap dt = 1/(2 L_sigma W): i(-0.05 V) = "
    << at_cap << " A/m2, "
    << exchange_current * kinetics::butler_volmer(-0.05,
                                                  1.,
                                                  material.transfer_coefficient,
                                                  material.f)
    << " expected\n";
  // An interface film of area resistance R_f in series (artificial SEI,
  // doc/model.md section 3.7): the current must solve i = i0 b(eta - R_f i).
  // The reference root is found here by plain bisection, independently of
  // the Newton iteration of kinetics::butler_volmer_through_film().
  const double             film_resistance = 20.; // Ohm cm2: R_f i0 = 20 mV
  const MaterialProperties filmed_material =
    default_material({{"Material/Electrolyte conductivity [S/m]", "1000"},
                      {"Material/Salt diffusivity [m2/s]", "1e-7"},
                      {"Material/Interface film resistance [Ohm cm2]",
                       std::to_string(film_resistance)},
                      {"Phase field/Interface relaxation rate [1/s]",
                       std::to_string(relaxation_rate)}});
  const double film_resistance_si = film_resistance * 1e-4; // Ohm m2
  out << "with a film of " << film_resistance << " Ohm cm2:\n"
      << "eta [V]   i computed [A/m2]   i = i0 b(eta - R i) [A/m2]   "
         "without film [A/m2]   rel. error\n";
  for (const double overpotential : {-0.15, -0.05, 0.05})
    {
      const double without_film =
        exchange_current *
        kinetics::butler_volmer(overpotential,
                                1.,
                                material.transfer_coefficient,
                                material.f);
      double low  = std::min(0., without_film);
      double high = std::max(0., without_film);
      for (unsigned int i = 0; i < 200; ++i)
        {
          const double middle = 0.5 * (low + high);
          const double mismatch =
            middle - exchange_current *
                       kinetics::butler_volmer(overpotential -
                                                 film_resistance_si * middle,
                                               1.,
                                               material.transfer_coefficient,
                                               material.f);
          (mismatch > 0 ? high : low) = middle;
        }
      const double analytic = 0.5 * (low + high);
      const double computed =
        current_with(filmed_material, overpotential, time_step);
      const double error = std::abs(computed - analytic) / std::abs(analytic);
      // The film must matter: at these overpotentials its drop is 30-60 %
      // of eta, so a run that ignored it would be off by far more than 1 %.
      const bool film_matters =
        std::abs(without_film - analytic) > 0.2 * std::abs(analytic);
      out << overpotential << "   " << computed << "   " << analytic << "   "
          << without_film << "   " << error
          << (error < 0.01 && film_matters ? "" : "  FAILED") << '\n';
      failures += error < 0.01 && film_matters ? 0 : 1;
    }

  out << (failures == 0 ? "PASSED" : "FAILED") << std::endl;
  return failures == 0 ? 0 : 1;
}
