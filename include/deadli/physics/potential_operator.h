#ifndef deadli_physics_potential_operator_h
#define deadli_physics_potential_operator_h

#include <deal.II/base/parameter_handler.h>
#include <deal.II/base/point.h>

#include <deal.II/dofs/dof_handler.h>

#include <deal.II/lac/petsc_sparse_matrix.h>
#include <deal.II/lac/petsc_vector.h>

#include <deadli/mesh/discretization.h>
#include <deadli/mesh/incremental_assembly.h>
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
      /// For the response to E; see the prm entry.
      double response_tolerance = 1e-2;
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
     * @p depletion_time_step: the step over which the reaction depletes the
     * salt it draws on (local_reaction()); 0 uses @p concentration as it is.
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
          const Substrate<dim>                     *substrate = nullptr,
          const double                              depletion_time_step = 0.);

    /// Number of AMG hierarchy builds so far.
    unsigned int
    n_preconditioner_setups() const;

  private:
    /**
     * The part of the Newton system that stays fixed while Newton iterates
     * on phi and E with xi and c frozen at the old step: the conduction
     * matrix s(xi) K, the diffusion-potential, phase-field-gradient and
     * manufactured terms of the residual and, on the cells outside the
     * reaction band, the reaction linearised about (@p phi, @p
     * collector_potential). Also lists the band cells for assemble().
     *
     * Why linearised outside the band: the reaction is proportional to
     * h'(xi), which the diffuse interface's tails make tiny but not zero
     * far from the interface; there its linearisation is exact to
     * h'(xi) (f dEta)^2, far below the Newton tolerance, while
     * re-evaluating it would mean visiting every cell in every iteration.
     * solve() re-linearises when the overpotential has moved by more than
     * relinearisation_drift since.
     */
    void
    assemble_frozen_part(
      const dealii::PETScWrappers::MPI::Vector &xi,
      const dealii::PETScWrappers::MPI::Vector &concentration,
      const dealii::PETScWrappers::MPI::Vector &phi,
      const double                              collector_potential,
      const Source                             &source,
      const KineticNoise                       &noise,
      const std::vector<double>                &activity,
      const Substrate<dim>                     *substrate);

    /**
     * Newton matrix, residual, derivative of the residual with respect to E,
     * and the integrals of r and dr/dE at (@p phi, @p phi_owned: the same
     * potential, ghosted and owned; @p collector_potential): the frozen
     * part plus the reaction on the band cells (whose xi, c, noise and
     * substrate the frozen part stored).
     */
    void
    assemble(const dealii::PETScWrappers::MPI::Vector &phi,
             const dealii::PETScWrappers::MPI::Vector &phi_owned,
             const double                              collector_potential,
             const std::vector<double>                &activity,
             double                                   &integrated_rate,
             double &integrated_rate_derivative);

    const Discretization<dim> &discretization;
    const MaterialProperties  &material;
    const Parameters          &parameters;
    /// That of the current solve().
    double depletion_time_step = 0;

    dealii::PETScWrappers::MPI::SparseMatrix jacobian;
    dealii::PETScWrappers::MPI::Vector       residual;
    dealii::PETScWrappers::MPI::Vector       residual_derivative_wrt_e;
    /**
     * The potential's response to a change of E, J^-1 dR/dE, of the last
     * galvanostatic Newton iteration. Kept from step to step (J changes
     * little) as the start of the next response solve, which then needs a
     * few CG iterations less; zero after a mesh change.
     */
    dealii::PETScWrappers::MPI::Vector response_to_e;
    AmgSolver                          amg;

    /**
     * The frozen part (assemble_frozen_part()) as an affine function of
     * (phi, E): the Jacobian A and the residual A phi + frozen_residual +
     * (E - E0) frozen_residual_derivative_wrt_e, whose integrated rate is
     * frozen_rate + (E - E0) frozen_rate_derivative
     * - frozen_residual_derivative_wrt_e . (phi - phi0).
     *
     * A is not stored apart: @p jacobian holds A plus the band's reaction
     * term -D M with the rate derivatives D of
     * reaction_derivatives_in_jacobian,
     * and assemble() adds only the change of D. A second matrix of the
     * potential's size would cost about 130 bytes per DoF, which the memory
     * budget of 1.5 KB per DoF (three fields) does not have on 2 ranks.
     */
    dealii::PETScWrappers::MPI::Vector frozen_residual;
    dealii::PETScWrappers::MPI::Vector frozen_residual_derivative_wrt_e;
    double                             frozen_rate                = 0;
    double                             frozen_rate_derivative     = 0;
    double                             frozen_rate_phi_product    = 0;
    double                             frozen_collector_potential = 0;
    /// Locally owned cells on which the reaction is evaluated at every
    /// Newton iteration.
    std::vector<typename dealii::DoFHandler<dim>::active_cell_iterator>
      reaction_band;

    /**
     * What the reaction at a quadrature point of a band cell needs besides
     * phi and E, fixed while Newton iterates on those two.
     */
    struct BandPoint
    {
      double xi;
      double concentration;
      double JxW;
    };
    /**
     * The band's quadrature points (n_q per cell, in the order of
     * reaction_band), with the noise's kinetic factors (empty without
     * noise), the substrate's kinetics (empty without a host) and each
     * cell's squared diameter: stored by assemble_frozen_part(), which
     * evaluates them anyway, so that assemble() reads only phi from the
     * vectors and needs no mapping. On an adaptive mesh nearly every cell
     * is a band cell, and re-evaluating xi, c and JxW there took a third of
     * each Newton iteration's assembly. Costs 200 bytes per band cell.
     */
    std::vector<BandPoint>        band_points;
    std::vector<double>           band_kinetic_factors;
    std::vector<SubstrateAtPoint> band_substrate;
    std::vector<double>           band_squared_diameters;
    /**
     * Rate derivative d(rate)/d(eta) at each quadrature point of each active
     * cell (cell-major, by Discretization::owned_cell_index()) whose reaction
     * term -D M the matrix currently holds: on the band that of the last Newton
     * iteration, which assemble() updates, elsewhere that of the last
     * linearisation. Kept across steps with the matrix, so that only changes
     * are added.
     */
    std::vector<double> reaction_derivatives_in_jacobian;
    /// The xi of the conductivities in @p jacobian.
    IncrementalAssembly<dim> matrix_history;
  };
} // namespace deadli

#endif
