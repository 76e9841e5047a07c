// Lithium mass and charge balance over a full plate-rest-strip-rest cycle on
// a non-uniform deposit (rough layer with nuclei), run twice: on a fixed
// mesh, and with the mesh adapted every 5 steps (the deposit's front moves
// by about three finest cells, so cells behind it are coarsened, which
// ContentConservation must make conservative). Both times:
//  - salt in the electrolyte (Li+ counted with its anion) is conserved, since
//    the Li counter electrode supplies exactly what the interface takes, to a
//    relative 1e-10: the transport solve balances the salt to round-off
//    whatever its CG tolerance, and statistics.csv prints 12 digits (before
//    that balance the CG tolerance left 2e-10);
//  - Li metal gained = charge passed (Faraday), per step and over the cycle,
//    to a relative 1e-8.

#include <deadli/physics/constants.h>

#include "planar_cell.h"

using namespace dealii;
using namespace deadli;
using namespace deadli::testing;

namespace
{
  /// Run the cycle; return the number of failed checks (on rank 0).
  unsigned int
  check_cycle(const unsigned int refinement_interval)
  {
    const bool root = Utilities::MPI::this_mpi_process(MPI_COMM_WORLD) == 0;
    const std::string name =
      "mass_balance_refinement_interval_" + std::to_string(refinement_interval);
    const auto parameters = parameters_from_text<2>(name + ".prm",
                                                    R"(
set Dimension = 2
set Output directory = )" + name + R"(
set Output interval = 0
subsection Geometry
  set Domain width [um] = 8
  set Domain height [um] = 12
  set Coarse cell size [um] = 2
  set Initial Li thickness [um] = 3
  set Surface roughness amplitude [um] = 0.3
  set Surface roughness wavelength [um] = 4
  set Number of nuclei = 2
  set Nucleus radius [um] = 1
end
subsection Phase field
  set Interface relaxation rate [1/s] = 0.25
end
subsection SEI
  # SEI takes its share of the current with a one-step lag, which would
  # make the net charge of a symmetric cycle differ from zero by design;
  # the ledger with SEI is checked in dead_lithium.cc.
  set SEI Li per new surface [nm] = 0
end
subsection Mesh refinement
  set Initial global refinement = 1
  set Maximum level = 3
  set Refinement interval = )" + std::to_string(refinement_interval) +
                                                      R"(
end
subsection Cycling
  set Plating current density [mA/cm2] = 20
  set Stripping current density [mA/cm2] = 20
  set Plating time [s] = 30
  set Rest time [s] = 5
  set Stripping time [s] = 30
end
subsection Time stepping
  set Largest relaxation step = 0.5
  set Initial time step [s] = 0.1
  set Maximum time step [s] = 2
end
)");

    Simulator<2> simulator(parameters, MPI_COMM_WORLD);
    simulator.run();

    unsigned int failures = 0;
    if (root)
      {
        const auto &table = simulator.statistics();
        const auto  value = [&](const std::size_t  row,
                               const std::string &column) {
          return std::stod(table.value(row, column));
        };
        const std::size_t last   = table.n_rows() - 1;
        const double      salt0  = value(0, "electrolyte salt [mol/m2]");
        const double      metal0 = value(0, "Li metal capacity [mAh/cm2]");
        double            largest_salt_change = 0, largest_charge_mismatch = 0;
        double            largest_step_mismatch = 0;
        unsigned int      n_mesh_changes        = 0;
        for (std::size_t row = 1; row <= last; ++row)
          {
            largest_salt_change =
              std::max(largest_salt_change,
                       std::abs(value(row, "electrolyte salt [mol/m2]") -
                                salt0) /
                         salt0);
            largest_charge_mismatch =
              std::max(largest_charge_mismatch,
                       std::abs(value(row, "Li metal capacity [mAh/cm2]") -
                                metal0 -
                                value(row, "charge passed [mAh/cm2]")) /
                         metal0);
            const double step_metal =
              value(row, "Li metal capacity [mAh/cm2]") -
              value(row - 1, "Li metal capacity [mAh/cm2]");
            const double step_charge =
              value(row, "charge passed [mAh/cm2]") -
              value(row - 1, "charge passed [mAh/cm2]");
            largest_step_mismatch =
              std::max(largest_step_mismatch,
                       std::abs(step_metal - step_charge) / metal0);
            if (table.value(row, "dofs") != table.value(row - 1, "dofs"))
              ++n_mesh_changes;
          }
        const double plated = 20. * 30. / 3600.;
        std::cout << "refinement interval " << refinement_interval
                  << ": plated " << plated << " mAh/cm2 on " << metal0
                  << " mAh/cm2 of Li, " << last << " steps, " << n_mesh_changes
                  << " mesh changes\n"
                  << "largest relative change of the electrolyte salt: "
                  << largest_salt_change
                  << "\nlargest |metal gained - charge passed| / metal: "
                  << largest_charge_mismatch
                  << "\nlargest per-step |metal gained - charge passed| / "
                     "metal: "
                  << largest_step_mismatch
                  << "\nLi metal after the cycle - before: "
                  << value(last, "Li metal capacity [mAh/cm2]") - metal0
                  << " mAh/cm2, charge passed "
                  << value(last, "charge passed [mAh/cm2]") << std::endl;
        failures += largest_salt_change < 1e-10 ? 0 : 1;
        failures += largest_charge_mismatch < 1e-8 ? 0 : 1;
        failures += largest_step_mismatch < 1e-8 ? 0 : 1;
        failures +=
          std::abs(value(last, "charge passed [mAh/cm2]")) < 1e-8 * plated ? 0 :
                                                                             1;
        // The remeshing run must have changed its mesh, or it tested
        // nothing more than the first.
        if (refinement_interval > 0)
          failures += n_mesh_changes > 0 ? 0 : 1;
      }
    return failures;
  }
} // namespace



int
main(int argc, char **argv)
{
  Utilities::MPI::MPI_InitFinalize mpi(argc, argv, 1);
  unsigned int                     failures = check_cycle(0) + check_cycle(5);
  failures = Utilities::MPI::sum(failures, MPI_COMM_WORLD);
  if (Utilities::MPI::this_mpi_process(MPI_COMM_WORLD) == 0)
    std::cout << (failures == 0 ? "PASSED" : "FAILED") << std::endl;
  return failures == 0 ? 0 : 1;
}
