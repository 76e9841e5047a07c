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
                        "How often the cycle (the Schedule, or plate, rest, "
                        "strip, rest) is repeated.");
      prm.declare_entry(
        "Schedule",
        "",
        Patterns::Anything(),
        "One cycle written as on a cycler, stages separated by ';', e.g. "
        "'plate 2 mA/cm2 to 1 mAh/cm2; rest 10 min; strip 0.5 mA/cm2 to 1 V "
        "for 4 h; rest 10 min'. Stages: 'plate|strip <x> mA/cm2' (set "
        "current) or 'plate|strip <x> V' (set collector potential), with "
        "limits 'for <t> s|min|h', 'to <q> mAh/cm2' and, at a set current, "
        "the cut-off 'to <E> V'; 'rest <t> s|min|h'. Every plate and strip "
        "needs a time, or at a set current a capacity; a strip also ends "
        "when no Li wired to the collector is left. Empty: the cycle is "
        "plate, rest, strip, rest from the entries below, which must then "
        "stay at their defaults when a Schedule is given.");
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
    constexpr double infinity = std::numeric_limits<double>::infinity();
    // The entries that describe the stages when there is no Schedule; a
    // Schedule next to any of them changed would silently drop it.
    const std::vector<std::string> stage_entries = {
      "Control",
      "Plating current density [mA/cm2]",
      "Stripping current density [mA/cm2]",
      "Plating time [s]",
      "Stripping time [s]",
      "Rest time [s]",
      "Plating potential [V]",
      "Stripping potential [V]",
      "Plating cut-off potential [V]",
      "Stripping cut-off potential [V]",
      "Plating capacity [mAh/cm2]",
      "Stripping capacity [mAh/cm2]"};

    prm.enter_subsection("Cycling");
    n_cycles                   = prm.get_integer("Number of cycles");
    const std::string schedule = prm.get("Schedule");
    const bool        is_written =
      schedule.find_first_not_of(" \t") != std::string::npos;
    if (is_written)
      {
        cycle = parse_schedule(schedule);
        ParameterHandler defaults;
        declare_parameters(defaults);
        defaults.enter_subsection("Cycling");
        for (const std::string &entry : stage_entries)
          AssertThrow(prm.get(entry) == defaults.get(entry),
                      ExcMessage("Parameter 'Cycling/" + entry +
                                 "' = " + prm.get(entry) +
                                 " is set together with 'Cycling/Schedule', "
                                 "which describes the stages by itself; "
                                 "remove one of the two."));
        defaults.leave_subsection();
        prm.leave_subsection();
        return;
      }

    const bool galvanostatic = prm.get("Control") == "galvanostatic";
    const auto current       = [&](const std::string &entry) {
      return constants::milliampere_per_square_centimetre *
             prm.get_double(entry);
    };
    const auto capacity = [&](const std::string &entry) {
      const double value = prm.get_double(entry);
      return value > 0 ?
               constants::milliampere_hour_per_square_centimetre * value :
               infinity;
    };
    const StageSpecification plate{
      "plate",
      galvanostatic,
      galvanostatic ? current("Plating current density [mA/cm2]") :
                      prm.get_double("Plating potential [V]"),
      prm.get_double("Plating time [s]"),
      galvanostatic ? prm.get_double("Plating cut-off potential [V]") :
                      -infinity,
      infinity,
      capacity("Plating capacity [mAh/cm2]")};
    const StageSpecification strip{
      "strip",
      galvanostatic,
      galvanostatic ? -current("Stripping current density [mA/cm2]") :
                      prm.get_double("Stripping potential [V]"),
      prm.get_double("Stripping time [s]"),
      -infinity,
      galvanostatic ? prm.get_double("Stripping cut-off potential [V]") :
                      infinity,
      capacity("Stripping capacity [mAh/cm2]")};
    const StageSpecification rest{"rest",
                                  true,
                                  0.,
                                  prm.get_double("Rest time [s]"),
                                  -infinity,
                                  infinity,
                                  infinity};
    prm.leave_subsection();

    require_open_interval("Cycling/Plating time [s]",
                          plate.duration + strip.duration,
                          0,
                          infinity,
                          "Plating and stripping time must not both be 0.");
    cycle.clear();
    for (StageSpecification stage : {plate, rest, strip, rest})
      {
        // At constant current a capacity is a time: ending the stage there
        // lets the step controller land on it exactly.
        if (stage.galvanostatic && stage.value != 0.)
          stage.duration =
            std::min(stage.duration, stage.capacity / std::abs(stage.value));
        if (stage.duration > 0)
          cycle.push_back(stage);
      }
  }



  Protocol::Protocol(const Parameters &parameters)
  {
    for (unsigned int cycle = 1; cycle <= parameters.n_cycles; ++cycle)
      for (const StageSpecification &stage : parameters.cycle)
        stages.push_back(
          Stage{Setpoint{stage.galvanostatic ? Setpoint::Control::current :
                                               Setpoint::Control::potential,
                         stage.value,
                         stage.name,
                         cycle},
                stage.duration,
                stage.lower_cutoff,
                stage.upper_cutoff,
                stage.capacity});
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
