#ifndef deadli_geometry_region_surfaces_h
#define deadli_geometry_region_surfaces_h

#include <deal.II/base/point.h>
#include <deal.II/base/tensor.h>

#include <deadli/geometry/surface_distance.h>

#include <array>
#include <functional>
#include <optional>
#include <vector>

namespace deadli
{
  /// What an imported cell or voxel is made of.
  enum class Material
  {
    electrolyte,
    lithium,
    copper
  };

  /**
   * The Cu host and the initial Li of a geometry given as labelled cells or
   * voxels (GmshMesh, VoxelImage), as the signed distances the Geometry
   * interface asks for.
   *
   * The magnitudes come from the faces between labels, sampled into
   * SurfaceDistance objects; the signs come from the label at the point,
   * which the importer knows exactly, so that they are right everywhere and
   * not only near the surface:
   *
   * - Cu: the faces between Cu and anything else; inside = Cu.
   * - Li: the faces between Li and electrolyte only. Where Li touches Cu the
   *   Li region continues into the Cu, so that the metal fraction, the union
   *   of Li and Cu, has no gap at the contact: a point in Cu counts as inside
   *   the Li region if it is nearer to a Li|Cu contact face than to a
   *   Cu|electrolyte face. Near the Cu surface away from Li the Li indicator
   *   is then 0 (the metal is the Cu alone), and under a Li|Cu contact 1.
   *
   * Faces on the domain boundary are never surfaces: regions continue
   * through periodic faces (with the periodic images of the samples) and
   * are mirrored at walls.
   */
  template <int dim>
  class RegionSurfaces
  {
  public:
    /**
     * Add the face with the given vertices (deal.II's lexicographic order)
     * between a cell of material @p inside and a neighbour of material
     * @p outside (different), @p outward pointing into the neighbour. Call
     * it from each side of a face whose side is Cu or Li.
     */
    void
    add_face(const Material                                        inside,
             const Material                                        outside,
             const std::array<dealii::Point<dim>, 1 << (dim - 1)> &vertices,
             const dealii::Tensor<1, dim>                         &outward,
             const double                                          spacing);

    /**
     * Add the periodic images of the samples (periodic[d] for the periodic
     * directions of the box from @p lower to @p upper, within @p margin of
     * the faces) and build the search trees. @p locate gives the material at
     * a point of the domain, or nothing outside it (then the side of the
     * nearest sample decides).
     */
    void
    build(
      const std::function<std::optional<Material>(const dealii::Point<dim> &)>
                                  &locate,
      const dealii::Point<dim>    &lower,
      const dealii::Point<dim>    &upper,
      const std::array<bool, dim> &periodic,
      const double                 margin);

    /// Signed distance from the Cu surface, µm (far_away without Cu).
    double
    host_distance(const dealii::Point<dim> &point) const;

    /// Signed distance from the surface of the (continued) Li region, µm.
    double
    lithium_distance(const dealii::Point<dim> &point) const;

  private:
    /// Samples by kind, until build().
    std::vector<typename SurfaceDistance<dim>::Sample> copper_samples,
      lithium_samples, contact_samples, copper_electrolyte_samples;

    std::function<std::optional<Material>(const dealii::Point<dim> &)> locate;

    /// Cu|anything, Li|electrolyte, Li|Cu and Cu|electrolyte faces.
    SurfaceDistance<dim> copper_surface;
    SurfaceDistance<dim> lithium_surface;
    SurfaceDistance<dim> contact_surface;
    SurfaceDistance<dim> copper_electrolyte_surface;
  };
} // namespace deadli

#endif
