#include <deal.II/base/utilities.h>

#include <deadli/geometry/pitted_foil.h>
#include <deadli/parameter_checks.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <sstream>

namespace deadli
{
  using namespace dealii;

  namespace
  {
    const std::string positions_parameter = "Geometry/Pits/Pit positions [um]";

    /// The number in @p text, or throw naming the position list.
    double
    parse_coordinate(const std::string &text,
                     const std::string &entry,
                     const std::string &list)
    {
      const std::string trimmed = Utilities::trim(text);
      std::size_t       end     = 0;
      double            value   = std::numeric_limits<double>::quiet_NaN();
      try
        {
          value = std::stod(trimmed, &end);
        }
      catch (const std::exception &)
        {
          end = 0;
        }
      AssertThrow(!trimmed.empty() && end == trimmed.size() &&
                    std::isfinite(value),
                  ExcMessage("Parameter '" + positions_parameter + "' = '" +
                             list + "' is malformed: '" + entry +
                             "' is not a list of numbers."));
      return value;
    }
  } // namespace



  template <int dim>
  void
  PittedFoil<dim>::declare_parameters(ParameterHandler &prm)
  {
    prm.enter_subsection("Geometry");
    prm.enter_subsection("Pits");
    {
      prm.declare_entry("Number of pits",
                        "4",
                        Patterns::Integer(0, 10000),
                        "Pits cut into the surface of the Li foil "
                        "('Geometry/Initial Li thickness [um]').");
      prm.declare_entry("Pit radius [um]",
                        "2",
                        Patterns::Double(0),
                        "Radius of a pit's mouth at the foil surface.");
      prm.declare_entry("Pit depth [um]",
                        "1.5",
                        Patterns::Double(0),
                        "Depth of a pit below the foil surface; less than "
                        "the foil thickness.");
      prm.declare_entry(
        "Pit shape",
        "sphere",
        Patterns::Selection("sphere|ellipsoid|cone"),
        "'sphere': the spherical cap with the pit radius at its mouth and "
        "the pit depth (depth = radius: a hemisphere; deeper: wider below "
        "the surface than at the mouth). 'ellipsoid': half-ellipsoid with "
        "lateral semi-axis = radius and vertical semi-axis = depth. 'cone': "
        "base radius at the surface, apex at the depth.");
      prm.declare_entry(
        "Pit positions [um]",
        "",
        Patterns::Anything(),
        "Lateral positions of the pit axes, 'x, y; x, y; ...' in 3D, "
        "'x; x; ...' in 2D, inside [0, domain width], one per pit; empty: "
        "seeded random positions. Pits must not overlap, also across the "
        "periodic lateral faces.");
      prm.declare_entry("Random seed",
                        "1",
                        Patterns::Integer(0),
                        "Seed of the random pit positions (the same on all "
                        "MPI ranks).");
    }
    prm.leave_subsection();
    prm.leave_subsection();
  }



  template <int dim>
  void
  PittedFoil<dim>::parse_parameters(ParameterHandler &prm)
  {
    PlanarCollector<dim>::parse_parameters(prm);
    std::string position_list;
    prm.enter_subsection("Geometry");
    prm.enter_subsection("Pits");
    {
      n_pits                  = prm.get_integer("Number of pits");
      pit_radius              = prm.get_double("Pit radius [um]");
      pit_depth               = prm.get_double("Pit depth [um]");
      const std::string shape = prm.get("Pit shape");
      pit_shape               = shape == "sphere"    ? PitShape::sphere :
                                shape == "ellipsoid" ? PitShape::ellipsoid :
                                                       PitShape::cone;
      position_list           = prm.get("Pit positions [um]");
      pit_seed                = prm.get_integer("Random seed");
    }
    prm.leave_subsection();
    prm.leave_subsection();
    place_pits(position_list);
  }



