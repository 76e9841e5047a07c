#include <deadli/mesh/incremental_assembly.h>

namespace deadli
{
  using namespace dealii;

  template <int dim>
  IncrementalAssembly<dim>::IncrementalAssembly(
    const Discretization<dim> &discretization)
    : discretization(discretization)
  {}



  template <int dim>
  void
  IncrementalAssembly<dim>::invalidate()
  {
    valid      = false;
    increments = 0;
  }



  template <int dim>
  bool
  IncrementalAssembly<dim>::full_assembly_needed(const double time_step) const
  {
    return !valid || time_step != recorded_time_step ||
           increments >= max_increments;
  }



  template <int dim>
  const PETScWrappers::MPI::Vector &
  IncrementalAssembly<dim>::xi_in_matrix() const
  {
    return recorded_xi;
  }



  template <int dim>
  void
  IncrementalAssembly<dim>::record(const PETScWrappers::MPI::Vector &xi,
                                   const bool                        full,
                                   const double                      time_step)
  {
    if (full)
      {
        discretization.reinit_ghosted(recorded_xi);
        increments = 0;
      }
    else
      ++increments;
    recorded_xi        = xi;
    recorded_time_step = time_step;
    valid              = true;
  }



  template class IncrementalAssembly<2>;
  template class IncrementalAssembly<3>;
} // namespace deadli
