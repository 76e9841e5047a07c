#include <deal.II/base/bounding_box.h>

#include <deal.II/grid/grid_in.h>
#include <deal.II/grid/grid_tools.h>
#include <deal.II/grid/tria.h>

#include <deadli/geometry/geometry_input_file.h>
#include <deadli/geometry/gmsh_mesh.h>
#include <deadli/parameter_checks.h>

#include <array>
#include <fstream>
#include <limits>
#include <map>
#include <sstream>

namespace deadli
{
  using namespace dealii;

  namespace
  {
    const std::string mesh_file_parameter = "Geometry/Gmsh/Mesh file";

    /// Boundary indicator of faces that are neither an electrode nor a
    /// periodic lateral face: no-flux walls.
    template <int dim>
    constexpr types::boundary_id wall = 2 * dim;

    /// Sample spacing of the region surfaces, in interface widths.
    constexpr double sample_spacing_per_interface_width = 1. / 8.;

    /**
     * How far beyond a periodic face the periodic images of a surface are
     * kept, in interface widths: the diffuse indicator is 1 or 0 to within
     * 1e-8 further out, so only the sign of the distance matters there.
     */
    constexpr double periodic_image_margin_in_interface_widths = 10.;

    /// The lateral physical groups, lower and upper face of each lateral
    /// direction, in the order of their boundary indicators.
    const std::array<std::string, 4> lateral_group_names = {
      {"x_min", "x_max", "y_min", "y_max"}};

    /// The message of a deal.II exception on one line.
    std::string
    one_line(const ExceptionBase &error)
    {
      std::ostringstream text;
      error.print_info(text);
      std::istringstream words(text.str());
      std::string        word, message;
      while (words >> word)
        message += (message.empty() ? "" : " ") + word;
      return message;
    }

    /**
     * The names of the physical groups of a Gmsh file, by (dimension, tag):
     * deal.II's reader keeps only the tags (as material and boundary ids).
     */
    std::map<std::pair<int, int>, std::string>
    read_physical_names(const std::string &path)
    {
      std::ifstream in(path);
      std::string   line;
      while (std::getline(in, line) &&
             line.find_first_not_of(" \t\r") == std::string::npos)
        ;
      AssertThrow(line.rfind("$MeshFormat", 0) == 0,
                  ExcGeometryFile(mesh_file_parameter,
                                  path,
                                  "is not a Gmsh mesh: it does not start with "
                                  "$MeshFormat."));

      std::map<std::pair<int, int>, std::string> names;
      while (std::getline(in, line))
        if (line.rfind("$PhysicalNames", 0) == 0)
          {
            unsigned int n_names = 0;
            in >> n_names;
            std::getline(in, line);
            for (unsigned int i = 0; i < n_names; ++i)
              {
                AssertThrow(std::getline(in, line),
                            ExcGeometryFile(mesh_file_parameter,
                                            path,
                                            "ends inside its $PhysicalNames "
                                            "section."));
                std::istringstream entry(line);
                int                group_dimension = -1, tag = -1;
                entry >> group_dimension >> tag;
                const auto first = line.find('"');
                const auto last  = line.rfind('"');
                AssertThrow(entry && first != std::string::npos && last > first,
                            ExcGeometryFile(mesh_file_parameter,
                                            path,
                                            "has a malformed $PhysicalNames "
                                            "line: '" +
                                              line + "'."));
                names[{group_dimension, tag}] =
                  line.substr(first + 1, last - first - 1);
              }
            return names;
          }
      AssertThrow(false,
                  ExcGeometryFile(mesh_file_parameter,
                                  path,
                                  "has no $PhysicalNames section: DeadLi "
                                  "finds the regions and electrodes by the "
                                  "names of the physical groups (copper, "
                                  "lithium, electrolyte, collector, "
                                  "counter_electrode)."));
      return names;
    }
  } // namespace



