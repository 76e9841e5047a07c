#include <deadli/parameter_checks.h>

#include <cmath>
#include <sstream>

namespace deadli
{
  void
  require_open_interval(const std::string &parameter_path,
                        const double       value,
                        const double       lower,
                        const double       upper,
                        const std::string &reason)
  {
    std::ostringstream range;
    range << "(" << lower << ", " << upper << ")";
    AssertThrow(
      std::isfinite(value) && value > lower && value < upper,
      ExcParameterOutOfRange(parameter_path, value, range.str(), reason));
  }
} // namespace deadli
