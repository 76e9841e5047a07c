// The kinetic noise (KineticNoise) is part of the model, not of the
// discretisation: a flat Li film plated at a fixed overpotential with noise
// of amplitude 0.5 on a 2 um grid and 0.125 s windows must grow the same
// rough surface on a mesh and a time step both halved. The metal thickness
// (integral of xi over the height) of 16 strips across the cell, less its
// mean, must agree between the two discretisations to 10 % of its spread,
// and the noise must have roughened the surface by at least 2 % of the
// plated thickness.
//
// Control (checked too, so that the test can tell): with a 0.01 um noise
// grid, finer than both meshes, every quadrature point draws its own number,
// as DeadLi's noise did before. The two discretisations then see different
// noise, and their surfaces must differ by more than half their spread.

#include <deal.II/base/conditional_ostream.h>

#include <deadli/physics/coupled_step.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "../mms/manufactured_solution.h"
#include "planar_cell.h"

using namespace dealii;
using namespace deadli;
using namespace deadli::testing;

namespace
{
  constexpr double cell_width      = 8;
  constexpr double layer_thickness = 3;
  constexpr double plating_time    = 0.5;

  constexpr unsigned int n_strips = 16;

  /// Metal thickness (the integral of xi over the height) averaged over
  /// each of n_strips vertical strips across the cell, whose edges are cell
  /// faces on these meshes.
  std::vector<double>
  strip_thicknesses(const Discretization<2>          &discretization,
                    const PETScWrappers::MPI::Vector &xi)
  {
    const double        strip_width = cell_width / n_strips;
    std::vector<double> thicknesses(n_strips, 0.);
    FEValues<2>         fe_values(discretization.fe,
                          discretization.quadrature,
                          update_values | update_JxW_values);
    std::vector<double> xi_values(discretization.quadrature.size());
    for (const auto &cell : discretization.dof_handler.active_cell_iterators())
      if (cell->is_locally_owned())
        {
          fe_values.reinit(cell);
          fe_values.get_function_values(xi, xi_values);
          const unsigned int strip =
            std::min(n_strips - 1,
                     static_cast<unsigned int>(cell->center()[0] /
                                               strip_width));
          for (unsigned int q = 0; q < xi_values.size(); ++q)
            thicknesses[strip] += xi_values[q] * fe_values.JxW(q);
        }
    Utilities::MPI::sum(thicknesses, MPI_COMM_WORLD, thicknesses);
    for (double &thickness : thicknesses)
      thickness /= strip_width;
    return thicknesses;
  }

  double
  mean(const std::vector<double> &values)
  {
    return std::accumulate(values.begin(), values.end(), 0.) / values.size();
  }

  /// The metal thickness of the strips across the cell after plating, less
  /// its mean, on a mesh refined @p refinements times from 1 um cells and
  /// with @p time_step; the second member is the mean plated thickness.
  std::pair<std::vector<double>, double>
  plated_surface(const MaterialProperties &material,
                 const double              noise_cell_size,
                 const unsigned int        refinements,
                 const double              time_step)
  {
    const PlanarCollector<2> geometry =
      flat_film(cell_width, 6, layer_thickness);

    Discretization<2> discretization(MPI_COMM_WORLD, 1);
    geometry.create_coarse_mesh(discretization.triangulation);
    discretization.add_lateral_periodicity();
    discretization.triangulation.refine_global(refinements);
    discretization.setup(true);

    typename CoupledStep<2>::Parameters parameters =
      tightly_converged_step_parameters();
    parameters.kinetic_noise_amplitude        = 0.5;
    parameters.kinetic_noise_cell_size        = noise_cell_size;
    parameters.kinetic_noise_correlation_time = 0.125;
    parameters.kinetic_noise_seed             = 3;

    CellState state, next;
    initialize_cell_state(discretization,
                          *geometry.initial_metal_fraction(
                            material.interface_width),
                          state);
    const double initial_mean =
      mean(strip_thicknesses(discretization, state.xi));
    CoupledStep<2> coupled(discretization,
                           material,
                           parameters,
                           geometry.collector_area());
    coupled.reinit();
    const unsigned int n_steps =
      static_cast<unsigned int>(std::round(plating_time / time_step));
    for (unsigned int step = 0; step < n_steps; ++step)
      {
        const auto report =
          coupled.advance(state,
                          {Setpoint::Control::potential, -0.1, "plate", 1},
                          step * time_step,
                          time_step,
                          next);
        AssertThrow(report.accepted, ExcMessage(report.failure));
        std::swap(state, next);
      }

    std::vector<double> thicknesses =
      strip_thicknesses(discretization, state.xi);
    const double final_mean = mean(thicknesses);
    for (double &thickness : thicknesses)
      thickness -= final_mean;
    return {thicknesses, final_mean - initial_mean};
  }

  double
  root_mean_square(const std::vector<double> &values)
  {
    return std::sqrt(
      std::inner_product(values.begin(), values.end(), values.begin(), 0.) /
      values.size());
  }

  std::vector<double>
  difference(const std::vector<double> &a, const std::vector<double> &b)
  {
    std::vector<double> result(a.size());
    std::transform(
      a.begin(), a.end(), b.begin(), result.begin(), std::minus<>());
    return result;
  }
} // namespace

int
main(int argc, char **argv)
{
  Utilities::MPI::MPI_InitFinalize mpi(argc, argv, 1);
  ConditionalOStream               out(std::cout,
                         Utilities::MPI::this_mpi_process(MPI_COMM_WORLD) == 0);

  // Highly conducting and fast-diffusing electrolyte: the noise is the only
  // thing that varies along the surface.
  const MaterialProperties material =
    default_material({{"Material/Electrolyte conductivity [S/m]", "1000"},
                      {"Material/Salt diffusivity [m2/s]", "1e-7"},
                      {"Phase field/Interface width [um]", "1"},
                      {"Phase field/Interface relaxation rate [1/s]", "2"}});

  unsigned int failures = 0;
  for (const double noise_cell_size : {2., 0.01})
    {
      const auto [coarse, coarse_thickness] =
        plated_surface(material, noise_cell_size, 3, 0.02);
      const auto [fine, fine_thickness] =
        plated_surface(material, noise_cell_size, 4, 0.01);
      const double spread   = root_mean_square(fine);
      const double mismatch = root_mean_square(difference(coarse, fine));
      const bool   control  = noise_cell_size < 0.1;
      const bool   passed =
        control ? mismatch > 0.5 * spread :
                    mismatch < 0.1 * spread && spread > 0.02 * fine_thickness;
      out << "noise grid " << noise_cell_size << " um: plated "
          << coarse_thickness << " um (h = 0.125 um, dt = 0.02 s), "
          << fine_thickness << " um (h = 0.0625 um, dt = 0.01 s)\n"
          << "  strip centre x [um]   thickness - mean [um]: h = 0.125   "
             "h = 0.0625\n";
      for (unsigned int i = 0; i < fine.size(); ++i)
        out << "  " << (i + 0.5) * cell_width / n_strips << "   " << coarse[i]
            << "   " << fine[i] << '\n';
      out << "  spread (rms) " << spread << " um, mismatch (rms) " << mismatch
          << " um = " << mismatch / spread << " of the spread"
          << (control ? " (must be > 0.5)" : " (must be < 0.1)")
          << (passed ? "" : "  FAILED") << '\n';
      failures += passed ? 0 : 1;
    }

  out << (failures == 0 ? "PASSED" : "FAILED") << std::endl;
  return failures == 0 ? 0 : 1;
}
