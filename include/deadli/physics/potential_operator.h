#ifndef deadli_physics_potential_operator_h
#define deadli_physics_potential_operator_h

#include <deal.II/base/parameter_handler.h>
#include <deal.II/base/point.h>

#include <deal.II/lac/petsc_sparse_matrix.h>
#include <deal.II/lac/petsc_vector.h>

#include <deadli/mesh/discretization.h>
#include <deadli/physics/amg_solver.h>
#include <deadli/physics/kinetic_noise.h>
#include <deadli/physics/material_properties.h>
#include <deadli/physics/substrate.h>

#include <functional>
#include <optional>
#include <vector>

namespace deadli
{
  /**
   * Charge conservation in the electrolyte with Butler-Volmer reaction
   * sources, solved for the electrolyte potential phi and, under
   * galvanostatic control, for the collector potential E at the same time.
   *
   * Divided by F c_s, the equation reads
   *
   *   -div( s(xi) grad phi - s(xi) k_D grad ln c - L kappa grad xi )
   *     + r(xi, c, E - phi) = 0,
   *
   * with s = sigma/(F c_s), k_D = 2 (1 - t+) RT/F and r the local phase-field
   * rate: the source is exactly the phase-field change the next phase-field
   * solve will make. The reaction is exponential in phi, so this is solved by
   * Newton's method; its Jacobian is SPD (reaction derivative >= 0), which is
   * what BoomerAMG-preconditioned CG needs. Galvanostatic control adds one
   * scalar unknown E and one scalar equation (integral of r = requested
   * rate); the bordered Newton system is solved by block elimination with two
   * solves against the same matrix, so no dense row or column ever enters
   * PETSc.
   */
  template <int dim>
  class PotentialOperator
  {
  public:
    struct Parameters
    {
      static void
      declare_parameters(dealii::ParameterHandler &prm);
      void
      parse_parameters(dealii::ParameterHandler &prm);

      unsigned int max_newton_iterations;
      double       potential_tolerance;
      double       max_potential_update;
      double       linear_tolerance;
    };

    struct Result
    {
      bool         converged         = false;
      unsigned int newton_iterations = 0;
      unsigned int linear_iterations = 0;
    };

    /// A manufactured right-hand side, for convergence tests only.
    using Source = std::function<double(const dealii::Point<dim> &)>;

    PotentialOperator(const Discretization<dim> &discretization,
                      const MaterialProperties  &material,
                      const Parameters          &parameters);

    /// Resize the matrix and drop the AMG hierarchy after a mesh change.
    void
    reinit();

    /**
     * Newton solve for phi (ghosted, in: initial guess, out: solution) and,
     * if @p target_rate is given, for the collector potential E so that the
     * domain integral of the phase-field rate equals target_rate (µm^3/s;
     * positive = plating). Without a target E is held fixed.
     *
     * @p activity: per active cell, 1 where metal is wired to the collector
     * and may react, 0 on frozen (dead) metal; empty means 1 everywhere.
     * @p substrate: the Cu host and its kinetics, if the geometry has one.
     */
    Result
    solve(const dealii::PETScWrappers::MPI::Vector &xi,
          const dealii::PETScWrappers::MPI::Vector &concentration,
          dealii::PETScWrappers::MPI::Vector       &phi,
          double                                   &collector_potential,
          const std::optional<double>              &target_rate,
          const Source                             &source    = Source(),
          const KineticNoise                       &noise     = KineticNoise(),
          const std::vector<double>                &activity  = {},
          const Substrate<dim>                     *substrate = nullptr);

    /// Number of AMG hierarchy builds so far.
    unsigned int
    n_preconditioner_setups() const;

  private:
    /**
     * Newton matrix, residual, derivative of the residual with respect to E,
     * and the integrals of r and dr/dE.
     */
    void
    assemble(const dealii::PETScWrappers::MPI::Vector &xi,
             const dealii::PETScWrappers::MPI::Vector &concentration,
             const dealii::PETScWrappers::MPI::Vector &phi,
             const double                              collector_potential,
             const Source                             &source,
             const KineticNoise                       &noise,
             const std::vector<double>                &activity,
             const Substrate<dim>                     *substrate,
             double                                   &integrated_rate,
             double &integrated_rate_derivative);

    const Discretization<dim> &discretization;
    const MaterialProperties  &material;
    const Parameters          &parameters;

    dealii::PETScWrappers::MPI::SparseMatrix jacobian;
    dealii::PETScWrappers::MPI::Vector       residual;
    dealii::PETScWrappers::MPI::Vector       residual_derivative_wrt_e;
    AmgSolver                                amg;
  };
} // namespace deadli

#endif
