#include <deal.II/grid/grid_generator.h>
#include <deal.II/grid/tria.h>

#include <deadli/geometry/planar_collector.h>
#include <deadli/parameter_checks.h>

#include <cmath>
#include <limits>
#include <random>
#include <sstream>

namespace deadli
{
  using namespace dealii;



  template <int dim>
  void
  PlanarCollector<dim>::declare_parameters(ParameterHandler &prm)
  {
    prm.enter_subsection("Geometry");
    {
      prm.declare_entry("Domain width [um]",
                        "20",
                        Patterns::Double(0),
                        "Lateral extent of the periodic box (both lateral "
                        "directions in 3D).");
      prm.declare_entry("Domain height [um]",
                        "20",
                        Patterns::Double(0),
                        "Distance from the Cu collector (bottom) to the "
                        "separator / counter electrode (top).");
      prm.declare_entry("Coarse cell size [um]",
                        "5",
                        Patterns::Double(0),
                        "Edge length of the coarse-mesh cells before any "
                        "refinement; width and height are divided into "
                        "round(extent / size) cells.");
      prm.declare_entry("Initial Li thickness [um]",
                        "2",
                        Patterns::Double(0),
                        "Mean thickness of the Li layer on the collector at "
                        "t = 0. 0 means no layer: an anode-free cell, which "
                        "needs nuclei or a Cu slab to plate on.");
      prm.declare_entry("Surface roughness amplitude [um]",
                        "0.2",
                        Patterns::Double(0),
                        "Amplitude of the cosine perturbation of the initial "
                        "Li surface.");
      prm.declare_entry("Surface roughness wavelength [um]",
                        "10",
                        Patterns::Double(0),
                        "Wavelength of the cosine perturbation; choose a "
                        "divisor of the domain width so that it is periodic.");
      prm.declare_entry("Number of nuclei",
                        "0",
                        Patterns::Integer(0, 10000),
                        "Hemispherical Li nuclei placed at seeded random "
                        "lateral positions on the layer surface.");
      prm.declare_entry("Nucleus radius [um]",
                        "1.5",
                        Patterns::Double(0),
                        "Radius of each nucleus.");
      prm.declare_entry("Nucleus stalk height [um]",
                        "0",
                        Patterns::Double(0),
                        "0: hemispherical nuclei. > 0: whiskers, i.e. each "
                        "nucleus is a sphere of the nucleus radius on a thin "
                        "vertical stalk of this height above the layer "
                        "surface: the mossy/whisker Li whose thin roots strip "
                        "first and leave the heads dead.");
      prm.declare_entry("Nucleus stalk radius [um]",
                        "0.5",
                        Patterns::Double(0),
                        "Radius of a whisker's stalk; must be smaller than "
                        "the nucleus radius.");
      prm.declare_entry("Cu slab thickness [um]",
                        "0",
                        Patterns::Double(0),
                        "0: the Cu collector is the bottom face of the box, "
                        "and Li grows only from the initial layer and "
                        "nuclei. > 0: the bottom of the box is a Cu slab of "
                        "this thickness (part of the host), on whose bare "
                        "surface Li can nucleate, as in an anode-free Li|Cu "
                        "cell.");
      prm.declare_entry("Random seed",
                        "1",
                        Patterns::Integer(0),
                        "Seed of the nucleus positions; identical on all MPI "
                        "ranks so that runs are partition independent.");
    }
    prm.leave_subsection();
  }



  template <int dim>
  void
  PlanarCollector<dim>::parse_parameters(ParameterHandler &prm)
  {
    constexpr double infinity = std::numeric_limits<double>::infinity();
    prm.enter_subsection("Geometry");
    {
      domain_width        = prm.get_double("Domain width [um]");
      domain_height       = prm.get_double("Domain height [um]");
      coarse_cell_size    = prm.get_double("Coarse cell size [um]");
      layer_thickness     = prm.get_double("Initial Li thickness [um]");
      roughness_amplitude = prm.get_double("Surface roughness amplitude [um]");
      roughness_wavelength =
        prm.get_double("Surface roughness wavelength [um]");
      n_nuclei              = prm.get_integer("Number of nuclei");
      nucleus_radius        = prm.get_double("Nucleus radius [um]");
      random_seed           = prm.get_integer("Random seed");
      stalk_height          = prm.get_double("Nucleus stalk height [um]");
      stalk_radius          = prm.get_double("Nucleus stalk radius [um]");
      copper_slab_thickness = prm.get_double("Cu slab thickness [um]");
    }
    prm.leave_subsection();

    require_open_interval("Geometry/Domain width [um]",
                          domain_width,
                          0,
                          infinity,
                          "The box must have a positive extent.");
    require_open_interval("Geometry/Domain height [um]",
                          domain_height,
                          0,
                          infinity,
                          "The box must have a positive extent.");
    require_open_interval("Geometry/Coarse cell size [um]",
                          coarse_cell_size,
                          0,
                          std::max(domain_width, domain_height) + 1e-12,
                          "It must be positive and not exceed the box.");
    require_open_interval("Geometry/Surface roughness wavelength [um]",
                          roughness_wavelength,
                          0,
                          infinity,
                          "A wavelength must be positive.");
    if (n_nuclei > 0 && stalk_height > 0)
      require_open_interval("Geometry/Nucleus stalk radius [um]",
                            stalk_radius,
                            0,
                            nucleus_radius,
                            "A whisker's stalk must be thinner than its head "
                            "(the nucleus radius).");
    require_open_interval(
      "Geometry/Initial Li thickness [um]",
      layer_thickness + roughness_amplitude +
        (n_nuclei > 0 ? (stalk_height > 0 ? stalk_height + 2 * nucleus_radius :
                                            nucleus_radius) :
                        0),
      -1e-12,
      domain_height,
      "The initial Li (thickness + roughness amplitude + the nuclei's height "
      "above the layer) must fit below the top of the box.");
    require_open_interval("Geometry/Cu slab thickness [um]",
                          copper_slab_thickness,
                          -1e-12,
                          domain_height,
                          "The slab must leave room for the electrolyte.");
    place_nuclei();
  }



