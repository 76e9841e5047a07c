#ifndef deadli_physics_phase_field_operator_h
#define deadli_physics_phase_field_operator_h

#include <deal.II/base/point.h>

#include <deal.II/dofs/dof_handler.h>

#include <deal.II/lac/full_matrix.h>
#include <deal.II/lac/petsc_sparse_matrix.h>
#include <deal.II/lac/petsc_vector.h>
#include <deal.II/lac/vector.h>

#include <deadli/mesh/discretization.h>
#include <deadli/physics/kinetic_noise.h>
#include <deadli/physics/material_properties.h>
#include <deadli/physics/substrate.h>

#include <functional>
#include <vector>

namespace deadli
{
  /**
   * One time step of the Allen-Cahn equation with Butler-Volmer driving
   * force,
   *
   *   (xi_new - xi_old)/dt - L kappa lap(xi_new) = r(xi_old, c_old, E - phi),
   *
   * gradient term implicit (it carries the stiffest, mesh-dependent part),
   * local rate r explicit in xi and c but evaluated with the potential of the
   * new time level. Because the gradient term integrates to zero, the
   * change of the metal volume equals dt times the integral of r, which the
   * potential solve made equal to the requested current: the scheme is
   * charge-conservative by construction. The explicit double-well term is
   * stable for L_sigma W dt <= 0.5 and accurate well below; TimeStepControl
   * caps L_sigma W dt at 'Largest relaxation step'.
   *
   * The matrix M + dt L kappa K is mass-dominated on interface-resolving
   * meshes, so Jacobi-CG solves it in a few tens of iterations. It does not
   * depend on the fields, so it is only reassembled when the time step, the
   * mesh or the dead cells change.
   */
  template <int dim>
  class PhaseFieldOperator
  {
  public:
    using Source = std::function<double(const dealii::Point<dim> &)>;

    PhaseFieldOperator(const Discretization<dim> &discretization,
                       const MaterialProperties  &material);

    void
    reinit();

    /**
     * Compute xi_new (owned vector, in: initial guess). Returns the number of
     * CG iterations. @p activity: per active cell, 0 where the metal is dead
     * and frozen (xi keeps its old value), 1 elsewhere; empty means 1.
     * @p substrate: the Cu host, whose own capillary flux is taken out of
     * the gradient term as it is out of the local rate.
     * @p mediator_dissolution_velocity (µm/s): the redox mediator oxidises
     * dead metal (activity 0) with its surface receding at this velocity
     * (mediator_dissolution_rate()); 0 leaves dead metal frozen.
     * @p depletion_time_step: as for PotentialOperator::solve(), which must
     * have had the same value for the plated charge to match.
     */
    unsigned int
    solve(const dealii::PETScWrappers::MPI::Vector &xi_old,
          const dealii::PETScWrappers::MPI::Vector &concentration,
          const dealii::PETScWrappers::MPI::Vector &phi,
          const double                              collector_potential,
          const double                              time_step,
          dealii::PETScWrappers::MPI::Vector       &xi_new,
          const Source                             &source    = Source(),
          const KineticNoise                       &noise     = KineticNoise(),
          const std::vector<double>                &activity  = {},
          const Substrate<dim>                     *substrate = nullptr,
          const double mediator_dissolution_velocity          = 0.,
          const double depletion_time_step                    = 0.);

    /**
     * Dense-Li volume (µm^3; µm^2 in 2D) that the redox mediator removed in
     * the last solve(): dt times the integral of the dissolution rate with
     * the quadrature of the solve, which is exactly what it took out of the
     * integral of xi (the gradient term integrates to zero). It left as
     * Li+ into the electrolyte, not through the circuit.
     */
    double
    mediator_dissolved_volume() const;

  private:
    /**
     * Cell matrix and right-hand side of a dead cell on which the redox
     * mediator dissolves the metal (activity 0: no reaction, no gradient
     * term), with the vertex quadrature; returns the volume dissolved.
     */
    double
    assemble_dissolving_dead_cell(
      const typename dealii::DoFHandler<dim>::active_cell_iterator &cell,
      const dealii::PETScWrappers::MPI::Vector                     &xi_old,
      const double                                                  time_step,
      const double                mediator_dissolution_velocity,
      const Source               &source,
      dealii::FullMatrix<double> &cell_matrix,
      dealii::Vector<double>     &cell_rhs) const;

    const Discretization<dim> &discretization;
    const MaterialProperties  &material;

    dealii::PETScWrappers::MPI::SparseMatrix matrix;
    dealii::PETScWrappers::MPI::Vector       rhs;
    double                                   last_dissolved_volume = 0;

    /// What the matrix was assembled for: it is reused while the mesh, the
    /// time step, the activity and whether dead cells dissolve stay.
    bool                matrix_is_current = false;
    double              matrix_time_step  = 0;
    bool                matrix_dissolving = false;
    std::vector<double> matrix_activity;
  };
} // namespace deadli

#endif
