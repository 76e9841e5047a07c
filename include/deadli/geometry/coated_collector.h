#ifndef deadli_geometry_coated_collector_h
#define deadli_geometry_coated_collector_h

#include <deal.II/base/parameter_handler.h>
#include <deal.II/base/point.h>
#include <deal.II/base/tensor.h>

#include <deadli/geometry/geometry.h>

#include <memory>
#include <optional>
#include <vector>

namespace deadli
{
  /**
   * Any geometry with a lithiophilic coating (Ag, Au, ZnO, ... layers that
   * Li wets and nucleates on without overpotential) on its host surface,
   * covering it fully or in a lateral pattern: the decorator that lets every
   * architecture be studied bare and coated with one prm entry.
   *
   * The coating is a shell of the given thickness outside the base host
   * (outside the collector plane z = 0 if the base has no host: there the
   * plane itself is not host, the coating is {0 < z < thickness}),
   * intersected with a lateral pattern:
   *  - full: everywhere;
   *  - stripes: stripes along the second lateral direction, one per period;
   *  - dots: discs (3D) on a square lattice of the period;
   *  - patches: {F > level} of a smooth random periodic field F, a seeded
   *    sum of lateral cosines with wavelengths about the period.
   * The coating is part of the host (Cu + coating), so the host distance is
   * min(base host distance, coating distance); its surface kinetics
   * (exchange current factor, nucleation overpotential) apply within about
   * one interface width outside the coating and blend into the base's
   * elsewhere.
   *
   * The pattern period is rounded to a divisor of the domain width, so that
   * the pattern is periodic. The pattern's size (stripe width, dot radius,
   * patch level) is calibrated for the diffuse host indicator: on a planar
   * host (planar collector, pitted foil) so that the mean host fraction in
   * the slab from 1/4 to 3/4 of the thickness above the host surface, which
   * measure_geometry() reports as the coverage, equals the requested
   * coverage; on other hosts (foam, gyroid) so that the diffuse lateral
   * pattern covers that area fraction.
   */
  template <int dim>
  class CoatedCollector : public Geometry<dim>
  {
  public:
    enum class Pattern
    {
      full,
      stripes,
      dots,
      patches
    };

    /// Declare 'Geometry/Coating'.
    static void
    declare_parameters(dealii::ParameterHandler &prm);

    /**
     * Coat @p base, whose lateral period is @p lateral_width (µm). If the
     * base's host surface is the plane z = @p planar_host_height (or it has
     * no host and @p planar_host_height is 0), the coverage is calibrated
     * and reported in the slab above that plane.
     */
    CoatedCollector(std::shared_ptr<const Geometry<dim>> base,
                    const double                         lateral_width,
                    const std::optional<double>          planar_host_height);

    /// Whether 'Geometry/Coating/Pattern' asks for a coating at all.
    static bool
    requested(dealii::ParameterHandler &prm);

    /// Parse 'Geometry/Coating' and build the pattern.
    void
    parse_parameters(dealii::ParameterHandler &prm);

    /// Fix the period, draw the patch field and calibrate the pattern from
    /// the members below (called by parse_parameters()).
    void
    build_pattern();

    void
    create_coarse_mesh(
      dealii::Triangulation<dim, dim> &triangulation) const override;
    bool
    has_periodic_lateral_faces() const override;
    double
    lithium_distance(const dealii::Point<dim> &point) const override;

    /// The base host united with the coating.
    double
    host_distance(const dealii::Point<dim> &point) const override;
    bool
    has_host() const override;

    /// The coating's kinetics on and just outside it, the base's elsewhere.
    SubstrateKinetics
    substrate_kinetics(const dealii::Point<dim> &point) const override;
    bool
    has_substrate_kinetics() const override;

    double
    coarse_cell_extent() const override;
    double
    collector_area() const override;

    /// The base's targets and, on a planar host, the coverage.
    std::vector<GeometryTarget>
    targets() const override;

    std::string
    description() const override;

    /// Signed distance from the coating alone, µm.
    double
    coating_distance(const dealii::Point<dim> &point) const;

    Pattern           pattern = Pattern::full;
    double            thickness;
    double            coverage;
    double            requested_period;
    unsigned int      seed;
    SubstrateKinetics coating_kinetics;

    /// The period used: a divisor of the lateral width, µm.
    double period = 1;
    /// Calibrated pattern size: stripe half-width, dot radius (µm), or minus
    /// the level of the patch field.
    double pattern_size = 0;

  private:
    /// Lateral signed distance from the pattern of the given size.
    double
    pattern_distance(const dealii::Point<dim> &point, const double size) const;

    /// Distance from the base host, or from the collector plane if the base
    /// has none: what the coating is a shell around.
    double
    substrate_distance(const dealii::Point<dim> &point) const;

    /// Coating distance from the substrate distance and pattern distance.
    double
    combined_host_distance(const double substrate,
                           const double pattern_distance) const;

    std::shared_ptr<const Geometry<dim>> base;
    const double                         lateral_width;
    const std::optional<double>          planar_host_height;

    /// One cosine of the patch field: amplitude cos(k . x + phase).
    struct Wave
    {
      dealii::Tensor<1, dim> wavevector;
      double                 amplitude;
      double                 phase;
    };
    std::vector<Wave> waves;
    /// Bound on |grad F|, 1/µm.
    double largest_patch_slope = 1;
  };
} // namespace deadli

#endif
