#include <deal.II/base/mpi.h>
#include <deal.II/base/parameter_handler.h>
#include <deal.II/base/utilities.h>

#include <boost/program_options.hpp>

#include <deadli/io/parameter_documentation.h>
#include <deadli/parameters.h>
#include <deadli/simulator.h>

#include <iostream>
#include <sstream>

namespace
{
  using namespace dealii;

  /// The message of a deal.II exception on one line, without the
  /// indentation deal.II adds.
  std::string
  describe(const ExceptionBase &error)
  {
    std::ostringstream text;
    error.print_info(text);
    std::istringstream words(text.str());
    std::string        word, message;
    while (words >> word)
      message += (message.empty() ? "" : " ") + word;
    return message;
  }

  /**
   * Run @p filename, or with @p resume_directory (an output directory) the
   * run whose parameters.prm @p filename is, from its newest checkpoint.
   */
  template <int dim>
  void
  run(const std::string &filename,
      const bool         validate_only,
      const std::string &resume_directory)
  {
    deadli::RunParameters<dim> parameters =
      deadli::RunParameters<dim>::read(filename);
    if (!resume_directory.empty())
      {
        // The directory may have moved since the run started.
        parameters.output_directory = resume_directory;
        deadli::Simulator<dim> simulator(parameters, MPI_COMM_WORLD);
        simulator.run(deadli::Checkpoint<dim>::latest(resume_directory));
        return;
      }
    if (validate_only)
      {
        if (Utilities::MPI::this_mpi_process(MPI_COMM_WORLD) == 0)
          std::cout << filename << ": valid " << dim
                    << "D DeadLi parameter file" << std::endl;
        return;
      }
    deadli::Simulator<dim> simulator(parameters, MPI_COMM_WORLD);
    simulator.run();
  }
} // namespace



int
main(int argc, char **argv)
{
  namespace po = boost::program_options;
  po::options_description options(
    "DeadLi: lithium plating, stripping and dead lithium in electrode "
    "architectures.\n\nUsage: mpirun -np N deadli [options] FILE.prm\n\nOptions");
  options.add_options()("help,h", "print this help")(
    "print-parameters",
    "print every parameter with its default and documentation, as a prm file")(
    "markdown", "with --print-parameters: print Markdown (doc/parameters.md)")(
    "validate", "only read and check FILE.prm, write nothing")(
    "resume",
    po::value<std::string>(),
    "continue the run whose output directory is DIR from its newest "
    "checkpoint (any number of ranks; no FILE.prm: DIR/parameters.prm is "
    "used)")("parameter-file",
             po::value<std::string>(),
             "the run's parameter file");
  po::positional_options_description positional;
  positional.add("parameter-file", 1);

  Utilities::MPI::MPI_InitFinalize mpi(argc, argv, 1);
  const bool is_root = Utilities::MPI::this_mpi_process(MPI_COMM_WORLD) == 0;

  po::variables_map arguments;
  try
    {
      po::store(po::command_line_parser(argc, argv)
                  .options(options)
                  .positional(positional)
                  .run(),
                arguments);
      po::notify(arguments);
    }
  catch (const po::error &error)
    {
      if (is_root)
        std::cerr << "deadli: " << error.what() << "\n\n"
                  << options << std::endl;
      return 2;
    }

  if (arguments.count("help"))
    {
      if (is_root)
        std::cout << options << std::endl;
      return 0;
    }
  if (arguments.count("print-parameters"))
    {
      if (is_root)
        {
          ParameterHandler prm;
          deadli::RunParameters<3>::declare_parameters(prm);
          if (arguments.count("markdown"))
            deadli::print_parameters_as_markdown(prm, std::cout);
          else
            prm.print_parameters(std::cout, ParameterHandler::PRM);
        }
      return 0;
    }
  const std::string resume_directory =
    arguments.count("resume") ? arguments["resume"].as<std::string>() : "";
  if (!resume_directory.empty() && arguments.count("parameter-file"))
    {
      if (is_root)
        std::cerr << "deadli: --resume DIR takes the parameters from "
                     "DIR/parameters.prm; give no FILE.prm\n\n"
                  << options << std::endl;
      return 2;
    }
  if (!arguments.count("parameter-file") && resume_directory.empty())
    {
      if (is_root)
        std::cerr << "deadli: no parameter file given\n\n"
                  << options << std::endl;
      return 2;
    }

  const std::string filename      = resume_directory.empty() ?
                                      arguments["parameter-file"].as<std::string>() :
                                      resume_directory + "/parameters.prm";
  const bool        validate_only = arguments.count("validate") > 0;
  try
    {
      if (deadli::read_dimension(filename) == 2)
        run<2>(filename, validate_only, resume_directory);
      else
        run<3>(filename, validate_only, resume_directory);
    }
  catch (const ExceptionBase &error)
    {
      if (is_root)
        std::cerr << "deadli: error: " << describe(error) << std::endl;
      return 1;
    }
  catch (const std::exception &error)
    {
      if (is_root)
        std::cerr << "deadli: error: " << error.what() << std::endl;
      return 1;
    }
  return 0;
}
