#include <deal.II/base/bounding_box.h>
#include <deal.II/base/mpi.h>
#include <deal.II/base/parameter_handler.h>
#include <deal.II/base/utilities.h>

#include <deal.II/grid/grid_tools.h>
#include <deal.II/grid/tria.h>

#include <boost/program_options.hpp>

#include <deadli/io/atomic_file.h>
#include <deadli/io/parameter_documentation.h>
#include <deadli/parameters.h>
#include <deadli/simulator.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <fstream>
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
   * Sample the geometry of @p filename (host fraction and initial Li
   * fraction) on a grid of @p n_points along the longest edge of its
   * bounding box and write x,y[,z],host,lithium rows to @p output: a look at
   * a geometry before any mesh is refined or any step is run
   * (scripts/preview_geometry draws it).
   */
  template <int dim>
  void
  sample_geometry(const std::string &filename,
                  const unsigned int n_points,
                  const std::string &output)
  {
    const deadli::RunParameters<dim> parameters =
      deadli::RunParameters<dim>::read(filename);
    if (Utilities::MPI::this_mpi_process(MPI_COMM_WORLD) != 0)
      return;
    Triangulation<dim> coarse_mesh;
    parameters.geometry->create_coarse_mesh(coarse_mesh);
    const BoundingBox<dim> box = GridTools::compute_bounding_box(coarse_mesh);
    double                 longest = 0;
    for (unsigned int d = 0; d < dim; ++d)
      longest = std::max(longest, box.side_length(d));
    const double spacing = longest / n_points;

    const double width = parameters.material.interface_width;
    const auto   host  = parameters.geometry->host_fraction(width);
    const auto   metal = parameters.geometry->initial_metal_fraction(width);
    std::ostringstream table;
    table << (dim == 2 ? "x [um],y [um]" : "x [um],y [um],z [um]")
          << ",host,lithium\n";
    std::array<unsigned int, 3> counts{{1, 1, 1}};
    for (unsigned int d = 0; d < dim; ++d)
      counts[d] = std::max(1u,
                           static_cast<unsigned int>(
                             std::lround(box.side_length(d) / spacing)));
    for (unsigned int k = 0; k < counts[2]; ++k)
      for (unsigned int j = 0; j < counts[1]; ++j)
        for (unsigned int i = 0; i < counts[0]; ++i)
          {
            const std::array<unsigned int, 3> index{{i, j, k}};
            Point<dim>                        point;
            for (unsigned int d = 0; d < dim; ++d)
              point[d] = box.lower_bound(d) +
                         (index[d] + 0.5) * box.side_length(d) / counts[d];
            const double host_value = host->value(point);
            for (unsigned int d = 0; d < dim; ++d)
              table << point[d] << ',';
            table << host_value << ','
                  << std::max(0., metal->value(point) - host_value) << '\n';
          }
    deadli::write_file_atomically(output, table.str());
    std::cout << "wrote " << output << ": " << counts[0] << " x " << counts[1]
              << (dim == 3 ? " x " + std::to_string(counts[2]) : "")
              << " samples of the geometry of " << filename << std::endl;
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
    "sample-geometry",
    po::value<unsigned int>(),
    "write the host and initial Li fractions of FILE.prm's geometry on a "
    "grid of N points along its longest edge to --samples (no run)")(
    "samples",
    po::value<std::string>()->default_value("geometry_samples.csv"),
    "with --sample-geometry: the output file")(
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
  if (!resume_directory.empty() && !std::ifstream(filename))
    {
      if (is_root)
        std::cerr << "deadli: error: --resume " << resume_directory
                  << ": not the output directory of a DeadLi run (it has no "
                     "parameters.prm)."
                  << std::endl;
      return 1;
    }
  try
    {
      if (arguments.count("sample-geometry"))
        {
          const unsigned int n_points =
            arguments["sample-geometry"].as<unsigned int>();
          const std::string output = arguments["samples"].as<std::string>();
          if (deadli::read_dimension(filename) == 2)
            sample_geometry<2>(filename, n_points, output);
          else
            sample_geometry<3>(filename, n_points, output);
          return 0;
        }
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
