#ifndef deadli_tests_planar_cell_h
#define deadli_tests_planar_cell_h

// Helpers of the physics tests: runs from prm text, MPI-safe probes of the
// fields along the vertical through a point, and a flat film for tests that
// drive CoupledStep directly.

#include <deal.II/base/mpi.h>

#include <deal.II/numerics/vector_tools.h>

#include <deadli/geometry/planar_collector.h>
#include <deadli/parameters.h>
#include <deadli/physics/coupled_step.h>
#include <deadli/simulator.h>

#include <algorithm>
#include <cmath>
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

  /**
   * Parameters of the whisker cell shared by the dead-Li tests: a Li head of
   * radius 1.2 um on a 0.5 um stalk on bare Cu, plated for 20 s at
   * 20 mA/cm2 and then stripped until the stalk dissolves and cuts the head
   * off (or the strip's 400 s are over), followed by @p rest_time.
   */
  inline std::string
  whisker_cell(const std::string &output_directory,
               const double       sei_per_new_surface_nm,
               const double       rest_time,
               const double       mediator_current_density)
  {
    return R"(
set Dimension = 2
set Output directory = )" +
           output_directory + R"(
set Output interval = 0
subsection Geometry
  set Domain width [um] = 6
  set Domain height [um] = 10
  set Coarse cell size [um] = 1
  set Initial Li thickness [um] = 0
  set Surface roughness amplitude [um] = 0
  set Number of nuclei = 1
  set Nucleus radius [um] = 1.2
  set Nucleus stalk height [um] = 2.5
  set Nucleus stalk radius [um] = 0.5
end
subsection Phase field
  set Interface width [um] = 0.5
  set Interface relaxation rate [1/s] = 0.05
end
subsection SEI
  set SEI Li per new surface [nm] = )" +
           std::to_string(sei_per_new_surface_nm) + R"(
end
subsection Mesh refinement
  set Initial global refinement = 1
  set Maximum level = 3
  set Refinement interval = 0
end
subsection Cycling
  set Plating current density [mA/cm2] = 20
  set Stripping current density [mA/cm2] = 20
  set Plating time [s] = 20
  set Stripping time [s] = 400
  set Rest time [s] = )" +
           std::to_string(rest_time) + R"(
  set Stripping cut-off potential [V] = 0.5
end
subsection Time stepping
  set Largest relaxation step = 0.5
  set Initial time step [s] = 0.1
  set Maximum time step [s] = 1
end
subsection Mitigation
  set Redox mediator dissolution current [mA/cm2] = )" +
           std::to_string(mediator_current_density) + R"(
end
)";
  }

  /**
   * A flat Li layer of @p layer_thickness on the collector of a 2D box of
   * 1 um coarse cells, without roughness or nuclei: the cell of the tests
   * that plate a flat film directly through CoupledStep.
   */
  inline PlanarCollector<2>
  flat_film(const double width,
            const double height,
            const double layer_thickness)
  {
    PlanarCollector<2> geometry;
    geometry.domain_width         = width;
    geometry.domain_height        = height;
    geometry.coarse_cell_size     = 1;
    geometry.layer_thickness      = layer_thickness;
    geometry.roughness_amplitude  = 0;
    geometry.roughness_wavelength = 1;
    geometry.n_nuclei             = 0;
    geometry.nucleus_radius       = 1;
    geometry.random_seed          = 1;
    geometry.place_nuclei();
    return geometry;
  }

  /// CoupledStep parameters whose potential Newton iteration and linear
  /// solves converge far below the effects these tests measure.
  inline CoupledStep<2>::Parameters
  tightly_converged_step_parameters()
  {
    CoupledStep<2>::Parameters parameters;
    parameters.potential.max_newton_iterations = 40;
    parameters.potential.potential_tolerance   = 1e-12;
    parameters.potential.max_potential_update  = 0.1;
    parameters.potential.linear_tolerance      = 1e-10;
    parameters.phase_field_bound_tolerance     = 0.05;
    parameters.concentration_tolerance         = 0.01;
    return parameters;
  }

  /// Largest |value| of a statistics column over all rows.
  inline double
  largest_magnitude(const StatisticsTable &table, const std::string &column)
  {
    double largest = 0;
    for (std::size_t row = 0; row < table.n_rows(); ++row)
      largest =
        std::max(largest, std::abs(std::stod(table.value(row, column))));
    return largest;
  }
} // namespace deadli::testing

#endif
