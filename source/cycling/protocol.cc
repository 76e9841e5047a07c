#include <deadli/cycling/protocol.h>
#include <deadli/parameter_checks.h>
#include <deadli/physics/constants.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>

namespace deadli
{
  using namespace dealii;

  void
  Protocol::Parameters::declare_parameters(ParameterHandler &prm)
  {
    prm.enter_subsection("Cycling");
    {
      prm.declare_entry("Control",
                        "galvanostatic",
                        Patterns::Selection("galvanostatic|potentiostatic"),
                        "galvanostatic: the current density is set and the "
                        "collector potential found every step; "
                        "potentiostatic: the collector potential is set.");
      prm.declare_entry("Number of cycles",
                        "1",
                        Patterns::Integer(1),
                        "Each cycle is plate, rest, strip, rest.");
      prm.declare_entry("Plating current density [mA/cm2]",
                        "1",
                        Patterns::Double(0),
                        "Galvanostatic plating current density (> 0).");
      prm.declare_entry("Stripping current density [mA/cm2]",
                        "1",
                        Patterns::Double(0),
                        "Galvanostatic stripping current density (> 0).");
      prm.declare_entry("Plating time [s]",
                        "600",
                        Patterns::Double(0),
                        "Duration of each plating stage.");
      prm.declare_entry("Stripping time [s]",
                        "600",
                        Patterns::Double(0),
                        "Longest duration of each stripping stage; a "
                        "galvanostatic strip ends earlier at the cut-off.");
      prm.declare_entry("Rest time [s]",
                        "0",
                        Patterns::Double(0),
                        "Open-circuit rest after plating and after "
                        "stripping (0: no rest).");
      prm.declare_entry("Plating potential [V]",
                        "-0.05",
                        Patterns::Double(-5, 0),
                        "Potentiostatic plating: collector potential versus "
                        "Li/Li+, in [-5, 0].");
      prm.declare_entry("Stripping potential [V]",
                        "0.05",
                        Patterns::Double(0, 5),
                        "Potentiostatic stripping: collector potential versus "
                        "Li/Li+, in [0, 5].");
      prm.declare_entry("Plating cut-off potential [V]",
                        "-1",
                        Patterns::Double(-10, 0),
                        "Galvanostatic plating stops early below this "
                        "potential (diffusion limitation, Sand's time).");
      prm.declare_entry("Plating capacity [mAh/cm2]",
                        "0",
                        Patterns::Double(0),
                        "Each plating stage ends when this areal capacity "
                        "has passed (0: at its time limit only). Under "
                        "galvanostatic control the stage time becomes "
                        "capacity / current if that is shorter.");
      prm.declare_entry("Stripping capacity [mAh/cm2]",
                        "0",
                        Patterns::Double(0),
                        "Each stripping stage ends when this areal capacity "
                        "has passed (0: no limit; the strip still ends at "
                        "its time limit, at the cut-off, or when no Li "
                        "connected to the collector is left).");
      prm.declare_entry("Stripping cut-off potential [V]",
                        "0.5",
                        Patterns::Double(0, 10),
                        "Galvanostatic stripping stops above this potential "
                        "(no more accessible Li), as a cycler does.");
    }
    prm.leave_subsection();
  }



  void
  Protocol::Parameters::parse_parameters(ParameterHandler &prm)
  {
    prm.enter_subsection("Cycling");
    {
      galvanostatic = prm.get("Control") == "galvanostatic";
      n_cycles      = prm.get_integer("Number of cycles");
      plating_current_density =
        constants::milliampere_per_square_centimetre *
        prm.get_double("Plating current density [mA/cm2]");
      stripping_current_density =
        constants::milliampere_per_square_centimetre *
        prm.get_double("Stripping current density [mA/cm2]");
      plating_time        = prm.get_double("Plating time [s]");
      stripping_time      = prm.get_double("Stripping time [s]");
      rest_time           = prm.get_double("Rest time [s]");
      plating_potential   = prm.get_double("Plating potential [V]");
      stripping_potential = prm.get_double("Stripping potential [V]");
      plating_cutoff      = prm.get_double("Plating cut-off potential [V]");
      stripping_cutoff    = prm.get_double("Stripping cut-off potential [V]");
      plating_capacity    = constants::milliampere_hour_per_square_centimetre *
                         prm.get_double("Plating capacity [mAh/cm2]");
      stripping_capacity = constants::milliampere_hour_per_square_centimetre *
                           prm.get_double("Stripping capacity [mAh/cm2]");
    }
    prm.leave_subsection();

    constexpr double infinity = std::numeric_limits<double>::infinity();
    require_open_interval("Cycling/Plating time [s]",
                          plating_time + stripping_time,
                          0,
                          infinity,
                          "Plating and stripping time must not both be 0.");
  }



