// Hong & Viswanathan's full model (plating at -0.45 V, noise on) on a small
// cell: the Li content (ions plus metal) must follow its ledger, initial +
// inflow through the bulk boundary + the changes by remeshing, to 1e-10
// relative at every step. The conservative implicit Euler form makes the
// balance as exact as Newton's iterate (Newton tolerance 1e-9 here). The
// nucleus must grow. At the final state the written-out Jacobian must equal
// Sacado's forward-AD one to round-off (Newton's convergence would hide a
// wrong one: it only converges more slowly). Run on 1 and 2 ranks, whose
// statistics.csv are then compared (the noise is a hash of its grid cell
// and time window, the same on any partition).

#include <deal.II/base/mpi.h>
#include <deal.II/base/parameter_handler.h>

#include <deadli/benchmark/hong_viswanathan_model.h>

#include <cmath>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <string>

using namespace dealii;
using namespace deadli;

int
main(int argc, char **argv)
{
  Utilities::MPI::MPI_InitFinalize mpi(argc, argv, 1);
  const bool root = Utilities::MPI::this_mpi_process(MPI_COMM_WORLD) == 0;
  const unsigned int n_ranks = Utilities::MPI::n_mpi_processes(MPI_COMM_WORLD);

  ParameterHandler prm;
  HongViswanathanParameters::declare_parameters(prm);
  prm.parse_input_from_string(R"(
subsection Geometry
  set Domain width [um] = 40
  set Domain height [um] = 40
  set Coarse cell size [um] = 4
  set Maximum level = 4
  set Refinement interval = 4
  set Nucleus radius [um] = 5
  set Initial electrode thickness [um] = 0
end
subsection Time stepping
  set End time [s] = 0.1
  set Newton tolerance = 1e-9
end
)");
  prm.enter_subsection("Output");
  prm.set("Directory",
          "hong_viswanathan_balance_output.np" + std::to_string(n_ranks));
  prm.leave_subsection();
  HongViswanathanParameters parameters;
  parameters.parse_parameters(prm);

  HongViswanathanModel<2> model(parameters, MPI_COMM_WORLD);
  const auto              summary = model.run();

  bool       ok    = true;
  const auto check = [&](const bool condition, const std::string &what) {
    if (root)
      std::cout << (condition ? "OK   " : "FAIL ") << what << std::endl;
    ok = ok && condition;
  };
  std::ostringstream balance;
  balance << std::scientific << std::setprecision(2)
          << "largest Li balance error " << summary.largest_li_balance_error
          << " < 1e-10 (remeshing changed the Li by "
          << summary.remeshing_li_change << ", booked)";
  check(summary.largest_li_balance_error < 1e-10, balance.str());
  std::ostringstream growth;
  growth << "the nucleus grows: " << summary.initial_metal_area << " -> "
         << summary.metal_area << " um2";
  check(summary.metal_area > summary.initial_metal_area, growth.str());
  check(summary.steps >= 8, std::to_string(summary.steps) + " steps");

  // The written-out Jacobian against the forward-AD one at the final state
  // (interface, ions, potential and noise all present).
  const double       discrepancy = model.jacobian_discrepancy(0.01);
  std::ostringstream agreement;
  agreement << std::scientific << std::setprecision(2)
            << "written-out Jacobian = forward-AD Jacobian to " << discrepancy
            << " relative (Frobenius norm, < 1e-12)";
  check(discrepancy < 1e-12, agreement.str());
  return ok ? 0 : 1;
}
