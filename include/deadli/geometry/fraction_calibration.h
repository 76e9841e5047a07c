#ifndef deadli_geometry_fraction_calibration_h
#define deadli_geometry_fraction_calibration_h

#include <deal.II/base/point.h>

#include <functional>
#include <optional>
#include <vector>

namespace deadli
{
  /**
   * Deterministic sample points for calibrating a volume fraction of a
   * periodic box layer: the centres of a regular lattice filling
   * [0, width)^(dim-1) x [bottom, top], with a spacing of at most
   * @p largest_spacing unless that would need more than @p max_points points.
   *
   * Why a lattice and not random points: the answer must be the same on every
   * MPI rank and in every run, and for the smooth, laterally periodic
   * integrands of a diffuse indicator the midpoint rule converges much
   * faster than Monte Carlo.
   */
  template <int dim>
  std::vector<dealii::Point<dim>>
  layer_sample_points(const double       width,
                      const double       bottom,
                      const double       top,
                      const double       largest_spacing,
                      const unsigned int max_points);

  /**
   * The parameter s in [lower, upper] for which the increasing function
   * @p fraction equals @p target, by bisection to a relative tolerance of
   * about 1e-10 of the interval; empty if [fraction(lower), fraction(upper)]
   * does not contain the target.
   *
   * Geometries calibrate one shape parameter (strut thickness, level set,
   * stripe width) so that the diffuse indicator the solver sees, not the
   * sharp shape, has the requested volume fraction: a diffuse surface adds
   * volume on its convex side, by a relative amount of order
   * (interface width / feature size)^2, which for micrometre struts and a
   * 1 um interface is tens of per cent.
   */
  std::optional<double>
  solve_increasing(const std::function<double(double)> &fraction,
                   const double                         target,
                   const double                         lower,
                   const double                         upper);
} // namespace deadli

#endif
