#ifndef deadli_geometry_voxel_image_h
#define deadli_geometry_voxel_image_h

#include <deal.II/base/parameter_handler.h>
#include <deal.II/base/point.h>

#include <deadli/geometry/geometry.h>
#include <deadli/geometry/region_surfaces.h>

#include <array>
#include <optional>
#include <string>
#include <vector>

namespace deadli
{
  /**
   * A cell architecture from a gray-value voxel image, e.g. a micro-CT scan
   * of a Cu foam with Li in it, or a synthetic image (scripts/
   * make_synthetic_image): voxels at or above the Cu threshold are Cu host,
   * those at or above the Li threshold (and below the Cu threshold) Li, the
   * rest pore space (electrolyte).
   *
   * The image's z axis (slowest index, TIFF page) is the stacking
   * direction, with the collector at z = 0, and an electrolyte layer of the
   * given height lies above the image (the separator side). The domain is
   * that box, meshed with roughly cubic coarse cells of the given size; the
   * lateral faces are mirror planes (CT images are not periodic) or
   * periodic. A 2D run takes an image of one x-z slice (ny = 1).
   *
   * As for GmshMesh, each region enters as the signed distance from its
   * voxel faces (RegionSurfaces, which also says how Li in contact with Cu
   * is treated): the staircase of the image, smeared over the interface
   * width, which keeps the image's volume fractions. The signs come from
   * the voxel that contains the point.
   */
  template <int dim>
  class VoxelImage : public Geometry<dim>
  {
  public:
    /// Declare the entries of 'Geometry/Voxel image'.
    static void
    declare_parameters(dealii::ParameterHandler &prm);

    /**
     * Read and check the image and build the region surfaces. Throws
     * ExcGeometryFile, naming 'Geometry/Voxel image/File' and the file, if
     * it is missing or does not have the declared size or format, and
     * ExcParameterOutOfRange for thresholds out of order.
     */
    void
    parse_parameters(dealii::ParameterHandler &prm);

    /// The box of the image and the electrolyte above it.
    void
    create_coarse_mesh(
      dealii::Triangulation<dim, dim> &triangulation) const override;

    bool
    has_periodic_lateral_faces() const override;

    double
    lithium_distance(const dealii::Point<dim> &point) const override;

    double
    host_distance(const dealii::Point<dim> &point) const override;

    bool
    has_host() const override;

    double
    coarse_cell_extent() const override;

    double
    collector_area() const override;

    /// The Cu and Li volume fractions of the image's voxels in the domain.
    std::vector<GeometryTarget>
    targets() const override;

    std::string
    description() const override;

    /// Directory that a relative 'File' is relative to (the factory sets
    /// it to that of the parameter file; empty: working directory).
    std::string input_directory;

  private:
    /// Number of coarse cells along an edge of the given length.
    unsigned int
    n_coarse_cells(const double extent) const;

    /// Position of voxel (i, j, k) in materials.
    std::size_t
    voxel_index(const unsigned int i,
                const unsigned int j,
                const unsigned int k) const;

    /// The material of the voxel that contains @p point (electrolyte above
    /// the image).
    std::optional<Material>
    material_at(const dealii::Point<dim> &point) const;

    std::string                 image_file;
    std::array<unsigned int, 3> image_size = {{0, 0, 0}};
    double                      voxel_size;
    double                      electrolyte_height;
    double                      coarse_cell_size;
    bool                        periodic_lateral;
    /// Extent of the domain (image and electrolyte), µm.
    dealii::Point<dim> upper_corner;

    std::size_t n_copper_voxels  = 0;
    std::size_t n_lithium_voxels = 0;

    /// The thresholded image, voxel_index() order.
    std::vector<Material> materials;

    RegionSurfaces<dim> regions;
  };
} // namespace deadli

#endif
