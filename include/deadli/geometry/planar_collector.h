#ifndef deadli_geometry_planar_collector_h
#define deadli_geometry_planar_collector_h

#include <deal.II/base/function.h>
#include <deal.II/base/parameter_handler.h>
#include <deal.II/base/point.h>

#include <memory>
#include <vector>

namespace dealii
{
  template <int dim, int spacedim>
  class Triangulation;
}

namespace deadli
{
  /**
   * Boundary indicators shared by every geometry. The last coordinate is the
   * stacking direction of the cell: the Cu current collector (the electronic
   * terminal) is the bottom face, the separator / counter electrode the top
   * face, and the lateral faces are periodic pairs so that a small box
   * represents a laterally infinite electrode.
   */
  namespace boundary_id
  {
    template <int dim>
    constexpr unsigned int collector = 2 * (dim - 1);
    template <int dim>
    constexpr unsigned int counter_electrode = 2 * (dim - 1) + 1;
  } // namespace boundary_id

  /**
   * A planar Cu current collector carrying an initial Li layer.
   *
   * Non-uniform growth needs something to start from: the layer surface has a
   * sinusoidal roughness and hemispherical nuclei at random (but seeded, hence
   * reproducible and partition independent) positions, as Li foils and early
   * Li deposits on Cu do.
   */
  template <int dim>
  class PlanarCollector
  {
  public:
    static void
    declare_parameters(dealii::ParameterHandler &prm);
    void
    parse_parameters(dealii::ParameterHandler &prm);

    /**
     * Box of width x (width) x height µm, subdivided into roughly cubic
     * coarse cells, with the boundary indicators of boundary_id.
     */
    void
    create_coarse_mesh(dealii::Triangulation<dim, dim> &triangulation) const;

    /**
     * The initial Li phase field: the equilibrium tanh profile of the given
     * interface width around the rough layer surface and the nuclei.
     */
    std::unique_ptr<dealii::Function<dim>>
    initial_metal_fraction(const double interface_width) const;

    /// Edge length of the largest coarse cell, µm (the box is divided into
    /// whole numbers of cells, so this can exceed the 'Coarse cell size').
    double
    coarse_cell_extent() const;

    /// Area of the current collector, µm^2 (µm per unit depth in 2D).
    double
    collector_area() const;

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
    double stalk_height;
    double stalk_radius;

  private:
    /// Number of coarse cells along an edge of the given length.
    unsigned int
    n_coarse_cells(const double extent) const;

    std::vector<dealii::Point<dim>>
    nucleus_centres() const;
  };
} // namespace deadli

#endif
