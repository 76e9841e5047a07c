#ifndef deadli_benchmark_hong_viswanathan_model_h
#define deadli_benchmark_hong_viswanathan_model_h

#include <deal.II/base/conditional_ostream.h>
#include <deal.II/base/index_set.h>
#include <deal.II/base/parameter_handler.h>
#include <deal.II/base/timer.h>

#include <deal.II/distributed/tria.h>

#include <deal.II/dofs/dof_handler.h>

#include <deal.II/fe/fe_system.h>

#include <deal.II/lac/affine_constraints.h>
#include <deal.II/lac/petsc_sparse_matrix.h>
#include <deal.II/lac/petsc_vector.h>

#include <deadli/io/statistics_table.h>
#include <deadli/physics/coarse_grained_noise.h>
#include <deadli/physics/mumps_factorization.h>

#include <string>
#include <utility>
#include <vector>

namespace deadli
{
  /// Parameters of HongViswanathanModel (bench/hong_viswanathan.prm).
  struct HongViswanathanParameters
  {
    static void
    declare_parameters(dealii::ParameterHandler &prm);
    /// Read and check; throws ExcParameterOutOfRange naming the entry.
    void
    parse_parameters(dealii::ParameterHandler &prm);

    std::string  output_directory;
    double       output_interval;
    double       domain_width;
    double       domain_height;
    double       coarse_cell_size;
    unsigned int maximum_level;
    unsigned int refinement_interval;
    double       nucleus_radius;
    double       electrode_thickness;

    double       gradient_coefficient;
    double       barrier_height;
    double       allen_cahn_mobility;
    double       reaction_coefficient;
    double       diffusivity;
    double       electrode_conductivity;
    double       electrolyte_conductivity;
    double       site_density_ratio;
    double       electrolyte_offset;
    double       electrode_offset;
    double       potential_factor;
    double       metal_charge_density;
    double       applied_potential;
    double       noise_amplitude;
    double       noise_cell_size;
    double       noise_window;
    unsigned int random_seed;

    double       end_time;
    double       initial_time_step;
    double       maximum_time_step;
    double       maximum_phase_change;
    double       newton_tolerance;
    unsigned int maximum_newton_iterations;
    bool         automatic_differentiation;
  };



  /**
   * The phase-field model of Hong & Viswanathan (ACS Energy Lett. 3 (2018)
   * 1737), solved as they pose it, so that the field's published dendrite
   * benchmark compares like with like: same equations, same parameters,
   * DeadLi's numerics.
   *
   * It is not DeadLi's battery model (doc/model.md section 12.3 explains the
   * difference and why that model grows a round nucleus on this case). Here
   * only Li+ is transported, without an anion and without
   * electroneutrality, in the electrochemical potential w + f phi; there is
   * one potential phi for electrode and electrolyte, with phi itself the
   * overpotential in the Butler-Volmer term; and the ion content follows
   * from a grand potential that saturates at the electrolyte's site density.
   * Unknowns: the phase field xi (1 metal), the chemical potential w (in
   * units of RT) and phi [V]. Lengths in um, time in s, concentrations as
   * site fractions of the electrolyte lattice:
   *
   * @code
   *   c_l(w) = 1/(1 + exp(e_l - w)),  c_s(w) = 1/(1 + exp(e_s - w)),
   *   h(xi)  = xi^3 (6 xi^2 - 15 xi + 10),
   *   d/dt [c_l (1-h) + r c_s h]
   *          = div( D (1-h) c_l (1-h) (grad w + f grad phi) ),
   *   div( (S_s h + S_l (1-h)) grad phi ) = q dxi/dt,
   *   dxi/dt = -L 2 W xi (1-xi)(1-2xi) + L kappa lap xi
   *            - L_eta h'(xi) [exp(f phi/2)
   *                            - c_l (1-h)/c_ref exp(-f phi/2)]
   *            + noise,
   * @endcode
   *
   * with f = nF/RT, r the metal-to-electrolyte site-density ratio, c_ref =
   * c_l(0) the bulk concentration, q = F c_metal in units that go with S/m
   * and um, and noise uniform in [-a, a]. MOOSE's LangevinNoise kernel
   * redraws it at each quadrature point and time step of their run (1 um
   * cells, 0.02 s); here it is drawn on squares and time windows of that
   * size (CoarseGrainedNoise), so that its effect does not change with
   * DeadLi's finer mesh and longer steps.
   *
   * Discretisation: Q1 for all three fields on a distributed adaptive mesh;
   * implicit Euler in the conservative form above, so that the total Li
   * (ions plus metal) changes only by the flux through the bulk boundary,
   * to the Newton tolerance; a monolithic Newton method with the exact
   * Jacobian (written out, or by Sacado forward AD as a reference), solved
   * by GMRES preconditioned with a kept MUMPS factorization of an earlier
   * Jacobian. A direct solver underneath because the conductivity contrast
   * of 10^6 between metal and electrolyte and the exponential kinetics are
   * what made MOOSE's iterative ASM/ILU solves need small steps. The time
   * step grows while Newton converges fast and the phase field moves less
   * than a set amount per step, and is cut and retried otherwise.
   *
   * Geometry (DeadLi's orientation): electrode at y = 0 with phi = the
   * applied potential on all of it, bulk electrolyte at the top (phi = 0, w
   * = 0), no flux laterally; a flat Li layer on the electrode (their
   * 200 x 200 um run), a half-disc nucleus, or both.
   */
  template <int dim>
  class HongViswanathanModel
  {
  public:
    using Parameters = HongViswanathanParameters;

