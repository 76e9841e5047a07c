// Shared machinery of the geometry tests: a geometry meshed as
// Simulator::create_mesh_and_initial_state does it (coarse mesh, lateral
// periodicity, refinement towards the interface level by level with the
// exact profile re-interpolated each time), and the pass/fail bookkeeping.

#ifndef deadli_tests_geometry_geometry_mesh_h
#define deadli_tests_geometry_geometry_mesh_h

#include <deal.II/base/mpi.h>
#include <deal.II/base/parameter_handler.h>

#include <deadli/geometry/geometry.h>
#include <deadli/geometry/geometry_measures.h>
#include <deadli/mesh/adaptivity.h>
#include <deadli/mesh/discretization.h>

#include <cmath>
#include <iomanip>
#include <iostream>
#include <string>

#include "../checker.h"

namespace deadli
{
  namespace testing
  {
    using namespace dealii;

    /// Print on rank 0 only.
    inline std::ostream &
    log()
    {
      static std::ostringstream sink;
      sink.str("");
      return Utilities::MPI::this_mpi_process(MPI_COMM_WORLD) == 0 ? std::cout :
                                                                     sink;
    }

    /// A geometry on its refined mesh with the interpolated metal (Li +
    /// host) and host fields (ghosted).
    template <int dim>
    struct MeshedGeometry
    {
      explicit MeshedGeometry(const MPI_Comm comm)
        : discretization(comm, 1)
      {}

      Discretization<dim>        discretization;
      PETScWrappers::MPI::Vector metal;
      PETScWrappers::MPI::Vector host;
    };

    /**
     * Mesh @p geometry: refine every cell on which the metal field crosses
     * the interface band up to @p max_level, as the simulator's initial
     * refinement does (Adaptivity::mark without concentration and
     * potential).
     */
    template <int dim>
    void
    mesh_geometry(const Geometry<dim> &geometry,
                  const unsigned int   max_level,
                  MeshedGeometry<dim> &meshed,
                  const double         interface_band = 1e-3)
    {
      Discretization<dim> &discretization = meshed.discretization;
      geometry.create_coarse_mesh(discretization.triangulation);
      if (geometry.has_periodic_lateral_faces())
        discretization.add_lateral_periodicity();
      discretization.setup(false);

      typename Adaptivity<dim>::Parameters parameters;
      parameters.initial_global_refinement = 0;
      parameters.min_level                 = 0;
      parameters.max_level                 = max_level;
      parameters.interval                  = 0;
      parameters.interface_band            = interface_band;
      parameters.concentration_threshold   = 1;
      parameters.potential_threshold       = 1;
      Adaptivity<dim> adaptivity(discretization, parameters);

      const auto metal =
        geometry.initial_metal_fraction(geometry.interface_width);
      const auto host = geometry.host_fraction(geometry.interface_width);
      discretization.interpolate(*metal, meshed.metal);
      for (unsigned int level = 0; level < max_level; ++level)
        {
          if (!adaptivity.mark(meshed.metal, nullptr, nullptr))
            break;
          adaptivity.execute({&meshed.metal}, false);
          discretization.interpolate(*metal, meshed.metal);
        }
      discretization.interpolate(*host, meshed.host);
    }

    /// Print the measured targets and return them.
    template <int dim>
    std::vector<AchievedTarget>
    measure_and_print(const Geometry<dim>       &geometry,
                      const MeshedGeometry<dim> &meshed)
    {
      const auto measures = measure_geometry(meshed.discretization,
                                             geometry,
                                             meshed.metal,
                                             meshed.host);
      log() << "  " << geometry.description() << "\n  mesh: "
            << meshed.discretization.triangulation.n_global_active_cells()
            << " cells on " << Utilities::MPI::n_mpi_processes(MPI_COMM_WORLD)
            << " rank(s)\n";
      if (Utilities::MPI::this_mpi_process(MPI_COMM_WORLD) == 0)
        print_geometry_report(std::cout, measures);
      return measures;
    }

    /// |achieved / requested - 1| <= tolerance, printed.
    inline void
    check_relative(Checker              &checker,
                   const AchievedTarget &measure,
                   const double          tolerance)
    {
      const double error =
        std::abs(measure.achieved / measure.target.requested - 1.);
      log() << "  " << measure.target.name << ": relative error "
            << std::setprecision(3) << 100 * error << " % (tolerance "
            << 100 * tolerance << " %)" << std::endl;
      checker.check(error <= tolerance,
                    measure.target.name + " off by " +
                      std::to_string(100 * error) + " %");
    }
  } // namespace testing
} // namespace deadli

#endif
