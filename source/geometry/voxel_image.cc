#include <deal.II/base/utilities.h>

#include <deal.II/grid/grid_generator.h>
#include <deal.II/grid/tria.h>

#include <deadli/geometry/geometry_input_file.h>
#include <deadli/geometry/voxel_image.h>
#include <deadli/geometry/voxel_image_file.h>
#include <deadli/parameter_checks.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>

namespace deadli
{
  using namespace dealii;

  namespace
  {
    const std::string image_file_parameter = "Geometry/Voxel image/File";

    /// Sample spacing of the region surfaces, in interface widths.
    constexpr double sample_spacing_per_interface_width = 1. / 8.;

    /// How far beyond a periodic face the periodic images of a surface are
    /// kept, in interface widths (see GmshMesh).
    constexpr double periodic_image_margin_in_interface_widths = 10.;

    /// The space direction of image axis @p axis (x, y, z): z, the
    /// stacking direction, is the last one; a 2D run has no y.
    template <int dim>
    unsigned int
    space_direction(const unsigned int axis)
    {
      return axis == 2 ? dim - 1 : axis;
    }
  } // namespace



  template <int dim>
  void
  VoxelImage<dim>::declare_parameters(ParameterHandler &prm)
  {
    prm.enter_subsection("Geometry");
    prm.enter_subsection("Voxel image");
    {
      prm.declare_entry("File",
                        "",
                        Patterns::Anything(),
                        "Gray-value image of the electrode; its z axis "
                        "(slowest index, TIFF page) is the stacking "
                        "direction with the collector at z = 0. A relative "
                        "path is relative to the directory of the parameter "
                        "file. Used if 'Geometry/Type' = voxel image.");
      prm.declare_entry("Format",
                        "raw8",
                        Patterns::Selection("raw8|raw16|tiff"),
                        "raw8, raw16: headerless voxels of 8 or 16 bits "
                        "(little endian), x fastest, z slowest, size given "
                        "by 'Dimensions'. tiff: one page per z slice, 8 or "
                        "16 bits, one unsigned sample per pixel; the size is "
                        "read from the file.");
      prm.declare_entry("Dimensions",
                        "0, 0, 0",
                        Patterns::List(Patterns::Integer(0), 3, 3, ","),
                        "Number of voxels nx, ny, nz of a raw image (ignored "
                        "for tiff). A 2D run takes one x-z slice: ny = 1.");
      prm.declare_entry("Voxel size [um]",
                        "1",
                        Patterns::Double(0),
                        "Edge length of a (cubic) voxel.");
      prm.declare_entry("Copper threshold",
                        "200",
                        Patterns::Integer(0, 65535),
                        "Voxels with a gray value >= this are Cu host.");
      prm.declare_entry("Lithium threshold",
                        "100",
                        Patterns::Integer(0, 65535),
                        "Voxels with a gray value >= this and < the Cu "
                        "threshold are Li; darker ones are pore space "
                        "(electrolyte). Equal thresholds: no Li.");
      prm.declare_entry("Electrolyte height above image [um]",
                        "5",
                        Patterns::Double(0),
                        "Electrolyte added on top of the image, between it "
                        "and the counter electrode (the separator side).");
      prm.declare_entry("Coarse cell size [um]",
                        "2",
                        Patterns::Double(0),
                        "Edge length of the coarse-mesh cells; each extent "
                        "of the box is divided into round(extent / size) "
                        "cells.");
      prm.declare_entry("Lateral boundaries",
                        "mirror",
                        Patterns::Selection("mirror|periodic"),
                        "mirror: the lateral faces are no-flux walls (images "
                        "are rarely periodic). periodic: they are periodic "
                        "pairs, for images made periodic, e.g. synthetic "
                        "ones.");
    }
    prm.leave_subsection();
    prm.leave_subsection();
  }