  template <int dim>
  void
  GmshMesh<dim>::declare_parameters(ParameterHandler &prm)
  {
    prm.enter_subsection("Geometry");
    prm.enter_subsection("Gmsh");
    {
      prm.declare_entry(
        "Mesh file",
        "",
        Patterns::Anything(),
        "Gmsh mesh (.msh, format 4.1 or 2.2, ASCII) of hexahedra (2D: "
        "quadrilaterals) whose physical groups are named: volumes 'copper', "
        "'lithium', 'electrolyte'; faces 'collector', 'counter_electrode' "
        "and optionally 'x_min', 'x_max', 'y_min', 'y_max' (periodic pairs). "
        "A relative path is relative to the directory of the parameter "
        "file. Used if 'Geometry/Type' = gmsh.");
      prm.declare_entry("Length unit [um]",
                        "1",
                        Patterns::Double(0),
                        "Length of one unit of the mesh file's coordinates "
                        "(1: the file is in um; 1000: in mm).");
    }
    prm.leave_subsection();
    prm.leave_subsection();
  }



  template <int dim>
  void
  GmshMesh<dim>::parse_parameters(ParameterHandler &prm)
  {
    prm.enter_subsection("Geometry");
    prm.enter_subsection("Gmsh");
    const std::string file_name = prm.get("Mesh file");
    length_unit                 = prm.get_double("Length unit [um]");
    prm.leave_subsection();
    prm.leave_subsection();
    require_open_interval("Geometry/Gmsh/Length unit [um]",
                          length_unit,
                          0,
                          std::numeric_limits<double>::infinity(),
                          "A length unit must be positive.");

    mesh_file =
      resolve_geometry_file(mesh_file_parameter, file_name, input_directory);
    const auto names = read_physical_names(mesh_file);
    const auto fail  = [this](const std::string &problem) {
      return ExcGeometryFile(mesh_file_parameter, mesh_file, problem);
    };

    mesh                     = std::make_unique<Triangulation<dim>>();
    Triangulation<dim> &mesh = *this->mesh;
    try
      {
        GridIn<dim> grid_in;
        grid_in.attach_triangulation(mesh);
        std::ifstream in(mesh_file);
        grid_in.read_msh(in);
      }
    catch (const ExceptionBase &error)
      {
        AssertThrow(false,
                    fail("could not be read as a " + std::to_string(dim) +
                         "D Gmsh mesh: " + one_line(error)));
      }
    catch (const std::exception &error)
      {
        AssertThrow(false,
                    fail("could not be read as a " + std::to_string(dim) +
                         "D Gmsh mesh: " + error.what()));
      }
    AssertThrow(mesh.n_active_cells() > 0,
                fail("has no " + std::to_string(dim) + "D cells."));
    AssertThrow(mesh.all_reference_cells_are_hyper_cube(),
                fail(std::string("has cells that are not ") +
                     (dim == 3 ? "hexahedra" : "quadrilaterals") +
                     ": DeadLi's distributed meshes (p4est) need them all to "
                     "be (Gmsh: transfinite volumes with Recombine, or "
                     "Mesh.SubdivisionAlgorithm = 2)."));
    GridTools::scale(length_unit, mesh);

    // Regions from the cells' physical volume tags (material ids).
    std::map<types::material_id, Material> region_of_tag;
    for (const auto &[key, name] : names)
      if (key.first == dim)
        {
          if (name == "copper")
            region_of_tag[key.second] = Material::copper;
          else if (name == "lithium")
            region_of_tag[key.second] = Material::lithium;
          else if (name == "electrolyte")
            region_of_tag[key.second] = Material::electrolyte;
        }
    const auto region = [&](const auto &cell) {
      const auto found = region_of_tag.find(cell->material_id());
      if (found == region_of_tag.end())
        {
          const auto name = names.find({dim, cell->material_id()});
          AssertThrow(false,
                      fail("has cells in the physical group " +
                           (name == names.end() ?
                              "with tag " +
                                std::to_string(cell->material_id()) +
                                " (no name)" :
                              "'" + name->second + "'") +
                           ": every cell must be in 'copper', 'lithium' or "
                           "'electrolyte'."));
        }
      return found->second;
    };

    // DeadLi's boundary indicators from the faces' physical surface tags.
    std::map<types::boundary_id, types::boundary_id> id_of_tag;
    for (const auto &[key, name] : names)
      if (key.first == dim - 1)
        {
          if (name == "collector")
            id_of_tag[key.second] = boundary_id::collector<dim>;
          else if (name == "counter_electrode")
            id_of_tag[key.second] = boundary_id::counter_electrode<dim>;
          for (unsigned int i = 0; i < 2 * (dim - 1); ++i)
            if (name == lateral_group_names[i])
              id_of_tag[key.second] = i;
        }
    std::map<types::boundary_id, unsigned int> n_faces_with_id;
    for (const auto &cell : mesh.active_cell_iterators())
      for (const unsigned int f : cell->face_indices())
        if (cell->at_boundary(f))
          {
            // Faces in no physical group come with id 0.
            const auto found = id_of_tag.find(cell->face(f)->boundary_id());
            const types::boundary_id id =
              found == id_of_tag.end() ? wall<dim> : found->second;
            cell->face(f)->set_boundary_id(id);
            ++n_faces_with_id[id];
            if (id == boundary_id::collector<dim>)
              total_collector_area += cell->face(f)->measure();
          }
    AssertThrow(n_faces_with_id[boundary_id::collector<dim>] > 0,
                fail("has no boundary faces in a physical group named "
                     "'collector' (the Cu current collector)."));
    AssertThrow(n_faces_with_id[boundary_id::counter_electrode<dim>] > 0,
                fail("has no boundary faces in a physical group named "
                     "'counter_electrode' (the separator side)."));

    // Lateral faces: all pairs (periodic) or none (walls).
    std::string present, missing;
    for (unsigned int i = 0; i < 2 * (dim - 1); ++i)
      (n_faces_with_id[i] > 0 ? present : missing) +=
        " '" + lateral_group_names[i] + "'";
    AssertThrow(present.empty() || missing.empty(),
                fail("has the lateral boundary groups" + present + " but not" +
                     missing +
                     ": periodic lateral faces need all of them, walls "
                     "none."));
    periodic_lateral           = missing.empty();
    const BoundingBox<dim> box = GridTools::compute_bounding_box(mesh);
    if (periodic_lateral)
      for (unsigned int direction = 0; direction + 1 < dim; ++direction)
        {
          std::vector<GridTools::PeriodicFacePair<
            typename Triangulation<dim>::cell_iterator>>
                      pairs;
          std::string problem;
          try
            {
              GridTools::collect_periodic_faces(
                mesh, 2 * direction, 2 * direction + 1, direction, pairs);
            }
          catch (const ExceptionBase &error)
            {
              problem = one_line(error);
            }
          AssertThrow(
            problem.empty() && pairs.size() == n_faces_with_id[2 * direction],
            fail("has lateral faces '" + lateral_group_names[2 * direction] +
                 "' and '" + lateral_group_names[2 * direction + 1] +
                 "' whose face meshes do not match (" +
                 std::to_string(pairs.size()) + " of " +
                 std::to_string(n_faces_with_id[2 * direction]) +
                 " faces paired" + (problem.empty() ? "" : ": " + problem) +
                 "). Periodic faces need identical face meshes on "
                 "opposite sides (Gmsh: Periodic Surface, or "
                 "transfinite blocks)."));
        }

    // Volumes, sizes, the cells' materials and the region surfaces.
    const double spacing =
      sample_spacing_per_interface_width * this->interface_width;
    cell_materials.resize(mesh.n_active_cells());
    std::vector<std::pair<BoundingBox<dim>, unsigned int>> cell_boxes;
    for (const auto &cell : mesh.active_cell_iterators())
      {
        const Material material                   = region(cell);
        cell_materials[cell->active_cell_index()] = material;
        cell_boxes.emplace_back(cell->bounding_box(),
                                cell->active_cell_index());
        domain_volume += cell->measure();
        if (material == Material::copper)
          copper_volume += cell->measure();
        else if (material == Material::lithium)
          lithium_volume += cell->measure();
        for (unsigned int l = 0; l < cell->n_lines(); ++l)
          largest_cell_edge =
            std::max(largest_cell_edge, cell->line(l)->diameter());

        if (material == Material::electrolyte)
          continue;
        for (const unsigned int f : cell->face_indices())
          if (!cell->at_boundary(f))
            {
              const Material other = region(cell->neighbor(f));
              if (other == material)
                continue;
              std::array<Point<dim>, 1 << (dim - 1)> face_vertices;
              for (unsigned int v = 0; v < face_vertices.size(); ++v)
                face_vertices[v] = cell->face(f)->vertex(v);
              regions.add_face(material,
                               other,
                               face_vertices,
                               cell->face(f)->center() - cell->center(),
                               spacing);
            }
      }
    cell_tree = decltype(cell_tree)(cell_boxes.begin(), cell_boxes.end());
    active_cells.assign(mesh.active_cell_iterators().begin(),
                        mesh.active_cell_iterators().end());

    std::array<bool, dim> periodic;
    periodic.fill(periodic_lateral);
    periodic[dim - 1] = false;
    regions.build(
      [this](const Point<dim> &point) { return material_at(point); },
      box.get_boundary_points().first,
      box.get_boundary_points().second,
      periodic,
      periodic_image_margin_in_interface_widths * this->interface_width);

    std::tie(vertices, cells, subcell_data) =
      GridTools::get_coarse_mesh_description(mesh);
  }



