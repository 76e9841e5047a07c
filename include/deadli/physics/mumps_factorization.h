#ifndef deadli_physics_mumps_factorization_h
#define deadli_physics_mumps_factorization_h

#include <deal.II/lac/petsc_sparse_matrix.h>
#include <deal.II/lac/petsc_vector.h>

#include <petscksp.h>

namespace deadli
{
  /**
   * A MUMPS LU factorization that outlives one solve. deal.II's
   * SparseDirectMUMPS analyses, factorizes and discards the matrix on every
   * call; a Newton method that keeps its Jacobian for several iterations
   * wants to factorize once and back-substitute many times, and when it
   * does refactorize a matrix of the same sparsity pattern, PETSc then
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

    /// Factorize the current values of @p matrix. The matrix must stay
    /// alive and unchanged while solve() is used with this factorization.
    void
    factorize(const dealii::PETScWrappers::MPI::SparseMatrix &matrix);

    /// x = A^{-1} b with the last factorization.
    void
    solve(dealii::PETScWrappers::MPI::Vector       &x,
          const dealii::PETScWrappers::MPI::Vector &b) const;

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
