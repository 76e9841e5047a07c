#include <deadli/physics/collector_potential_predictor.h>

#include <cmath>

namespace deadli
{
  void
  CollectorPotentialPredictor::clear()
  {
    has_last     = false;
    has_previous = false;
  }



  bool
  CollectorPotentialPredictor::continues_last_step(
    const double    old_collector_potential,
    const Setpoint &setpoint) const
  {
    // The exact comparison of E is deliberate: it identifies the state the
    // last step produced (checkpoints store it bit for bit). The set value
    // may drift a little within a stage (the simulator takes the expected
    // SEI current off the metal's share), which the extrapolation follows.
    constexpr double set_value_drift = 0.1;
    return has_last && old_collector_potential == last_collector_potential &&
           static_cast<int>(setpoint.control) == last_control &&
           setpoint.stage == last_stage && setpoint.cycle == last_cycle &&
           std::abs(setpoint.value - last_value) <=
             set_value_drift * std::abs(last_value);
  }



  double
  CollectorPotentialPredictor::predict(const double    old_collector_potential,
                                       const Setpoint &setpoint,
                                       const double    time_step) const
  {
    if (!has_previous ||
        !continues_last_step(old_collector_potential, setpoint))
      return old_collector_potential;
    return old_collector_potential +
           time_step / last_time_step *
             (old_collector_potential - previous_collector_potential);
  }



  void
  CollectorPotentialPredictor::record(const double    old_collector_potential,
                                      const Setpoint &setpoint,
                                      const double    time_step,
                                      const double    new_collector_potential)
  {
    has_previous = continues_last_step(old_collector_potential, setpoint);
    previous_collector_potential = old_collector_potential;
    last_time_step               = time_step;
    has_last                     = true;
    last_collector_potential     = new_collector_potential;
    last_control                 = static_cast<int>(setpoint.control);
    last_value                   = setpoint.value;
    last_stage                   = setpoint.stage;
    last_cycle                   = setpoint.cycle;
  }
} // namespace deadli
