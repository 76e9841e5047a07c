#ifndef deadli_physics_collector_potential_predictor_h
#define deadli_physics_collector_potential_predictor_h

#include <deadli/cycling/protocol.h>

#include <string>

namespace deadli
{
  /**
   * Initial guess of the collector potential E for the galvanostatic
   * potential solve: E linearly extrapolated from the last two accepted
   * steps, scaled by the ratio of the time steps.
   *
   * Why: under a constant current E drifts smoothly from step to step (by
   * about a millivolt per step in the benchmark), so the previous step's
   * value is a first-order guess and the extrapolation a second-order one,
   * and the bordered Newton iteration starts closer to its solution.
   *
   * The extrapolation is used only when both earlier steps were accepted
   * under the same set point (control, stage and cycle, and a set value
   * within 10 %), and the step now starts from the E the last of them
   * reached. After a rejected step (clear()), a change of set point and at
   * the first step the guess is the previous step's E, as without the
   * predictor.
   *
   * Only E, not the electrolyte potential phi, is extrapolated. E is a
   * scalar, unaffected by mesh changes and stored in checkpoints by
   * serialize(), so a run resumed from a checkpoint takes exactly the steps
   * of the uninterrupted one. Extrapolating phi as well would need the
   * field of the step before the last one in the checkpoint, and in the
   * benchmark it did not save a Newton iteration (its first update is
   * dominated by the local change of phi where the interface moved).
   */
  class CollectorPotentialPredictor
  {
  public:
    /// Forget the history: after a rejected step.
    void
    clear();

    /**
     * The initial guess of E for the step from @p old_collector_potential
     * by @p time_step under @p setpoint (galvanostatic control).
     */
    double
    predict(const double    old_collector_potential,
            const Setpoint &setpoint,
            const double    time_step) const;

    /**
     * Record the accepted step from @p old_collector_potential to @p
     * new_collector_potential by @p time_step under @p setpoint.
     */
    void
    record(const double    old_collector_potential,
           const Setpoint &setpoint,
           const double    time_step,
           const double    new_collector_potential);

    /// For checkpoints.
    template <class Archive>
    void
    serialize(Archive &archive, const unsigned int)
    {
      archive &has_last &last_collector_potential &last_control &last_value
        &last_stage &last_cycle &has_previous &previous_collector_potential
          &last_time_step;
    }

  private:
    /// Whether a step from @p old_collector_potential under @p setpoint
    /// continues the last recorded one.
    bool
    continues_last_step(const double    old_collector_potential,
                        const Setpoint &setpoint) const;

    /// The E the last accepted step reached, and its set point.
    bool         has_last                 = false;
    double       last_collector_potential = 0;
    int          last_control             = 0;
    double       last_value               = 0;
    std::string  last_stage;
    unsigned int last_cycle = 0;

    /// The E before it, and the time step between the two.
    bool   has_previous                 = false;
    double previous_collector_potential = 0;
    double last_time_step               = 0;
  };
} // namespace deadli

#endif
