#ifndef deadli_geometry_copper_foam_h
#define deadli_geometry_copper_foam_h

#include <deal.II/base/parameter_handler.h>
#include <deal.II/base/point.h>

#include <deadli/geometry/planar_collector.h>

#include <vector>

namespace deadli
{
  /**
   * An open-cell Cu foam on the collector: a random strut network, the
   * current collector of 3D hosts for Li metal anodes.
   *
   * The struts are the edges of the Voronoi tessellation of seeded random
   * points (3D; in 2D the edges of a 2D tessellation, i.e. a cross-section-
   * like network of ligaments). They are represented implicitly: with
   * d_1 <= ... <= d_dim the distances to the dim nearest seeds, the excess
   * f = (d_dim - d_1) / 2 vanishes exactly on the Voronoi edges and grows
   * away from them, so {f < t} is a strut of half-thickness about t, thicker
   * at the nodes, as in real foams. The signed distance is the first-order
   * estimate (f - t) / |grad f|, accurate near the strut surface, which is
   * all diffuse_indicator() needs.
   *
   * The seeds fill the foam layer (Cu slab top to the foam height) at
   * density 1 / (pore size)^dim, with a minimum spacing (random sequential
   * addition) so that there are no tiny cells and stubby edges. They are
   * replicated in the neighbouring lateral periodic images, so the foam is
   * periodic, and mirrored at the bottom and the top of the layer, which
   * makes both planes Voronoi faces: a network of struts lying on the
   * collector (or slab), to which every strut of the foam is joined, so the
   * host touches the collector, and one lying in the top plane, halved by
   * the cut at the foam height. Without the top mirror, a cut foam surface
   * leaves caps of nodes just above the cut as floating Cu fragments.
   *
   * The half-thickness t is calibrated so that the diffuse host indicator
   * (with the phase field's interface width) has the requested porosity in
   * the layer; see solve_increasing().
   *
   * It keeps PlanarCollector's box, Li layer, nuclei and Cu slab.
   */
  template <int dim>
  class CopperFoam : public PlanarCollector<dim>
  {
  public:
    /// Declare 'Geometry/Copper foam'.
    static void
    declare_parameters(dealii::ParameterHandler &prm);
    /// Parse the box and the foam, place the seeds and calibrate the struts.
    void
    parse_parameters(dealii::ParameterHandler &prm);

    /// Place the seeds and calibrate the strut thickness from the members
    /// below (called by parse_parameters(); call it after setting them).
    void
    build_foam();

    /// The foam (clipped at the foam height) united with the Cu slab.
    double
    host_distance(const dealii::Point<dim> &point) const override;

    bool
    has_host() const override;

    /// Porosity of the foam layer (Cu slab top to foam height).
    std::vector<GeometryTarget>
    targets() const override;

    std::string
    description() const override;

    double       porosity;
    double       pore_size;
    double       foam_height;
    unsigned int foam_seed;

    /// Calibrated strut half-thickness t in the excess f, µm.
    double strut_half_thickness = 0;
    /// Mean distance from a Voronoi edge to the strut surface, µm.
    double strut_radius = 0;
    /// Number of seeds in one period.
    unsigned int n_seeds = 0;

  private:
    /// The excess f = (d_dim - d_1) / 2 at a point and |grad f|.
    struct Excess
    {
      double value;
      double slope;
    };
    Excess
    strut_excess(const dealii::Point<dim> &point) const;

    /// Host distance from the excess at a point of height @p z.
    double
    host_distance(const Excess &excess,
                  const double  z,
                  const double  half_thickness) const;

    /// Seeds with their lateral periodic images and their mirror images in
    /// the bottom and top planes of the layer.
    std::vector<dealii::Point<dim>> seed_images;
  };
} // namespace deadli

#endif
