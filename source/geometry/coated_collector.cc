#include <deadli/geometry/coated_collector.h>
#include <deadli/geometry/fraction_calibration.h>
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
    const std::string pattern_names = "none|full|stripes|dots|patches";
  } // namespace



  template <int dim>
  void
  CoatedCollector<dim>::declare_parameters(ParameterHandler &prm)
  {
    prm.enter_subsection("Geometry");
    prm.enter_subsection("Coating");
    {
      prm.declare_entry(
        "Pattern",
        "none",
        Patterns::Selection(pattern_names),
        "A lithiophilic coating on the host surface of whatever geometry "
        "'Geometry/Type' makes (on the collector plane if it has no host). "
        "'none': no coating. 'full': a uniform layer. 'stripes': stripes "
        "along the second lateral direction, one per pattern period. "
        "'dots': discs on a square lattice of the pattern period (2D: "
        "segments). 'patches': a smooth random periodic pattern with "
        "features of about the pattern period.");
      prm.declare_entry("Thickness [um]",
                        "2",
                        Patterns::Double(0),
                        "Thickness of the coating layer. In the diffuse "
                        "model it should be at least about the interface "
                        "width, or the coating is only a diffuse film.");
      prm.declare_entry("Coverage fraction",
                        "0.5",
                        Patterns::Double(),
                        "Fraction of the host surface under the coating, in "
                        "(0, 1]; ignored for 'full'. Calibrated for the "
                        "diffuse indicator (see doc/geometries.md).");
      prm.declare_entry("Pattern period [um]",
                        "4",
                        Patterns::Double(0),
                        "Stripe or dot spacing, or the feature size of the "
                        "patches. Rounded to the domain width divided by a "
                        "whole number, so that the pattern is periodic "
                        "(the period used is in the log).");
      prm.declare_entry("Random seed",
                        "1",
                        Patterns::Integer(0),
                        "Seed of the patch pattern (the same on all MPI "
                        "ranks).");
      prm.declare_entry("Exchange current factor",
                        "1",
                        Patterns::Double(0),
                        "Exchange current density of Li deposition on the "
                        "coating relative to that on Li; replaces 'Geometry/"
                        "Cu exchange current factor' on coated surfaces.");
      prm.declare_entry("Nucleation overpotential [mV]",
                        "0",
                        Patterns::Double(0),
                        "Nucleation overpotential of Li on the coating; "
                        "replaces 'Geometry/Cu nucleation overpotential "
                        "[mV]' on coated surfaces. Lithiophilic coatings "
                        "(Ag, Au, ZnO): about 0.");
    }
    prm.leave_subsection();
    prm.leave_subsection();
  }



  template <int dim>
  CoatedCollector<dim>::CoatedCollector(
    std::shared_ptr<const Geometry<dim>> base,
    const double                         lateral_width,
    const std::optional<double>          planar_host_height)
    : base(base)
    , lateral_width(lateral_width)
    , planar_host_height(planar_host_height)
  {
    this->interface_width = base->interface_width;
    this->copper_kinetics = base->copper_kinetics;
  }



  template <int dim>
  bool
  CoatedCollector<dim>::requested(ParameterHandler &prm)
  {
    prm.enter_subsection("Geometry");
    prm.enter_subsection("Coating");
    const bool coated = prm.get("Pattern") != "none";
    prm.leave_subsection();
    prm.leave_subsection();
    return coated;
  }



  template <int dim>
  void
  CoatedCollector<dim>::parse_parameters(ParameterHandler &prm)
  {
    prm.enter_subsection("Geometry");
    prm.enter_subsection("Coating");
    {
      const std::string name = prm.get("Pattern");
      AssertThrow(name != "none",
                  ExcMessage("CoatedCollector: 'Geometry/Coating/Pattern' is "
                             "'none'; do not coat."));
      pattern          = name == "full"    ? Pattern::full :
                         name == "stripes" ? Pattern::stripes :
                         name == "dots"    ? Pattern::dots :
                                             Pattern::patches;
      thickness        = prm.get_double("Thickness [um]");
      coverage         = prm.get_double("Coverage fraction");
      requested_period = prm.get_double("Pattern period [um]");
      seed             = prm.get_integer("Random seed");
      coating_kinetics.exchange_current_factor =
        prm.get_double("Exchange current factor");
      coating_kinetics.nucleation_overpotential =
        1e-3 * prm.get_double("Nucleation overpotential [mV]");
    }
    prm.leave_subsection();
    prm.leave_subsection();

    constexpr double infinity = std::numeric_limits<double>::infinity();
    require_open_interval("Geometry/Coating/Thickness [um]",
                          thickness,
                          0,
                          infinity,
                          "A coating must have a positive thickness.");
    if (pattern != Pattern::full)
      {
        AssertThrow(coverage > 0 && coverage <= 1,
                    ExcParameterOutOfRange(
                      "Geometry/Coating/Coverage fraction",
                      coverage,
                      "(0, 1]",
                      "It is the fraction of the surface under the coating."));
        require_open_interval("Geometry/Coating/Pattern period [um]",
                              requested_period,
                              0,
                              infinity,
                              "A pattern period must be positive.");
      }
    build_pattern();
  }



  template <int dim>
  void
  CoatedCollector<dim>::build_pattern()
  {
    const double width = this->interface_width;
    period             = lateral_width /
             std::max(1l, std::lround(lateral_width / requested_period));
    if (pattern == Pattern::full)
      {
        pattern_size = 0;
        return;
      }

    // The patch field: cosines with whole numbers of periods across the box
    // and wavelengths within +-40 % of the pattern period, seeded random
    // amplitudes and phases, scaled to unit root mean square.
    waves.clear();
    if (pattern == Pattern::patches)
      {
        std::mt19937                           generator(seed);
        std::uniform_real_distribution<double> unit(0., 1.);
        const double cells_across = lateral_width / period;
        const int    largest      = std::ceil(1.4 * cells_across);
        const int    n_second     = dim == 3 ? largest : 0;
        double       mean_square  = 0;
        for (int m = 0; m <= largest; ++m)
          for (int n = -n_second; n <= n_second; ++n)
            {
              // One of each pair of opposite wavevectors.
              if (m == 0 && n <= 0)
                continue;
              const double index_norm = std::hypot(m, n);
              if (index_norm < 0.6 * cells_across ||
                  index_norm > 1.4 * cells_across)
                continue;
              Wave wave;
              wave.wavevector[0] = 2 * M_PI * m / lateral_width;
              if (dim == 3)
                wave.wavevector[1] = 2 * M_PI * n / lateral_width;
              wave.amplitude = 0.5 + 0.5 * unit(generator);
              wave.phase     = 2 * M_PI * unit(generator);
              mean_square += 0.5 * wave.amplitude * wave.amplitude;
              waves.push_back(wave);
            }
        largest_patch_slope = 0;
        for (Wave &wave : waves)
          {
            wave.amplitude /= std::sqrt(mean_square);
            largest_patch_slope += wave.amplitude * wave.wavevector.norm();
          }
      }

    // The calibration samples and what the pattern size does not change.
    double bottom = 0, top = 0;
    if (planar_host_height)
      {
        bottom = *planar_host_height + 0.25 * thickness;
        top    = *planar_host_height + 0.75 * thickness;
      }
    std::vector<Point<dim>> samples =
      layer_sample_points<dim>(lateral_width, bottom, top, width / 4, 400000);
    std::vector<double> substrate(planar_host_height ? samples.size() : 0);
    for (unsigned int i = 0; i < substrate.size(); ++i)
      substrate[i] = substrate_distance(samples[i]);
    const auto covered = [&](const double size) {
      double sum = 0;
      for (unsigned int i = 0; i < samples.size(); ++i)
        {
          const double lateral = pattern_distance(samples[i], size);
          sum +=
            diffuse_indicator(planar_host_height ?
                                combined_host_distance(substrate[i], lateral) :
                                lateral,
                              width);
        }
      return sum / samples.size();
    };

    double smallest = -4 * width, largest = 0.5 * period + 4 * width;
    if (pattern == Pattern::dots)
      largest = 0.5 * std::sqrt(dim - 1.) * period + 4 * width;
    else if (pattern == Pattern::patches)
      {
        double bound = 0;
        for (const Wave &wave : waves)
          bound += wave.amplitude;
        largest  = bound + 4 * width * largest_patch_slope;
        smallest = -largest;
      }
    const std::optional<double> size =
      solve_increasing(covered, coverage, smallest, largest);
    if (!size)
      {
        std::ostringstream range;
        range << "[" << covered(smallest) << ", " << covered(largest) << "]";
        AssertThrow(false,
                    ExcParameterOutOfRange(
                      "Geometry/Coating/Coverage fraction",
                      coverage,
                      range.str(),
                      "This range of coverages (mean host fraction from 1/4 "
                      "to 3/4 of the coating thickness) is all that this "
                      "coating thickness gives with this interface width "
                      "and host; use a thicker coating."));
      }
    pattern_size = *size;
  }



  template <int dim>
  double
  CoatedCollector<dim>::pattern_distance(const Point<dim> &p,
                                         const double      size) const
  {
    // Offset from the nearest pattern centre (centres at half periods).
    const auto centred = [&](const double x) {
      return x - period * (std::floor(x / period) + 0.5);
    };
    switch (pattern)
      {
        case Pattern::full:
          return -far_away;
        case Pattern::stripes:
          return std::abs(centred(p[0])) - size;
          case Pattern::dots: {
            double square = 0;
            for (unsigned int d = 0; d + 1 < dim; ++d)
              square += std::pow(centred(p[d]), 2);
            return std::sqrt(square) - size;
          }
          case Pattern::patches: {
            double         value = 0;
            Tensor<1, dim> gradient;
            for (const Wave &wave : waves)
              {
                double phase = wave.phase;
                for (unsigned int d = 0; d + 1 < dim; ++d)
                  phase += wave.wavevector[d] * p[d];
                value += wave.amplitude * std::cos(phase);
                gradient -= wave.amplitude * std::sin(phase) * wave.wavevector;
              }
            // Inside where F > level = -size; first-order distance, with
            // the slope bounded below where |grad F| vanishes.
            return (-size - value) /
                   std::max(gradient.norm(), 0.2 * 2 * M_PI / period);
          }
      }
    return far_away;
  }



  template <int dim>
  double
  CoatedCollector<dim>::substrate_distance(const Point<dim> &p) const
  {
    return base->has_host() ? base->host_distance(p) : p[dim - 1];
  }



  template <int dim>
  double
  CoatedCollector<dim>::combined_host_distance(
    const double substrate,
    const double pattern_distance) const
  {
    const double coating = std::max(substrate - thickness, pattern_distance);
    return base->has_host() ? std::min(substrate, coating) : coating;
  }



  template <int dim>
  double
  CoatedCollector<dim>::coating_distance(const Point<dim> &p) const
  {
    return std::max(substrate_distance(p) - thickness,
                    pattern_distance(p, pattern_size));
  }



  template <int dim>
  double
  CoatedCollector<dim>::host_distance(const Point<dim> &p) const
  {
    return combined_host_distance(substrate_distance(p),
                                  pattern_distance(p, pattern_size));
  }



  template <int dim>
  bool
  CoatedCollector<dim>::has_host() const
  {
    return true;
  }



  template <int dim>
  SubstrateKinetics
  CoatedCollector<dim>::substrate_kinetics(const Point<dim> &p) const
  {
    // 1 on the coating and up to about one interface width outside it.
    const double weight =
      diffuse_indicator(coating_distance(p) - this->interface_width,
                        this->interface_width);
    const SubstrateKinetics base_kinetics = base->substrate_kinetics(p);
    SubstrateKinetics       kinetics;
    kinetics.exchange_current_factor =
      weight * coating_kinetics.exchange_current_factor +
      (1 - weight) * base_kinetics.exchange_current_factor;
    kinetics.nucleation_overpotential =
      weight * coating_kinetics.nucleation_overpotential +
      (1 - weight) * base_kinetics.nucleation_overpotential;
    return kinetics;
  }



  template <int dim>
  bool
  CoatedCollector<dim>::has_substrate_kinetics() const
  {
    return true;
  }



  template <int dim>
  void
  CoatedCollector<dim>::create_coarse_mesh(
    Triangulation<dim, dim> &triangulation) const
  {
    base->create_coarse_mesh(triangulation);
  }



  template <int dim>
  bool
  CoatedCollector<dim>::has_periodic_lateral_faces() const
  {
    return base->has_periodic_lateral_faces();
  }



  template <int dim>
  double
  CoatedCollector<dim>::lithium_distance(const Point<dim> &p) const
  {
    return base->lithium_distance(p);
  }



  template <int dim>
  double
  CoatedCollector<dim>::coarse_cell_extent() const
  {
    return base->coarse_cell_extent();
  }



  template <int dim>
  double
  CoatedCollector<dim>::collector_area() const
  {
    return base->collector_area();
  }



  template <int dim>
  std::vector<GeometryTarget>
  CoatedCollector<dim>::targets() const
  {
    std::vector<GeometryTarget> targets = base->targets();
    if (planar_host_height && pattern != Pattern::full)
      {
        GeometryTarget target;
        target.quantity  = GeometryTarget::Quantity::coating_coverage;
        target.name      = "coating coverage";
        target.requested = coverage;
        target.bottom    = *planar_host_height + 0.25 * thickness;
        target.top       = *planar_host_height + 0.75 * thickness;
        targets.push_back(target);
      }
    return targets;
  }



  template <int dim>
  std::string
  CoatedCollector<dim>::description() const
  {
    static const char *const names[] = {"full", "stripes", "dots", "patches"};
    std::ostringstream       text;
    text << base->description() << "; coated ("
         << names[static_cast<int>(pattern)] << ", " << thickness
         << " um thick";
    if (pattern != Pattern::full)
      {
        text << ", coverage " << coverage << ", period " << period << " um";
        if (std::abs(period - requested_period) > 1e-9 * period)
          text << " instead of " << requested_period
               << " um, a divisor of the domain width";
      }
    text << ", exchange current factor "
         << coating_kinetics.exchange_current_factor
         << ", nucleation overpotential "
         << 1e3 * coating_kinetics.nucleation_overpotential << " mV)";
    return text.str();
  }



  template class CoatedCollector<2>;
  template class CoatedCollector<3>;
} // namespace deadli
