#include <deadli/geometry/geometry.h>
#include <deadli/geometry/surface_distance.h>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <limits>

namespace deadli
{
  using namespace dealii;

  namespace
  {
    namespace bgi = boost::geometry::index;

    /**
     * Number of nearest samples whose patches are compared: the nearest
     * sample's patch need not be the nearest patch where patches of two
     * faces meet.
     */
    constexpr unsigned int n_candidates = 4;
  } // namespace



  template <int dim>
  SurfaceDistance<dim>::SurfaceDistance(const std::vector<Sample> &samples)
    : samples(samples)
  {
    std::vector<std::pair<Point<dim>, unsigned int>> leaves;
    leaves.reserve(samples.size());
    for (unsigned int i = 0; i < samples.size(); ++i)
      leaves.emplace_back(samples[i].point, i);
    // The range constructor packs the tree (bulk loading), much faster than
    // inserting one by one.
    tree = decltype(tree)(leaves.begin(), leaves.end());
  }



  template <int dim>
  double
  SurfaceDistance<dim>::signed_distance(const Point<dim> &point) const
  {
    if (samples.empty())
      return far_away;
    std::vector<std::pair<Point<dim>, unsigned int>> nearest;
    nearest.reserve(n_candidates);
    tree.query(bgi::nearest(point, n_candidates), std::back_inserter(nearest));

    double nearest_sample_distance = std::numeric_limits<double>::max();
    double side                    = 1.;
    double patch_distance          = std::numeric_limits<double>::max();
    for (const auto &leaf : nearest)
      {
        const Sample        &sample      = samples[leaf.second];
        const Tensor<1, dim> offset      = point - sample.point;
        const double         normal_part = offset * sample.normal;
        const double         lateral_part =
          (offset - normal_part * sample.normal).norm();
        const double beyond_patch = std::max(0., lateral_part - sample.radius);
        patch_distance            = std::min(patch_distance,
                                  std::sqrt(normal_part * normal_part +
                                            beyond_patch * beyond_patch));
        if (offset.norm() < nearest_sample_distance)
          {
            nearest_sample_distance = offset.norm();
            side                    = normal_part < 0 ? -1. : 1.;
          }
      }
    return side * patch_distance;
  }



  template <int dim>
  bool
  SurfaceDistance<dim>::empty() const
  {
    return samples.empty();
  }



  template <int dim>
  std::size_t
  SurfaceDistance<dim>::n_samples() const
  {
    return samples.size();
  }



  template <int dim>
  void
  append_face_samples(
    const std::array<Point<dim>, 1 << (dim - 1)>       &vertices,
    const Tensor<1, dim>                               &outward,
    const double                                        spacing,
    std::vector<typename SurfaceDistance<dim>::Sample> &samples)
  {
    const auto oriented = [&outward](Tensor<1, dim> normal) {
      normal /= normal.norm();
      return (normal * outward < 0) ? -normal : normal;
    };
    if constexpr (dim == 2)
      {
        const Tensor<1, dim> tangent = vertices[1] - vertices[0];
        const unsigned int   n       = std::max(
          1u, static_cast<unsigned int>(std::ceil(tangent.norm() / spacing)));
        Tensor<1, dim> normal;
        normal[0] = tangent[1];
        normal[1] = -tangent[0];
        normal    = oriented(normal);
        for (unsigned int i = 0; i < n; ++i)
          samples.push_back({vertices[0] + (i + 0.5) / n * tangent,
                             normal,
                             0.5 * tangent.norm() / n});
      }
    else
      {
        // Bilinear map of the unit square; for the flat faces this class is
        // meant for, its normal is constant, but computing it pointwise
        // costs nothing and keeps slightly warped mesh faces right.
        const auto longest = [](const Tensor<1, dim> &a,
                                const Tensor<1, dim> &b) {
          return std::max(a.norm(), b.norm());
        };
        const unsigned int n_u = std::max(1u,
                                          static_cast<unsigned int>(std::ceil(
                                            longest(vertices[1] - vertices[0],
                                                    vertices[3] - vertices[2]) /
                                            spacing)));
        const unsigned int n_v = std::max(1u,
                                          static_cast<unsigned int>(std::ceil(
                                            longest(vertices[2] - vertices[0],
                                                    vertices[3] - vertices[1]) /
                                            spacing)));
        for (unsigned int i = 0; i < n_u; ++i)
          for (unsigned int j = 0; j < n_v; ++j)
            {
              const double u = (i + 0.5) / n_u;
              const double v = (j + 0.5) / n_v;
              Point<dim>   point;
              for (unsigned int d = 0; d < dim; ++d)
                point[d] = (1 - u) * (1 - v) * vertices[0][d] +
                           u * (1 - v) * vertices[1][d] +
                           (1 - u) * v * vertices[2][d] +
                           u * v * vertices[3][d];
              const Tensor<1, dim> along_u =
                (1 - v) * (vertices[1] - vertices[0]) +
                v * (vertices[3] - vertices[2]);
              const Tensor<1, dim> along_v =
                (1 - u) * (vertices[2] - vertices[0]) +
                u * (vertices[3] - vertices[1]);
              const double patch_u = along_u.norm() / n_u;
              const double patch_v = along_v.norm() / n_v;
              samples.push_back(
                {point,
                 oriented(cross_product_3d(along_u, along_v)),
                 0.5 * std::sqrt(patch_u * patch_u + patch_v * patch_v)});
            }
      }
  }



