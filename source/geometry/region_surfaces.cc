#include <deadli/geometry/geometry.h>
#include <deadli/geometry/region_surfaces.h>

#include <cmath>

namespace deadli
{
  using namespace dealii;

  template <int dim>
  void
  RegionSurfaces<dim>::add_face(
    const Material                                inside,
    const Material                                outside,
    const std::array<Point<dim>, 1 << (dim - 1)> &vertices,
    const Tensor<1, dim>                         &outward,
    const double                                  spacing)
  {
    Assert(inside != outside, ExcInternalError());
    if (inside == Material::copper)
      {
        append_face_samples<dim>(vertices, outward, spacing, copper_samples);
        if (outside == Material::electrolyte)
          append_face_samples<dim>(vertices,
                                   outward,
                                   spacing,
                                   copper_electrolyte_samples);
      }
    else if (inside == Material::lithium)
      append_face_samples<dim>(vertices,
                               outward,
                               spacing,
                               outside == Material::electrolyte ?
                                 lithium_samples :
                                 contact_samples);
  }



  template <int dim>
  void
  RegionSurfaces<dim>::build(
    const std::function<std::optional<Material>(const Point<dim> &)> &locate,
    const Point<dim>                                                 &lower,
    const Point<dim>                                                 &upper,
    const std::array<bool, dim>                                      &periodic,
    const double                                                      margin)
  {
    this->locate = locate;
    const auto make =
      [&](std::vector<typename SurfaceDistance<dim>::Sample> &samples) {
        append_periodic_images<dim>(lower, upper, periodic, margin, samples);
        SurfaceDistance<dim> surface(samples);
        samples.clear();
        samples.shrink_to_fit();
        return surface;
      };
    copper_surface             = make(copper_samples);
    lithium_surface            = make(lithium_samples);
    contact_surface            = make(contact_samples);
    copper_electrolyte_surface = make(copper_electrolyte_samples);
  }



  template <int dim>
  double
  RegionSurfaces<dim>::host_distance(const Point<dim> &point) const
  {
    const double distance = copper_surface.signed_distance(point);
    const std::optional<Material> material = locate(point);
    if (!material || copper_surface.empty())
      return distance;
    return *material == Material::copper ? -std::abs(distance) :
                                           std::abs(distance);
  }



  template <int dim>
  double
  RegionSurfaces<dim>::lithium_distance(const Point<dim> &point) const
  {
    const double distance = lithium_surface.signed_distance(point);
    const std::optional<Material> material = locate(point);
    if (!material)
      return distance;
    switch (*material)
      {
        case Material::lithium:
          return -std::abs(distance);
        case Material::electrolyte:
          return std::abs(distance);
          case Material::copper: {
            // The Li region continues into the Cu up to halfway between the
            // Li|Cu contact and the Cu|electrolyte surface.
            const double to_contact =
              std::abs(contact_surface.signed_distance(point));
            const double to_electrolyte =
              std::abs(copper_electrolyte_surface.signed_distance(point));
            return to_contact < to_electrolyte ? -std::abs(distance) :
                                                 std::abs(distance);
          }
      }
    return distance;
  }



  template class RegionSurfaces<2>;
  template class RegionSurfaces<3>;
} // namespace deadli
