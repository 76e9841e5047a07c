#include <deadli/geometry/copper_foam.h>
#include <deadli/geometry/fraction_calibration.h>
#include <deadli/parameter_checks.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <random>
#include <sstream>

namespace deadli
{
  using namespace dealii;

  namespace
  {
    /// Smallest |grad f| used in the distance estimate (f - t) / |grad f|:
    /// far from any edge the gradient can vanish, and there only the sign of
    /// the distance matters.
    constexpr double smallest_slope = 0.2;
  } // namespace



  template <int dim>
  void
  CopperFoam<dim>::declare_parameters(ParameterHandler &prm)
  {
    prm.enter_subsection("Geometry");
    prm.enter_subsection("Copper foam");
    {
      prm.declare_entry("Porosity",
                        "0.9",
                        Patterns::Double(),
                        "Pore (non-Cu) volume fraction of the foam layer, in "
                        "the open interval (0, 1). The strut thickness is "
                        "calibrated so that the diffuse Cu indicator the "
                        "solver sees has this porosity.");
      prm.declare_entry("Mean pore size [um]",
                        "6",
                        Patterns::Double(0),
                        "Mean seed spacing of the Voronoi foam, i.e. the "
                        "cell (pore) diameter: the layer holds about "
                        "volume / size^dim cells. Struts are only resolved "
                        "by the diffuse interface if they are thicker than "
                        "the interface width, which at porosity 0.9 needs "
                        "pores of about 8 interface widths.");
      prm.declare_entry("Foam height [um]",
                        "8",
                        Patterns::Double(0),
                        "Top of the foam (from the collector); at most the "
                        "domain height and above the Cu slab.");
      prm.declare_entry("Random seed",
                        "1",
                        Patterns::Integer(0),
                        "Seed of the Voronoi seed points (the same on all "
                        "MPI ranks).");
    }
    prm.leave_subsection();
    prm.leave_subsection();
  }



  template <int dim>
  void
  CopperFoam<dim>::parse_parameters(ParameterHandler &prm)
  {
    PlanarCollector<dim>::parse_parameters(prm);
    prm.enter_subsection("Geometry");
    prm.enter_subsection("Copper foam");
    {
      porosity    = prm.get_double("Porosity");
      pore_size   = prm.get_double("Mean pore size [um]");
      foam_height = prm.get_double("Foam height [um]");
      foam_seed   = prm.get_integer("Random seed");
    }
    prm.leave_subsection();
    prm.leave_subsection();

    require_open_interval("Geometry/Copper foam/Porosity",
                          porosity,
                          0,
                          1,
                          "A porosity is a volume fraction; 0 would be solid "
                          "Cu and 1 no foam.");
    require_open_interval("Geometry/Copper foam/Mean pore size [um]",
                          pore_size,
                          0,
                          std::numeric_limits<double>::infinity(),
                          "A pore size must be positive.");
    require_open_interval("Geometry/Copper foam/Foam height [um]",
                          foam_height,
                          this->copper_slab_thickness,
                          this->domain_height + 1e-12,
                          "The foam must lie above the Cu slab ('Geometry/Cu "
                          "slab thickness [um]') and inside the box "
                          "('Geometry/Domain height [um]').");
    build_foam();
  }



