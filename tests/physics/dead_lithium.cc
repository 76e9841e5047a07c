// End to end: a Li whisker on bare Cu is plated on, then stripped until no
// Li wired to the collector is left. Its thin stalk dissolves first, which
// cuts the head off: the head must become one dead fragment during the run,
// stay frozen from then on (no reaction, no motion), and count as lost
// lithium. The whisker is Li present before the first plating (a
// reservoir), so the loss shows in the reservoir-corrected average CE
// (Adams et al. 2018: Li stripped over initial Li + Li plated), which must
// be below 100 %, while the per-cycle CE strips old Li and exceeds 100 %.
// The lithium ledger (active + dead metal + SEI against the charge through
// the circuit) must close to 1e-8, and the cycle's loss must split exactly
// into dead Li, SEI and the change of active Li.

#include <deadli/physics/constants.h>

#include "../checker.h"
#include "planar_cell.h"

using namespace dealii;
using namespace deadli;
using namespace deadli::testing;

int
main(int argc, char **argv)
{
  Utilities::MPI::MPI_InitFinalize mpi(argc, argv, 1);
  const bool root = Utilities::MPI::this_mpi_process(MPI_COMM_WORLD) == 0;

  const auto parameters =
    parameters_from_text<2>("dead_lithium.prm",
                            whisker_cell("dead_lithium_output", 10, 0, 0));

  Simulator<2> simulator(parameters, MPI_COMM_WORLD);
  simulator.run();

  Checker checker;

  const auto &table = simulator.statistics();
  const auto  value = [&](const std::size_t row, const std::string &column) {
    return std::stod(table.value(row, column));
  };
  const std::size_t last = table.n_rows() - 1;

  // The head detaches once, during the strip, and stays one fragment.
  std::size_t first_dead = 0;
  for (std::size_t row = 0; row <= last && first_dead == 0; ++row)
    if (value(row, "dead fragments") > 0)
      first_dead = row;
  checker.check(value(0, "dead fragments") == 0, "no dead Li at the start");
  checker.check(first_dead > 0 && table.value(first_dead, "stage") == "strip",
                "the head becomes dead during the strip (step " +
                  std::to_string(first_dead) + ")");
  checker.check(value(last, "dead fragments") == 1,
                "exactly one dead fragment");

  // Frozen: its volume no longer changes (the halo bookkeeping moves a
  // little as the live metal recedes next to it).
  const double dead_at_detachment = value(first_dead, "dead Li0 volume [um3]");
  const double dead_at_end        = value(last, "dead Li0 volume [um3]");
  if (root)
    std::cout << "dead Li volume at detachment " << dead_at_detachment
              << " um2, at the end " << dead_at_end << " um2; largest fragment "
              << value(last, "largest dead fragment [um3]") << " um2"
              << std::endl;
  checker.check(dead_at_detachment > 0 &&
                  std::abs(dead_at_end - dead_at_detachment) <
                    0.05 * dead_at_detachment,
                "the dead fragment stays frozen (volume within 5 %)");
  // Most of a head of radius 1.2 um plus what was plated on it.
  checker.check(dead_at_end > 0.5 * M_PI * 1.2 * 1.2,
                "the dead fragment is the head");

  // The strip ended before its time limit: nothing wired to the collector
  // was left to deliver the current.
  checker.check(value(last, "time [s]") < 20 + 400 - 1,
                "the strip ended early (t = " + table.value(last, "time [s]") +
                  " s)");

  // Coulombic efficiency below 100 %, and the loss is dead Li + SEI.
  const StatisticsTable &cycles = simulator.get_ledger().cycles();
  checker.check(cycles.n_rows() == 1, "one row in cycles.csv");
  const auto cycle_value = [&](const std::string &column) {
    return std::stod(cycles.value(0, column));
  };
  const double efficiency = cycle_value("Coulombic efficiency [%]");
  const double average_efficiency =
    cycle_value("average CE with initial Li [%]");
  if (root)
    std::cout << "plated " << cycle_value("plated [mAh/cm2]")
              << " mAh/cm2, stripped " << cycle_value("stripped [mAh/cm2]")
              << " mAh/cm2, CE " << efficiency << " %, average CE with "
              << "initial Li " << average_efficiency << " %, dead Li0 formed "
              << cycle_value("dead Li0 formed [mAh/cm2]")
              << " mAh/cm2, SEI Li+ formed "
              << cycle_value("SEI Li+ formed [mAh/cm2]") << " mAh/cm2"
              << std::endl;
  checker.check(efficiency > 100,
                "per-cycle CE > 100 % (the initial whisker is stripped too)");
  checker.check(average_efficiency > 0 && average_efficiency < 100,
                "reservoir-corrected average CE < 100 %");
  const double loss  = cycle_value("loss [mAh/cm2]");
  const double split = cycle_value("dead Li0 formed [mAh/cm2]") +
                       cycle_value("SEI Li+ formed [mAh/cm2]") +
                       cycle_value("active Li0 change [mAh/cm2]");
  if (root)
    std::cout << "loss " << loss << " mAh/cm2, dead + SEI + active change "
              << split << " mAh/cm2" << std::endl;
  checker.check(std::abs(loss - split) < 1e-8 * std::abs(loss),
                "the loss splits into dead Li, SEI and active Li change");
  checker.check(cycle_value("SEI Li+ formed [mAh/cm2]") > 0, "SEI formed");

  // The SEI field for ParaView holds the ledger's SEI (no remeshing here).
  const double sei_in_field =
    simulator.get_discretization().integrate(simulator.get_sei_fraction());
  const double sei_in_ledger = value(last, "SEI Li+ [mAh/cm2]") /
                               value(last, "Li metal capacity [mAh/cm2]") *
                               value(last, "Li metal volume [um3]");
  if (root)
    std::cout << "SEI Li in the field " << sei_in_field
              << " um2, in the ledger " << sei_in_ledger << " um2" << std::endl;
  checker.check(std::abs(sei_in_field - sei_in_ledger) < 1e-6 * sei_in_ledger,
                "the SEI field integrates to the ledger's SEI");


  // Mass balance, step by step and over the run.
  const double largest_error =
    largest_magnitude(table, "Li balance error [mAh/cm2]");
  const double inventory = value(last, "dead Li0 [mAh/cm2]");
  if (root)
    std::cout << "largest |Li balance error| " << largest_error
              << " mAh/cm2 = " << largest_error / inventory << " of the dead Li"
              << std::endl;
  checker.check(largest_error < 1e-8 * inventory, "Li balance closes to 1e-8");

  return checker.exit_code();
}
