// SurfaceDistance against exact signed distances: (1) a sphere (2D: circle)
// of radius 3 um sampled with outward normals at a spacing of 0.125 um, i.e.
// an interface width of 1 um / 8, as the importers sample; (2) a cube sampled
// face by face with append_face_samples(), which has flat faces and convex
// edges like imported meshes and voxels. Every point within 3 interface
// widths of the surface (and farther than 0.1 x spacing from it) must get
// the right sign, and the error must stay
// well below the sample spacing: for the sphere the patches' deviation from
// the curved surface (r^2 / 2R, r the patch radius), for the cube the part
// of an edge patch that overhangs its face (0.21 x spacing).

#include <deadli/geometry/surface_distance.h>

#include <algorithm>
#include <random>

#include "imported_geometry_check.h"

using namespace dealii;
using namespace deadli;
using namespace deadli::testing;

namespace
{
  constexpr double interface_width = 1.;
  constexpr double spacing         = interface_width / 8.;

  /// Largest error of @p surface against @p exact at random points within
  /// 3 interface widths of the surface; counts sign errors.
  template <int dim, typename Exact>
  std::pair<double, unsigned int>
  compare(const SurfaceDistance<dim> &surface,
          const Exact                &exact,
          const Point<dim>           &lower,
          const Point<dim>           &upper)
  {
    std::mt19937                           generator(3);
    std::uniform_real_distribution<double> unit(0., 1.);
    double                                 largest_error = 0;
    unsigned int                           n_sign_errors = 0, n_points = 0;
    while (n_points < 20000)
      {
        Point<dim> p;
        for (unsigned int d = 0; d < dim; ++d)
          p[d] = lower[d] + unit(generator) * (upper[d] - lower[d]);
        const double true_distance = exact(p);
        if (std::abs(true_distance) > 3 * interface_width)
          continue;
        ++n_points;
        const double distance = surface.signed_distance(p);
        largest_error =
          std::max(largest_error, std::abs(distance - true_distance));
        // The sign is only defined beyond the distance error itself.
        if (std::abs(true_distance) > 0.1 * spacing &&
            (distance < 0) != (true_distance < 0))
          ++n_sign_errors;
      }
    return {largest_error, n_sign_errors};
  }



  template <int dim>
  void
  check_sphere(Checker &checker)
  {
    const double                                       radius = 3.;
    std::vector<typename SurfaceDistance<dim>::Sample> samples;
    if (dim == 2)
      {
        const unsigned int n = std::ceil(2 * M_PI * radius / spacing);
        for (unsigned int i = 0; i < n; ++i)
          {
            const double   angle = 2 * M_PI * (i + 0.5) / n;
            Tensor<1, dim> normal;
            normal[0] = std::cos(angle);
            normal[1] = std::sin(angle);
            samples.push_back({Point<dim>(radius * normal),
                               normal,
                               0.5 * 2 * M_PI * radius / n});
          }
      }
    else
      {
        // Fibonacci lattice: nearly uniform points, each standing for an
        // equal share of the area.
        const unsigned int n =
          std::ceil(4 * M_PI * radius * radius / (spacing * spacing));
        const double golden_angle = M_PI * (3. - std::sqrt(5.));
        const double patch_radius =
          std::sqrt(4 * M_PI * radius * radius / n / M_PI);
        for (unsigned int i = 0; i < n; ++i)
          {
            const double   z   = 1. - 2. * (i + 0.5) / n;
            const double   rho = std::sqrt(1. - z * z);
            Tensor<1, dim> normal;
            normal[0] = rho * std::cos(golden_angle * i);
            normal[1] = rho * std::sin(golden_angle * i);
            normal[2] = z;
            samples.push_back(
              {Point<dim>(radius * normal), normal, patch_radius});
          }
      }
    const SurfaceDistance<dim> sphere(samples);
    Point<dim>                 lower, upper;
    for (unsigned int d = 0; d < dim; ++d)
      {
        lower[d] = -radius - 3.5 * interface_width;
        upper[d] = radius + 3.5 * interface_width;
      }
    const auto [error, n_sign_errors] = compare(
      sphere,
      [radius](const Point<dim> &p) { return p.norm() - radius; },
      lower,
      upper);
    std::cout << dim << "D sphere, " << sphere.n_samples()
              << " samples at spacing " << spacing << " um: largest error "
              << error << " um, " << n_sign_errors << " sign errors"
              << std::endl;
    checker.check(n_sign_errors == 0, "sign errors near the sphere");
    checker.check(error < 0.1 * spacing,
                  "sphere distance error above 0.1 x sample spacing");
  }



  template <int dim>
  void
  check_cube(Checker &checker)
  {
    // The cube [0, 2]^dim, each face in its own samples.
    const double                                       edge = 2.;
    std::vector<typename SurfaceDistance<dim>::Sample> samples;
    for (unsigned int normal_direction = 0; normal_direction < dim;
         ++normal_direction)
      for (const unsigned int side : {0u, 1u})
        {
          std::array<Point<dim>, 1 << (dim - 1)> vertices;
          for (unsigned int v = 0; v < vertices.size(); ++v)
            {
              unsigned int tangent = 0;
              for (unsigned int d = 0; d < dim; ++d)
                if (d == normal_direction)
                  vertices[v][d] = side * edge;
                else
                  vertices[v][d] = ((v >> tangent++) & 1) * edge;
            }
          Tensor<1, dim> outward;
          outward[normal_direction] = side == 1 ? 1. : -1.;
          append_face_samples<dim>(vertices, outward, spacing, samples);
        }
    const SurfaceDistance<dim> cube(samples);
    const auto                 exact = [edge](const Point<dim> &p) {
      Tensor<1, dim> outside;
      double         inside = -std::numeric_limits<double>::max();
      for (unsigned int d = 0; d < dim; ++d)
        {
          const double beyond = std::max(-p[d], p[d] - edge);
          outside[d]          = std::max(beyond, 0.);
          inside              = std::max(inside, beyond);
        }
      return inside > 0 ? outside.norm() : inside;
    };
    Point<dim> lower, upper;
    for (unsigned int d = 0; d < dim; ++d)
      {
        lower[d] = -3.5 * interface_width;
        upper[d] = edge + 3.5 * interface_width;
      }
    const auto [error, n_sign_errors] = compare(cube, exact, lower, upper);
    std::cout << dim << "D cube, " << cube.n_samples() << " samples at spacing "
              << spacing << " um: largest error " << error << " um, "
              << n_sign_errors << " sign errors" << std::endl;
    checker.check(n_sign_errors == 0, "sign errors near the cube");
    checker.check(error < 0.25 * spacing,
                  "cube distance error above 0.25 x sample spacing");

    const SurfaceDistance<dim> nothing;
    checker.check(nothing.signed_distance(Point<dim>()) == far_away,
                  "an empty surface must be far away");
  }
} // namespace



int
main(int argc, char **argv)
{
  Utilities::MPI::MPI_InitFinalize mpi(argc, argv, 1);
  Checker                          checker;
  check_sphere<2>(checker);
  check_sphere<3>(checker);
  check_cube<2>(checker);
  check_cube<3>(checker);
  return checker.exit_code();
}