  template <int dim>
  void
  CopperFoam<dim>::build_foam()
  {
    const double width  = this->domain_width;
    const double bottom = this->copper_slab_thickness;
    const double layer  = foam_height - bottom;
    const double volume = std::pow(width, dim - 1) * layer;
    n_seeds             = std::max(1u,
                       static_cast<unsigned int>(
                         std::lround(volume / std::pow(pore_size, dim))));

    // Random sequential addition with a minimum spacing of 0.6 times the
    // mean spacing (a packing fraction far below jamming, so it rarely has
    // to relax). Seeds keep half that spacing from the bottom and top
    // planes, where they are mirrored.
    const double mean_spacing = std::pow(volume / n_seeds, 1. / dim);
    double       min_spacing  = 0.6 * std::min(mean_spacing, layer);
    std::mt19937 generator(foam_seed);
    std::uniform_real_distribution<double> unit(0., 1.);
    std::vector<Point<dim>>                seeds;
    while (seeds.size() < n_seeds)
      {
        bool placed = false;
        for (unsigned int attempt = 0; attempt < 1000 && !placed; ++attempt)
          {
            Point<dim> candidate;
            for (unsigned int d = 0; d + 1 < dim; ++d)
              candidate[d] = width * unit(generator);
            candidate[dim - 1] = bottom + 0.5 * min_spacing +
                                 (layer - min_spacing) * unit(generator);
            placed = std::all_of(seeds.begin(),
                                 seeds.end(),
                                 [&](const Point<dim> &seed) {
                                   Tensor<1, dim> offset = candidate - seed;
                                   for (unsigned int d = 0; d + 1 < dim; ++d)
                                     offset[d] -=
                                       width * std::round(offset[d] / width);
                                   return offset.norm() >= min_spacing;
                                 });
            if (placed)
              seeds.push_back(candidate);
          }
        if (!placed)
          min_spacing *= 0.9;
      }

    // Every query is a brute-force search over the images, so images that
    // cannot be among the nearest seeds of a point of the central period are
    // left out: those more than three mean spacings outside it (in boxes
    // narrower than that, all of them are kept).
    seed_images.clear();
    const double       margin   = 3 * mean_spacing;
    const unsigned int n_images = std::pow(3, dim - 1);
    for (const Point<dim> &seed : seeds)
      for (unsigned int image = 0; image < n_images; ++image)
        {
          Point<dim>   shifted = seed;
          unsigned int index   = image;
          bool         near    = true;
          for (unsigned int d = 0; d + 1 < dim; ++d)
            {
              shifted[d] += width * (static_cast<int>(index % 3) - 1);
              index /= 3;
              near =
                near && shifted[d] > -margin && shifted[d] < width + margin;
            }
          if (!near)
            continue;
          seed_images.push_back(shifted);
          const double height = shifted[dim - 1];
          shifted[dim - 1]    = 2 * bottom - height;
          seed_images.push_back(shifted);
          shifted[dim - 1] = 2 * foam_height - height;
          seed_images.push_back(shifted);
        }

    // Calibrate t on the foam layer. The excess does not depend on t, so it
    // is evaluated once per sample point.
    const std::vector<Point<dim>> samples = layer_sample_points<dim>(
      width, bottom, foam_height, this->interface_width / 4, 400000);
    std::vector<Excess> excesses(samples.size());
    for (unsigned int i = 0; i < samples.size(); ++i)
      excesses[i] = strut_excess(samples[i]);
    const auto host_fraction = [&](const double half_thickness) {
      double sum = 0;
      for (unsigned int i = 0; i < samples.size(); ++i)
        sum += diffuse_indicator(host_distance(excesses[i],
                                               samples[i][dim - 1],
                                               half_thickness),
                                 this->interface_width);
      return sum / samples.size();
    };
    const double thinnest = -4 * this->interface_width;
    const double thickest = mean_spacing + 4 * this->interface_width;
    const std::optional<double> half_thickness =
      solve_increasing(host_fraction, 1. - porosity, thinnest, thickest);
    if (!half_thickness)
      {
        std::ostringstream range;
        range << "(" << 1. - host_fraction(thickest) << ", "
              << 1. - host_fraction(thinnest) << ")";
        AssertThrow(false,
                    ExcParameterOutOfRange(
                      "Geometry/Copper foam/Porosity",
                      porosity,
                      range.str(),
                      "No strut thickness gives this porosity with this "
                      "interface width, foam height and Cu slab."));
      }
    strut_half_thickness = *half_thickness;

    // On an edge f = 0, so the distance to the surface is t / |grad f|:
    // average it over the samples nearest to the edges (the band widens
    // until it holds some, for foams of very few cells).
    strut_radius = 0;
    for (double band =
           std::max(0.1 * std::abs(strut_half_thickness), 1e-3 * mean_spacing);
         strut_radius == 0 && band < mean_spacing;
         band *= 2)
      {
        double       radius_sum = 0;
        unsigned int n_on_edges = 0;
        for (const Excess &excess : excesses)
          if (excess.value < band)
            {
              radius_sum +=
                strut_half_thickness / std::max(excess.slope, smallest_slope);
              ++n_on_edges;
            }
        if (n_on_edges > 0)
          strut_radius = radius_sum / n_on_edges;
      }
  }



