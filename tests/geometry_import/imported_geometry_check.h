// Shared by the geometry_import tests: a pass/fail counter, and the mesh an
// imported geometry gets in a run (coarse mesh, periodicity, refinement
// towards the interfaces) with its targets measured on it.

#ifndef deadli_tests_imported_geometry_check_h
#define deadli_tests_imported_geometry_check_h

#include <deal.II/base/mpi.h>

#include <deal.II/fe/fe_values.h>

#include <deadli/geometry/geometry.h>
#include <deadli/geometry/geometry_measures.h>
#include <deadli/mesh/discretization.h>

#include <cmath>
#include <iostream>
#include <string>
#include <vector>

#include "../checker.h"

namespace deadli
{
  namespace testing
  {
    using namespace dealii;

    /// What measure_on_refined_mesh() found.
    struct ImportMeasures
    {
      /// The geometry's targets, measured on the diffuse fields.
      std::vector<AchievedTarget> diffuse;
      /// Volume fractions of the sharp regions the diffuse fields describe,
      /// counted at the quadrature points: Cu where the host indicator is
      /// above 1/2, Li where the metal fraction is above 1/2 and the host
      /// indicator is not.
      double copper_fraction;
      double lithium_fraction;
    };

    /**
     * Mesh @p geometry as Simulator::create_mesh_and_initial_state() does
     * (coarse mesh, lateral periodicity, refinement level by level towards
     * the interfaces up to @p max_level), but refining at the Cu surface as
     * well as at the metal's: a cell is refined while an interface passes
     * within one interface width of it. Then interpolate the metal fraction
     * and the host indicator and measure the geometry's targets and the
     * sharp regions.
     */
    template <int dim>
    ImportMeasures
    measure_on_refined_mesh(const Geometry<dim> &geometry,
                            const unsigned int   max_level,
                            Discretization<dim> &discretization)
    {
      const double width = geometry.interface_width;
      geometry.create_coarse_mesh(discretization.triangulation);
      if (geometry.has_periodic_lateral_faces())
        discretization.add_lateral_periodicity();
      for (unsigned int level = 0; level < max_level; ++level)
        {
          for (const auto &cell :
               discretization.triangulation.active_cell_iterators())
            if (cell->is_locally_owned())
              {
                const double     reach  = 0.5 * cell->diameter() + width;
                const Point<dim> centre = cell->center();
                if (std::abs(geometry.lithium_distance(centre)) < reach ||
                    std::abs(geometry.host_distance(centre)) < reach)
                  cell->set_refine_flag();
              }
          discretization.triangulation.execute_coarsening_and_refinement();
        }
      discretization.setup(false);

      PETScWrappers::MPI::Vector metal, host;
      discretization.interpolate(*geometry.initial_metal_fraction(width),
                                 metal);
      discretization.interpolate(*geometry.host_fraction(width), host);

      ImportMeasures result;
      result.diffuse = measure_geometry(discretization, geometry, metal, host);
      FEValues<dim>       fe_values(discretization.fe,
                              discretization.quadrature,
                              update_values | update_JxW_values);
      const unsigned int  n_q = discretization.quadrature.size();
      std::vector<double> metal_values(n_q), host_values(n_q);
      double              volume = 0, copper = 0, lithium = 0;
      for (const auto &cell :
           discretization.dof_handler.active_cell_iterators())
        if (cell->is_locally_owned())
          {
            fe_values.reinit(cell);
            fe_values.get_function_values(metal, metal_values);
            fe_values.get_function_values(host, host_values);
            for (unsigned int q = 0; q < n_q; ++q)
              {
                volume += fe_values.JxW(q);
                if (host_values[q] > 0.5)
                  copper += fe_values.JxW(q);
                else if (metal_values[q] > 0.5)
                  lithium += fe_values.JxW(q);
              }
          }
      const MPI_Comm comm     = discretization.mpi_communicator;
      volume                  = Utilities::MPI::sum(volume, comm);
      result.copper_fraction  = Utilities::MPI::sum(copper, comm) / volume;
      result.lithium_fraction = Utilities::MPI::sum(lithium, comm) / volume;
      return result;
    }
  } // namespace testing
} // namespace deadli

#endif