  template <int dim>
  void
  append_periodic_images(
    const Point<dim>                                   &lower,
    const Point<dim>                                   &upper,
    const std::array<bool, dim>                        &periodic,
    const double                                        margin,
    std::vector<typename SurfaceDistance<dim>::Sample> &samples)
  {
    // Every shift (s_0, ..., s_dim-1), s_d in {-1, 0, 1} and 0 where the
    // direction is not periodic, except the zero shift.
    std::vector<std::array<int, dim>> shifts(1);
    for (unsigned int d = 0; d < dim; ++d)
      if (periodic[d])
        {
          const unsigned int n = shifts.size();
          for (unsigned int i = 0; i < n; ++i)
            for (const int s : {-1, 1})
              {
                std::array<int, dim> shift = shifts[i];
                shift[d]                   = s;
                shifts.push_back(shift);
              }
        }

    const unsigned int n_original = samples.size();
    for (unsigned int i = 0; i < n_original; ++i)
      for (unsigned int k = 1; k < shifts.size(); ++k)
        {
          typename SurfaceDistance<dim>::Sample image       = samples[i];
          bool                                  near_enough = true;
          for (unsigned int d = 0; d < dim; ++d)
            {
              // A shift by +period moves the sample across the upper face,
              // so it matters if it is near the lower one.
              if (shifts[k][d] == 1)
                near_enough &= image.point[d] - lower[d] <= margin;
              else if (shifts[k][d] == -1)
                near_enough &= upper[d] - image.point[d] <= margin;
              image.point[d] += shifts[k][d] * (upper[d] - lower[d]);
            }
          if (near_enough)
            samples.push_back(image);
        }
  }



  template class SurfaceDistance<2>;
  template class SurfaceDistance<3>;
  template void
  append_face_samples<2>(const std::array<Point<2>, 2> &,
                         const Tensor<1, 2> &,
                         double,
                         std::vector<SurfaceDistance<2>::Sample> &);
  template void
  append_face_samples<3>(const std::array<Point<3>, 4> &,
                         const Tensor<1, 3> &,
                         double,
                         std::vector<SurfaceDistance<3>::Sample> &);
  template void
  append_periodic_images<2>(const Point<2> &,
                            const Point<2> &,
                            const std::array<bool, 2> &,
                            double,
                            std::vector<SurfaceDistance<2>::Sample> &);
  template void
  append_periodic_images<3>(const Point<3> &,
                            const Point<3> &,
                            const std::array<bool, 3> &,
                            double,
                            std::vector<SurfaceDistance<3>::Sample> &);
} // namespace deadli
