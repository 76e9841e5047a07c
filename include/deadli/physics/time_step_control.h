#ifndef deadli_physics_time_step_control_h
#define deadli_physics_time_step_control_h

#include <deal.II/base/parameter_handler.h>

#include <deadli/physics/material_properties.h>

namespace deadli
{
  /**
   * Adaptive time step: aim for a given largest phase-field change per step
   * (the interface then moves a fixed fraction of its width per step,
   * whatever the current), keep L_sigma W dt below a user cap (the explicit
   * double well is stable up to 0.5, accurate well below), and halve the
   * step after a failed one.
   */
  class TimeStepControl
  {
  public:
    struct Parameters
    {
      static void
      declare_parameters(dealii::ParameterHandler &prm);
      void
      parse_parameters(dealii::ParameterHandler &prm);

      double initial_step;
      double min_step;
      double max_step;
      double target_phase_field_change;
      double largest_relaxation_step;
    };

    TimeStepControl(const Parameters         &parameters,
                    const MaterialProperties &material);

    /// The step to try next.
    double
    current() const;

    /**
     * After an accepted step of length @p step_taken (shorter than current()
     * when it ended a stage) with the given largest phase-field change.
     */
    void
    accepted(const double max_phase_field_change, const double step_taken);

    /// After a failed step; returns false once below the minimum step.
    bool
    rejected();

    /// Start over from the initial step (a new protocol stage).
    void
    reset();

    /// The largest step the scheme allows.
    double
    stability_limit() const;

    /// For checkpoints.
    template <class Archive>
    void
    serialize(Archive &archive, const unsigned int)
    {
      archive &step;
    }

  private:
    const Parameters &parameters;
    const double      upper_limit;
    double            step;
  };
} // namespace deadli

#endif