  Protocol::Protocol(const Parameters &parameters)
  {
    constexpr double infinity = std::numeric_limits<double>::infinity();
    const auto       control  = parameters.galvanostatic ?
                                  Setpoint::Control::current :
                                  Setpoint::Control::potential;
    for (unsigned int cycle = 1; cycle <= parameters.n_cycles; ++cycle)
      {
        const auto add = [&](const std::string      &name,
                             const Setpoint::Control stage_control,
                             const double            value,
                             double                  duration,
                             const double            lower_cutoff,
                             const double            upper_cutoff,
                             const double            capacity) {
          const double capacity_limit = capacity > 0 ? capacity : infinity;
          // At constant current a capacity is a time: ending the stage there
          // lets the step controller land on it exactly.
          if (stage_control == Setpoint::Control::current && value != 0.)
            duration = std::min(duration, capacity_limit / std::abs(value));
          if (duration > 0)
            stages.push_back(Stage{Setpoint{stage_control, value, name, cycle},
                                   duration,
                                   lower_cutoff,
                                   upper_cutoff,
                                   capacity_limit});
        };
        const bool galvanostatic = parameters.galvanostatic;
        add("plate",
            control,
            galvanostatic ? parameters.plating_current_density :
                            parameters.plating_potential,
            parameters.plating_time,
            galvanostatic ? parameters.plating_cutoff : -infinity,
            infinity,
            parameters.plating_capacity);
        add("rest",
            Setpoint::Control::current,
            0.,
            parameters.rest_time,
            -infinity,
            infinity,
            0.);
        add("strip",
            control,
            galvanostatic ? -parameters.stripping_current_density :
                            parameters.stripping_potential,
            parameters.stripping_time,
            -infinity,
            galvanostatic ? parameters.stripping_cutoff : infinity,
            parameters.stripping_capacity);
        add("rest",
            Setpoint::Control::current,
            0.,
            parameters.rest_time,
            -infinity,
            infinity,
            0.);
      }
  }



  Setpoint
  Protocol::setpoint() const
  {
    Assert(!finished(), ExcInternalError());
    return stages[current_stage].setpoint;
  }



  bool
  Protocol::finished() const
  {
    return current_stage >= stages.size();
  }



  double
  Protocol::time_left_in_stage(const double time) const
  {
    return stage_start + stages[current_stage].duration - time;
  }



  std::string
  Protocol::advance(const StepOutcome &outcome)
  {
    const Stage &stage = stages[current_stage];
    const double time  = outcome.time;
    stage_charge += std::abs(outcome.charge);
    std::ostringstream message;
    message << stage.setpoint.stage << " of cycle " << stage.setpoint.cycle
            << " ended at t = " << time << " s: ";
    std::string reason;
    if (outcome.collector_potential < stage.lower_cutoff ||
        outcome.collector_potential > stage.upper_cutoff)
      {
        message << "collector potential " << outcome.collector_potential
                << " V crossed its cut-off";
        reason = message.str();
      }
    else if (stage_charge >= stage.capacity * (1 - 1e-9) &&
             time_left_in_stage(time) > 1e-9 * std::max(1., stage.duration))
      {
        message << "its capacity of "
                << stage.capacity /
                     constants::milliampere_hour_per_square_centimetre
                << " mAh/cm2 has passed";
        reason = message.str();
      }
    else if (stage.setpoint.stage == "strip" && !outcome.connected_metal_left)
      {
        message << "no Li connected to the collector is left";
        reason = message.str();
      }
    // Relative slack: the step controller lands on stage ends exactly, up to
    // round-off in the accumulated time.
    if (!reason.empty() ||
        time_left_in_stage(time) <= 1e-9 * std::max(1., stage.duration))
      end_stage(time);
    return reason;
  }



  void
  Protocol::end_stage(const double time)
  {
    ++current_stage;
    stage_start  = time;
    stage_charge = 0;
  }



  double
  Protocol::total_duration() const
  {
    double total = 0;
    for (const Stage &stage : stages)
      total += stage.duration;
    return total;
  }



  double
  Protocol::scheduled_time_elapsed(const double time) const
  {
    double elapsed = 0;
    for (unsigned int s = 0;
         s < std::min<std::size_t>(current_stage, stages.size());
         ++s)
      elapsed += stages[s].duration;
    if (!finished())
      elapsed += time - stage_start;
    return elapsed;
  }
} // namespace deadli
