#ifndef deadli_physics_amg_solver_h
#define deadli_physics_amg_solver_h

#include <deal.II/lac/petsc_precondition.h>
#include <deal.II/lac/petsc_sparse_matrix.h>
#include <deal.II/lac/petsc_vector.h>

#include <memory>

namespace deadli
{
  /**
   * CG preconditioned by BoomerAMG with the settings that PERFORMANCE.md
   * measured to be about 12x faster than the PETSc defaults on 3D Q1
   * (HMIS coarsening, ext+i interpolation, P_max 4, one level of aggressive
   * coarsening), and with the AMG hierarchy kept across time steps and
   * Newton iterations.
   *
   * Setting up the hierarchy costs about as much as a solve, while the
   * operators change only smoothly between steps; so the hierarchy is
   * rebuilt only after a mesh change or once the iterations per decade of
   * residual reduction have grown by half relative to the first solve with
   * the current hierarchy. Per decade actually gained, because one
   * hierarchy serves solves to different tolerances (the potential's
   * response to E needs far less accuracy than its Newton update) and from
   * starts of different quality.
   */
  class AmgSolver
  {
  public:
    explicit AmgSolver(const MPI_Comm comm);

    /// Force a rebuild at the next solve (the mesh changed).
    void
    invalidate();

    /**
     * Solve matrix * solution = rhs to the relative residual tolerance,
     * starting from @p solution. Returns the number of CG iterations; throws
     * dealii::SolverControl::NoConvergence on failure.
     */
    unsigned int
    solve(const dealii::PETScWrappers::MPI::SparseMatrix &matrix,
          dealii::PETScWrappers::MPI::Vector             &solution,
          const dealii::PETScWrappers::MPI::Vector       &rhs,
          const double                                    relative_tolerance);

    /// Number of hierarchy builds so far (for the benchmark report).
    unsigned int
    n_setups() const;

  private:
    void
    build(const dealii::PETScWrappers::MPI::SparseMatrix &matrix);

    const MPI_Comm mpi_communicator;
    std::unique_ptr<dealii::PETScWrappers::PreconditionBoomerAMG>
      preconditioner;
    /// Solves of at most this many CG iterations do not judge the
    /// hierarchy.
    static constexpr unsigned int minimum_iterations_to_judge = 5;
    /// CG iterations per decade of residual reduction of the first solve
    /// with this hierarchy that is judged; 0 before it.
    double       reference_iterations_per_decade = 0;
    bool         stale                           = false;
    unsigned int setup_count                     = 0;
  };

  /**
   * CG with Jacobi preconditioning, for the mass-dominated phase-field
   * operator, whose condition number is bounded independently of the mesh
   * while dt * L kappa / h^2 stays of order one: AMG would cost more to set
   * up than it saves.
   */
  unsigned int
  solve_with_jacobi_cg(const dealii::PETScWrappers::MPI::SparseMatrix &matrix,
                       dealii::PETScWrappers::MPI::Vector             &solution,
                       const dealii::PETScWrappers::MPI::Vector       &rhs,
                       const double relative_tolerance);
} // namespace deadli

#endif
