// Faraday's law: galvanostatic plating on a flat Li layer moves the interface
// (the xi = 0.5 level, probed independently of the volume bookkeeping) by
// i M / (F rho): 10 mA/cm2 for 300 s = 0.833 mAh/cm2 = 4.05 um. Required
// within 1 %. Also the galvanostatic control: every step's cell current within
// 1e-6 of the set current.

#include <deadli/physics/constants.h>

#include "planar_cell.h"

using namespace dealii;
using namespace deadli;
using namespace deadli::testing;

int
main(int argc, char **argv)
{
  Utilities::MPI::MPI_InitFinalize mpi(argc, argv, 1);
  const bool root = Utilities::MPI::this_mpi_process(MPI_COMM_WORLD) == 0;

  const auto parameters = parameters_from_text<2>("faraday.prm", R"(
set Dimension = 2
set Output directory = faraday_output
set Output interval = 0
subsection Geometry
  set Domain width [um] = 2
  set Domain height [um] = 20
  set Coarse cell size [um] = 1
  set Initial Li thickness [um] = 4
  set Surface roughness amplitude [um] = 0
  set Number of nuclei = 0
end
subsection Phase field
  set Interface relaxation rate [1/s] = 0.25
end
subsection Mesh refinement
  set Initial global refinement = 1
  set Maximum level = 3
  set Refinement interval = 5
end
subsection Cycling
  set Plating current density [mA/cm2] = 10
  set Plating time [s] = 300
  set Stripping time [s] = 0
end
subsection Time stepping
  set Largest relaxation step = 0.5
  set Initial time step [s] = 0.1
  set Maximum time step [s] = 2
end
)");

  Simulator<2> simulator(parameters, MPI_COMM_WORLD);
  const auto  &discretization = simulator.get_discretization();
  simulator.run();

  const double final_height =
    interface_height(discretization, simulator.get_state().xi, 1.0, 20., 0.01);
  // The initial profile is symmetric about the 4 um surface.
  const double growth = final_height - 4.;
  const double expected =
    10. * constants::milliampere_per_square_centimetre * 300. /
    (constants::faraday * parameters.material.lithium_site_density) * 1e6;
  const double error = std::abs(growth - expected) / expected;

  double      largest_current_error = 0;
  const auto &table                 = simulator.statistics();
  if (root)
    for (std::size_t row = 1; row < table.n_rows(); ++row)
      largest_current_error = std::max(
        largest_current_error,
        std::abs(std::stod(table.value(row, "cell current density [mA/cm2]")) -
                 10.) /
          10.);
  largest_current_error =
    Utilities::MPI::max(largest_current_error, MPI_COMM_WORLD);

  const bool pass = error < 0.01 && largest_current_error < 1e-6;
  if (root)
    std::cout << "interface moved " << growth
              << " um, Faraday's law: " << expected << " um, relative error "
              << error
              << "\nlargest relative deviation of the cell current from the "
                 "set current: "
              << largest_current_error << '\n'
              << (pass ? "PASSED" : "FAILED") << std::endl;
  return pass ? 0 : 1;
}