  template <int dim>
  void
  VoxelImage<dim>::parse_parameters(ParameterHandler &prm)
  {
    constexpr double infinity = std::numeric_limits<double>::infinity();
    prm.enter_subsection("Geometry");
    prm.enter_subsection("Voxel image");
    const std::string      file_name  = prm.get("File");
    const std::string      format     = prm.get("Format");
    const std::vector<int> dimensions = Utilities::string_to_int(
      Utilities::split_string_list(prm.get("Dimensions")));
    voxel_size                  = prm.get_double("Voxel size [um]");
    const int copper_threshold  = prm.get_integer("Copper threshold");
    const int lithium_threshold = prm.get_integer("Lithium threshold");
    electrolyte_height = prm.get_double("Electrolyte height above image [um]");
    coarse_cell_size   = prm.get_double("Coarse cell size [um]");
    periodic_lateral   = prm.get("Lateral boundaries") == "periodic";
    prm.leave_subsection();
    prm.leave_subsection();

    require_open_interval("Geometry/Voxel image/Voxel size [um]",
                          voxel_size,
                          0,
                          infinity,
                          "A voxel must have a positive size.");
    AssertThrow(lithium_threshold <= copper_threshold,
                ExcParameterOutOfRange(
                  "Geometry/Voxel image/Lithium threshold",
                  lithium_threshold,
                  "[0, 'Geometry/Voxel image/Copper threshold' = " +
                    std::to_string(copper_threshold) + "]",
                  "Li is the gray range from the Li threshold up to the Cu "
                  "threshold, so the Li threshold must not exceed the Cu "
                  "threshold."));
    if (format != "tiff")
      for (unsigned int axis = 0; axis < 3; ++axis)
        require_open_interval("Geometry/Voxel image/Dimensions",
                              dimensions[axis],
                              0,
                              infinity,
                              "A raw image needs its size nx, ny, nz, each "
                              "at least 1.");

    image_file =
      resolve_geometry_file(image_file_parameter, file_name, input_directory);
    const GrayImage image =
      format == "tiff" ?
        read_tiff_image(image_file_parameter, image_file) :
        read_raw_image(image_file_parameter,
                       image_file,
                       {{static_cast<unsigned int>(dimensions[0]),
                         static_cast<unsigned int>(dimensions[1]),
                         static_cast<unsigned int>(dimensions[2])}},
                       format == "raw8" ? 8 : 16);
    image_size = image.size;
    AssertThrow(dim == 3 || image_size[1] == 1,
                ExcGeometryFile(image_file_parameter,
                                image_file,
                                "is " + std::to_string(image_size[0]) + " x " +
                                  std::to_string(image_size[1]) + " x " +
                                  std::to_string(image_size[2]) +
                                  " voxels, but a 2D run takes one x-z slice: "
                                  "ny (TIFF: the page height) must be 1."));

    upper_corner[0] = image_size[0] * voxel_size;
    if (dim == 3)
      upper_corner[1] = image_size[1] * voxel_size;
    upper_corner[dim - 1] = image_size[2] * voxel_size + electrolyte_height;
    double largest_extent = 0;
    for (unsigned int d = 0; d < dim; ++d)
      largest_extent = std::max(largest_extent, upper_corner[d]);
    require_open_interval("Geometry/Voxel image/Coarse cell size [um]",
                          coarse_cell_size,
                          0,
                          largest_extent + 1e-12,
                          "It must be positive and not exceed the box of the "
                          "image and the electrolyte above it.");

    // Labels, and the voxel faces between labels as region surfaces.
    const auto label =
      [&](const unsigned int i, const unsigned int j, const unsigned int k) {
        const int gray = image(i, j, k);
        return gray >= copper_threshold ?
                 Material::copper :
                 (gray >= lithium_threshold ? Material::lithium :
                                              Material::electrolyte);
      };
    const double spacing =
      sample_spacing_per_interface_width * this->interface_width;
    materials.resize(image.gray.size());
    n_copper_voxels  = 0;
    n_lithium_voxels = 0;
    for (unsigned int k = 0; k < image_size[2]; ++k)
      for (unsigned int j = 0; j < image_size[1]; ++j)
        for (unsigned int i = 0; i < image_size[0]; ++i)
          {
            const Material voxel            = label(i, j, k);
            materials[voxel_index(i, j, k)] = voxel;
            if (voxel == Material::electrolyte)
              continue;
            (voxel == Material::copper ? n_copper_voxels : n_lithium_voxels) +=
              1;

            const std::array<unsigned int, 3> index = {{i, j, k}};
            Point<dim>                        corner;
            for (unsigned int axis = 0; axis < 3; ++axis)
              if (dim == 3 || axis != 1)
                corner[space_direction<dim>(axis)] = index[axis] * voxel_size;

            for (unsigned int axis = 0; axis < 3; ++axis)
              for (const unsigned int side : {0u, 1u})
                {
                  if (dim == 2 && axis == 1)
                    continue;
                  std::array<unsigned int, 3> other = index;
                  other[axis] += (side == 1 ? 1 : -1);
                  Material neighbour;
                  if (other[axis] < image_size[axis]) // wraps for -1
                    neighbour = label(other[0], other[1], other[2]);
                  else if (axis == 2 && side == 1 && electrolyte_height > 0)
                    neighbour = Material::electrolyte;
                  else
                    continue; // the domain boundary is never a surface
                  if (neighbour == voxel)
                    continue;

                  const unsigned int normal_direction =
                    space_direction<dim>(axis);
                  std::array<Point<dim>, 1 << (dim - 1)> vertices;
                  vertices[0] = corner;
                  vertices[0][normal_direction] += side * voxel_size;
                  unsigned int tangent = 0;
                  for (unsigned int d = 0; d < dim; ++d)
                    if (d != normal_direction)
                      {
                        // Lexicographic: bit t of the vertex number is the
                        // step along the t-th tangent direction.
                        for (unsigned int v = 1; v < vertices.size(); ++v)
                          if (v & (1u << tangent))
                            {
                              vertices[v] = vertices[v & ~(1u << tangent)];
                              vertices[v][d] += voxel_size;
                            }
                        ++tangent;
                      }
                  Tensor<1, dim> outward;
                  outward[normal_direction] = side == 1 ? 1. : -1.;
                  regions.add_face(
                    voxel, neighbour, vertices, outward, spacing);
                }
          }

    std::array<bool, dim> periodic;
    periodic.fill(periodic_lateral);
    periodic[dim - 1] = false;
    regions.build(
      [this](const Point<dim> &point) { return material_at(point); },
      Point<dim>(),
      upper_corner,
      periodic,
      periodic_image_margin_in_interface_widths * this->interface_width);
  }



