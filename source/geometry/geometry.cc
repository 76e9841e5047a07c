#include <deal.II/base/function.h>

#include <deadli/geometry/geometry.h>

namespace deadli
{
  using namespace dealii;

  template <int dim>
  std::unique_ptr<Function<dim>>
  Geometry<dim>::initial_metal_fraction(const double interface_width) const
  {
    return std::make_unique<ScalarFunctionFromFunctionObject<dim>>(
      [this, interface_width](const Point<dim> &point) {
        const double lithium =
          diffuse_indicator(lithium_distance(point), interface_width);
        if (!has_host())
          return lithium;
        // The fuzzy union keeps xi >= chi everywhere.
        const double host =
          diffuse_indicator(host_distance(point), interface_width);
        return 1. - (1. - lithium) * (1. - host);
      });
  }



  template <int dim>
  std::unique_ptr<Function<dim>>
  Geometry<dim>::host_fraction(const double interface_width) const
  {
    return std::make_unique<ScalarFunctionFromFunctionObject<dim>>(
      [this, interface_width](const Point<dim> &point) {
        return diffuse_indicator(host_distance(point), interface_width);
      });
  }



  template class Geometry<2>;
  template class Geometry<3>;
} // namespace deadli
