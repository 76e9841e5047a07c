#ifndef deadli_geometry_surface_distance_h
#define deadli_geometry_surface_distance_h

#include <deal.II/base/point.h>
#include <deal.II/base/tensor.h>

#include <deal.II/numerics/rtree.h>

#include <array>
#include <utility>
#include <vector>

namespace deadli
{
  /**
   * Signed distance (negative inside, µm) from the surface of a region that
   * is only known by its boundary: the faces of imported mesh cells or image
   * voxels.
   *
   * The surface is a cloud of samples, each a point on the surface with the
   * region's outward unit normal there and the radius of the flat patch of
   * surface it stands for. A query finds the nearest samples with a Boost
   * R-tree. The sign is that of (p - q).n of the nearest sample q, which is
   * the side of the surface p is on wherever the samples are denser than the
   * features of the surface. The magnitude is the distance to the nearest
   * sample's patch (a disk of the sample's radius in its tangent plane): for
   * the flat faces that meshes and voxels consist of, it is exact wherever p
   * projects onto a face, and elsewhere (beyond convex edges) it is too small
   * by at most the part of a patch that overhangs its face, 0.21 x the sample
   * spacing.
   *
   * An empty surface is far_away from everything.
   */
  template <int dim>
  class SurfaceDistance
  {
  public:
    struct Sample
    {
      dealii::Point<dim>     point;
      dealii::Tensor<1, dim> normal;
      double                 radius;
    };

    SurfaceDistance() = default;

    /// Build the search tree over @p samples.
    explicit SurfaceDistance(const std::vector<Sample> &samples);

    /// Signed distance of @p point from the surface, µm (far_away if there
    /// is no surface).
    double
    signed_distance(const dealii::Point<dim> &point) const;

    bool
    empty() const;

    std::size_t
    n_samples() const;

  private:
    std::vector<Sample> samples;
    boost::geometry::index::rtree<std::pair<dealii::Point<dim>, unsigned int>,
                                  boost::geometry::index::rstar<16>>
      tree;
  };



  /**
   * Append samples of the flat (2D: straight) face with the given vertices,
   * in deal.II's lexicographic order (3D: v0 v1 along the first direction,
   * v2 v3 the opposite edge), on a regular grid fine enough that neighbouring
   * samples are at most @p spacing apart. The normal is the face's, oriented
   * along @p outward (any vector pointing out of the region, e.g. from the
   * cell centre to the face centre).
   */
  template <int dim>
  void
  append_face_samples(
    const std::array<dealii::Point<dim>, 1 << (dim - 1)> &vertices,
    const dealii::Tensor<1, dim>                         &outward,
    const double                                          spacing,
    std::vector<typename SurfaceDistance<dim>::Sample>   &samples);

  /**
   * Append copies of the samples shifted by one period in each direction d
   * with periodic[d], and in every combination of them, of those samples
   * that lie within @p margin of the face the copy moves across. The
   * distances of points in the box from @p lower to @p upper are then those
   * of the periodic continuation of the surface up to @p margin.
   */
  template <int dim>
  void
  append_periodic_images(
    const dealii::Point<dim>                           &lower,
    const dealii::Point<dim>                           &upper,
    const std::array<bool, dim>                        &periodic,
    const double                                        margin,
    std::vector<typename SurfaceDistance<dim>::Sample> &samples);
} // namespace deadli

#endif
