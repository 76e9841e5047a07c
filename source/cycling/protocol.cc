#include <deadli/cycling/protocol.h>
#include <deadli/parameter_checks.h>
#include <deadli/physics/constants.h>

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
                             const double            duration,
                             const double            lower_cutoff,
                             const double            upper_cutoff) {
          if (duration > 0)
            stages.push_back(Stage{Setpoint{stage_control, value, name, cycle},
                                   duration,
                                   lower_cutoff,
                                   upper_cutoff});
        };
        const bool galvanostatic = parameters.galvanostatic;
        add("plate",
            control,
            galvanostatic ? parameters.plating_current_density :
                            parameters.plating_potential,
            parameters.plating_time,
            galvanostatic ? parameters.plating_cutoff : -infinity,
            infinity);
        add("rest",
            Setpoint::Control::current,
            0.,
            parameters.rest_time,
            -infinity,
            infinity);
        add("strip",
            control,
            galvanostatic ? -parameters.stripping_current_density :
                            parameters.stripping_potential,
            parameters.stripping_time,
            -infinity,
            galvanostatic ? parameters.stripping_cutoff : infinity);
        add("rest",
            Setpoint::Control::current,
            0.,
            parameters.rest_time,
            -infinity,
            infinity);
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
  Protocol::advance(const double time, const double collector_potential)
  {
    const Stage &stage = stages[current_stage];
    std::string  reason;
    if (collector_potential < stage.lower_cutoff ||
        collector_potential > stage.upper_cutoff)
      {
        std::ostringstream message;
        message << stage.setpoint.stage << " of cycle " << stage.setpoint.cycle
                << " ended at t = " << time << " s: collector potential "
                << collector_potential << " V crossed its cut-off";
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
    stage_start = time;
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
