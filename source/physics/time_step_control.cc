#include <deadli/parameter_checks.h>
#include <deadli/physics/time_step_control.h>

#include <algorithm>

namespace deadli
{
  using namespace dealii;

  void
  TimeStepControl::Parameters::declare_parameters(ParameterHandler &prm)
  {
    prm.enter_subsection("Time stepping");
    {
      prm.declare_entry("Initial time step [s]",
                        "0.01",
                        Patterns::Double(0),
                        "First step tried.");
      prm.declare_entry("Minimum time step [s]",
                        "1e-6",
                        Patterns::Double(0),
                        "Below this a failing step stops the run with an "
                        "error (or ends a galvanostatic stage that cannot "
                        "deliver its current).");
      prm.declare_entry("Maximum time step [s]",
                        "1",
                        Patterns::Double(0),
                        "Upper bound of the step; it is further capped by "
                        "'Largest relaxation step'.");
      prm.declare_entry("Largest relaxation step",
                        "0.1",
                        Patterns::Double(0, 0.5),
                        "Cap on L_sigma W dt (interface relaxation rate times "
                        "time step), in (0, 0.5]. The explicit double well is "
                        "stable up to 0.5, but the moving interface's "
                        "current-overpotential relation drifts with it: at "
                        "0.01 it is within 0.2 % of Butler-Volmer, at 0.5 "
                        "the current is 16 % low (tests/physics/"
                        "butler_volmer).");
      prm.declare_entry("Target phase-field change",
                        "0.05",
                        Patterns::Double(0, 1),
                        "Largest change of xi per step the controller aims "
                        "for: about 1/20 of the interface per step.");
    }
    prm.leave_subsection();
  }



  void
  TimeStepControl::Parameters::parse_parameters(ParameterHandler &prm)
  {
    prm.enter_subsection("Time stepping");
    {
      initial_step              = prm.get_double("Initial time step [s]");
      min_step                  = prm.get_double("Minimum time step [s]");
      max_step                  = prm.get_double("Maximum time step [s]");
      target_phase_field_change = prm.get_double("Target phase-field change");
      largest_relaxation_step   = prm.get_double("Largest relaxation step");
    }
    prm.leave_subsection();
    require_open_interval("Time stepping/Minimum time step [s]",
                          min_step,
                          0,
                          max_step,
                          "It must be positive and below the maximum step.");
    require_open_interval("Time stepping/Initial time step [s]",
                          initial_step,
                          min_step * (1 - 1e-12),
                          max_step * (1 + 1e-12),
                          "It must lie between the minimum and maximum step.");
    require_open_interval("Time stepping/Largest relaxation step",
                          largest_relaxation_step,
                          0,
                          0.5 + 1e-12,
                          "Beyond 0.5 the explicit double well is unstable.");
    require_open_interval("Time stepping/Target phase-field change",
                          target_phase_field_change,
                          0,
                          1,
                          "It is a fraction of the phase-field range.");
  }



  TimeStepControl::TimeStepControl(const Parameters         &parameters,
                                   const MaterialProperties &material)
    : parameters(parameters)
    , upper_limit(std::min(parameters.max_step,
                           parameters.largest_relaxation_step /
                             material.interface_relaxation_rate))
    , step(std::min(parameters.initial_step, upper_limit))
  {}



  double
  TimeStepControl::current() const
  {
    return step;
  }



  void
  TimeStepControl::accepted(const double max_phase_field_change,
                            const double step_taken)
  {
    // The change the nominal step would have made, assuming it scales
    // linearly with the step.
    const double nominal_change =
      std::max(max_phase_field_change * step / step_taken, 1e-12);
    const double ratio = parameters.target_phase_field_change / nominal_change;
    step = std::min(upper_limit, step * std::clamp(ratio, 0.5, 1.5));
  }



  bool
  TimeStepControl::rejected()
  {
    step /= 2;
    return step >= parameters.min_step;
  }



  void
  TimeStepControl::reset()
  {
    step = std::min(parameters.initial_step, upper_limit);
  }



  double
  TimeStepControl::stability_limit() const
  {
    return upper_limit;
  }
} // namespace deadli
