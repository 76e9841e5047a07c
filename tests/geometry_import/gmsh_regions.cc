// Gmsh import keeps regions and boundary ids: the shipped meshes
// meshes/foam_cell.msh (Cu struts, Li layer) and meshes/pitted_foil.msh (Li
// foil with a pit) are read as a run reads them, on a distributed mesh with
// periodic lateral faces, refined towards the interfaces to cells of a
// quarter interface width. Checked: every DeadLi boundary id is present on
// the coarse mesh, the collector area, and the Cu and Li volume fractions
// of the diffuse fields against the exact volumes of the mesh regions.
//
// Two measures per region, each with a tolerance from the interface width
// w and the shape (imported_geometry_check.h derives them):
// - the sharp region the fields describe (host indicator > 1/2; metal > 1/2
//   and not Cu): the meshes' region faces are faces of the refined mesh, so
//   this is exact up to rounding, except along lines where Li, Cu and
//   electrolyte meet, where the fuzzy union of Li and Cu fills the corner:
//   0.5 w^2 per um of such triple line;
// - the diffuse volume: a flat diffuse interface holds exactly the sharp
//   volume, but at a right-angle edge the smeared profile adds (convex) or
//   removes (concave) (pi/2 + 2) I = 0.184 w^2 per um of edge, I = integral
//   of d f(d) over d > 0 = (pi^2/12) (w/4)^2 for the tanh profile f. We
//   allow 0.25 w^2 per um of all region edges, convex and concave, without
//   counting on their partial cancellation.
//
// Last, a 2D mesh (Gmsh format 2.2) that the test writes itself.
//
// Usage: gmsh_regions MESH_DIRECTORY

#include <deal.II/base/parameter_handler.h>

#include <deadli/geometry/gmsh_mesh.h>

#include <fstream>
#include <set>

#include "imported_geometry_check.h"

using namespace dealii;
using namespace deadli;
using namespace deadli::testing;

namespace
{
  struct MeshCase
  {
    std::string file;
    double      interface_width;
    double      collector_area;
    /// Total length of the edges of the Cu and Li regions, um (2D: number
    /// of corners).
    double edge_length;
    /// Length of the lines where Li, Cu and electrolyte meet, um (2D:
    /// number of triple points).
    double triple_line_length;
    double box_volume;
  };

  template <int dim>
  void
  check_mesh(const std::string &directory,
             const MeshCase    &mesh_case,
             Checker           &checker)
  {
    const bool is_root = Utilities::MPI::this_mpi_process(MPI_COMM_WORLD) == 0;
    ParameterHandler prm;
    GmshMesh<dim>::declare_parameters(prm);
    prm.enter_subsection("Geometry");
    prm.enter_subsection("Gmsh");
    prm.set("Mesh file", mesh_case.file);
    prm.leave_subsection();
    prm.leave_subsection();
    GmshMesh<dim> geometry;
    geometry.input_directory = directory;
    geometry.interface_width = mesh_case.interface_width;
    geometry.parse_parameters(prm);
    if (is_root)
      std::cout << geometry.description() << std::endl;

    Discretization<dim> discretization(MPI_COMM_WORLD, 1);
    const double        finest_cell = mesh_case.interface_width / 4.;
    const unsigned int  max_level =
      std::ceil(std::log2(geometry.coarse_cell_extent() / finest_cell) - 1e-9);
    const auto measures =
      measure_on_refined_mesh(geometry, max_level, discretization);

    // Every rank holds the whole coarse mesh.
    std::set<types::boundary_id> ids;
    for (const auto &cell :
         discretization.triangulation.cell_iterators_on_level(0))
      for (const unsigned int f : cell->face_indices())
        if (cell->at_boundary(f))
          ids.insert(cell->face(f)->boundary_id());
    std::set<types::boundary_id> expected_ids;
    for (unsigned int id = 0; id < 2 * dim; ++id)
      expected_ids.insert(id);
    checker.check(ids == expected_ids,
                  mesh_case.file + ": boundary ids are not exactly 0 .. " +
                    std::to_string(2 * dim - 1));
    checker.check(geometry.has_periodic_lateral_faces(),
                  mesh_case.file + ": lateral faces should be periodic");
    checker.check(std::abs(geometry.collector_area() -
                           mesh_case.collector_area) < 1e-9,
                  mesh_case.file + ": wrong collector area");

    const double width = mesh_case.interface_width;
    const double diffuse_tolerance =
      0.25 * width * width * mesh_case.edge_length / mesh_case.box_volume;
    const double sharp_tolerance = 1e-9 + 0.5 * width * width *
                                            mesh_case.triple_line_length /
                                            mesh_case.box_volume;
    if (is_root)
      std::cout << "  " << discretization.triangulation.n_global_active_cells()
                << " cells (max level " << max_level << "), collector area "
                << geometry.collector_area() << " um^2, tolerances: diffuse "
                << diffuse_tolerance << ", sharp " << sharp_tolerance
                << std::endl;
    checker.check(measures.diffuse.size() >= 1,
                  mesh_case.file + ": no targets");
    for (const AchievedTarget &measure : measures.diffuse)
      {
        const bool is_copper =
          measure.target.quantity == GeometryTarget::Quantity::host_fraction;
        const double sharp =
          is_copper ? measures.copper_fraction : measures.lithium_fraction;
        const double error       = measure.achieved - measure.target.requested;
        const double sharp_error = sharp - measure.target.requested;
        if (is_root)
          std::cout << "  " << measure.target.name << ": region "
                    << measure.target.requested << ", diffuse "
                    << measure.achieved << " (" << error << "), sharp " << sharp
                    << " (" << sharp_error << ")" << std::endl;
        checker.check(std::abs(error) < diffuse_tolerance,
                      mesh_case.file + ": diffuse " + measure.target.name +
                        " off by more than the tolerance");
        checker.check(std::abs(sharp_error) < sharp_tolerance,
                      mesh_case.file + ": sharp " + measure.target.name +
                        " off by more than the tolerance");
      }
  }

