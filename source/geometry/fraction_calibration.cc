#include <deadli/geometry/fraction_calibration.h>

#include <algorithm>
#include <cmath>

namespace deadli
{
  using namespace dealii;



  template <int dim>
  std::vector<Point<dim>>
  layer_sample_points(const double       width,
                      const double       bottom,
                      const double       top,
                      const double       largest_spacing,
                      const unsigned int max_points)
  {
    const double height = top - bottom;
    const double volume = std::pow(width, dim - 1) * height;
    const double spacing =
      std::max(largest_spacing, std::pow(volume / max_points, 1. / dim));
    const auto n_along = [spacing](const double extent) {
      return std::max(1u,
                      static_cast<unsigned int>(std::ceil(extent / spacing)));
    };
    const unsigned int n_lateral  = n_along(width);
    const unsigned int n_vertical = n_along(height);

    std::vector<Point<dim>> points;
    points.reserve(std::pow(n_lateral, dim - 1) * n_vertical);
    const unsigned int n_lateral_points = std::pow(n_lateral, dim - 1);
    for (unsigned int k = 0; k < n_vertical; ++k)
      for (unsigned int i = 0; i < n_lateral_points; ++i)
        {
          Point<dim>   point;
          unsigned int index = i;
          for (unsigned int d = 0; d + 1 < dim; ++d)
            {
              point[d] = (index % n_lateral + 0.5) * width / n_lateral;
              index /= n_lateral;
            }
          point[dim - 1] = bottom + (k + 0.5) * height / n_vertical;
          points.push_back(point);
        }
    return points;
  }



  std::optional<double>
  solve_increasing(const std::function<double(double)> &fraction,
                   const double                         target,
                   const double                         lower,
                   const double                         upper)
  {
    double low = lower, high = upper;
    if (fraction(low) > target || fraction(high) < target)
      return {};
    while (high - low > 1e-10 * (upper - lower))
      {
        const double middle                      = 0.5 * (low + high);
        (fraction(middle) < target ? low : high) = middle;
      }
    return 0.5 * (low + high);
  }



  template std::vector<Point<2>>
  layer_sample_points(double, double, double, double, unsigned int);
  template std::vector<Point<3>>
  layer_sample_points(double, double, double, double, unsigned int);
} // namespace deadli