  template <int dim>
  typename CopperFoam<dim>::Excess
  CopperFoam<dim>::strut_excess(const Point<dim> &p) const
  {
    // The query point in the central period, so that the 3^(dim-1) images
    // contain all its near seeds.
    Point<dim> point = p;
    for (unsigned int d = 0; d + 1 < dim; ++d)
      point[d] -=
        this->domain_width * std::floor(point[d] / this->domain_width);

    // The dim nearest seed images, nearest first.
    constexpr double              none = std::numeric_limits<double>::max();
    std::array<double, dim>       squared;
    std::array<unsigned int, dim> nearest;
    squared.fill(none);
    nearest.fill(0);
    for (unsigned int s = 0; s < seed_images.size(); ++s)
      {
        double distance = point.distance_square(seed_images[s]);
        if (distance >= squared[dim - 1])
          continue;
        unsigned int slot = dim - 1;
        while (slot > 0 && squared[slot - 1] > distance)
          {
            squared[slot] = squared[slot - 1];
            nearest[slot] = nearest[slot - 1];
            --slot;
          }
        squared[slot] = distance;
        nearest[slot] = s;
      }
    if (squared[dim - 1] == none)
      return {far_away, 1.};

    const auto unit_from = [&](const unsigned int slot) {
      const Tensor<1, dim> offset = point - seed_images[nearest[slot]];
      const double         norm   = offset.norm();
      return norm > 0 ? Tensor<1, dim>(offset / norm) : Tensor<1, dim>();
    };
    return {0.5 * (std::sqrt(squared[dim - 1]) - std::sqrt(squared[0])),
            0.5 * (unit_from(dim - 1) - unit_from(0)).norm()};
  }



  template <int dim>
  double
  CopperFoam<dim>::host_distance(const Excess &excess,
                                 const double  z,
                                 const double  half_thickness) const
  {
    const double strut =
      (excess.value - half_thickness) / std::max(excess.slope, smallest_slope);
    const double foam = std::max(strut, z - foam_height);
    return this->copper_slab_thickness > 0 ?
             std::min(foam, z - this->copper_slab_thickness) :
             foam;
  }



  template <int dim>
  double
  CopperFoam<dim>::host_distance(const Point<dim> &p) const
  {
    return host_distance(strut_excess(p), p[dim - 1], strut_half_thickness);
  }



  template <int dim>
  bool
  CopperFoam<dim>::has_host() const
  {
    return true;
  }



  template <int dim>
  std::vector<GeometryTarget>
  CopperFoam<dim>::targets() const
  {
    GeometryTarget target;
    target.quantity  = GeometryTarget::Quantity::porosity;
    target.name      = "foam porosity";
    target.requested = porosity;
    target.bottom    = this->copper_slab_thickness;
    target.top       = foam_height;
    return {target};
  }



  template <int dim>
  std::string
  CopperFoam<dim>::description() const
  {
    std::ostringstream text;
    text << "Cu foam (Voronoi struts, " << n_seeds << " cells per period, "
         << "porosity " << porosity << ", pore size " << pore_size
         << " um) up to " << foam_height << " um, strut radius " << strut_radius
         << " um (half-thickness " << strut_half_thickness << " um in (d" << dim
         << " - d1)/2)";
    if (strut_radius < 0.5 * this->interface_width)
      text << " [thinner than half the interface width: diffuse struts]";
    text << "; on a " << PlanarCollector<dim>::description();
    return text.str();
  }



  template class CopperFoam<2>;
  template class CopperFoam<3>;
} // namespace deadli
