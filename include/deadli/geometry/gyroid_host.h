#ifndef deadli_geometry_gyroid_host_h
#define deadli_geometry_gyroid_host_h

#include <deal.II/base/parameter_handler.h>
#include <deal.II/base/point.h>

#include <deadli/geometry/planar_collector.h>

#include <vector>

namespace deadli
{
  /**
   * A Cu host shaped as the solid network gyroid, the triply periodic
   * minimal-surface lattice of 3D-printed and dealloyed current collectors:
   * one connected, smooth network of uniform channels, unlike the random
   * foam (copper_foam.h).
   *
   * With (X, Y, Z) = 2 pi x / L, the host is
   * G = sin X cos Y + sin Y cos Z + sin Z cos X > level, a single labyrinth
   * whose volume fraction falls from 1 to 0 as the level rises from -1.5 to
   * 1.5. The signed distance is the first-order estimate
   * (level - G) / |grad G|. The level is calibrated so that the diffuse
   * host indicator has the requested porosity in the host layer. In 2D the
   * host is the slice Y = 0 of the gyroid.
   *
   * Lateral periodicity needs a whole number of unit cells across the box:
   * the period L is the domain width divided by round(width / requested
   * cell size). Vertically the lattice is cut at the host height.
   *
   * It keeps PlanarCollector's box, Li layer, nuclei and Cu slab.
   */
  template <int dim>
  class GyroidHost : public PlanarCollector<dim>
  {
  public:
    /// Declare 'Geometry/Gyroid'.
    static void
    declare_parameters(dealii::ParameterHandler &prm);
    void
    parse_parameters(dealii::ParameterHandler &prm);

    /// Fix the period and calibrate the level from the members below
    /// (called by parse_parameters(); call it after setting them).
    void
    build_gyroid();

    /// The gyroid network (cut at the host height) united with the Cu slab.
    double
    host_distance(const dealii::Point<dim> &point) const override;

    bool
    has_host() const override;

    /// Porosity of the host layer (Cu slab top to host height).
    std::vector<GeometryTarget>
    targets() const override;

    std::string
    description() const override;

    double porosity;
    double requested_cell_size;
    double host_height;

    /// The unit cell size used (a divisor of the domain width), µm.
    double period = 1;
    /// The calibrated level of G.
    double level = 0;

  private:
    /// G and |grad G| (in 1/µm) at a point.
    std::pair<double, double>
    gyroid(const dealii::Point<dim> &point) const;

    /// Host distance from G, |grad G| and the height @p z.
    double
    host_distance(const std::pair<double, double> &gyroid_value,
                  const double                     z,
                  const double                     level) const;
  };
} // namespace deadli

#endif
