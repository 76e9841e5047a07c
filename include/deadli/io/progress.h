#ifndef deadli_io_progress_h
#define deadli_io_progress_h

#include <deal.II/base/timer.h>

#include <ostream>
#include <string>

namespace deadli
{
  /**
   * The one line per few seconds a user watches: simulated time, cycle and
   * stage, percent of the protocol done and an ETA extrapolated from the
   * wall time spent so far.
   */
  class ProgressReporter
  {
  public:
    /// @p stream: rank 0's stream (a ConditionalOStream would do as well).
    ProgressReporter(std::ostream &stream,
                     const bool    active,
                     const double  interval_seconds);

    /// Print if at least the interval has passed since the last line, or if
    /// @p force.
    void
    report(const double       time,
           const double       fraction_done,
           const unsigned int cycle,
           const std::string &stage,
           const unsigned int step,
           const double       time_step,
           const double       collector_potential,
           const bool         force = false);

  private:
    std::ostream &stream;
    const bool    active;
    const double  interval;
    dealii::Timer wall_clock;
    double        last_report = -1e300;
  };
} // namespace deadli

#endif