    /// What a run measured, for the benchmark line and the tests.
    struct Summary
    {
      unsigned int steps                   = 0;
      unsigned int rejected_steps          = 0;
      unsigned int newton_iterations       = 0;
      unsigned int jacobian_factorizations = 0;
      unsigned int gmres_iterations        = 0;
      double       wall_time               = 0;
      double       simulated_time          = 0;
      /// Metal (integral of h(xi)) at the start and the end [um2 in 2D].
      double initial_metal_area = 0;
      double metal_area         = 0;
      double tip_height         = 0;
      double interface_length   = 0;
      /// Largest relative deviation of the Li content from its ledger
      /// (initial + inflow + remeshing changes) over all steps.
      double largest_li_balance_error = 0;
      /// Net relative change of the Li content by remeshing.
      double                          remeshing_li_change = 0;
      dealii::types::global_dof_index first_dofs          = 0;
      dealii::types::global_dof_index last_dofs           = 0;
    };

    HongViswanathanModel(const Parameters &parameters, MPI_Comm comm);

    /// Run to the end time; writes statistics.csv and ParaView output into
    /// the output directory unless it is empty.
    Summary
    run();

    /// Relative difference (Frobenius norm) between the written-out
    /// Jacobian and Sacado's forward-AD one, both at the current state as
    /// the iterate of a step of length @p time_step from it (after run():
    /// the final state, with an interface, ions and noise). Tests call it
    /// to check the written-out derivatives, which Newton's convergence
    /// alone would not catch: a wrong Jacobian only slows it.
    double
    jacobian_discrepancy(const double time_step);

  private:
    /// Per-step measures of the deposit and of the Li balance.
    struct Measures
    {
      double metal_area;
      double tip_height;
      double interface_length;
      double total_lithium;
    };

    void
    make_mesh();
    void
    setup_dofs();
    void
    set_initial_state();
    /// Refine to the maximum level across the interface, coarsen away from
    /// it, and carry the solution over.
    void
    adapt_mesh();
    /// Newton's method for one implicit Euler step from old_solution;
    /// false if it diverged or did not converge in the allowed iterations.
    bool
    solve_time_step(const double start_time, const double time_step);
    /// Residual of the step at the current iterate and its Jacobian,
    /// written out or by forward AD.
    void
    assemble(const double start_time,
             const double time_step,
             const bool   automatic_differentiation);
    /// Largest Newton update, made dimensionless: |d xi|, the change of
    /// ion concentration relative to the bulk, f |d phi|.
    double
    update_size(const dealii::PETScWrappers::MPI::Vector &update) const;
    Measures
    measure() const;
    /// Largest change of xi over the last step, on all ranks.
    double
    largest_phase_change() const;
    /// The step after an accepted one of length @p time_step, which changed
    /// xi by @p phase_change at most and needed @p factorizations_in_step
    /// factorizations: aims at the target phase change per step, but not
    /// above @p ceiling, which a recent Newton failure sets.
    double
    next_time_step(const double       time_step,
                   const double       phase_change,
                   const unsigned int factorizations_in_step,
                   const double       ceiling) const;
    /// Li per unit time that enters through the bulk boundary, from the
    /// residual of the w equation at its Dirichlet nodes.
    double
    bulk_inflow(const double start_time, const double time_step) const;
    void
    write_output(const unsigned int output_index, const double time);

    const Parameters           parameters;
    MPI_Comm                   mpi_communicator;
    dealii::ConditionalOStream pcout;
    dealii::TimerOutput        timer;

    dealii::parallel::distributed::Triangulation<dim> triangulation;
    dealii::FESystem<dim>                             fe;
    dealii::DoFHandler<dim>                           dof_handler;
    dealii::IndexSet                                  locally_owned_dofs;
    dealii::IndexSet                                  locally_relevant_dofs;
    /// Hanging nodes and the Dirichlet values (for the state).
    dealii::AffineConstraints<double> constraints;
    /// Hanging nodes and zero Dirichlet values (for Newton updates).
    dealii::AffineConstraints<double> update_constraints;

    dealii::PETScWrappers::MPI::SparseMatrix jacobian;
    MumpsFactorization                       factorization;
    /// The Langevin noise on dxi/dt, on Hong & Viswanathan's grid.
    const CoarseGrainedNoise           noise;
    dealii::PETScWrappers::MPI::Vector residual;
    /// Ghosted: the Newton iterate and the previous step's state.
    dealii::PETScWrappers::MPI::Vector solution;
    dealii::PETScWrappers::MPI::Vector old_solution;
    /// The last accepted step's change of the state and its length, for
    /// the Newton predictor (moved to the new mesh by adapt_mesh()).
    dealii::PETScWrappers::MPI::Vector previous_increment;
    double                             previous_time_step = 0.;

    /// w DoFs on the bulk boundary (locally relevant), where Li enters.
    dealii::IndexSet bulk_boundary_w_dofs;

    unsigned int newton_iterations       = 0;
    unsigned int jacobian_factorizations = 0;
    unsigned int gmres_iterations        = 0;

    /// Bulk concentration c_l(w = 0), the reference of the reaction term.
    const double reference_concentration;

    StatisticsTable                             statistics;
    std::vector<std::pair<double, std::string>> written_records;
  };
} // namespace deadli

#endif
