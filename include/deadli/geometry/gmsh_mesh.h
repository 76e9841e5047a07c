#ifndef deadli_geometry_gmsh_mesh_h
#define deadli_geometry_gmsh_mesh_h

#include <deal.II/base/bounding_box.h>
#include <deal.II/base/parameter_handler.h>
#include <deal.II/base/point.h>

#include <deal.II/fe/mapping_q.h>

#include <deal.II/grid/tria.h>
#include <deal.II/grid/tria_description.h>

#include <deadli/geometry/geometry.h>
#include <deadli/geometry/region_surfaces.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace deadli
{
  /**
   * A cell architecture drawn in Gmsh: a hexahedral (2D: quadrilateral) mesh
   * whose physical groups name the regions and the electrodes
   * (doc/geometries.md, "Gmsh meshes"):
   *
   * - volumes (2D: surfaces) "copper" (the Cu host), "lithium" (the initial
   *   Li) and "electrolyte"; every cell must be in one of them;
   * - faces "collector" and "counter_electrode" (required), which become
   *   boundary_id::collector and boundary_id::counter_electrode;
   * - optionally the lateral faces "x_min", "x_max" and in 3D "y_min",
   *   "y_max" (ids 0 .. 3), all of them, on opposite faces with matching
   *   face meshes: the box is then laterally periodic. Without them, and on
   *   any other boundary face, the boundary is a no-flux wall.
   *
   * The mesh is the coarse mesh of the run, but the regions do not stay
   * sets of coarse cells: each region enters as the signed distance from
   * its boundary faces (RegionSurfaces, which also says how Li in contact
   * with Cu is treated), so that it is smeared over the interface width
   * like every other geometry and the refined mesh resolves it as well as
   * the analytic ones. The signs come from the material of the file's cell
   * that contains the point.
   *
   * The file is read once, by parse_parameters(), which checks it and keeps
   * the coarse mesh (for create_coarse_mesh() and to locate points).
   */
  template <int dim>
  class GmshMesh : public Geometry<dim>
  {
  public:
    /// Declare the entries of 'Geometry/Gmsh'.
    static void
    declare_parameters(dealii::ParameterHandler &prm);

    /**
     * Read and check the mesh file and build the region surfaces. Throws
     * ExcGeometryFile, naming 'Geometry/Gmsh/Mesh file' and the file, if it
     * is missing, cannot be read as a Gmsh mesh, has cells that are not
     * hexahedra, lacks the collector or counter electrode, or has lateral
     * faces that do not pair up.
     */
    void
    parse_parameters(dealii::ParameterHandler &prm);

    void
    create_coarse_mesh(
      dealii::Triangulation<dim, dim> &triangulation) const override;

    bool
    has_periodic_lateral_faces() const override;

    double
    lithium_distance(const dealii::Point<dim> &point) const override;

    double
    host_distance(const dealii::Point<dim> &point) const override;

    bool
    has_host() const override;

    /// Longest edge of any cell of the file's mesh, µm.
    double
    coarse_cell_extent() const override;

    /// Area of the faces in the "collector" group, µm^2 (µm in 2D).
    double
    collector_area() const override;

    /// The Cu and Li volume fractions of the file's cells.
    std::vector<GeometryTarget>
    targets() const override;

    std::string
    description() const override;

    /// Directory that a relative 'Mesh file' is relative to (the factory
    /// sets it to that of the parameter file; empty: working directory).
    std::string input_directory;

  private:
    /// The mesh file as found (after resolving relative to input_directory).
    std::string mesh_file;
    /// Length of one unit of the file's coordinates, µm.
    double length_unit = 1;

    /// Volumes of the regions and of the whole mesh, µm^3 (µm^2 in 2D).
    double copper_volume        = 0;
    double lithium_volume       = 0;
    double domain_volume        = 0;
    double total_collector_area = 0;
    double largest_cell_edge    = 0;
    bool   periodic_lateral     = false;

    /// The material of the file's cell that contains @p point, if any.
    std::optional<Material>
    material_at(const dealii::Point<dim> &point) const;

    /// The file's coarse mesh, with DeadLi's boundary indicators.
    std::vector<dealii::Point<dim>>    vertices;
    std::vector<dealii::CellData<dim>> cells;
    dealii::SubCellData                subcell_data;

    /// The same mesh, its cells' materials and bounding boxes, to locate
    /// points.
    std::unique_ptr<dealii::Triangulation<dim>> mesh;
    std::vector<typename dealii::Triangulation<dim>::active_cell_iterator>
                          active_cells;
    std::vector<Material> cell_materials;
    boost::geometry::index::rtree<
      std::pair<dealii::BoundingBox<dim>, unsigned int>,
      boost::geometry::index::rstar<16>>
                                cell_tree;
    const dealii::MappingQ<dim> mapping{1};

    RegionSurfaces<dim> regions;
  };
} // namespace deadli

#endif
