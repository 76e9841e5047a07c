#ifndef deadli_geometry_geometry_h
#define deadli_geometry_geometry_h

#include <deal.II/base/function.h>
#include <deal.II/base/point.h>

#include <limits>
#include <memory>
#include <string>
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
   * face, and the lateral faces (ids 0 .. 2(dim-1)-1, lower and upper end of
   * each lateral direction) are periodic pairs so that a small box represents
   * a laterally infinite electrode.
   */
  namespace boundary_id
  {
    template <int dim>
    constexpr unsigned int collector = 2 * (dim - 1);
    template <int dim>
    constexpr unsigned int counter_electrode = 2 * (dim - 1) + 1;
  } // namespace boundary_id

  /// Signed distance of a point outside every surface, µm.
  constexpr double far_away = std::numeric_limits<double>::infinity();

  /**
   * The equilibrium profile (1 - tanh(d / w)) / 2, w = width / 2, of the
   * Allen-Cahn double well at signed distance @p distance (negative inside)
   * from a surface: every sharp geometry enters the diffuse-interface model
   * through this one function, so that what the mesh resolves does not depend
   * on how the geometry was described.
   */
  inline double
  diffuse_indicator(const double distance, const double interface_width)
  {
    return 0.5 * (1. - std::tanh(distance / (0.5 * interface_width)));
  }

  /**
   * Local interface kinetics of the substrate (Cu, coating) at a point: the
   * factor on the exchange current density and the extra overpotential a
   * bare substrate needs before Li nucleates on it (V, >= 0).
   */
  struct SubstrateKinetics
  {
    double exchange_current_factor  = 1.;
    double nucleation_overpotential = 0.;
  };

  /**
   * A geometry the user asked for and what it should have come out as, for
   * the report that compares it with the mesh (see geometry_measures.h).
   */
  struct GeometryTarget
  {
    enum class Quantity
    {
      /// Pore fraction of the host layer between @p bottom and @p top.
      porosity,
      /// Fraction of the collector plane under the coating: the mean host
      /// fraction in the slab between @p bottom and @p top, which lies
      /// inside the coating layer.
      coating_coverage,
      /// Li volume removed from the foil by the pits, µm^3.
      pit_volume,
      /// Volume fraction of Cu host in the whole domain.
      host_fraction,
      /// Volume fraction of Li in the whole domain.
      lithium_fraction
    };
    Quantity    quantity;
    std::string name;
    double      requested;
    /// The slab (stacking coordinate, µm) a porosity or coverage refers to.
    double bottom = 0;
    double top    = 0;
    /// Pit volume: the intact foil's Li volume; volume fractions: the
    /// volume they refer to, µm^3.
    double reference_volume = 0;
  };

  /**
   * What DeadLi needs to know about a cell architecture: the coarse mesh with
   * the boundary indicators of boundary_id, where the Cu host (current
   * collector structure, coating) is, where the initial Li is, and how the
   * substrate's surface kinetics vary.
   *
   * Regions are given as signed distance functions (negative inside, µm),
   * not as indicator functions: the model smears every surface over the same
   * interface width with diffuse_indicator(), the mesh is refined towards the
   * interfaces before the run starts, and so nothing depends on the coarse
   * mesh or on the resolution of the geometric description. Distances only
   * need to be exact within a few interface widths of the surface.
   *
   * The host is a fixed part of the metal: the phase field xi of the solver
   * is the metal (Li + host) fraction, xi >= chi, where chi is the host
   * indicator, and Li is xi - chi (doc/model.md, section 3.6).
   */
  template <int dim>
  class Geometry
  {
  public:
    virtual ~Geometry() = default;

    /// The coarse mesh with the boundary indicators of boundary_id.
    virtual void
    create_coarse_mesh(
      dealii::Triangulation<dim, dim> &triangulation) const = 0;

    /// Whether the lateral faces are periodic pairs (otherwise they are
    /// no-flux walls, i.e. mirror planes).
    virtual bool
    has_periodic_lateral_faces() const
    {
      return true;
    }

    /// Signed distance from the surface of the initial Li, µm.
    virtual double
    lithium_distance(const dealii::Point<dim> &point) const = 0;

    /// Signed distance from the surface of the Cu host (including any
    /// coating), µm; far_away where there is no host.
    virtual double
    host_distance(const dealii::Point<dim> &point) const
    {
      (void)point;
      return far_away;
    }

    /// Whether there is a host volume at all (skips its fields if not).
    virtual bool
    has_host() const
    {
      return false;
    }

    /// Surface kinetics of the substrate near @p point: those of bare Cu
    /// unless a coating says otherwise.
    virtual SubstrateKinetics
    substrate_kinetics(const dealii::Point<dim> &point) const
    {
      (void)point;
      return copper_kinetics;
    }

    /// Whether substrate_kinetics() differs from plain Li kinetics anywhere.
    virtual bool
    has_substrate_kinetics() const
    {
      return has_host() && (copper_kinetics.exchange_current_factor != 1. ||
                            copper_kinetics.nucleation_overpotential != 0.);
    }

    /// Edge length of the largest coarse cell, µm: with the maximum
    /// refinement level it sets the finest cell.
    virtual double
    coarse_cell_extent() const = 0;

    /// Area of the current collector, µm^2 (µm per unit depth in 2D).
    virtual double
    collector_area() const = 0;

    /// What the user asked for, to be compared with the mesh.
    virtual std::vector<GeometryTarget>
    targets() const
    {
      return {};
    }

    /// One line saying what this geometry is, for the log.
    virtual std::string
    description() const = 0;

    /**
     * The initial metal (Li + host) phase field: the union of the diffuse
     * Li and host regions.
     */
    std::unique_ptr<dealii::Function<dim>>
    initial_metal_fraction(const double interface_width) const;

    /// The diffuse host indicator chi.
    std::unique_ptr<dealii::Function<dim>>
    host_fraction(const double interface_width) const;

    /**
     * The phase field's interface width, µm (set by the geometry factory from
     * 'Phase field/Interface width [um]' before the geometry's parameters
     * are parsed): geometries that calibrate a volume fraction do it for the
     * diffuse indicator the solver will see, not for the sharp shape.
     */
    double interface_width = 1.;

    /// Kinetics of Li deposition on bare Cu (set by the geometry factory
    /// from 'Geometry/Cu ...').
    SubstrateKinetics copper_kinetics;
  };
} // namespace deadli

#endif
