#ifndef deadli_io_parameter_documentation_h
#define deadli_io_parameter_documentation_h

#include <deal.II/base/parameter_handler.h>

#include <ostream>

namespace deadli
{
  /**
   * The declared parameter tree as Markdown: one table per subsection with
   * each entry's default, allowed values and documentation. This is what
   * doc/parameters.md is generated from, so the documentation cannot drift
   * from the declarations.
   */
  void
  print_parameters_as_markdown(const dealii::ParameterHandler &prm,
                               std::ostream                   &out);
} // namespace deadli

#endif
