#include <deadli/geometry/coated_collector.h>
#include <deadli/geometry/copper_foam.h>
#include <deadli/geometry/geometry_factory.h>
#include <deadli/geometry/gmsh_mesh.h>
#include <deadli/geometry/gyroid_host.h>
#include <deadli/geometry/pitted_foil.h>
#include <deadli/geometry/planar_collector.h>
#include <deadli/geometry/voxel_image.h>
#include <deadli/parameter_checks.h>

#include <cmath>
#include <optional>

namespace deadli
{
  using namespace dealii;

  namespace
  {
    /// The geometry types 'Geometry/Type' accepts.
    const std::string geometry_types =
      "planar collector|copper foam|gyroid|pitted foil|gmsh|voxel image";
  } // namespace



  template <int dim>
  void
  declare_geometry_parameters(ParameterHandler &prm)
  {
    prm.enter_subsection("Geometry");
    {
      prm.declare_entry(
        "Type",
        "planar collector",
        Patterns::Selection(geometry_types),
        "The cell architecture. 'planar collector': a flat Cu collector with "
        "an optional Li layer, nuclei and Cu slab (this section's entries). "
        "'copper foam': in addition a random open-cell Cu foam of Voronoi "
        "struts ('Copper foam' subsection). 'gyroid': in addition a Cu "
        "gyroid network ('Gyroid' subsection). 'pitted foil': the Li layer "
        "is a flat foil with pits cut into it ('Pits' subsection). Any of "
        "them can carry a lithiophilic coating ('Coating' subsection). "
        "'gmsh': a hexahedral Gmsh mesh whose named physical groups give the "
        "Cu, Li and electrolyte regions and the electrodes (subsection "
        "Gmsh). 'voxel image': a segmented micro-CT or synthetic gray-value "
        "image whose thresholds give Cu, Li and pore space (subsection Voxel "
        "image).");
      prm.declare_entry(
        "Cu exchange current factor",
        "1",
        Patterns::Double(0),
        "Exchange current density of Li deposition on bare Cu host surfaces "
        "relative to that on Li ('Material/Exchange current density'). "
        "Only used where there is a host (Cu slab, foam, image).");
      prm.declare_entry(
        "Cu nucleation overpotential [mV]",
        "0",
        Patterns::Double(0),
        "Extra cathodic overpotential that Li deposition on bare Cu host "
        "surfaces needs (Li on Li needs none): bare Cu plates only at "
        "overpotentials below minus this (at bulk salt concentration), at "
        "the rate of an overpotential smaller by this much. Typical bare "
        "Cu: 20-50 mV (Pei et al. 2017); lithiophilic coatings lower it.");
    }
    prm.leave_subsection();
    PlanarCollector<dim>::declare_parameters(prm);
    CopperFoam<dim>::declare_parameters(prm);
    GyroidHost<dim>::declare_parameters(prm);
    PittedFoil<dim>::declare_parameters(prm);
    CoatedCollector<dim>::declare_parameters(prm);
    GmshMesh<dim>::declare_parameters(prm);
    VoxelImage<dim>::declare_parameters(prm);
  }



  template <int dim>
  std::shared_ptr<const Geometry<dim>>
  create_geometry(ParameterHandler &prm, const std::string &input_directory)
  {
    prm.enter_subsection("Geometry");
    const std::string type = prm.get("Type");
    SubstrateKinetics copper_kinetics;
    copper_kinetics.exchange_current_factor =
      prm.get_double("Cu exchange current factor");
    copper_kinetics.nucleation_overpotential =
      1e-3 * prm.get_double("Cu nucleation overpotential [mV]");
    prm.leave_subsection();
    prm.enter_subsection("Phase field");
    const double interface_width = prm.get_double("Interface width [um]");
    prm.leave_subsection();

    // Each geometry's parse_parameters() may use the interface width.
    const auto parsed = [&](auto geometry) {
      geometry->interface_width = interface_width;
      geometry->parse_parameters(prm);
      return geometry;
    };
    std::shared_ptr<Geometry<dim>> geometry;
    // The plane of a planar host surface (the collector or Cu slab), where
    // a coating's coverage can be measured.
    std::optional<double> planar_host_height;
    if (type == "planar collector" || type == "pitted foil")
      {
        auto planar        = type == "planar collector" ?
                               parsed(std::make_shared<PlanarCollector<dim>>()) :
                               std::shared_ptr<PlanarCollector<dim>>(
                          parsed(std::make_shared<PittedFoil<dim>>()));
        planar_host_height = planar->copper_slab_thickness;
        geometry           = planar;
      }
    else if (type == "copper foam")
      geometry = parsed(std::make_shared<CopperFoam<dim>>());
    else if (type == "gyroid")
      geometry = parsed(std::make_shared<GyroidHost<dim>>());
    else if (type == "gmsh")
      {
        auto mesh             = std::make_shared<GmshMesh<dim>>();
        mesh->input_directory = input_directory;
        geometry              = parsed(mesh);
      }
    else if (type == "voxel image")
      {
        auto image             = std::make_shared<VoxelImage<dim>>();
        image->input_directory = input_directory;
        geometry               = parsed(image);
      }
    else
      AssertThrow(false,
                  ExcMessage("Parameter 'Geometry/Type' = '" + type +
                             "' is not one of: " + geometry_types + "."));
    geometry->copper_kinetics = copper_kinetics;

    if (CoatedCollector<dim>::requested(prm))
      {
        // Box geometries give their width; imported ones a square of the
        // collector area.
        const auto box =
          std::dynamic_pointer_cast<const PlanarCollector<dim>>(geometry);
        const double lateral_width =
          box ? box->domain_width :
                std::pow(geometry->collector_area(), 1. / (dim - 1));
        auto coated =
          std::make_shared<CoatedCollector<dim>>(geometry,
                                                 lateral_width,
                                                 planar_host_height);
        coated->parse_parameters(prm);
        geometry = coated;
      }
    return geometry;
  }



  template void
  declare_geometry_parameters<2>(ParameterHandler &);
  template void
  declare_geometry_parameters<3>(ParameterHandler &);
  template std::shared_ptr<const Geometry<2>>
  create_geometry<2>(ParameterHandler &, const std::string &);
  template std::shared_ptr<const Geometry<3>>
  create_geometry<3>(ParameterHandler &, const std::string &);
} // namespace deadli
