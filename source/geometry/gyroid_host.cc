#include <deadli/geometry/fraction_calibration.h>
#include <deadli/geometry/gyroid_host.h>
#include <deadli/parameter_checks.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>

namespace deadli
{
  using namespace dealii;



  template <int dim>
  void
  GyroidHost<dim>::declare_parameters(ParameterHandler &prm)
  {
    prm.enter_subsection("Geometry");
    prm.enter_subsection("Gyroid");
    {
      prm.declare_entry("Porosity",
                        "0.8",
                        Patterns::Double(),
                        "Pore (non-Cu) volume fraction of the host layer, in "
                        "the open interval (0, 1); the level of the gyroid "
                        "is calibrated so that the diffuse Cu indicator has "
                        "it.");
      prm.declare_entry("Unit cell size [um]",
                        "8",
                        Patterns::Double(0),
                        "Period of the gyroid lattice. Lateral periodicity "
                        "needs a whole number of cells across the box, so "
                        "the size used is the domain width divided by "
                        "round(width / this size) (reported in the log).");
      prm.declare_entry("Host height [um]",
                        "8",
                        Patterns::Double(0),
                        "Top of the gyroid host (from the collector); at "
                        "most the domain height and above the Cu slab.");
    }
    prm.leave_subsection();
    prm.leave_subsection();
  }



  template <int dim>
  void
  GyroidHost<dim>::parse_parameters(ParameterHandler &prm)
  {
    PlanarCollector<dim>::parse_parameters(prm);
    prm.enter_subsection("Geometry");
    prm.enter_subsection("Gyroid");
    {
      porosity            = prm.get_double("Porosity");
      requested_cell_size = prm.get_double("Unit cell size [um]");
      host_height         = prm.get_double("Host height [um]");
    }
    prm.leave_subsection();
    prm.leave_subsection();

    require_open_interval("Geometry/Gyroid/Porosity",
                          porosity,
                          0,
                          1,
                          "A porosity is a volume fraction; 0 would be solid "
                          "Cu and 1 no host.");
    require_open_interval("Geometry/Gyroid/Unit cell size [um]",
                          requested_cell_size,
                          0,
                          std::numeric_limits<double>::infinity(),
                          "A unit cell size must be positive.");
    require_open_interval("Geometry/Gyroid/Host height [um]",
                          host_height,
                          this->copper_slab_thickness,
                          this->domain_height + 1e-12,
                          "The host must lie above the Cu slab ('Geometry/Cu "
                          "slab thickness [um]') and inside the box "
                          "('Geometry/Domain height [um]').");
    build_gyroid();
  }



  template <int dim>
  void
  GyroidHost<dim>::build_gyroid()
  {
    const double width = this->domain_width;
    period = width / std::max(1l, std::lround(width / requested_cell_size));

    const double                  bottom  = this->copper_slab_thickness;
    const std::vector<Point<dim>> samples = layer_sample_points<dim>(
      width, bottom, host_height, this->interface_width / 4, 400000);
    std::vector<std::pair<double, double>> values(samples.size());
    for (unsigned int i = 0; i < samples.size(); ++i)
      values[i] = gyroid(samples[i]);
    // The host grows as the level falls: calibrate minus the level.
    const auto host_fraction = [&](const double minus_level) {
      double sum = 0;
      for (unsigned int i = 0; i < samples.size(); ++i)
        sum += diffuse_indicator(host_distance(values[i],
                                               samples[i][dim - 1],
                                               -minus_level),
                                 this->interface_width);
      return sum / samples.size();
    };
    // |G| <= 1.5; beyond that the host is empty or full up to the diffuse
    // tails, which the margin of a few widths per period covers.
    const double margin = 1.5 + 8 * M_PI * this->interface_width / period;
    const std::optional<double> minus_level =
      solve_increasing(host_fraction, 1. - porosity, -margin, margin);
    if (!minus_level)
      {
        std::ostringstream range;
        range << "(" << 1. - host_fraction(margin) << ", "
              << 1. - host_fraction(-margin) << ")";
        AssertThrow(false,
                    ExcParameterOutOfRange(
                      "Geometry/Gyroid/Porosity",
                      porosity,
                      range.str(),
                      "No level of the gyroid gives this porosity with this "
                      "interface width, host height and Cu slab."));
      }
    level = -*minus_level;
  }



  template <int dim>
  std::pair<double, double>
  GyroidHost<dim>::gyroid(const Point<dim> &p) const
  {
    const double wavenumber = 2 * M_PI / period;
    // 3D: (x, y, z); 2D: the slice y = 0 of the (x, z) plane.
    const double x  = wavenumber * p[0];
    const double y  = dim == 3 ? wavenumber * p[1] : 0.;
    const double z  = wavenumber * p[dim - 1];
    const double sx = std::sin(x), cx = std::cos(x);
    const double sy = std::sin(y), cy = std::cos(y);
    const double sz = std::sin(z), cz = std::cos(z);

    const double value = sx * cy + sy * cz + sz * cx;
    const double d_dx  = cx * cy - sz * sx;
    const double d_dy  = cy * cz - sx * sy;
    const double d_dz  = cz * cx - sy * sz;
    const double grad_norm2 =
      d_dx * d_dx + d_dz * d_dz + (dim == 3 ? d_dy * d_dy : 0.);
    return {value, wavenumber * std::sqrt(grad_norm2)};
  }



  template <int dim>
  double
  GyroidHost<dim>::host_distance(const std::pair<double, double> &value,
                                 const double                     z,
                                 const double                     level) const
  {
    // Where |grad G| vanishes (saddles and extrema of G) only the sign of
    // the distance matters; bound the slope there.
    const double smallest_slope = 0.2 * 2 * M_PI / period;
    const double network =
      (level - value.first) / std::max(value.second, smallest_slope);
    const double host = std::max(network, z - host_height);
    return this->copper_slab_thickness > 0 ?
             std::min(host, z - this->copper_slab_thickness) :
             host;
  }



  template <int dim>
  double
  GyroidHost<dim>::host_distance(const Point<dim> &p) const
  {
    return host_distance(gyroid(p), p[dim - 1], level);
  }



  template <int dim>
  bool
  GyroidHost<dim>::has_host() const
  {
    return true;
  }



  template <int dim>
  std::vector<GeometryTarget>
  GyroidHost<dim>::targets() const
  {
    GeometryTarget target;
    target.quantity  = GeometryTarget::Quantity::porosity;
    target.name      = "gyroid porosity";
    target.requested = porosity;
    target.bottom    = this->copper_slab_thickness;
    target.top       = host_height;
    return {target};
  }



  template <int dim>
  std::string
  GyroidHost<dim>::description() const
  {
    std::ostringstream text;
    text << "Cu gyroid host (porosity " << porosity << ", level " << level
         << ", unit cell " << period << " um";
    if (std::abs(period - requested_cell_size) > 1e-9 * period)
      text << " instead of " << requested_cell_size
           << " um, a divisor of the domain width";
    text << ") up to " << host_height << " um; on a "
         << PlanarCollector<dim>::description();
    return text.str();
  }



  template class GyroidHost<2>;
  template class GyroidHost<3>;
} // namespace deadli
