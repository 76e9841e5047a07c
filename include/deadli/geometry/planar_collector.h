#ifndef deadli_geometry_planar_collector_h
#define deadli_geometry_planar_collector_h

#include <deal.II/base/parameter_handler.h>
#include <deal.II/base/point.h>

#include <deadli/geometry/geometry.h>

#include <memory>
#include <vector>

namespace deadli
{
  /**
   * A planar Cu current collector carrying an initial Li layer.
   *
   * Non-uniform growth needs something to start from: the layer surface has a
   * sinusoidal roughness and hemispherical nuclei at random (but seeded, hence
   * reproducible and partition independent) positions, as Li foils and early
   * Li deposits on Cu do. Optionally the Cu itself is a slab of the box, so
   * that Li can nucleate on bare Cu (an anode-free cell).
   *
   * It is also the base of every geometry that lives in a periodic box on a
   * planar collector (foams, pitted foils, images): they add a host or
   * change the Li and keep the box, the layer and the nuclei.
   */
  template <int dim>
  class PlanarCollector : public Geometry<dim>
  {
  public:
    /// Declare the box, Li layer and nucleus entries of 'Geometry'.
    static void
    declare_parameters(dealii::ParameterHandler &prm);
    void
    parse_parameters(dealii::ParameterHandler &prm);

    /**
     * Box of width x (width) x height µm, subdivided into roughly cubic
     * coarse cells, with the boundary indicators of boundary_id.
     */
    void
    create_coarse_mesh(
      dealii::Triangulation<dim, dim> &triangulation) const override;

    /// Distance from the rough layer surface and the nuclei.
    double
    lithium_distance(const dealii::Point<dim> &point) const override;

    /// The Cu slab, if any.
    double
    host_distance(const dealii::Point<dim> &point) const override;

    bool
    has_host() const override;

    /// Edge length of the largest coarse cell, µm (the box is divided into
    /// whole numbers of cells, so this can exceed the 'Coarse cell size').
    double
    coarse_cell_extent() const override;

    double
    collector_area() const override;

    std::string
    description() const override;

    double       domain_width;
    double       domain_height;
    double       coarse_cell_size;
    double       layer_thickness;
    double       roughness_amplitude;
    double       roughness_wavelength;
    unsigned int n_nuclei;
    double       nucleus_radius;
    unsigned int random_seed;
    /// Whisker nuclei: stalk height above the layer (0: hemispheres) and
    /// stalk radius, µm.
    double stalk_height = 0;
    double stalk_radius = 0.5;
    /**
     * Draw the nucleus positions from the seed. parse_parameters() calls it;
     * code that sets the members directly must call it before use.
     */
    void
    place_nuclei();

    /// Thickness of the Cu slab at the bottom of the box that is part of the
    /// computational domain, µm (0: the collector is only the bottom face).
    double copper_slab_thickness = 0;

  private:
    /// Number of coarse cells along an edge of the given length.
    unsigned int
    n_coarse_cells(const double extent) const;

    std::vector<dealii::Point<dim>> nucleus_centres;
  };
} // namespace deadli

#endif
