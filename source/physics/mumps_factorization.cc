#include <deal.II/lac/exceptions.h>

#include <deadli/physics/mumps_factorization.h>

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
        error = KSPSetType(solver, KSPPREONLY);
        AssertThrow(error == 0, ExcPETScError(error));
        PC preconditioner;
        error = KSPGetPC(solver, &preconditioner);
        AssertThrow(error == 0, ExcPETScError(error));
        error = PCSetType(preconditioner, PCLU);
        AssertThrow(error == 0, ExcPETScError(error));
        error = PCFactorSetMatSolverType(preconditioner, MATSOLVERMUMPS);
        AssertThrow(error == 0, ExcPETScError(error));
      }
    const Mat petsc_matrix = matrix;
    error = KSPSetOperators(solver, petsc_matrix, petsc_matrix);
    AssertThrow(error == 0, ExcPETScError(error));
    error = KSPSetUp(solver);
    AssertThrow(error == 0, ExcPETScError(error));
  }



  void
  MumpsFactorization::solve(PETScWrappers::MPI::Vector       &x,
                            const PETScWrappers::MPI::Vector &b) const
  {
    Assert(solver != nullptr, ExcMessage("Factorize a matrix first."));
    const PetscErrorCode error = KSPSolve(solver, b, x);
    AssertThrow(error == 0, ExcPETScError(error));
  }
} // namespace deadli
