#include <deal.II/base/utilities.h>

#include <deadli/geometry/geometry_factory.h>
#include <deadli/parameters.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace deadli
{
  using namespace dealii;

  namespace
  {
    void
    declare_top_level(ParameterHandler &prm)
    {
      prm.declare_entry("Dimension",
                        "3",
                        Patterns::Integer(2, 3),
                        "Space dimension of the run: 2 or 3.");
      prm.declare_entry("Output directory",
                        "output/run",
                        Patterns::FileName(Patterns::FileName::output),
                        "Where statistics.csv, parameters.prm and the "
                        "ParaView files go; created if missing.");
      prm.declare_entry("Output interval",
                        "10",
                        Patterns::Integer(0),
                        "Write ParaView output every this many steps (0: "
                        "only the initial and final state).");
      prm.declare_entry("Counter electrode",
                        "flux",
                        Patterns::Selection("flux|reservoir"),
                        "flux: a Li counter electrode at the top boundary "
                        "releases Li+ with the cell current, so the salt is "
                        "conserved (a real cell); reservoir: c = c0 at the "
                        "top (a bulk electrolyte at distance 'Domain "
                        "height').");
    }

    void
    check_file_readable(const std::string &filename)
    {
      std::ifstream in(filename);
      AssertThrow(in,
                  ExcMessage("Cannot open the parameter file '" + filename +
                             "': no such file or it is not readable."));
    }
  } // namespace



  template <int dim>
  void
  RunParameters<dim>::declare_parameters(ParameterHandler &prm)
  {
    declare_top_level(prm);
    Discretization<dim>::Parameters::declare_parameters(prm);
    MaterialProperties::declare_parameters(prm);
    declare_geometry_parameters<dim>(prm);
    Protocol::Parameters::declare_parameters(prm);
    LithiumLedger::Parameters::declare_parameters(prm);
    CoupledStep<dim>::Parameters::declare_parameters(prm);
    Adaptivity<dim>::Parameters::declare_parameters(prm);
    TimeStepControl::Parameters::declare_parameters(prm);
    Checkpoint<dim>::Parameters::declare_parameters(prm);
  }



  template <int dim>
  void
  RunParameters<dim>::parse_parameters(ParameterHandler &prm)
  {
    output_directory        = prm.get("Output directory");
    output_interval         = prm.get_integer("Output interval");
    reservoir_concentration = prm.get("Counter electrode") == "reservoir";
    AssertThrow(!output_directory.empty(),
                ExcMessage("Parameter 'Output directory' must not be empty."));
    discretization.parse_parameters(prm);
    material.parse_parameters(prm);
    geometry = create_geometry<dim>(prm, input_directory);
    protocol.parse_parameters(prm);
    lithium_ledger.parse_parameters(prm);
    coupled_step.parse_parameters(prm);
    adaptivity.parse_parameters(prm);
    time_stepping.parse_parameters(prm);
    checkpoint.parse_parameters(prm);

    // The diffuse interface needs >= 4 cells across it at the finest level.
    const double finest_cell =
      geometry->coarse_cell_extent() / std::pow(2., adaptivity.max_level);
    if (finest_cell > material.interface_width / 4. * (1 + 1e-12))
      {
        std::ostringstream message;
        message << "Parameter 'Mesh refinement/Maximum level' = "
                << adaptivity.max_level << " gives cells of " << finest_cell
                << " um, but 'Phase field/Interface width [um]' = "
                << material.interface_width
                << " needs cells of at most width/4 = "
                << material.interface_width / 4.
                << " um. Raise the maximum level or lower 'Geometry/Coarse "
                   "cell size [um]'.";
        AssertThrow(false, ExcMessage(message.str()));
      }
  }



  template <int dim>
  RunParameters<dim>
  RunParameters<dim>::read(const std::string &filename)
  {
    check_file_readable(filename);
    ParameterHandler prm;
    declare_parameters(prm);
    prm.parse_input(filename, "", false, true);

    RunParameters<dim> parameters;
    parameters.input_directory =
      std::filesystem::path(filename).parent_path().string();
    try
      {
        parameters.parse_parameters(prm);
      }
    catch (const ExceptionBase &error)
      {
        std::ostringstream reason;
        error.print_info(reason);
        AssertThrow(false,
                    ExcMessage("In parameter file '" + filename +
                               "': " + reason.str()));
      }
    std::ostringstream parsed;
    prm.print_parameters(parsed, ParameterHandler::PRM);
    parameters.parsed_parameters = parsed.str();
    return parameters;
  }



  unsigned int
  read_dimension(const std::string &filename)
  {
    check_file_readable(filename);
    ParameterHandler prm;
    RunParameters<3>::declare_parameters(prm);
    prm.parse_input(filename, "", false, true);
    return prm.get_integer("Dimension");
  }



  template struct RunParameters<2>;
  template struct RunParameters<3>;
} // namespace deadli
