#ifndef deadli_simulator_h
#define deadli_simulator_h

#include <deal.II/base/conditional_ostream.h>
#include <deal.II/base/timer.h>

#include <deadli/cycling/lithium_ledger.h>
#include <deadli/cycling/protocol.h>
#include <deadli/io/checkpoint.h>
#include <deadli/io/output_writer.h>
#include <deadli/io/statistics_table.h>
#include <deadli/mesh/adaptivity.h>
#include <deadli/mesh/discretization.h>
#include <deadli/parameters.h>
#include <deadli/physics/coupled_step.h>
#include <deadli/physics/electronic_contact.h>
#include <deadli/physics/substrate.h>
#include <deadli/physics/time_step_control.h>

#include <memory>

namespace deadli
{
  /**
   * The time loop of a run: this is the table of contents of DeadLi.
   *
   * Mesh and initial state from the geometry; then, until the protocol is
   * done: take the set point, make a coupled step (halving the step and
   * retrying on failure), label the metal that is still wired to the
   * collector, account for active, dead and SEI lithium, adapt the mesh
   * every few steps, write output.
   */
  template <int dim>
  class Simulator
  {
  public:
    Simulator(const RunParameters<dim> &parameters, const MPI_Comm comm);

    /**
     * Run the protocol from t = 0, or, with @p checkpoint_directory (a
     * checkpoint-NNNNNN directory written by a run of the same parameters,
     * on any number of ranks), from where that checkpoint left off.
     */
    void
    run(const std::string &checkpoint_directory = "");

    const StatisticsTable &
    statistics() const;

    /// The mesh and fields at the end of run() (for tests and probes).
    const Discretization<dim> &
    get_discretization() const;
    const CellState &
    get_state() const;
    const LithiumLedger &
    get_ledger() const;
    /// The Cu host and substrate kinetics on the final mesh.
    const Substrate<dim> &
    get_substrate() const;
    /// Volume fraction of dense Li held in SEI, ghosted.
    const dealii::PETScWrappers::MPI::Vector &
    get_sei_fraction() const;

  private:
    void
    create_mesh_and_initial_state();
    /// Mesh, fields and scalar state from a checkpoint.
    void
    resume(const std::string &checkpoint_directory);
    /// Everything but the mesh and fields that a resumed run needs, as a
    /// binary blob.
    std::string
    scalar_state() const;
    void
    restore_scalar_state(const std::string &blob);
    void
    adapt_mesh();
    /**
     * Print a note (once per run) when one rank holds much more than its
     * share of the interface cells: the deposit's work then sits on few
     * ranks, whatever the cell counts, and the speed-up suffers. p4est's
     * partition follows the coarse cells' order, which in a box taller than
     * wide runs from the bottom up; the user can change the box, not the
     * order.
     */
    void
    check_interface_partition();
    /// Print what the geometry asked for next to what the mesh holds, and
    /// write it to geometry.txt in the output directory.
    void
    report_geometry();
    /// Label the metal of the current state and set its activity.
    void
    update_electronic_contact();
    /// Charge per collector area (C/m^2) of a volume of dense Li (µm^3).
    double
    areal_charge(const double volume) const;
    /**
     * The set point the phase field must follow: under galvanostatic control
     * the share of the set current that SEI formation is expected to take
     * (from the last step) does not make metal.
     */
    Setpoint
    metal_setpoint(const Setpoint &setpoint) const;
    /// One row of statistics.csv for the state just reached.
    void
    record_statistics(const Setpoint                          &setpoint,
                      const typename CoupledStep<dim>::Report &report,
                      const double                             time_step,
                      const double                             circuit_volume);

    const RunParameters<dim>  &parameters;
    const MPI_Comm             mpi_communicator;
    const bool                 is_root;
    dealii::ConditionalOStream pcout;
    dealii::TimerOutput        timer;

    Discretization<dim>    discretization;
    Adaptivity<dim>        adaptivity;
    CoupledStep<dim>       coupled_step;
    Substrate<dim>         substrate;
    ElectronicContact<dim> electronic_contact;
    Protocol               protocol;
    LithiumLedger          ledger;
    TimeStepControl        time_step_control;
    OutputWriter<dim>      output_writer;
    StatisticsTable        statistics_table;
    Checkpoint<dim>        checkpoint;
    dealii::Timer          wall_clock;

    CellState      state;
    MetalInventory inventory;
    /// Volume fraction of dense Li held in SEI (ghosted; for ParaView).
    dealii::PETScWrappers::MPI::Vector sei_fraction;
    double                             time = 0;
    /// Wall time of the runs before a resume, s.
    double       earlier_wall_time = 0;
    unsigned int step              = 0;
    /// Whether check_interface_partition() has spoken.
    bool interface_partition_noted = false;
  };
} // namespace deadli

#endif
