#include <deal.II/lac/exceptions.h>

#include <deadli/physics/mumps_factorization.h>

#include <algorithm>

namespace deadli
{
  using namespace dealii;

  MumpsFactorization::MumpsFactorization(const MPI_Comm comm)
    : comm(comm)
  {}



  MumpsFactorization::~MumpsFactorization()
  {
    clear();
  }



  void
  MumpsFactorization::clear()
  {
    if (solver != nullptr)
      KSPDestroy(&solver);
    solver = nullptr;
  }



  bool
  MumpsFactorization::empty() const
  {
    return solver == nullptr;
  }



  void
  MumpsFactorization::factorize(const PETScWrappers::MPI::SparseMatrix &matrix)
  {
    PetscErrorCode error = 0;
    if (solver == nullptr)
      {
        error = KSPCreate(comm, &solver);
        AssertThrow(error == 0, ExcPETScError(error));
        error = KSPSetType(solver, KSPGMRES);
        AssertThrow(error == 0, ExcPETScError(error));
        PC preconditioner;
        error = KSPGetPC(solver, &preconditioner);
        AssertThrow(error == 0, ExcPETScError(error));
        error = PCSetType(preconditioner, PCLU);
        AssertThrow(error == 0, ExcPETScError(error));
        error = PCFactorSetMatSolverType(preconditioner, MATSOLVERMUMPS);
        AssertThrow(error == 0, ExcPETScError(error));
      }
    // The factors are recomputed here only; solve() must keep them even
    // though the matrix's values have changed since.
    error = KSPSetReusePreconditioner(solver, PETSC_FALSE);
    AssertThrow(error == 0, ExcPETScError(error));
    const Mat petsc_matrix = matrix;
    error = KSPSetOperators(solver, petsc_matrix, petsc_matrix);
    AssertThrow(error == 0, ExcPETScError(error));
    error = KSPSetUp(solver);
    AssertThrow(error == 0, ExcPETScError(error));
    error = KSPSetReusePreconditioner(solver, PETSC_TRUE);
    AssertThrow(error == 0, ExcPETScError(error));
  }



  unsigned int
  MumpsFactorization::solve(PETScWrappers::MPI::Vector       &x,
                            const PETScWrappers::MPI::Vector &b,
                            const double       relative_tolerance,
                            const unsigned int maximum_iterations) const
  {
    Assert(solver != nullptr, ExcMessage("Factorize a matrix first."));
    PetscErrorCode error = KSPSetTolerances(
      solver, relative_tolerance, 0., PETSC_DEFAULT, maximum_iterations);
    AssertThrow(error == 0, ExcPETScError(error));
    error = KSPSolve(solver, b, x);
    AssertThrow(error == 0, ExcPETScError(error));
    KSPConvergedReason reason;
    error = KSPGetConvergedReason(solver, &reason);
    AssertThrow(error == 0, ExcPETScError(error));
    PetscInt iterations = 0;
    error               = KSPGetIterationNumber(solver, &iterations);
    AssertThrow(error == 0, ExcPETScError(error));
    return reason > 0 ? std::max<unsigned int>(iterations, 1) : 0;
  }
} // namespace deadli
