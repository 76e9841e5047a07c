#ifndef deadli_physics_mumps_factorization_h
#define deadli_physics_mumps_factorization_h

#include <deal.II/lac/petsc_sparse_matrix.h>
#include <deal.II/lac/petsc_vector.h>

#include <petscksp.h>

namespace deadli
{
  /**
   * A MUMPS LU factorization that outlives one solve, used as the
   * preconditioner of GMRES for later matrices of the same pattern.
   *
   * Why: deal.II's SparseDirectMUMPS analyses, factorizes and discards the
   * matrix on every call. A Newton method whose Jacobian changes a little
   * from iteration to iteration and from step to step wants to factorize
   * rarely: on the Hong & Viswanathan benchmark a factorization costs as
   * much as 16 back-substitutions, and the factors of an earlier Jacobian
   * still make GMRES converge in a few iterations on the current one, so
   * that Newton keeps its quadratic convergence without refactorizing.
   * When it does refactorize a matrix of the same sparsity pattern, PETSc
   * repeats only the numerical factorization, not the symbolic analysis.
   */
  class MumpsFactorization
  {
  public:
    explicit MumpsFactorization(const MPI_Comm comm);
    ~MumpsFactorization();
    MumpsFactorization(const MumpsFactorization &) = delete;
    MumpsFactorization &
    operator=(const MumpsFactorization &) = delete;

    /// Factorize the current values of @p matrix, which becomes the
    /// operator of solve(). The matrix object must stay alive; its values
    /// may change afterwards (solve() then uses the new values, and the
    /// factors of the old ones as preconditioner).
    void
    factorize(const dealii::PETScWrappers::MPI::SparseMatrix &matrix);

    /// Solve A x = b, A the current values of the factorized matrix, by
    /// GMRES preconditioned with the last factorization, to
    /// @p relative_tolerance of the preconditioned residual. Returns the
    /// GMRES iterations (1 if A is unchanged since factorize()), or 0 if
    /// GMRES did not converge in @p maximum_iterations.
    unsigned int
    solve(dealii::PETScWrappers::MPI::Vector       &x,
          const dealii::PETScWrappers::MPI::Vector &b,
          const double                              relative_tolerance,
          const unsigned int                        maximum_iterations) const;

    /// Forget the factorization and the symbolic analysis (the matrix's
    /// sparsity pattern is about to change).
    void
    clear();

    bool
    empty() const;

  private:
    MPI_Comm comm;
    KSP      solver = nullptr;
  };
} // namespace deadli

#endif