  template <int dim>
  std::size_t
  VoxelImage<dim>::voxel_index(const unsigned int i,
                               const unsigned int j,
                               const unsigned int k) const
  {
    return (static_cast<std::size_t>(k) * image_size[1] + j) * image_size[0] +
           i;
  }



  template <int dim>
  std::optional<Material>
  VoxelImage<dim>::material_at(const Point<dim> &point) const
  {
    // The voxel that contains the point; points on or just beyond the
    // domain boundary belong to the nearest voxel, points above the image
    // to the electrolyte.
    if (point[dim - 1] >= image_size[2] * voxel_size)
      return Material::electrolyte;
    std::array<unsigned int, 3> index = {{0, 0, 0}};
    for (unsigned int axis = 0; axis < 3; ++axis)
      if (dim == 3 || axis != 1)
        {
          const double position =
            point[space_direction<dim>(axis)] / voxel_size;
          index[axis] = static_cast<unsigned int>(
            std::clamp(std::floor(position),
                       0.,
                       static_cast<double>(image_size[axis] - 1)));
        }
    return materials[voxel_index(index[0], index[1], index[2])];
  }



  template <int dim>
  unsigned int
  VoxelImage<dim>::n_coarse_cells(const double extent) const
  {
    return std::max(
      1u, static_cast<unsigned int>(std::lround(extent / coarse_cell_size)));
  }



  template <int dim>
  void
  VoxelImage<dim>::create_coarse_mesh(
    Triangulation<dim, dim> &triangulation) const
  {
    std::vector<unsigned int> repetitions(dim);
    for (unsigned int d = 0; d < dim; ++d)
      repetitions[d] = n_coarse_cells(upper_corner[d]);
    // Faces 2d and 2d+1 at the ends of direction d: boundary_id's convention.
    GridGenerator::subdivided_hyper_rectangle(
      triangulation, repetitions, Point<dim>(), upper_corner, true);
  }



  template <int dim>
  bool
  VoxelImage<dim>::has_periodic_lateral_faces() const
  {
    return periodic_lateral;
  }



  template <int dim>
  double
  VoxelImage<dim>::lithium_distance(const Point<dim> &point) const
  {
    return regions.lithium_distance(point);
  }



  template <int dim>
  double
  VoxelImage<dim>::host_distance(const Point<dim> &point) const
  {
    return regions.host_distance(point);
  }



  template <int dim>
  bool
  VoxelImage<dim>::has_host() const
  {
    return n_copper_voxels > 0;
  }



  template <int dim>
  double
  VoxelImage<dim>::coarse_cell_extent() const
  {
    double extent = 0;
    for (unsigned int d = 0; d < dim; ++d)
      extent =
        std::max(extent, upper_corner[d] / n_coarse_cells(upper_corner[d]));
    return extent;
  }



  template <int dim>
  double
  VoxelImage<dim>::collector_area() const
  {
    double area = 1;
    for (unsigned int d = 0; d + 1 < dim; ++d)
      area *= upper_corner[d];
    return area;
  }



  template <int dim>
  std::vector<GeometryTarget>
  VoxelImage<dim>::targets() const
  {
    const double domain_volume = collector_area() * upper_corner[dim - 1];
    const double voxel_volume  = std::pow(voxel_size, dim);
    std::vector<GeometryTarget> result;
    if (n_copper_voxels > 0)
      {
        GeometryTarget target{GeometryTarget::Quantity::host_fraction,
                              "Cu volume fraction (image voxels)",
                              n_copper_voxels * voxel_volume / domain_volume};
        target.reference_volume = domain_volume;
        result.push_back(target);
      }
    if (n_lithium_voxels > 0)
      {
        GeometryTarget target{GeometryTarget::Quantity::lithium_fraction,
                              "Li volume fraction (image voxels)",
                              n_lithium_voxels * voxel_volume / domain_volume};
        target.reference_volume = domain_volume;
        result.push_back(target);
      }
    return result;
  }



  template <int dim>
  std::string
  VoxelImage<dim>::description() const
  {
    std::ostringstream text;
    text << "voxel image " << image_file << ": " << image_size[0] << " x "
         << image_size[1] << " x " << image_size[2] << " voxels of "
         << voxel_size << " um, " << n_copper_voxels << " Cu and "
         << n_lithium_voxels << " Li voxels, " << electrolyte_height
         << " um electrolyte above, lateral faces "
         << (periodic_lateral ? "periodic" : "mirror planes");
    return text.str();
  }



  template class VoxelImage<2>;
  template class VoxelImage<3>;
} // namespace deadli