  template <int dim>
  std::optional<Material>
  GmshMesh<dim>::material_at(const Point<dim> &point) const
  {
    std::vector<std::pair<BoundingBox<dim>, unsigned int>> candidates;
    cell_tree.query(boost::geometry::index::intersects(point),
                    std::back_inserter(candidates));
    for (const auto &candidate : candidates)
      {
        const auto &cell = active_cells[candidate.second];
        try
          {
            const Point<dim> unit =
              mapping.transform_real_to_unit_cell(cell, point);
            if (GeometryInfo<dim>::is_inside_unit_cell(unit, 1e-9))
              return cell_materials[candidate.second];
          }
        catch (const typename Mapping<dim>::ExcTransformationFailed &)
          {}
      }
    return {};
  }



  template <int dim>
  void
  GmshMesh<dim>::create_coarse_mesh(
    Triangulation<dim, dim> &triangulation) const
  {
    triangulation.create_triangulation(vertices, cells, subcell_data);
  }



  template <int dim>
  bool
  GmshMesh<dim>::has_periodic_lateral_faces() const
  {
    return periodic_lateral;
  }



  template <int dim>
  double
  GmshMesh<dim>::lithium_distance(const Point<dim> &point) const
  {
    return regions.lithium_distance(point);
  }



  template <int dim>
  double
  GmshMesh<dim>::host_distance(const Point<dim> &point) const
  {
    return regions.host_distance(point);
  }



