#ifndef deadli_tests_checker_h
#define deadli_tests_checker_h

// Shared by the self-checking test programs: count failed checks, report
// them on rank 0, and turn the count into the exit code.

#include <deal.II/base/mpi.h>

#include <iostream>
#include <string>

namespace deadli
{
  namespace testing
  {
    /// Counts failed checks; a test returns nonzero when any failed.
    struct Checker
    {
      unsigned int n_failures = 0;

      void
      check(const bool condition, const std::string &message)
      {
        if (!condition)
          {
            ++n_failures;
            if (dealii::Utilities::MPI::this_mpi_process(MPI_COMM_WORLD) == 0)
              std::cout << "  FAILED: " << message << std::endl;
          }
      }

      int
      exit_code() const
      {
        if (dealii::Utilities::MPI::this_mpi_process(MPI_COMM_WORLD) == 0)
          std::cout << (n_failures == 0 ? "PASSED" : "FAILED") << std::endl;
        return n_failures == 0 ? 0 : 1;
      }
    };
  } // namespace testing
} // namespace deadli

#endif
