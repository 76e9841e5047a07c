// The redox-mediator strategy of dead-Li mitigation, end to end. The whisker
// of physics/dead_lithium is plated on and stripped until its head is cut
// off, then the cell rests; this is run twice, without and with a redox
// mediator ('Mitigation/Redox mediator dissolution current'). Without it the
// head stays as dead Li0. With it:
//  * until the head detaches, the run is bitwise that without it (the term
//    acts on dead metal only);
//  * the dead head dissolves: dead Li0 at the end < 5 % of the run without;
//  * no current flows for it: every step's cell current is the set current
//    (SEI is switched off, so nothing else adds to the circuit), and the Li
//    ledger (active + dead metal + mediator-dissolved Li against the charge
//    through the circuit) closes to 1e-8;
//  * the dissolved Li0 is in the electrolyte as Li+: the salt content
//    (a flux counter electrode, no remeshing, so it is otherwise exactly
//    conserved) grows by exactly the dissolved amount.

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

  const auto without_parameters = parameters_from_text<2>(
    "redox_mediator_off.prm",
    whisker_cell("redox_mediator_off_output", 0, 40, 0));
  Simulator<2> without(without_parameters, MPI_COMM_WORLD);
  without.run();
  const auto with_parameters = parameters_from_text<2>(
    "redox_mediator_on.prm",
    whisker_cell("redox_mediator_on_output", 0, 40, 20));
  Simulator<2> with(with_parameters, MPI_COMM_WORLD);
  with.run();

  Checker                checker;
  const StatisticsTable &off   = without.statistics();
  const StatisticsTable &on    = with.statistics();
  const auto             value = [](const StatisticsTable &table,
                        const std::size_t      row,
                        const std::string     &column) {
    return std::stod(table.value(row, column));
  };
  const std::size_t last_off = off.n_rows() - 1;
  const std::size_t last_on  = on.n_rows() - 1;

  // Identical until there is dead metal to dissolve.
  std::size_t first_dead = 0;
  for (std::size_t row = 0; row <= last_on && first_dead == 0; ++row)
    if (value(on, row, "dead fragments") > 0)
      first_dead = row;
  checker.check(first_dead > 0,
                "the head becomes dead (step " + std::to_string(first_dead) +
                  ")");
  bool identical = first_dead < off.n_rows();
  for (std::size_t row = 0; row < first_dead && identical; ++row)
    for (const std::string column : {"time [s]",
                                     "collector potential [V]",
                                     "Li metal volume [um3]",
                                     "electrolyte salt [mol/m2]",
                                     "dead Li0 [mAh/cm2]"})
      identical = identical && off.value(row, column) == on.value(row, column);
  checker.check(identical,
                "bitwise the run without mediator until the head detaches");

  // The head dissolves.
  const double dead_without = value(off, last_off, "dead Li0 [mAh/cm2]");
  const double dead_with    = value(on, last_on, "dead Li0 [mAh/cm2]");
  const double dissolved =
    value(on, last_on, "mediator-dissolved Li0 [mAh/cm2]");
  if (root)
    std::cout << "dead Li0 at the end: without mediator " << dead_without
              << " mAh/cm2, with " << dead_with << " mAh/cm2 ("
              << 100. * dead_with / dead_without << " %); mediator-dissolved "
              << dissolved << " mAh/cm2" << std::endl;
  checker.check(dead_without > 0.05, "without mediator the head stays dead");
  checker.check(dead_with < 0.05 * dead_without,
                "with mediator dead Li0 < 5 % of the run without");
  checker.check(dissolved > 0.8 * dead_without,
                "the head went to the mediator");

  // No current for it: the cell current is the set current in every step.
  double largest_current_deviation = 0;
  for (std::size_t row = 1; row <= last_on; ++row)
    largest_current_deviation =
      std::max(largest_current_deviation,
               std::abs(value(on, row, "cell current density [mA/cm2]") -
                        value(on, row, "applied current density [mA/cm2]")));
  checker.check(largest_current_deviation < 1e-9,
                "cell current = set current in every step (largest deviation " +
                  std::to_string(largest_current_deviation) + " mA/cm2)");
  checker.check(std::stod(with.get_ledger().cycles().value(
                  0, "mediator-dissolved Li0 [mAh/cm2]")) == dissolved,
                "cycles.csv books the dissolved Li0 of the cycle");

  // The ledger closes with the dissolved Li0 in it.
  const double largest_error =
    largest_magnitude(on, "Li balance error [mAh/cm2]");
  if (root)
    std::cout << "largest |Li balance error| " << largest_error
              << " mAh/cm2 = " << largest_error / dissolved
              << " of the dissolved Li" << std::endl;
  checker.check(largest_error < 1e-8 * dissolved, "Li balance closes to 1e-8");

  // Li0 -> Li+: the salt gains the dissolved Li (mol/m^2; 1 mAh/cm^2 is
  // 36 000 C/m^2).
  const double salt_gain = value(on, last_on, "electrolyte salt [mol/m2]") -
                           value(on, 0, "electrolyte salt [mol/m2]");
  const double dissolved_moles = dissolved * 36000. / constants::faraday;
  if (root)
    std::cout << "electrolyte salt gained " << salt_gain
              << " mol/m2, dissolved Li " << dissolved_moles << " mol/m2"
              << std::endl;
  checker.check(std::abs(salt_gain - dissolved_moles) < 1e-6 * dissolved_moles,
                "the dissolved Li is in the electrolyte as Li+");

  return checker.exit_code();
}
