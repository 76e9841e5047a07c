#include <deal.II/base/array_view.h>
#include <deal.II/base/mpi.h>
#include <deal.II/base/quadrature_lib.h>

#include <deal.II/fe/fe_values.h>

#include <deadli/cycling/deposit_morphology.h>

#include <algorithm>
#include <array>
#include <limits>
#include <vector>

namespace deadli
{
  using namespace dealii;

  namespace
  {
    /// Lowest coordinate of the mesh in the vertical (last) direction.
    template <int dim>
    double
    collector_height(const Discretization<dim> &discretization)
    {
      const auto &triangulation = discretization.triangulation;
      const auto &used          = triangulation.get_used_vertices();
      const auto &vertices      = triangulation.get_vertices();
      double      lowest        = std::numeric_limits<double>::max();
      for (unsigned int v = 0; v < vertices.size(); ++v)
        if (used[v])
          lowest = std::min(lowest, vertices[v][dim - 1]);
      return Utilities::MPI::min(lowest, discretization.mpi_communicator);
    }

    /**
     * Highest point where the Li fraction reaches 1/2, searched on the
     * vertical edges of the locally owned cells (the vertex quadrature lists
     * the vertices lexicographically, so a vertex's upper neighbour is
     * 2^(dim-1) further on), -max() where there is none.
     */
    template <int dim>
    double
    local_deposit_top(const Discretization<dim>        &discretization,
                      const PETScWrappers::MPI::Vector &xi,
                      const Substrate<dim>             &substrate)
    {
      const QTrapezoid<dim> vertices;
      FEValues<dim>         fe_values(discretization.fe,
                              vertices,
                              update_values | update_quadrature_points);
      const unsigned int    n_vertices = vertices.size();
      const unsigned int    upward     = 1u << (dim - 1);
      std::vector<double>   xi_values(n_vertices), host_values(n_vertices, 0.);

      double top = -std::numeric_limits<double>::max();
      for (const auto &cell :
           discretization.dof_handler.active_cell_iterators())
        if (cell->is_locally_owned())
          {
            fe_values.reinit(cell);
            fe_values.get_function_values(xi, xi_values);
            if (substrate.is_present())
              fe_values.get_function_values(substrate.host, host_values);
            for (unsigned int lower = 0; lower < n_vertices; ++lower)
              {
                if (lower & upward)
                  continue;
                const unsigned int upper = lower + upward;
                const double lower_li = xi_values[lower] - host_values[lower];
                const double upper_li = xi_values[upper] - host_values[upper];
                const double lower_z =
                  fe_values.quadrature_point(lower)[dim - 1];
                const double upper_z =
                  fe_values.quadrature_point(upper)[dim - 1];
                if (upper_li >= 0.5)
                  top = std::max(top, upper_z);
                else if (lower_li >= 0.5)
                  top = std::max(top,
                                 lower_z + (lower_li - 0.5) /
                                             (lower_li - upper_li) *
                                             (upper_z - lower_z));
              }
          }
      return top;
    }
  } // namespace



  template <int dim>
  DepositMorphology
  measure_deposit_morphology(const Discretization<dim>        &discretization,
                             const PETScWrappers::MPI::Vector &xi,
                             const Substrate<dim>             &substrate,
                             const double                      collector_area)
  {
    const MPI_Comm communicator = discretization.mpi_communicator;
    const double   bottom       = collector_height(discretization);
    const double   top =
      Utilities::MPI::max(local_deposit_top(discretization, xi, substrate),
                          communicator);
    const bool has_deposit = top > bottom;

    FEValues<dim>               fe_values(discretization.fe,
                            discretization.quadrature,
                            update_values | update_gradients |
                              update_quadrature_points | update_JxW_values);
    const unsigned int          n_q = discretization.quadrature.size();
    std::vector<double>         xi_values(n_q), host_values(n_q, 0.);
    std::vector<Tensor<1, dim>> xi_gradients(n_q);

    // Li volume, host volume below the deposit top, metal surface area.
    std::array<double, 3> integrals{};
    for (const auto &cell : discretization.dof_handler.active_cell_iterators())
      if (cell->is_locally_owned())
        {
          fe_values.reinit(cell);
          fe_values.get_function_values(xi, xi_values);
          fe_values.get_function_gradients(xi, xi_gradients);
          if (substrate.is_present())
            fe_values.get_function_values(substrate.host, host_values);
          for (unsigned int q = 0; q < n_q; ++q)
            {
              const double JxW = fe_values.JxW(q);
              integrals[0] += (xi_values[q] - host_values[q]) * JxW;
              if (fe_values.quadrature_point(q)[dim - 1] <= top)
                integrals[1] += host_values[q] * JxW;
              integrals[2] += xi_gradients[q].norm() * JxW;
            }
        }
    const std::array<double, 3> local_integrals = integrals;
    Utilities::MPI::sum(ArrayView<const double>(local_integrals.data(),
                                                local_integrals.size()),
                        communicator,
                        ArrayView<double>(integrals.data(), integrals.size()));

    DepositMorphology morphology;
    morphology.surface_area_ratio = integrals[2] / collector_area;
    if (has_deposit)
      {
        morphology.thickness = top - bottom;
        // Not clamped: a small negative value is the diffuse-interface
        // error of a dense film, and clamping would hide a wrong count.
        morphology.porosity = 1. - (integrals[0] + integrals[1]) /
                                     (collector_area * morphology.thickness);
      }
    return morphology;
  }



  template DepositMorphology
  measure_deposit_morphology(const Discretization<2> &,
                             const PETScWrappers::MPI::Vector &,
                             const Substrate<2> &,
                             const double);
  template DepositMorphology
  measure_deposit_morphology(const Discretization<3> &,
                             const PETScWrappers::MPI::Vector &,
                             const Substrate<3> &,
                             const double);
} // namespace deadli
