#ifndef deadli_io_output_writer_h
#define deadli_io_output_writer_h

#include <deal.II/base/parameter_handler.h>

#include <boost/serialization/string.hpp>
#include <boost/serialization/utility.hpp>
#include <boost/serialization/vector.hpp>

#include <deadli/connectivity/metal_connectivity.h>
#include <deadli/mesh/discretization.h>
#include <deadli/physics/coupled_step.h>
#include <deadli/physics/material_properties.h>
#include <deadli/physics/substrate.h>

#include <string>
#include <utility>
#include <vector>

namespace deadli
{
  /**
   * ParaView output: per output step one .vtu piece per rank and a .pvtu
   * record, and a solution.pvd time series over all of them. Every file is
   * written atomically, so ParaView can reload while a run goes on.
   *
   * Fields: xi (metal phase field: Li and Cu host), c [mol/L], phi [V], and per
   * cell the magnitude of the electrolyte current density [mA/cm2], the
   * conductor component id (-1: electrolyte), dead (1: metal cut off from the
   * collector), reactive (the activity A: 0 on frozen dead metal and its
   * diffuse halo) and the MPI rank; and the volume fraction of Li held in
   * SEI (sei_li_fraction). Geometries with a Cu host add its fraction
   * (host_fraction; Li is xi - host_fraction).
   */
  template <int dim>
  class OutputWriter
  {
  public:
    OutputWriter(const std::string        &directory,
                 const MaterialProperties &material);

    void
    write(const Discretization<dim>                &discretization,
          const CellState                          &state,
          const dealii::PETScWrappers::MPI::Vector &sei_fraction,
          const Substrate<dim>                     &substrate,
          const MetalConnectivity<dim>             &connectivity,
          const unsigned int                        step,
          const double                              time);

    /// For checkpoints: the records of the .pvd series so far.
    template <class Archive>
    void
    serialize(Archive &archive, const unsigned int)
    {
      archive &written_records;
    }

  private:
    const std::string                           directory;
    const MaterialProperties                   &material;
    std::vector<std::pair<double, std::string>> written_records;
  };
} // namespace deadli

#endif
