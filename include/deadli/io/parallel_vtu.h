#ifndef deadli_io_parallel_vtu_h
#define deadli_io_parallel_vtu_h

#include <deal.II/base/mpi.h>

#include <deal.II/numerics/data_out.h>

#include <string>
#include <utility>
#include <vector>

namespace deadli
{
  /**
   * Write one output step in ParaView's parallel form: a .vtu piece per
   * rank, a .pvtu record on rank 0 that may only name pieces that exist
   * (hence a barrier), and the solution.pvd series over all records so far,
   * to which this step is appended. Every file is written atomically, so
   * ParaView can reload while a run goes on.
   *
   * @p data_out must have its patches built.
   */
  template <int dim>
  void
  write_parallel_vtu(
    dealii::DataOut<dim>                        &data_out,
    const std::string                           &directory,
    const unsigned int                           step,
    const double                                 time,
    const MPI_Comm                               comm,
    std::vector<std::pair<double, std::string>> &written_records);
} // namespace deadli

#endif
