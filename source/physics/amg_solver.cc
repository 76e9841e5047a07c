#include <deal.II/lac/petsc_solver.h>
#include <deal.II/lac/solver_control.h>

#include <petscksp.h>

#include <deadli/physics/amg_solver.h>

#include <algorithm>
#include <cmath>

namespace deadli
{
  using namespace dealii;

  namespace
  {
    void
    set_petsc_option(const char *name, const char *value)
    {
      const PetscErrorCode error = PetscOptionsSetValue(nullptr, name, value);
      AssertThrow(error == 0, ExcPETScError(error));
    }

    /// CG iterations and the decades by which they reduced the residual.
    struct CgRun
    {
      unsigned int iterations = 0;
      double       decades    = 0;
    };

    CgRun
    solve_cg(const PETScWrappers::MPI::SparseMatrix &matrix,
             PETScWrappers::MPI::Vector             &solution,
             const PETScWrappers::MPI::Vector       &rhs,
             const PETScWrappers::PreconditionBase  &preconditioner,
             const double                            relative_tolerance)
    {
      const double rhs_norm = rhs.l2_norm();
      if (rhs_norm == 0.)
        {
          solution = 0.;
          return {};
        }
      SolverControl           control(5000, relative_tolerance * rhs_norm);
      PETScWrappers::SolverCG cg(control, rhs.get_mpi_communicator());
      cg.solve(matrix, solution, rhs, preconditioner);
      CgRun run;
      run.iterations = control.last_step();
      if (control.initial_value() > 0. && control.last_value() > 0.)
        run.decades =
          std::log10(control.initial_value() / control.last_value());
      return run;
    }
  } // namespace



  AmgSolver::AmgSolver(const MPI_Comm comm)
    : mpi_communicator(comm)
  {}



  void
  AmgSolver::invalidate()
  {
    preconditioner.reset();
  }



  void
  AmgSolver::build(const PETScWrappers::MPI::SparseMatrix &matrix)
  {
    // deal.II 9.4's AdditionalData lacks these; PETSc reads them from its
    // options database when deal.II calls PCSetFromOptions.
    set_petsc_option("-pc_hypre_boomeramg_coarsen_type", "HMIS");
    set_petsc_option("-pc_hypre_boomeramg_interp_type", "ext+i");
    set_petsc_option("-pc_hypre_boomeramg_P_max", "4");

    PETScWrappers::PreconditionBoomerAMG::AdditionalData data;
    data.symmetric_operator               = true;
    data.strong_threshold                 = 0.25;
    data.aggressive_coarsening_num_levels = 1;

    preconditioner = std::make_unique<PETScWrappers::PreconditionBoomerAMG>();
    preconditioner->initialize(matrix, data);
    // Keep this hierarchy even though the matrix values change between
    // solves; without this flag PETSc would redo the setup at every KSPSolve.
    const PetscErrorCode error =
      PCSetReusePreconditioner(preconditioner->get_pc(), PETSC_TRUE);
    AssertThrow(error == 0, ExcPETScError(error));
    reference_iterations_per_decade = 0;
    stale                           = false;
    ++setup_count;
  }



  unsigned int
  AmgSolver::solve(const PETScWrappers::MPI::SparseMatrix &matrix,
                   PETScWrappers::MPI::Vector             &solution,
                   const PETScWrappers::MPI::Vector       &rhs,
                   const double                            relative_tolerance)
  {
    const bool fresh = !preconditioner || stale;
    if (fresh)
      build(matrix);

    CgRun run;
    try
      {
        run =
          solve_cg(matrix, solution, rhs, *preconditioner, relative_tolerance);
      }
    catch (const SolverControl::NoConvergence &)
      {
        // An old hierarchy may no longer fit the operator; a fresh one
        // deserves one more attempt before the caller cuts the time step.
        if (fresh)
          throw;
        build(matrix);
        run =
          solve_cg(matrix, solution, rhs, *preconditioner, relative_tolerance);
      }
    // Per decade actually gained: a solve that starts from a good guess
    // (the response to E, kept from the last step) reduces its residual by
    // fewer decades than its tolerance suggests. Solves of a few iterations
    // say too little about the hierarchy to count.
    if (run.iterations > minimum_iterations_to_judge && run.decades >= 1.)
      {
        const double iterations_per_decade = run.iterations / run.decades;
        if (reference_iterations_per_decade == 0)
          reference_iterations_per_decade = iterations_per_decade;
        else
          stale = iterations_per_decade > 1.5 * reference_iterations_per_decade;
      }
    return run.iterations;
  }



  unsigned int
  AmgSolver::n_setups() const
  {
    return setup_count;
  }



  unsigned int
  solve_with_jacobi_cg(const PETScWrappers::MPI::SparseMatrix &matrix,
                       PETScWrappers::MPI::Vector             &solution,
                       const PETScWrappers::MPI::Vector       &rhs,
                       const double relative_tolerance)
  {
    PETScWrappers::PreconditionJacobi jacobi(matrix);
    return solve_cg(matrix, solution, rhs, jacobi, relative_tolerance)
      .iterations;
  }
} // namespace deadli
