#ifndef deadli_cycling_schedule_h
#define deadli_cycling_schedule_h

#include <string>
#include <vector>

namespace deadli
{
  /**
   * One stage of a cycle as a cycler is programmed: what is applied, and
   * when the stage ends. Internal units: A/m^2 (positive = plating), V,
   * s, C/m^2.
   */
  struct StageSpecification
  {
    /// "plate", "strip" or "rest".
    std::string name;
    /// Current density (true) or collector potential (false) applied.
    bool   galvanostatic;
    double value;
    /// Time limit (infinity: none).
    double duration;
    /// Galvanostatic only: the stage ends when the collector potential
    /// leaves [lower_cutoff, upper_cutoff].
    double lower_cutoff;
    double upper_cutoff;
    /// |charge| after which the stage ends (infinity: none).
    double capacity;
  };

  /**
   * Read a cycle written the way battery papers describe it, stages
   * separated by ';', e.g.
   *
   *   plate 2 mA/cm2 to 1 mAh/cm2; rest 10 min;
   *   strip 0.5 mA/cm2 to 1 V for 4 h; rest 10 min
   *
   * Grammar (case-insensitive, blanks between all words):
   *   stage  = ("plate" | "strip") applied {limit} | "rest" time
   *   applied= number "mA/cm2" | number "V"
   *   limit  = "for" time | "to" number "mAh/cm2" | "to" number "V"
   *   time   = number ("s" | "min" | "h")
   * Current densities are magnitudes (> 0); the stage name gives the sign.
   * "to ... V" is a cut-off of a galvanostatic stage (below it for
   * plating, above it for stripping). Every plate and strip stage needs a
   * time limit, or at a set current a capacity, so that the schedule has a
   * length (a cycler's safety limit); a strip also ends when no Li wired to
   * the collector is left.
   *
   * Throws ExcMessage naming the stage, the word and the grammar when the
   * text does not follow it.
   */
  std::vector<StageSpecification>
  parse_schedule(const std::string &text);
} // namespace deadli

#endif