  template <int dim>
  void
  PittedFoil<dim>::place_pits(const std::string &position_list)
  {
    constexpr double infinity = std::numeric_limits<double>::infinity();
    const double     width    = this->domain_width;
    const double     foil = this->layer_thickness - this->copper_slab_thickness;

    // The pit volume is compared with the flat foil's: no roughness, no
    // nuclei.
    AssertThrow(this->roughness_amplitude == 0,
                ExcParameterOutOfRange(
                  "Geometry/Surface roughness amplitude [um]",
                  this->roughness_amplitude,
                  "{0}",
                  "A pitted foil is flat between its pits (Geometry/Type = "
                  "pitted foil), so that its pit volume is known exactly."));
    AssertThrow(this->n_nuclei == 0,
                ExcParameterOutOfRange(
                  "Geometry/Number of nuclei",
                  this->n_nuclei,
                  "{0}",
                  "A pitted foil has no nuclei (Geometry/Type = pitted "
                  "foil); its pits are the surface features."));
    require_open_interval("Geometry/Initial Li thickness [um]",
                          foil,
                          0,
                          infinity,
                          "A pitted foil needs a Li foil above the Cu slab.");
    {
      std::ostringstream reason;
      reason << "Pits larger than the foil: a pit must be shallower than the "
                "Li foil ('Geometry/Initial Li thickness [um]' = "
             << this->layer_thickness;
      if (this->copper_slab_thickness > 0)
        reason << " minus 'Geometry/Cu slab thickness [um]' = "
               << this->copper_slab_thickness;
      reason << ").";
      require_open_interval(
        "Geometry/Pits/Pit depth [um]", pit_depth, 0, foil, reason.str());
    }
    require_open_interval("Geometry/Pits/Pit radius [um]",
                          pit_radius,
                          0,
                          infinity,
                          "A pit radius must be positive.");
    {
      std::ostringstream reason;
      reason << "A pit must fit into the periodic box: its widest lateral "
                "extent ("
             << pit_lateral_extent()
             << " um) must be at most half the domain width (" << 0.5 * width
             << " um).";
      AssertThrow(pit_lateral_extent() <= 0.5 * width,
                  ExcParameterOutOfRange("Geometry/Pits/Pit radius [um]",
                                         pit_radius,
                                         "(0, " + std::to_string(0.5 * width) +
                                           "]",
                                         reason.str()));
    }

    const auto periodic_distance = [width](const Point<dim> &a,
                                           const Point<dim> &b) {
      Tensor<1, dim> offset = a - b;
      for (unsigned int d = 0; d + 1 < dim; ++d)
        offset[d] -= width * std::round(offset[d] / width);
      offset[dim - 1] = 0;
      return offset.norm();
    };
    const double closest         = 2 * pit_lateral_extent();
    const auto   overlaps_placed = [&](const Point<dim> &candidate) {
      return std::any_of(pit_centres.begin(),
                         pit_centres.end(),
                         [&](const Point<dim> &centre) {
                           return periodic_distance(candidate, centre) <
                                  closest * (1 - 1e-12);
                         });
    };

    pit_centres.clear();
    if (!Utilities::trim(position_list).empty())
      {
        const std::vector<std::string> entries =
          Utilities::split_string_list(position_list, ';');
        for (const std::string &entry : entries)
          {
            const std::vector<std::string> coordinates =
              Utilities::split_string_list(entry, ',');
            AssertThrow(coordinates.size() == dim - 1,
                        ExcMessage(
                          "Parameter '" + positions_parameter + "' = '" +
                          position_list + "' is malformed: '" + entry +
                          "' has " + std::to_string(coordinates.size()) +
                          " coordinate(s), a " + std::to_string(dim) +
                          "D pit position needs " + std::to_string(dim - 1) +
                          " (entries separated by ';', coordinates "
                          "by ',')."));
            Point<dim> centre;
            for (unsigned int d = 0; d + 1 < dim; ++d)
              {
                centre[d] =
                  parse_coordinate(coordinates[d], entry, position_list);
                AssertThrow(centre[d] >= 0 && centre[d] <= width,
                            ExcMessage("Parameter '" + positions_parameter +
                                       "' = '" + position_list +
                                       "': position '" + entry +
                                       "' is outside the domain [0, " +
                                       std::to_string(width) +
                                       "] ('Geometry/Domain width [um]')."));
              }
            centre[dim - 1] = this->layer_thickness;
            AssertThrow(!overlaps_placed(centre),
                        ExcMessage("Parameter '" + positions_parameter +
                                   "' = '" + position_list + "': the pit at '" +
                                   entry +
                                   "' overlaps another one (pit axes "
                                   "must be at least " +
                                   std::to_string(closest) +
                                   " um apart, also across the periodic "
                                   "faces)."));
            pit_centres.push_back(centre);
          }
        AssertThrow(pit_centres.size() == n_pits,
                    ExcMessage("Parameter '" + positions_parameter + "' = '" +
                               position_list + "' lists " +
                               std::to_string(pit_centres.size()) +
                               " position(s), but 'Geometry/Pits/Number of "
                               "pits' = " +
                               std::to_string(n_pits) + "."));
        return;
      }

    // Random sequential addition: the first pit that finds no free spot in
    // many attempts ends the placement with an error.
    std::mt19937                           generator(pit_seed);
    std::uniform_real_distribution<double> lateral(0., width);
    constexpr unsigned int                 attempts_per_pit = 10000;
    while (pit_centres.size() < n_pits)
      {
        bool placed = false;
        for (unsigned int attempt = 0; attempt < attempts_per_pit && !placed;
             ++attempt)
          {
            Point<dim> candidate;
            for (unsigned int d = 0; d + 1 < dim; ++d)
              candidate[d] = lateral(generator);
            candidate[dim - 1] = this->layer_thickness;
            if (!overlaps_placed(candidate))
              {
                pit_centres.push_back(candidate);
                placed = true;
              }
          }
        AssertThrow(placed,
                    ExcMessage("Parameter 'Geometry/Pits/Number of pits' = " +
                               std::to_string(n_pits) +
                               ": cannot place that many "
                               "pits of lateral extent " +
                               std::to_string(pit_lateral_extent()) +
                               " um without overlap in a box " +
                               std::to_string(width) + " um wide (placed " +
                               std::to_string(pit_centres.size()) +
                               " at random); use fewer or smaller pits "
                               "('Geometry/Pits/Pit radius [um]') or explicit "
                               "'Pit positions [um]'."));
      }
  }



