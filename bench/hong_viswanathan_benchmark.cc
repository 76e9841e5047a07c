// The Hong & Viswanathan (2018) dendrite benchmark with their own model
// (deadli::HongViswanathanModel):
//
//   mpirun -np 2 deadli_hong_viswanathan bench/hong_viswanathan.prm
//   deadli_hong_viswanathan --validate bench/hong_viswanathan.prm
//
// Prints progress lines, the wall time by phase and one line
//   DENDRITE key=value ...
// that bench/run collects into bench/results.md.

#include <deal.II/base/mpi.h>
#include <deal.II/base/parameter_handler.h>

#include <deadli/benchmark/hong_viswanathan_model.h>

#include <exception>
#include <filesystem>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <string>

using namespace dealii;

int
main(int argc, char **argv)
{
  Utilities::MPI::MPI_InitFinalize mpi(argc, argv, 1);
  const bool root = Utilities::MPI::this_mpi_process(MPI_COMM_WORLD) == 0;
  try
    {
      const bool validate_only =
        argc == 3 && std::string(argv[1]) == "--validate";
      AssertThrow(argc == 2 || validate_only,
                  ExcMessage("Usage: deadli_hong_viswanathan [--validate] "
                             "FILE.prm"));
      const std::string file = argv[argc - 1];
      ParameterHandler  prm;
      deadli::HongViswanathanParameters::declare_parameters(prm);
      prm.parse_input(file);
      deadli::HongViswanathanParameters parameters;
      try
        {
          parameters.parse_parameters(prm);
        }
      catch (const ExceptionBase &error)
        {
          // The message names the entry and its range; add the file, and
          // leave out the source location, which is no help to a user.
          std::ostringstream message;
          error.print_info(message);
          std::string text = message.str();
          text.erase(0, text.find_first_not_of(" \n"));
          text.erase(text.find_last_not_of(" \n") + 1);
          throw std::runtime_error(file + ": " + text);
        }
      if (validate_only)
        {
          if (root)
            std::cout << std::filesystem::path(file).filename().string()
                      << ": valid" << std::endl;
          return 0;
        }

      deadli::HongViswanathanModel<2> model(parameters, MPI_COMM_WORLD);
      const auto                      summary = model.run();
      // A flat deposit has its tip at the mean height (metal area over
      // the width) and an interface as long as the width; a dendrite
      // stands out in both.
      const double mean_height = summary.metal_area / parameters.domain_width;
      const double interface_to_width =
        summary.interface_length / parameters.domain_width;
      if (root)
        std::cout << "DENDRITE simulated_s=" << summary.simulated_time
                  << " wall_s=" << summary.wall_time
                  << " steps=" << summary.steps
                  << " rejected=" << summary.rejected_steps
                  << " newton=" << summary.newton_iterations
                  << " factorizations=" << summary.jacobian_factorizations
                  << " gmres=" << summary.gmres_iterations
                  << " dofs_first=" << summary.first_dofs
                  << " dofs_last=" << summary.last_dofs
                  << " metal_area_um2=" << summary.metal_area
                  << " tip_height_um=" << summary.tip_height
                  << " mean_height_um=" << mean_height
                  << " interface_length_um=" << summary.interface_length
                  << " interface_to_width=" << interface_to_width
                  << " li_balance_error=" << summary.largest_li_balance_error
                  << std::endl;
    }
  catch (const std::exception &error)
    {
      if (root)
        std::cerr << "deadli_hong_viswanathan: error: " << error.what()
                  << std::endl;
      return 1;
    }
  return 0;
}
