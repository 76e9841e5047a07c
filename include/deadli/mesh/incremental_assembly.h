#ifndef deadli_mesh_incremental_assembly_h
#define deadli_mesh_incremental_assembly_h

#include <deal.II/lac/affine_constraints.h>
#include <deal.II/lac/full_matrix.h>
#include <deal.II/lac/petsc_sparse_matrix.h>
#include <deal.II/lac/petsc_vector.h>

#include <deadli/mesh/discretization.h>

#include <vector>

namespace deadli
{
  /**
   * Bookkeeping for a matrix that depends on the phase field only through
   * cell coefficients such as s(xi) or eps(xi), so that each time step can
   * add the change of the cells whose coefficients changed instead of
   * assembling every cell again.
   *
   * Why: inserting cell matrices into a PETSc matrix is the largest part of
   * an assembly (the profile of the coupled step puts a sixth of the run in
   * distribute_local_to_global), and far from the interface the
   * coefficients do not change from step to step: h(xi) is flat at 0 and 1,
   * so the tiny changes of xi the solvers leave there do not change s(xi)
   * or eps(xi) to the last bit. The operators compare each cell's
   * coefficients, recomputed from the xi recorded here, with the new ones
   * and add only the difference where they differ, with add_cell_matrix():
   * it leaves the diagonal of constrained rows alone, which the full
   * assembly sets once and which must not grow by the absolute value of
   * every change (it does not affect the solution, the constrained rows
   * being decoupled).
   *
   * A change of the time step (which multiplies some coefficients), a mesh
   * change, and every max_increments-th assembly rebuild the matrix from
   * zero, which bounds the round-off the additions and subtractions
   * accumulate.
   */
  template <int dim>
  class IncrementalAssembly
  {
  public:
    /// Assemblies between two rebuilds from zero.
    static constexpr unsigned int max_increments = 50;

    explicit IncrementalAssembly(const Discretization<dim> &discretization);

    /// Forget the matrix (after a mesh change): the next assembly is full.
    void
    invalidate();

    /**
     * Whether the next assembly must build the matrix from zero: there is no
     * matrix on this mesh yet, @p time_step differs from that of the
     * matrix, or the increments reached max_increments. The same on every
     * rank, since all inputs are. A matrix that does not depend on the
     * time step leaves @p time_step at its default, here and in record().
     */
    bool
    full_assembly_needed(const double time_step = 0.) const;

    /// The xi whose coefficients the matrix holds (ghosted).
    const dealii::PETScWrappers::MPI::Vector &
    xi_in_matrix() const;

    /**
     * Record that the matrix now holds the coefficients of @p xi (ghosted)
     * and @p time_step; @p full: it was built from zero.
     */
    void
    record(const dealii::PETScWrappers::MPI::Vector &xi,
           const bool                                full,
           const double                              time_step = 0.);

  private:
    const Discretization<dim>         &discretization;
    dealii::PETScWrappers::MPI::Vector recorded_xi;
    double                             recorded_time_step = 0;
    bool                               valid              = false;
    unsigned int                       increments         = 0;
  };
} // namespace deadli

#endif
