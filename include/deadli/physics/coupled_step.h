#ifndef deadli_physics_coupled_step_h
#define deadli_physics_coupled_step_h

#include <deal.II/base/function.h>
#include <deal.II/base/parameter_handler.h>
#include <deal.II/base/timer.h>

#include <deal.II/lac/petsc_vector.h>

#include <deadli/cycling/protocol.h>
#include <deadli/mesh/discretization.h>
#include <deadli/physics/collector_potential_predictor.h>
#include <deadli/physics/kinetic_noise.h>
#include <deadli/physics/material_properties.h>
#include <deadli/physics/phase_field_operator.h>
#include <deadli/physics/potential_operator.h>
#include <deadli/physics/substrate.h>
#include <deadli/physics/transport_operator.h>

#include <string>
#include <vector>

namespace deadli
{
  /**
   * The solution at one time level: ghosted vectors of the phase field,
   * the relative Li+ concentration c/c0 and the electrolyte potential (V),
   * the collector potential E (V vs Li/Li+), and the activity of the metal
   * (per active cell: 1 wired to the collector, 0 dead and frozen; see
   * ElectronicContact), which is derived from xi after every accepted step
   * and every mesh change. An empty activity means all metal is wired.
   */
  struct CellState
  {
    dealii::PETScWrappers::MPI::Vector xi;
    dealii::PETScWrappers::MPI::Vector concentration;
    dealii::PETScWrappers::MPI::Vector phi;
    double                             collector_potential = 0;
    std::vector<double>                activity;
  };

  /**
   * The state at t = 0 on the current mesh: xi interpolated from
   * @p initial_metal, uniform c = c0, phi = 0, and E = 0 (equilibrium with
   * the Li counter electrode).
   */
  template <int dim>
  void
  initialize_cell_state(const Discretization<dim>   &discretization,
                        const dealii::Function<dim> &initial_metal,
                        CellState                   &state);

  /**
   * One time step of the coupled problem, staggered in the order
   * potential -> phase field -> concentration.
   *
   * Why staggered rather than monolithic (doc/model.md has the details):
   * the potential carries the stiff, exponential coupling, and solving it
   * with the reaction source implicit in phi (and E) makes the interface
   * current consistent with the electrolyte current at every step; the phase
   * field then moves by exactly that current, and the salt equation sees the
   * actual phase-field change. Each sub-problem is then SPD and gets the
   * preconditioner that suits it (AMG for the two diffusion operators,
   * Jacobi for the mass-dominated phase field), which a monolithic
   * non-symmetric system would not allow. The price is a first-order
   * splitting error in time, controlled by the step size.
   */
  template <int dim>
  class CoupledStep
  {
  public:
    struct Parameters
    {
      static void
      declare_parameters(dealii::ParameterHandler &prm);
      void
      parse_parameters(dealii::ParameterHandler &prm);

      typename PotentialOperator<dim>::Parameters potential;
      double                                      phase_field_bound_tolerance;
      double                                      concentration_tolerance;
      /// Largest deepening of xi below the host fraction in one step.
      double host_stripping_tolerance = 0.0002;
      /// Relative amplitude of the kinetic noise (0: none).
      double kinetic_noise_amplitude = 0;
      /// Its correlation length (um) and time (s), and its seed.
      double        kinetic_noise_cell_size        = 1;
      double        kinetic_noise_correlation_time = 1;
      std::uint64_t kinetic_noise_seed             = 1;
      /// Redox-mediator oxidation rate of dead Li per unit of its surface,
      /// as an equivalent current density, A/m^2 (0: off).
      double mediator_dissolution_current_density = 0;
      /// The reaction sees c depleted by itself over the step ('Salt in the
      /// reaction = depletion limited').
      bool depletion_limited_reaction = false;
    };

    /// What a step did, for the statistics and the step controller.
    struct Report
    {
      bool        accepted = false;
      std::string failure;
      /// The potential solve found no collector potential that delivers
      /// the set current: the stage cannot go on, whatever the step size.
      bool current_not_deliverable = false;
      /// The potential Newton iteration failed. It does not involve the
      /// time step, so a smaller step cannot help.
      bool         potential_failed       = false;
      unsigned int newton_iterations      = 0;
      unsigned int potential_iterations   = 0;
      unsigned int phase_field_iterations = 0;
      unsigned int transport_iterations   = 0;
      /// Largest |xi_new - xi_old| over the DoFs.
      double max_phase_field_change = 0;
      /// d/dt of the integral of xi, µm^3/s (µm^2/s in 2D).
      double metal_volume_rate = 0;
      /// Dead Li that the redox mediator oxidised in this step, µm^3 (µm^2
      /// in 2D): part of -metal_volume_rate * dt, but not of the circuit.
      double mediator_dissolved_volume = 0;
    };

    /// Optional manufactured sources, for convergence tests.
    struct ManufacturedSources
    {
      typename PotentialOperator<dim>::Source  potential;
      typename PhaseFieldOperator<dim>::Source phase_field;
      typename TransportOperator<dim>::Source  transport;
    };

    CoupledStep(const Discretization<dim> &discretization,
                const MaterialProperties  &material,
                const Parameters          &parameters,
                const double               collector_area);

    /// The Cu host and its kinetics (geometries with a host only); must
    /// outlive this object and be updated on every mesh change.
    void
    set_substrate(const Substrate<dim> &substrate);

    /// Time the three solves in sections of @p timer.
    void
    set_timer(dealii::TimerOutput &timer);

    /// After a mesh change.
    void
    reinit();

    /**
     * Advance from @p old_state, the state at @p start_time, by @p time_step
     * under @p setpoint. On
     * success new_state holds the new time level; on failure (report says
     * why) the caller should retry with a smaller step. Accepted steps are
     * remembered for the initial guess of the collector potential in the
     * next one (CollectorPotentialPredictor).
     */
    Report
    advance(const CellState           &old_state,
            const Setpoint            &setpoint,
            const double               start_time,
            const double               time_step,
            CellState                 &new_state,
            const ManufacturedSources &sources = ManufacturedSources());

    const TransportOperator<dim> &
    transport() const;

    /// AMG builds of the potential and transport solves.
    std::pair<unsigned int, unsigned int>
    n_preconditioner_setups() const;

    /**
     * For checkpoints: the initial guesses of the collector potential must
     * be those of the uninterrupted run. (The kinetic noise is a function of
     * place and time and needs no state.)
     */
    template <class Archive>
    void
    serialize(Archive &archive, const unsigned int)
    {
      archive &collector_potential_predictor;
    }

  private:
    /// advance() without recording the step in the potential predictor.
    Report
    advance_unrecorded(const CellState           &old_state,
                       const Setpoint            &setpoint,
                       const double               start_time,
                       const double               time_step,
                       CellState                 &new_state,
                       const ManufacturedSources &sources);

    const Discretization<dim> &discretization;
    const MaterialProperties  &material;
    const Parameters          &parameters;
    const double               collector_area;
    dealii::TimerOutput       *timer     = nullptr;
    const Substrate<dim>      *substrate = nullptr;

    CollectorPotentialPredictor collector_potential_predictor;
    PotentialOperator<dim>      potential_operator;
    PhaseFieldOperator<dim>     phase_field_operator;
    TransportOperator<dim>      transport_operator;
  };
} // namespace deadli

#endif
