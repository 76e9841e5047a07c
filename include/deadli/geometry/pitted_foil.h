#ifndef deadli_geometry_pitted_foil_h
#define deadli_geometry_pitted_foil_h

#include <deal.II/base/parameter_handler.h>
#include <deal.II/base/point.h>

#include <deadli/geometry/planar_collector.h>

#include <string>
#include <vector>

namespace deadli
{
  /**
   * A Li foil with pits in its surface: the craters that stripping leaves
   * on Li metal, where the next plating nucleates preferentially, or
   * deliberately patterned foils.
   *
   * The foil is PlanarCollector's Li layer ('Initial Li thickness [um]'
   * is the foil thickness, measured from the collector), flat (no roughness
   * and no nuclei, so that the pit volume is known exactly). Each pit is
   * cut out of the Li: the Li distance is max(layer distance, -pit
   * distance). Pit shapes, all rotationally symmetric about a vertical axis
   * through a point of the foil surface:
   *  - sphere: the spherical cap with opening radius r at the surface and
   *    depth D (D = r: a hemisphere; D > r: more than a hemisphere, wider
   *    below the surface than at its mouth);
   *  - ellipsoid: the half-ellipsoid with lateral semi-axis r and vertical
   *    semi-axis D;
   *  - cone: base radius r at the surface, apex at depth D.
   * In 2D the same profiles are pits of a line (circular segment, half
   * ellipse, triangle).
   *
   * Pits are placed at the given lateral positions or at seeded random ones,
   * never overlapping (periodic distance between axes at least twice the
   * widest lateral extent of a pit).
   */
  template <int dim>
  class PittedFoil : public PlanarCollector<dim>
  {
  public:
    enum class PitShape
    {
      sphere,
      ellipsoid,
      cone
    };

    /// Declare 'Geometry/Pits'.
    static void
    declare_parameters(dealii::ParameterHandler &prm);
    void
    parse_parameters(dealii::ParameterHandler &prm);

    /**
     * Check the pit parameters against the foil and box and place the pits
     * (called by parse_parameters(); call it after setting the members).
     * @p position_list: the 'Pit positions [um]' text, empty for random.
     */
    void
    place_pits(const std::string &position_list);

    /// The foil minus the pits.
    double
    lithium_distance(const dealii::Point<dim> &point) const override;

    /// Signed distance from the union of the pits, µm.
    double
    pit_distance(const dealii::Point<dim> &point) const;

    /// Volume of one pit, µm^3 (µm^2 per unit depth in 2D).
    double
    pit_volume() const;

    /// Widest lateral distance of a pit from its axis, µm.
    double
    pit_lateral_extent() const;

    /// Removed Li volume, against the intact foil.
    std::vector<GeometryTarget>
    targets() const override;

    std::string
    description() const override;

    unsigned int n_pits;
    double       pit_radius;
    double       pit_depth;
    PitShape     pit_shape;
    unsigned int pit_seed;

    /// Lateral positions of the pit axes (last coordinate: the surface).
    std::vector<dealii::Point<dim>> pit_centres;

  private:
    /// Signed distance from one pit with its axis at @p centre.
    double
    single_pit_distance(const dealii::Point<dim> &point,
                        const dealii::Point<dim> &centre) const;
  };
} // namespace deadli

#endif