  template <int dim>
  double
  PittedFoil<dim>::pit_lateral_extent() const
  {
    if (pit_shape == PitShape::sphere)
      {
        // The cap's sphere; if it is deeper than its radius, the pit is
        // widest at the sphere's centre.
        const double sphere_radius =
          (pit_radius * pit_radius + pit_depth * pit_depth) / (2 * pit_depth);
        return pit_depth > sphere_radius ? sphere_radius : pit_radius;
      }
    return pit_radius;
  }



  template <int dim>
  double
  PittedFoil<dim>::pit_volume() const
  {
    const double r = pit_radius, depth = pit_depth;
    if (dim == 3)
      switch (pit_shape)
        {
          case PitShape::sphere:
            return M_PI * depth * (3 * r * r + depth * depth) / 6;
          case PitShape::ellipsoid:
            return 2. / 3. * M_PI * r * r * depth;
          case PitShape::cone:
            return M_PI * r * r * depth / 3;
        }
    switch (pit_shape)
      {
          case PitShape::sphere: {
            // Circular segment of height 'depth' of a circle through the
            // mouth.
            const double radius = (r * r + depth * depth) / (2 * depth);
            return radius * radius * std::acos((radius - depth) / radius) -
                   (radius - depth) *
                     std::sqrt(2 * radius * depth - depth * depth);
          }
        case PitShape::ellipsoid:
          return M_PI * r * depth / 2;
        case PitShape::cone:
          return r * depth;
      }
    return 0;
  }



  template <int dim>
  double
  PittedFoil<dim>::single_pit_distance(const Point<dim> &p,
                                       const Point<dim> &centre) const
  {
    Tensor<1, dim> offset = p - centre;
    for (unsigned int d = 0; d + 1 < dim; ++d)
      offset[d] -=
        this->domain_width * std::round(offset[d] / this->domain_width);
    const double   height  = offset[dim - 1]; // above the foil surface
    Tensor<1, dim> lateral = offset;
    lateral[dim - 1]       = 0;
    const double rho       = lateral.norm();

    switch (pit_shape)
      {
          case PitShape::sphere: {
            const double radius =
              (pit_radius * pit_radius + pit_depth * pit_depth) /
              (2 * pit_depth);
            const double below_centre = height + pit_depth - radius;
            return std::sqrt(rho * rho + below_centre * below_centre) - radius;
          }
          case PitShape::ellipsoid: {
            // First-order distance f / |grad f| of f = |q| - 1, q the point
            // in units of the semi-axes: exact on the surface and along the
            // axes, and with |grad| = 1 there.
            const double q_rho = rho / pit_radius, q_z = height / pit_depth;
            const double q = std::sqrt(q_rho * q_rho + q_z * q_z);
            const double gradient =
              std::sqrt(std::pow(rho / (pit_radius * pit_radius), 2) +
                        std::pow(height / (pit_depth * pit_depth), 2));
            if (gradient == 0)
              return -std::min(pit_radius, pit_depth);
            return q * (q - 1) / gradient;
          }
          case PitShape::cone: {
            // In the half plane (rho, h) with h the height above the apex,
            // the distance from the generatrix ray through (r, depth).
            const double h      = height + pit_depth;
            const double length = std::hypot(pit_radius, pit_depth);
            const double along  = (rho * pit_radius + h * pit_depth) / length;
            if (along < 0)
              return std::hypot(rho, h);
            return (rho * pit_depth - h * pit_radius) / length;
          }
      }
    return far_away;
  }



  template <int dim>
  double
  PittedFoil<dim>::pit_distance(const Point<dim> &p) const
  {
    double distance = far_away;
    for (const Point<dim> &centre : pit_centres)
      distance = std::min(distance, single_pit_distance(p, centre));
    return distance;
  }



  template <int dim>
  double
  PittedFoil<dim>::lithium_distance(const Point<dim> &p) const
  {
    return std::max(PlanarCollector<dim>::lithium_distance(p),
                    -pit_distance(p));
  }



  template <int dim>
  std::vector<GeometryTarget>
  PittedFoil<dim>::targets() const
  {
    GeometryTarget target;
    target.quantity  = GeometryTarget::Quantity::pit_volume;
    target.name      = "pit volume [um^" + std::to_string(dim) + "]";
    target.requested = n_pits * pit_volume();
    target.reference_volume =
      this->collector_area() *
      (this->layer_thickness - this->copper_slab_thickness);
    return {target};
  }



  template <int dim>
  std::string
  PittedFoil<dim>::description() const
  {
    static const char *const shape_names[] = {"spherical",
                                              "ellipsoidal",
                                              "conical"};
    std::ostringstream       text;
    text << "pitted Li foil (" << n_pits << ' '
         << shape_names[static_cast<int>(pit_shape)] << " pits of radius "
         << pit_radius << " um and depth " << pit_depth << " um, "
         << n_pits * pit_volume() << " um^" << dim << " removed); on a "
         << PlanarCollector<dim>::description();
    return text.str();
  }



  template class PittedFoil<2>;
  template class PittedFoil<3>;
} // namespace deadli
