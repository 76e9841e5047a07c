#ifndef deadli_parameters_h
#define deadli_parameters_h

#include <deal.II/base/parameter_handler.h>

#include <deadli/cycling/lithium_ledger.h>
#include <deadli/cycling/protocol.h>
#include <deadli/geometry/geometry.h>
#include <deadli/io/checkpoint.h>
#include <deadli/mesh/adaptivity.h>
#include <deadli/mesh/discretization.h>
#include <deadli/physics/coupled_step.h>
#include <deadli/physics/material_properties.h>
#include <deadli/physics/time_step_control.h>

#include <memory>
#include <string>

namespace deadli
{
  /**
   * Everything a run reads from its prm file. Each module declares and
   * parses its own subsection; this struct only puts them together and owns
   * the few top-level entries.
   */
  template <int dim>
  struct RunParameters
  {
    static void
    declare_parameters(dealii::ParameterHandler &prm);
    void
    parse_parameters(dealii::ParameterHandler &prm);

    /**
     * Declare everything, read @p filename, and parse and check it. Throws
     * with a message naming the file, the parameter and its allowed range.
     */
    static RunParameters<dim>
    read(const std::string &filename);

    std::string  output_directory;
    unsigned int output_interval;

    typename Discretization<dim>::Parameters discretization;
    MaterialProperties                       material;
    std::shared_ptr<const Geometry<dim>>     geometry;
    Protocol::Parameters                     protocol;
    LithiumLedger::Parameters                lithium_ledger;
    typename CoupledStep<dim>::Parameters    coupled_step;
    typename Adaptivity<dim>::Parameters     adaptivity;
    TimeStepControl::Parameters              time_stepping;
    typename Checkpoint<dim>::Parameters     checkpoint;
    bool                                     reservoir_concentration;

    /// Directory of the parameter file (set by read()): relative file names
    /// in the parameters (meshes, images) are relative to it.
    std::string input_directory;

    /// The file as parsed, with every default filled in.
    std::string parsed_parameters;
  };

  /// The "Dimension" entry of a prm file (2 or 3), read before anything else.
  unsigned int
  read_dimension(const std::string &filename);
} // namespace deadli

#endif
