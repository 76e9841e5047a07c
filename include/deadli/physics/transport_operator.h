#ifndef deadli_physics_transport_operator_h
#define deadli_physics_transport_operator_h

#include <deal.II/base/point.h>

#include <deal.II/lac/petsc_sparse_matrix.h>
#include <deal.II/lac/petsc_vector.h>

#include <deadli/mesh/discretization.h>
#include <deadli/mesh/incremental_assembly.h>
#include <deadli/physics/amg_solver.h>
#include <deadli/physics/material_properties.h>

#include <functional>
#include <vector>

namespace deadli
{
  /**
   * One backward-Euler step of salt (Li+) transport in a binary electrolyte
   * (Newman's dilute-solution theory, electroneutral):
   *
   *   (eps_new c_new - eps_old c_old)/dt - div(D(xi_new) grad c_new)
   *     = -(1 - t+) (c_s/c0) (xi_new - xi_old)/dt,
   *
   * with c relative to c0 and eps the electrolyte fraction. The migration
   * flux carries the fraction t+ of the reacting cations and has been
   * eliminated with electroneutrality; what is left is the (1 - t+) share
   * the diffusion must supply. At the counter electrode either the same
   * (1 - t+) share of the cell current enters (a Li counter electrode:
   * total salt is then exactly conserved, as in a real cell) or c = c0 (a
   * bulk reservoir). Written in conservative form with eps at the new time
   * level, the discrete salt content changes only by what crosses the
   * boundary: to round-off with the Li counter electrode (see
   * conserve_salt()), to the CG tolerance with a reservoir.
   */
  template <int dim>
  class TransportOperator
  {
  public:
    using Source = std::function<double(const dealii::Point<dim> &)>;

    TransportOperator(const Discretization<dim> &discretization,
                      const MaterialProperties  &material);

    void
    reinit();

    /**
     * Compute c_new (owned vector, in: initial guess).
     * @p counter_electrode_flux: relative-concentration flux into the domain
     * through the counter electrode, µm/s (ignored for a reservoir).
     * @p activity and @p mediator_dissolution_velocity: as for
     * PhaseFieldOperator::solve(). Dead Li oxidised by the redox mediator
     * releases all of its Li+ where it dissolves (no current, hence no
     * migration share), whereas the sink above takes only (1 - t+) of the
     * phase-field change; the missing t+ share of the dissolution is added
     * here, so the salt gains exactly the dissolved Li.
     * Returns the number of CG iterations.
     */
    unsigned int
    solve(const dealii::PETScWrappers::MPI::Vector &xi_old,
          const dealii::PETScWrappers::MPI::Vector &xi_new,
          const dealii::PETScWrappers::MPI::Vector &concentration_old,
          const double                              counter_electrode_flux,
          const double                              time_step,
          dealii::PETScWrappers::MPI::Vector       &concentration_new,
          const Source                             &source   = Source(),
          const std::vector<double>                &activity = {},
          const double mediator_dissolution_velocity         = 0.);

    /**
     * Salt content, the integral of eps(xi) c, in µm^3 times c0 (µm^2 per
     * unit depth in 2D): the quantity the scheme conserves.
     */
    double
    salt_content(const dealii::PETScWrappers::MPI::Vector &xi,
                 const dealii::PETScWrappers::MPI::Vector &concentration) const;

    unsigned int
    n_preconditioner_setups() const;

  private:
    /**
     * Shift the solution by the constant that makes the residual's sum over
     * the unconstrained rows zero: the salt balance a converged solve would
     * give, exact to round-off whatever CG's tolerance, which can then be
     * chosen for the concentration's accuracy alone. @p storage_integral:
     * the integral of eps(xi_new).
     */
    void
    conserve_salt(const double                        storage_integral,
                  dealii::PETScWrappers::MPI::Vector &concentration_new) const;

    const Discretization<dim> &discretization;
    const MaterialProperties  &material;

    dealii::PETScWrappers::MPI::SparseMatrix matrix;
    dealii::PETScWrappers::MPI::Vector       rhs;
    AmgSolver                                amg;
    /// The xi and time step of the coefficients in @p matrix.
    IncrementalAssembly<dim> matrix_history;
  };
} // namespace deadli

#endif
