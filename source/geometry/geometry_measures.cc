#include <deal.II/base/mpi.h>

#include <deal.II/fe/fe_values.h>

#include <deadli/geometry/geometry_measures.h>

#include <cmath>
#include <iomanip>
#include <limits>

namespace deadli
{
  using namespace dealii;

  namespace
  {
    /**
     * Integral over the slab bottom < z < top of value(f, grad f) for a
     * ghosted field f.
     */
    template <int dim, typename Integrand>
    double
    integrate_over_layer(const Discretization<dim>        &discretization,
                         const PETScWrappers::MPI::Vector &ghosted_field,
                         const double                      bottom,
                         const double                      top,
                         const Integrand                  &integrand)
    {
      FEValues<dim>               fe_values(discretization.fe,
                              discretization.quadrature,
                              update_values | update_gradients |
                                update_quadrature_points | update_JxW_values);
      const unsigned int          n_q = discretization.quadrature.size();
      std::vector<double>         values(n_q);
      std::vector<Tensor<1, dim>> gradients(n_q);
      double                      integral = 0;
      for (const auto &cell :
           discretization.dof_handler.active_cell_iterators())
        if (cell->is_locally_owned())
          {
            fe_values.reinit(cell);
            fe_values.get_function_values(ghosted_field, values);
            fe_values.get_function_gradients(ghosted_field, gradients);
            for (unsigned int q = 0; q < n_q; ++q)
              {
                const double z = fe_values.quadrature_point(q)[dim - 1];
                if (z > bottom && z < top)
                  integral +=
                    integrand(values[q], gradients[q]) * fe_values.JxW(q);
              }
          }
      return Utilities::MPI::sum(integral, discretization.mpi_communicator);
    }
  } // namespace



  template <int dim>
  double
  layer_average(const Discretization<dim>        &discretization,
                const PETScWrappers::MPI::Vector &ghosted_field,
                const double                      collector_area,
                const double                      bottom,
                const double                      top)
  {
    return integrate_over_layer(discretization,
                                ghosted_field,
                                bottom,
                                top,
                                [](const double value, const Tensor<1, dim> &) {
                                  return value;
                                }) /
           (collector_area * (top - bottom));
  }



  template <int dim>
  double
  layer_surface_area(const Discretization<dim>        &discretization,
                     const PETScWrappers::MPI::Vector &ghosted_field,
                     const double                      bottom,
                     const double                      top)
  {
    return integrate_over_layer(discretization,
                                ghosted_field,
                                bottom,
                                top,
                                [](const double, const Tensor<1, dim> &grad) {
                                  return grad.norm();
                                });
  }



  template <int dim>
  std::vector<AchievedTarget>
  measure_geometry(const Discretization<dim>        &discretization,
                   const Geometry<dim>              &geometry,
                   const PETScWrappers::MPI::Vector &metal,
                   const PETScWrappers::MPI::Vector &host)
  {
    const double area     = geometry.collector_area();
    const double no_value = std::numeric_limits<double>::quiet_NaN();

    std::vector<AchievedTarget> measures;
    for (const GeometryTarget &target : geometry.targets())
      {
        AchievedTarget measure{target, no_value, no_value};
        switch (target.quantity)
          {
              case GeometryTarget::Quantity::porosity: {
                measure.achieved = 1. - layer_average(discretization,
                                                      host,
                                                      area,
                                                      target.bottom,
                                                      target.top);
                measure.specific_surface_area =
                  layer_surface_area(discretization,
                                     host,
                                     target.bottom,
                                     target.top) /
                  (area * (target.top - target.bottom));
                break;
              }
            case GeometryTarget::Quantity::coating_coverage:
              measure.achieved = layer_average(
                discretization, host, area, target.bottom, target.top);
              break;
            case GeometryTarget::Quantity::host_fraction:
              measure.achieved =
                discretization.integrate(host) / target.reference_volume;
              break;
            case GeometryTarget::Quantity::pit_volume:
              case GeometryTarget::Quantity::lithium_fraction: {
                const double lithium_volume = discretization.integrate(metal) -
                                              discretization.integrate(host);
                measure.achieved =
                  target.quantity == GeometryTarget::Quantity::pit_volume ?
                    target.reference_volume - lithium_volume :
                    lithium_volume / target.reference_volume;
                break;
              }
          }
        measures.push_back(measure);
      }
    return measures;
  }



  void
  print_geometry_report(std::ostream                      &out,
                        const std::vector<AchievedTarget> &measures)
  {
    if (measures.empty())
      return;
    out << "Geometry: requested -> achieved on the initial mesh\n";
    for (const AchievedTarget &measure : measures)
      {
        out << "  " << std::left << std::setw(40) << measure.target.name
            << std::right << std::setw(12) << std::setprecision(5)
            << measure.target.requested << " -> " << std::setw(12)
            << measure.achieved;
        if (!std::isnan(measure.specific_surface_area))
          out << "   (specific surface area " << std::setprecision(4)
              << measure.specific_surface_area << " 1/um)";
        out << '\n';
      }
  }



  template double
  layer_average(const Discretization<2> &,
                const PETScWrappers::MPI::Vector &,
                double,
                double,
                double);
  template double
  layer_average(const Discretization<3> &,
                const PETScWrappers::MPI::Vector &,
                double,
                double,
                double);
  template double
  layer_surface_area(const Discretization<2> &,
                     const PETScWrappers::MPI::Vector &,
                     double,
                     double);
  template double
  layer_surface_area(const Discretization<3> &,
                     const PETScWrappers::MPI::Vector &,
                     double,
                     double);
  template std::vector<AchievedTarget>
  measure_geometry(const Discretization<2> &,
                   const Geometry<2> &,
                   const PETScWrappers::MPI::Vector &,
                   const PETScWrappers::MPI::Vector &);
  template std::vector<AchievedTarget>
  measure_geometry(const Discretization<3> &,
                   const Geometry<3> &,
                   const PETScWrappers::MPI::Vector &,
                   const PETScWrappers::MPI::Vector &);
} // namespace deadli