  template <int dim>
  void
  PlanarCollector<dim>::create_coarse_mesh(
    Triangulation<dim, dim> &triangulation) const
  {
    std::vector<unsigned int> repetitions(dim);
    Point<dim>                upper_corner;
    for (unsigned int d = 0; d < dim; ++d)
      {
        upper_corner[d] = (d + 1 < dim) ? domain_width : domain_height;
        repetitions[d]  = n_coarse_cells(upper_corner[d]);
      }
    // colorize = true gives faces 2d and 2d+1 for the lower and upper end of
    // coordinate direction d, which is exactly boundary_id's convention.
    GridGenerator::subdivided_hyper_rectangle(
      triangulation, repetitions, Point<dim>(), upper_corner, true);
  }



  template <int dim>
  unsigned int
  PlanarCollector<dim>::n_coarse_cells(const double extent) const
  {
    return std::max(
      1u, static_cast<unsigned int>(std::lround(extent / coarse_cell_size)));
  }



  template <int dim>
  double
  PlanarCollector<dim>::coarse_cell_extent() const
  {
    return std::max(domain_width / n_coarse_cells(domain_width),
                    domain_height / n_coarse_cells(domain_height));
  }



  template <int dim>
  void
  PlanarCollector<dim>::place_nuclei()
  {
    std::mt19937                           generator(random_seed);
    std::uniform_real_distribution<double> lateral(0., domain_width);
    nucleus_centres.resize(n_nuclei);
    for (Point<dim> &centre : nucleus_centres)
      {
        for (unsigned int d = 0; d + 1 < dim; ++d)
          centre[d] = lateral(generator);
        centre[dim - 1] = layer_thickness;
      }
  }



  template <int dim>
  double
  PlanarCollector<dim>::lithium_distance(const Point<dim> &p) const
  {
    AssertThrow(nucleus_centres.size() == n_nuclei,
                ExcMessage("PlanarCollector: call place_nuclei() after "
                           "setting the nucleus parameters."));
    double surface = layer_thickness;
    for (unsigned int d = 0; d + 1 < dim; ++d)
      surface +=
        roughness_amplitude * std::cos(2. * M_PI * p[d] / roughness_wavelength);

    // A layer of zero thickness is no layer. Were it kept, its profile would
    // put xi = 1/2 on the whole collector: a film half a width thick that
    // the double well dissolves again, releasing salt and charge that were
    // never plated.
    const bool has_layer = layer_thickness > 0 || roughness_amplitude > 0;
    double     distance  = has_layer ? p[dim - 1] - surface : far_away;
    for (const Point<dim> &centre : nucleus_centres)
      {
        // Nearest periodic image, so that nuclei near a lateral face
        // continue through it.
        Tensor<1, dim> offset = p - centre;
        for (unsigned int d = 0; d + 1 < dim; ++d)
          offset[d] -= domain_width * std::round(offset[d] / domain_width);
        if (stalk_height > 0)
          {
            // A whisker: a head of the nucleus radius on a thin vertical
            // stalk rising from the layer.
            const double   head_height    = stalk_height + nucleus_radius;
            Tensor<1, dim> lateral_offset = offset;
            lateral_offset[dim - 1]       = 0;
            const double stalk = std::max({lateral_offset.norm() - stalk_radius,
                                           offset[dim - 1] - head_height,
                                           -p[dim - 1]});
            offset[dim - 1] -= head_height;
            distance =
              std::min({distance, stalk, offset.norm() - nucleus_radius});
          }
        else
          distance = std::min(distance, offset.norm() - nucleus_radius);
      }
    return distance;
  }



  template <int dim>
  double
  PlanarCollector<dim>::host_distance(const Point<dim> &p) const
  {
    // Not has_host(): a derived geometry's host need not include a slab.
    return copper_slab_thickness > 0 ? p[dim - 1] - copper_slab_thickness :
                                       far_away;
  }



  template <int dim>
  bool
  PlanarCollector<dim>::has_host() const
  {
    return copper_slab_thickness > 0;
  }



  template <int dim>
  std::string
  PlanarCollector<dim>::description() const
  {
    std::ostringstream text;
    text << "planar Cu collector, box " << domain_width << " um wide and "
         << domain_height << " um high, Li layer " << layer_thickness << " um, "
         << n_nuclei << " nuclei";
    if (copper_slab_thickness > 0)
      text << ", Cu slab " << copper_slab_thickness << " um";
    return text.str();
  }



  template <int dim>
  double
  PlanarCollector<dim>::collector_area() const
  {
    return std::pow(domain_width, dim - 1);
  }



  template class PlanarCollector<2>;
  template class PlanarCollector<3>;
} // namespace deadli