  /**
   * Write a 2D mesh in Gmsh's 2.2 ASCII format: a 6 x 8 um box of 1 um
   * squares, a Cu post 2 um wide and 5 um high on the collector, a 2 um Li
   * layer beside it, electrolyte above; lateral groups x_min and x_max.
   */
  void
  write_post_mesh(const std::string &file_name)
  {
    constexpr unsigned int nx = 6, ny = 8;
    std::ofstream          out(file_name);
    out << "$MeshFormat\n2.2 0 8\n$EndMeshFormat\n"
        << "$PhysicalNames\n7\n"
        << "1 4 \"collector\"\n1 5 \"counter_electrode\"\n"
        << "1 6 \"x_min\"\n1 7 \"x_max\"\n"
        << "2 1 \"copper\"\n2 2 \"lithium\"\n2 3 \"electrolyte\"\n"
        << "$EndPhysicalNames\n";
    const auto node = [](const unsigned int i, const unsigned int j) {
      return j * (nx + 1) + i + 1;
    };
    out << "$Nodes\n" << (nx + 1) * (ny + 1) << "\n";
    for (unsigned int j = 0; j <= ny; ++j)
      for (unsigned int i = 0; i <= nx; ++i)
        out << node(i, j) << " " << i << " " << j << " 0\n";
    out << "$EndNodes\n";

    std::vector<std::string> elements;
    const auto               line =
      [&](const unsigned int tag, const unsigned int a, const unsigned int b) {
        elements.push_back("1 2 " + std::to_string(tag) + " " +
                           std::to_string(tag) + " " + std::to_string(a) + " " +
                           std::to_string(b));
      };
    for (unsigned int i = 0; i < nx; ++i)
      {
        line(4, node(i, 0), node(i + 1, 0));
        line(5, node(i, ny), node(i + 1, ny));
      }
    for (unsigned int j = 0; j < ny; ++j)
      {
        line(6, node(0, j), node(0, j + 1));
        line(7, node(nx, j), node(nx, j + 1));
      }
    for (unsigned int j = 0; j < ny; ++j)
      for (unsigned int i = 0; i < nx; ++i)
        {
          const unsigned int tag = (i >= 2 && i < 4 && j < 5) ? 1 :
                                   j < 2                      ? 2 :
                                                                3;
          elements.push_back(
            "3 2 " + std::to_string(tag) + " " + std::to_string(tag) + " " +
            std::to_string(node(i, j)) + " " + std::to_string(node(i + 1, j)) +
            " " + std::to_string(node(i + 1, j + 1)) + " " +
            std::to_string(node(i, j + 1)));
        }
    out << "$Elements\n" << elements.size() << "\n";
    for (unsigned int e = 0; e < elements.size(); ++e)
      out << e + 1 << " " << elements[e] << "\n";
    out << "$EndElements\n";
  }
} // namespace



int
main(int argc, char **argv)
{
  Utilities::MPI::MPI_InitFinalize mpi(argc, argv, 1);
  Checker                          checker;
  AssertThrow(argc == 2, ExcMessage("usage: gmsh_regions MESH_DIRECTORY"));
  // Foam: a vertical strut 2 x 2 x 8 and two horizontal struts 2 x 2 x 8
  // crossing at mid-height: convex edges 4 x 6 (vertical strut) + 4 x 2
  // (its top) + 2 x 4 x 6 (horizontal struts), concave edges 6 x 4 x 2
  // where the six arms meet the centre; the Li layer (8 x 8 x 2 around the
  // strut) adds the strut's perimeter 8 at its surface, a concave edge of
  // the metal and the triple line. A narrower interface than in
  // prm/gmsh_foam_cell.prm, so that the 2 um struts are resolved.
  check_mesh<3>(
    argv[1],
    {"foam_cell.msh", 0.75, 64., 24 + 8 + 48 + 48 + 8, 8, 8 * 8 * 16},
    checker);
  // Pitted foil: the pit's edges, 8 of 4 um and 4 of 3 um (the foil's top
  // face continues through the periodic faces).
  check_mesh<3>(argv[1],
                {"pitted_foil.msh", 2., 144., 8 * 4 + 4 * 3, 0, 12 * 12 * 16},
                checker);
  // 2D, Gmsh format 2.2, written here: Cu post (2 convex corners), Li
  // layer beside it (2 triple points).
  const std::string post_mesh =
    "gmsh_regions.np" +
    std::to_string(Utilities::MPI::n_mpi_processes(MPI_COMM_WORLD)) +
    "_post.msh";
  if (Utilities::MPI::this_mpi_process(MPI_COMM_WORLD) == 0)
    write_post_mesh(post_mesh);
  MPI_Barrier(MPI_COMM_WORLD);
  check_mesh<2>("", {post_mesh, 0.5, 6., 4, 2, 6 * 8}, checker);
  return checker.exit_code();
}
