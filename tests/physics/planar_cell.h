#ifndef deadli_tests_planar_cell_h
#define deadli_tests_planar_cell_h

// Helpers of the physics tests: runs from prm text and MPI-safe probes of
// the fields along the vertical through a point.

#include <deal.II/base/mpi.h>

#include <deal.II/numerics/vector_tools.h>

#include <deadli/parameters.h>
#include <deadli/simulator.h>

#include <fstream>
#include <limits>
#include <string>

namespace deadli::testing
{
  using namespace dealii;

  /**
   * Write @p text to @p filename, a .prm file (rank 0), and read it as a run's parameters.
   * The file and the output directory get the number of ranks appended, so
   * that the np1 and np2 variants of a test, which ctest may run at the
   * same time in the same directory, never write the same files.
   */
  template <int dim>
  RunParameters<dim>
  parameters_from_text(const std::string &filename, const std::string &text)
  {
    const std::string suffix =
      ".np" + std::to_string(Utilities::MPI::n_mpi_processes(MPI_COMM_WORLD));
    // deal.II tells the format by the extension: keep ".prm" last.
    const std::string path =
      filename.substr(0, filename.rfind(".prm")) + suffix + ".prm";
    if (Utilities::MPI::this_mpi_process(MPI_COMM_WORLD) == 0)
      std::ofstream(path) << text;
    MPI_Barrier(MPI_COMM_WORLD);
    RunParameters<dim> parameters = RunParameters<dim>::read(path);
    parameters.output_directory += suffix;
    return parameters;
  }

  /// Value of a ghosted field at @p point, on every rank.
  template <int dim>
  double
  probe(const Discretization<dim>        &discretization,
        const PETScWrappers::MPI::Vector &field,
        const Point<dim>                 &point)
  {
    double value = -std::numeric_limits<double>::infinity();
    try
      {
        value =
          VectorTools::point_value(discretization.dof_handler, field, point);
      }
    catch (...)
      {
        // Not in a locally owned cell of this rank.
      }
    return Utilities::MPI::max(value, MPI_COMM_WORLD);
  }

  /**
   * Height of the xi = 0.5 level along the vertical through x = @p lateral,
   * found by sampling with @p spacing and interpolating linearly.
   */
  template <int dim>
  double
  interface_height(const Discretization<dim>        &discretization,
                   const PETScWrappers::MPI::Vector &xi,
                   const double                      lateral,
                   const double                      height,
                   const double                      spacing)
  {
    Point<dim> point;
    for (unsigned int d = 0; d + 1 < dim; ++d)
      point[d] = lateral;
    double previous = probe(discretization, xi, point);
    for (double y = spacing; y <= height; y += spacing)
      {
        point[dim - 1]       = y;
        const double current = probe(discretization, xi, point);
        if (previous >= 0.5 && current < 0.5)
          return y - spacing * (0.5 - current) / (previous - current);
        previous = current;
      }
    return std::numeric_limits<double>::quiet_NaN();
  }
} // namespace deadli::testing

#endif
