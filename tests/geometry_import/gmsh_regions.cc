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
// Usage: gmsh_regions MESH_DIRECTORY

#include <deal.II/base/parameter_handler.h>

#include <deadli/geometry/gmsh_mesh.h>

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
    /// Total length of the edges of the Cu and Li regions, um.
    double edge_length;
    /// Length of the lines where Li, Cu and electrolyte meet, um.
    double triple_line_length;
    double box_volume;
  };

  void
  check_mesh(const std::string &directory,
             const MeshCase    &mesh_case,
             Checker           &checker)
  {
    const bool is_root = Utilities::MPI::this_mpi_process(MPI_COMM_WORLD) == 0;
    ParameterHandler prm;
    GmshMesh<3>::declare_parameters(prm);
    prm.enter_subsection("Geometry");
    prm.enter_subsection("Gmsh");
    prm.set("Mesh file", mesh_case.file);
    prm.leave_subsection();
    prm.leave_subsection();
    GmshMesh<3> geometry;
    geometry.input_directory = directory;
    geometry.interface_width = mesh_case.interface_width;
    geometry.parse_parameters(prm);
    if (is_root)
      std::cout << geometry.description() << std::endl;

    Discretization<3>  discretization(MPI_COMM_WORLD, 1);
    const double       finest_cell = mesh_case.interface_width / 4.;
    const unsigned int max_level =
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
    checker.check(ids == std::set<types::boundary_id>{0, 1, 2, 3, 4, 5},
                  mesh_case.file + ": boundary ids are not exactly 0 .. 5");
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
  check_mesh(argv[1],
             {"foam_cell.msh", 0.75, 64., 24 + 8 + 48 + 48 + 8, 8, 8 * 8 * 16},
             checker);
  // Pitted foil: the pit's edges, 8 of 4 um and 4 of 3 um (the foil's top
  // face continues through the periodic faces).
  check_mesh(argv[1],
             {"pitted_foil.msh", 2., 144., 8 * 4 + 4 * 3, 0, 12 * 12 * 16},
             checker);
  return checker.exit_code();
}
