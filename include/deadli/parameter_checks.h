#ifndef deadli_parameter_checks_h
#define deadli_parameter_checks_h

#include <deal.II/base/exceptions.h>

#include <string>

namespace deadli
{
  /**
   * Physical admissibility checks that a ParameterHandler pattern cannot
   * express (open intervals, relations between two entries). The message
   * names the full parameter path and the allowed range, so that a user
   * reading the error knows which line of the prm file to change.
   */
  DeclException4(ExcParameterOutOfRange,
                 std::string,
                 double,
                 std::string,
                 std::string,
                 << "Parameter '" << arg1 << "' = " << arg2
                 << " is outside its allowed range " << arg3 << ". " << arg4);

  /**
   * Throw ExcParameterOutOfRange unless lower < value < upper (open
   * interval); pass +-infinity for a one-sided bound.
   */
  void
  require_open_interval(const std::string &parameter_path,
                        const double       value,
                        const double       lower,
                        const double       upper,
                        const std::string &reason);
} // namespace deadli

#endif
