#ifndef deadli_geometry_geometry_factory_h
#define deadli_geometry_geometry_factory_h

#include <deal.II/base/parameter_handler.h>

#include <deadli/geometry/geometry.h>

#include <memory>
#include <string>

namespace deadli
{
  /**
   * Declare 'Geometry/Type' and the entries of every geometry, each in the
   * subsection its class declares, so that one prm file can switch between
   * architectures by changing one word.
   */
  template <int dim>
  void
  declare_geometry_parameters(dealii::ParameterHandler &prm);

  /**
   * The geometry 'Geometry/Type' names, parsed and checked (throws with a
   * message naming the parameter and its allowed range), with the substrate
   * kinetics of bare Cu and, if 'Geometry/Coating/Pattern' is not 'none', a
   * lithiophilic coating on its host.
   *
   * Relative file names in the geometry's parameters (meshes, images) are
   * relative to @p input_directory, the directory of the parameter file
   * (empty: the working directory).
   */
  template <int dim>
  std::shared_ptr<const Geometry<dim>>
  create_geometry(dealii::ParameterHandler &prm,
                  const std::string        &input_directory = "");
} // namespace deadli

#endif
