#include <deadli/io/progress.h>

#include <cstdio>

namespace deadli
{
  namespace
  {
    std::string
    format_duration(const double seconds)
    {
      const long total = static_cast<long>(seconds + 0.5);
      char       text[32];
      std::snprintf(text,
                    sizeof(text),
                    "%ld:%02ld:%02ld",
                    total / 3600,
                    (total / 60) % 60,
                    total % 60);
      return text;
    }
  } // namespace



  ProgressReporter::ProgressReporter(std::ostream &stream,
                                     const bool    active,
                                     const double  interval_seconds)
    : stream(stream)
    , active(active)
    , interval(interval_seconds)
  {
    wall_clock.start();
  }



  void
  ProgressReporter::report(const double       time,
                           const double       fraction_done,
                           const unsigned int cycle,
                           const std::string &stage,
                           const unsigned int step,
                           const double       time_step,
                           const double       collector_potential,
                           const bool         force)
  {
    const double elapsed = wall_clock.wall_time();
    if (!active || (!force && elapsed - last_report < interval))
      return;
    last_report = elapsed;
    const std::string eta =
      fraction_done > 1e-6 ?
        format_duration(elapsed * (1. - fraction_done) / fraction_done) :
        std::string("?");
    char line[256];
    std::snprintf(
      line,
      sizeof(line),
      "t = %10.4g s | cycle %u %-5s | %5.1f %% | step %6u dt %8.3g s | "
      "E = %+.4f V | wall %s | ETA %s",
      time,
      cycle,
      stage.c_str(),
      100. * fraction_done,
      step,
      time_step,
      collector_potential,
      format_duration(elapsed).c_str(),
      eta.c_str());
    stream << line << std::endl;
  }
} // namespace deadli