  template <int dim>
  bool
  GmshMesh<dim>::has_host() const
  {
    return copper_volume > 0;
  }



  template <int dim>
  double
  GmshMesh<dim>::coarse_cell_extent() const
  {
    return largest_cell_edge;
  }



  template <int dim>
  double
  GmshMesh<dim>::collector_area() const
  {
    return total_collector_area;
  }



  template <int dim>
  std::vector<GeometryTarget>
  GmshMesh<dim>::targets() const
  {
    std::vector<GeometryTarget> result;
    if (copper_volume > 0)
      {
        GeometryTarget target{GeometryTarget::Quantity::host_fraction,
                              "Cu volume fraction (mesh regions)",
                              copper_volume / domain_volume};
        target.reference_volume = domain_volume;
        result.push_back(target);
      }
    if (lithium_volume > 0)
      {
        GeometryTarget target{GeometryTarget::Quantity::lithium_fraction,
                              "Li volume fraction (mesh regions)",
                              lithium_volume / domain_volume};
        target.reference_volume = domain_volume;
        result.push_back(target);
      }
    return result;
  }



  template <int dim>
  std::string
  GmshMesh<dim>::description() const
  {
    std::ostringstream text;
    text << "Gmsh mesh " << mesh_file << ": " << cells.size()
         << " coarse cells, Cu " << copper_volume / domain_volume << " and Li "
         << lithium_volume / domain_volume << " of the volume, lateral faces "
         << (periodic_lateral ? "periodic" : "walls");
    return text.str();
  }



  template class GmshMesh<2>;
  template class GmshMesh<3>;
} // namespace deadli
