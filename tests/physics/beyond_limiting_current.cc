// Potentiostatic plating far beyond the limiting current, end to end: a
// flat Li film under 98 um of 1 M electrolyte with bulk electrolyte at the
// top (1D-like column, 2D), held at -0.45 V for 15 s. The limiting current
// of the column, F D c0 / ((1 - t+) L), is about 50 mA/cm2; the kinetics
// alone would carry several times that, so the salt at the interface runs
// out within a few seconds (Sand's time).
//  * With the concentration of the previous step in the reaction
//    ('Salt in the reaction = previous step', the default) the interface
//    then consumes more salt in a step than it holds: the run must stop
//    (time step below its minimum, "Li+ concentration became negative").
//  * With 'depletion limited' the run must go through, with the Li balance
//    closed to 1e-8, and the current must decay towards the limiting
//    current from above: monotonically over the last 5 s and, at 15 s,
//    between 0.8 and 1.1 times it (measured: 0.89; the remaining deficit is
//    the splitting error of doc/model.md section 7.1 at dt = 0.02 s).

#include <deadli/physics/constants.h>

#include "../checker.h"
#include "planar_cell.h"

using namespace dealii;
using namespace deadli;
using namespace deadli::testing;

namespace
{
  std::string
  column(const std::string &output_directory, const std::string &salt)
  {
    return R"(
set Dimension = 2
set Output directory = )" +
           output_directory + R"(
set Output interval = 0
set Counter electrode = reservoir
subsection Geometry
  set Domain width [um] = 2
  set Domain height [um] = 100
  set Coarse cell size [um] = 2
  set Initial Li thickness [um] = 2
  set Surface roughness amplitude [um] = 0
  set Number of nuclei = 0
end
subsection Phase field
  set Interface width [um] = 1
  set Interface relaxation rate [1/s] = 0.25
  set Salt in the reaction = )" +
           salt + R"(
end
subsection SEI
  set SEI Li per new surface [nm] = 0
end
subsection Mesh refinement
  set Initial global refinement = 0
  set Maximum level = 3
  set Refinement interval = 5
end
subsection Cycling
  set Control = potentiostatic
  set Plating potential [V] = -0.45
  set Plating time [s] = 15
  set Stripping time [s] = 0
end
subsection Time stepping
  set Initial time step [s] = 0.001
  set Maximum time step [s] = 0.02
end
)";
  }
} // namespace

int
main(int argc, char **argv)
{
  Utilities::MPI::MPI_InitFinalize mpi(argc, argv, 1);
  const bool root = Utilities::MPI::this_mpi_process(MPI_COMM_WORLD) == 0;
  Checker    checker;

  // Simulator keeps a reference to its parameters.
  const auto previous_step_parameters =
    parameters_from_text<2>("beyond_limiting_current_previous.prm",
                            column("beyond_limiting_current_previous",
                                   "previous step"));
  bool        stopped = false;
  std::string reason;
  try
    {
      Simulator<2> previous_step(previous_step_parameters, MPI_COMM_WORLD);
      previous_step.run();
    }
  catch (const std::exception &error)
    {
      stopped = true;
      reason  = error.what();
    }
  if (root)
    std::cout << "previous step: "
              << (stopped ? "stopped: " + reason : "ran through") << std::endl;
  checker.check(stopped && reason.find("Li+ concentration became negative") !=
                             std::string::npos,
                "with the previous step's salt the run stops on negative c");

  const auto parameters =
    parameters_from_text<2>("beyond_limiting_current_limited.prm",
                            column("beyond_limiting_current_limited",
                                   "depletion limited"));
  Simulator<2> limited(parameters, MPI_COMM_WORLD);
  limited.run();

  const StatisticsTable &table = limited.statistics();
  const auto value = [&](const std::size_t row, const std::string &column) {
    return std::stod(table.value(row, column));
  };
  // The last rows at the full step of 0.02 s (the very last step is cut
  // short to land on 15 s, and the rate of a shorter step is throttled
  // less).
  std::size_t last = table.n_rows() - 1;
  while (last > 0 && value(last, "dt [s]") < 0.02 * (1. - 1e-9))
    --last;
  const double end_time = value(table.n_rows() - 1, "time [s]");
  checker.check(std::abs(end_time - 15.) < 1e-9,
                "depletion limited: the run reaches 15 s");

  // Limiting current of the electrolyte column above the deposit, from the
  // material as given in the prm (SI), not from the solver's coefficients.
  const MaterialProperties &material = parameters.material;
  const double              faraday  = constants::faraday;
  const double lithium_thickness = value(last, "Li metal capacity [mAh/cm2]") *
                                   36000. / faraday /
                                   material.lithium_site_density * 1e6; // um
  const double length = (100. - lithium_thickness) * 1e-6;
  const double limiting =
    faraday * material.salt_diffusivity * material.bulk_concentration /
    ((1. - material.transference_number) * length) / 10.; // mA/cm2
  const double current   = value(last, "cell current density [mA/cm2]");
  bool         decaying  = true;
  std::size_t  first_row = last;
  while (first_row > 0 && value(first_row, "time [s]") > 10.)
    --first_row;
  for (std::size_t row = first_row + 1; row <= last; ++row)
    decaying =
      decaying && value(row, "cell current density [mA/cm2]") <=
                    value(row - 1, "cell current density [mA/cm2]") + 1e-9;
  if (root)
    std::cout << "depletion limited: current at t = "
              << table.value(last, "time [s]") << " s " << current
              << " mA/cm2, limiting current " << limiting << " mA/cm2, ratio "
              << current / limiting << std::endl;
  checker.check(decaying, "the current decays over the last 5 s");
  checker.check(current > 0.8 * limiting && current < 1.1 * limiting,
                "the current approaches the limiting current");
  const double largest_error =
    largest_magnitude(table, "Li balance error [mAh/cm2]");
  const double plated = value(last, "Li metal capacity [mAh/cm2]") -
                        value(0, "Li metal capacity [mAh/cm2]");
  if (root)
    std::cout << "largest |Li balance error| " << largest_error
              << " mAh/cm2, plated " << plated << " mAh/cm2" << std::endl;
  checker.check(largest_error < 1e-8 * plated, "Li balance closes to 1e-8");

  return checker.exit_code();
}
