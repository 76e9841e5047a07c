#ifndef deadli_cycling_protocol_h
#define deadli_cycling_protocol_h

#include <deal.II/base/parameter_handler.h>

#include <deadli/cycling/schedule.h>

#include <string>
#include <vector>

namespace deadli
{
  /**
   * What the cell is asked to do at a given moment.
   */
  struct Setpoint
  {
    enum class Control
    {
      current,
      potential
    };
    Control control;
    /// Current density in A/m^2 (positive = plating) or collector potential
    /// in V versus Li/Li+.
    double       value;
    std::string  stage;
    unsigned int cycle;
  };

  /**
   * The cycling schedule of a Li|Li or Li|Cu cell: per cycle a plating
   * stage, a rest, a stripping stage and a rest, under galvanostatic or
   * potentiostatic control.
   *
   * Galvanostatic stages end at their time limit or when the collector
   * potential crosses the cut-off, which is how real cyclers decide that a
   * strip is complete (all accessible Li removed) or that plating has hit
   * diffusion limitation (Sand's time). Plating and stripping may also end
   * at a set areal capacity, as in the Li|Cu Coulombic-efficiency protocols
   * of the literature, and a strip always ends when no Li connected to the
   * collector is left. Rests are open circuit: zero current.
   */
  class Protocol
  {
  public:
    /**
     * A cycle is either written out as a 'Schedule' (parse_schedule()) or
     * given by the plating / rest / stripping entries; both end up as the
     * same list of stages.
     */
    struct Parameters
    {
      static void
      declare_parameters(dealii::ParameterHandler &prm);
      void
      parse_parameters(dealii::ParameterHandler &prm);

      unsigned int n_cycles;
      /// The stages of one cycle, in order.
      std::vector<StageSpecification> cycle;
    };

    /// What the cell did in the step just accepted, for the stop conditions.
    struct StepOutcome
    {
      double time;
      double collector_potential;
      /// Charge through the cell in the step, C/m^2 (positive = plating).
      double charge;
      /// Whether any metal is still wired to the collector.
      bool connected_metal_left;
    };

    explicit Protocol(const Parameters &parameters);

    Setpoint
    setpoint() const;

    bool
    finished() const;

    /// Time until the current stage reaches its time limit.
    double
    time_left_in_stage(const double time) const;

    /**
     * Call after every accepted step: moves on when the stage's time is up,
     * its cut-off potential has been crossed, its capacity has passed, or a
     * strip has no connected Li left. Returns a non-empty explanation when
     * a stage ended before its time limit.
     */
    std::string
    advance(const StepOutcome &outcome);

    /**
     * End the current stage because the cell can no longer deliver the set
     * current (e.g. no Li left to strip).
     */
    void
    end_stage(const double time);

    /// Sum of all stage time limits: the denominator of "percent done".
    double
    total_duration() const;

    /// Protocol time elapsed, counting ended stages at their full length.
    double
    scheduled_time_elapsed(const double time) const;

    /// For checkpoints: where in the schedule the run is.
    template <class Archive>
    void
    serialize(Archive &archive, const unsigned int)
    {
      archive &current_stage &stage_start &stage_charge;
    }

  private:
    struct Stage
    {
      Setpoint setpoint;
      double   duration;
      /// Galvanostatic stages only: the potential range outside which the
      /// stage ends.
      double lower_cutoff;
      double upper_cutoff;
      /// |charge| after which the stage ends, C/m^2 (infinity: none).
      double capacity;
    };

    std::vector<Stage> stages;
    unsigned int       current_stage = 0;
    double             stage_start   = 0;
    /// |charge| passed in the current stage, C/m^2.
    double stage_charge = 0;
  };
} // namespace deadli

#endif
