// Benchmark of one DeadLi coupled step (potential -> phase field -> transport)
// on a 3D planar-collector box, against a reference Q1 Poisson solve with
// the same tuned BoomerAMG on the same mesh.
//
//   mpirun -np <ranks> deadli_bench [--adaptive] <target DoFs per field>
//                                   [<steps>]
//
// The default mesh is refined uniformly to 0.25 um. --adaptive refines
// only towards the interface, as the simulator's initial refinement does
// (2 um cells elsewhere), on a wider box: the mesh of a real run, in which
// almost every cell is an interface cell. The uniform mesh is the harder
// case for the partition (its interface is a layer at the bottom, which
// p4est's space-filling curve gives to one rank) and the easier one for the
// step (most of its cells are far from the interface).
//
// Prints a per-step table, a human-readable summary and one line
//   RESULT key=value ...
// that bench/run collects. Metrics as defined in
// /work/shared/design/PERFORMANCE.md and doc/performance.md:
//  - step times: wall, with MPI barriers; the first step includes the AMG
//    setups of the potential and transport solves, the average is over the
//    remaining steps;
//  - work units: solve time / (iterations x time of one SpMV with the Q1
//    Laplace matrix of this mesh);
//  - peak memory: VmHWM summed over ranks, divided by 3 x DoFs per field;
//  - load balance: each rank's own time in the operators' cell loops (the
//    PETSc event of CellLoopEvent) per later step.

#include <deal.II/base/mpi.h>
#include <deal.II/base/parameter_handler.h>
#include <deal.II/base/timer.h>
#include <deal.II/base/utilities.h>

#include <deal.II/fe/fe_values.h>

#include <deal.II/lac/full_matrix.h>
#include <deal.II/lac/petsc_sparse_matrix.h>
#include <deal.II/lac/petsc_vector.h>
#include <deal.II/lac/vector.h>

#include <deal.II/numerics/vector_tools.h>

#include <petsclog.h>

#include <sys/resource.h>

#include <deadli/cycling/protocol.h>
#include <deadli/geometry/planar_collector.h>
#include <deadli/mesh/adaptivity.h>
#include <deadli/mesh/cell_loop_event.h>
#include <deadli/mesh/discretization.h>
#include <deadli/physics/amg_solver.h>
#include <deadli/physics/constants.h>
#include <deadli/physics/coupled_step.h>
#include <deadli/physics/electronic_contact.h>
#include <deadli/physics/kinetics.h>
#include <deadli/physics/material_properties.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <iomanip>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

using namespace dealii;
using namespace deadli;

namespace
{
  constexpr int dim = 3;

  /// Mesh size after refinement: four cells across the 1 µm interface.
  constexpr double fine_cell_size = 0.25;
  /// Coarse cells of 2 µm, refined uniformly three times.
  constexpr double       coarse_cell_size  = 2.;
  constexpr unsigned int n_refinements     = 3;
  constexpr unsigned int cells_per_coarse  = 1u << n_refinements;
  constexpr double       current_density   = 10.; // mA/cm^2
  constexpr double       time_step         = 0.5; // s
  constexpr unsigned int n_spmv            = 50;
  constexpr double       poisson_tolerance = 1e-8;
  /**
   * Coupled steps after the measured ones, each followed at once by a
   * reference Poisson solve. On a shared machine whose speed drifts by tens
   * of percent within minutes, the ratio of two solves timed seconds apart
   * is robust where the ratio of the step average to one solve timed later
   * is not; the median of the pairs is the verdict. They run after the
   * memory reading, so the Laplace matrix does not count as the step's.
   */
  constexpr unsigned int n_pairs = 3;

  static_assert(coarse_cell_size / cells_per_coarse == fine_cell_size,
                "coarse cell size and refinement must give 0.25 um cells");

  /**
   * Both meshes are 8 coarse cells (16 um) high and grow laterally with the
   * target, so that the sizes are the same cell with a larger collector.
   * The 3 um layer, its roughness and the nuclei sit well below the counter
   * electrode. The height also decides which rank gets the deposit: p4est
   * partitions along the order of coarse cells that deal.II 9.4 derives
   * from their connectivity (SparsityTools::reorder_hierarchical), which
   * runs bottom to top through a box as tall as it is wide (the uniform box
   * was 26 um high until the sixteenth session: rank 0 held 89 % of the
   * interface cells on 2 ranks) and sweeps laterally through a flat one,
   * giving every rank its share of the deposit as in a run's adaptive mesh.
   * At 0.25 M DoFs the uniform box is a cube, and rank 0 still holds the
   * deposit.
   */
  constexpr unsigned int box_height_in_coarse_cells = 8;

  /// Q1 DoFs (before periodicity constraints) of the uniformly refined box
  /// of nx x nx coarse cells laterally.
  double
  dofs_of_uniform_box(const unsigned int nx)
  {
    const double lateral  = cells_per_coarse * nx + 1.;
    const double vertical = cells_per_coarse * box_height_in_coarse_cells + 1.;
    return lateral * lateral * vertical;
  }

  /// Coarse cells across the uniform box (in both lateral directions)
  /// whose refined box has the DoFs closest to @p target.
  unsigned int
  lateral_cells_for(const double target)
  {
    unsigned int best_nx = 1;
    for (unsigned int nx = 2; nx <= 1000; ++nx)
      if (std::abs(std::log(dofs_of_uniform_box(nx) / target)) <
          std::abs(std::log(dofs_of_uniform_box(best_nx) / target)))
        best_nx = nx;
    return best_nx;
  }

  /**
   * Coarse cells across the adaptive box (in both lateral directions) that
   * give about @p target DoFs, from an estimate of the DoFs per coarse column of the refined
   * interface (the 3 um layer, its roughness and three nuclei of this
   * benchmark). The measured 1170 to 1200 per column make the meshes about
   * 20 % larger than the target (0.31 M DoFs for 250000, 1.2 M for
   * 1000000); the recorded results are for those sizes.
   */
  unsigned int
  adaptive_lateral_cells_for(const double target)
  {
    constexpr double dofs_per_coarse_column = 1000;
    return std::max(1u,
                    static_cast<unsigned int>(
                      std::lround(std::sqrt(target / dofs_per_coarse_column))));
  }

  /**
   * Locally owned cells on which the reaction is active (h'(xi) above the
   * reaction band threshold at a vertex): where the step's assembly work
   * concentrates.
   */
  unsigned int
  n_interface_cells(const Discretization<dim>        &discretization,
                    const PETScWrappers::MPI::Vector &xi)
  {
    Vector<double> xi_values(discretization.fe.n_dofs_per_cell());
    unsigned int   count = 0;
    for (const auto &cell : discretization.dof_handler.active_cell_iterators())
      if (cell->is_locally_owned())
        {
          cell->get_dof_values(xi, xi_values);
          if (std::any_of(xi_values.begin(), xi_values.end(), [](double x) {
                return kinetics::interpolation_derivative(x) >
                       kinetics::reaction_band_threshold;
              }))
            ++count;
        }
    return count;
  }

  /// This rank's PETSc log of one event in one stage.
  PetscEventPerfInfo
  local_event_log(const PetscLogStage stage, const char *event_name)
  {
    PetscLogEvent  event;
    PetscErrorCode error = PetscLogEventGetId(event_name, &event);
    AssertThrow(error == 0, ExcPETScError(error));
    PetscEventPerfInfo info;
    error = PetscLogEventGetPerfInfo(stage, event, &info);
    AssertThrow(error == 0, ExcPETScError(error));
    return info;
  }

  /// PETSc's log of one event in one stage, maximised over the ranks.
  struct EventLog
  {
    double time  = 0;
    int    count = 0;
  };

  EventLog
  event_log(const PetscLogStage stage, const char *event_name)
  {
    const PetscEventPerfInfo info = local_event_log(stage, event_name);
    return {Utilities::MPI::max(static_cast<double>(info.time), MPI_COMM_WORLD),
            Utilities::MPI::max(info.count, MPI_COMM_WORLD)};
  }

  /// Each rank's time in one event in one stage, gathered on every rank.
  std::vector<double>
  event_time_per_rank(const PetscLogStage stage, const char *event_name)
  {
    return Utilities::MPI::all_gather(
      MPI_COMM_WORLD,
      static_cast<double>(local_event_log(stage, event_name).time));
  }

  /// Wall time of @p work, started and stopped at an MPI barrier.
  template <typename Work>
  double
  timed(const Work &work)
  {
    MPI_Barrier(MPI_COMM_WORLD);
    Timer timer;
    work();
    MPI_Barrier(MPI_COMM_WORLD);
    timer.stop();
    return timer.wall_time();
  }

  /// VmHWM summed over the ranks, bytes.
  double
  peak_memory()
  {
    Utilities::System::MemoryStats stats;
    Utilities::System::get_memory_stats(stats);
    return 1024. * Utilities::MPI::sum(static_cast<double>(stats.VmHWM),
                                       MPI_COMM_WORLD);
  }

  /// CPU time (user + system) of this process summed over the ranks, s.
  double
  cpu_time()
  {
    rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    const double local = usage.ru_utime.tv_sec + 1e-6 * usage.ru_utime.tv_usec +
                         usage.ru_stime.tv_sec + 1e-6 * usage.ru_stime.tv_usec;
    return Utilities::MPI::sum(local, MPI_COMM_WORLD);
  }

  /// Resident memory now, summed over the ranks, bytes.
  double
  resident_memory()
  {
    Utilities::System::MemoryStats stats;
    Utilities::System::get_memory_stats(stats);
    return 1024. * Utilities::MPI::sum(static_cast<double>(stats.VmRSS),
                                       MPI_COMM_WORLD);
  }

  std::map<std::string, double>
  section_times(const TimerOutput &timer)
  {
    std::map<std::string, double> times =
      timer.get_summary_data(TimerOutput::total_wall_time);
    for (auto &entry : times)
      entry.second = Utilities::MPI::max(entry.second, MPI_COMM_WORLD);
    return times;
  }

  /**
   * Q1 Laplace matrix with phi = 0 at the counter electrode (the potential's
   * constraints, so the matrix has exactly the potential Jacobian's
   * structure) and the load vector of f = 1.
   */
  void
  assemble_poisson(const Discretization<dim>        &discretization,
                   PETScWrappers::MPI::SparseMatrix &matrix,
                   PETScWrappers::MPI::Vector       &rhs)
  {
    discretization.reinit_matrix(matrix);
    discretization.reinit_owned(rhs);
    FEValues<dim>      fe_values(discretization.fe,
                            discretization.quadrature,
                            update_values | update_gradients |
                              update_JxW_values);
    const unsigned int dofs_per_cell = discretization.fe.n_dofs_per_cell();
    FullMatrix<double> cell_matrix(dofs_per_cell, dofs_per_cell);
    Vector<double>     cell_rhs(dofs_per_cell);
    std::vector<types::global_dof_index> dof_indices(dofs_per_cell);
    for (const auto &cell : discretization.dof_handler.active_cell_iterators())
      if (cell->is_locally_owned())
        {
          fe_values.reinit(cell);
          cell_matrix = 0;
          cell_rhs    = 0;
          for (const unsigned int q : fe_values.quadrature_point_indices())
            for (const unsigned int i : fe_values.dof_indices())
              {
                for (const unsigned int j : fe_values.dof_indices())
                  cell_matrix(i, j) += fe_values.shape_grad(i, q) *
                                       fe_values.shape_grad(j, q) *
                                       fe_values.JxW(q);
                cell_rhs(i) += fe_values.shape_value(i, q) * fe_values.JxW(q);
              }
          cell->get_dof_indices(dof_indices);
          discretization.potential_constraints.distribute_local_to_global(
            cell_matrix, cell_rhs, dof_indices, matrix, rhs);
        }
    matrix.compress(VectorOperation::add);
    rhs.compress(VectorOperation::add);
  }

  struct StepRecord
  {
    double wall = 0;
    double cpu  = 0;
    /// ElectronicContact::update() after the step (not in wall).
    double                                connectivity = 0;
    typename CoupledStep<dim>::Report     report;
    double                                collector_potential = 0;
    std::pair<unsigned int, unsigned int> amg_setups;
  };
} // namespace



int
main(int argc, char **argv)
{
  Utilities::MPI::MPI_InitFinalize mpi(argc, argv, 1);
  const MPI_Comm                   comm = MPI_COMM_WORLD;
  const bool         is_root = Utilities::MPI::this_mpi_process(comm) == 0;
  const unsigned int n_ranks = Utilities::MPI::n_mpi_processes(comm);
  ConditionalOStream pcout(std::cout, is_root);

  std::vector<std::string> arguments(argv + 1, argv + argc);
  const bool adaptive = !arguments.empty() && arguments[0] == "--adaptive";
  if (adaptive)
    arguments.erase(arguments.begin());
  if (arguments.empty() || arguments.size() > 2)
    {
      pcout << "Usage: mpirun -np <ranks> " << argv[0]
            << " [--adaptive] <target DoFs per field> [<number of steps, "
               "default 5>]"
            << std::endl;
      return 1;
    }
  const double       target_dofs = std::atof(arguments[0].c_str());
  const unsigned int n_steps =
    arguments.size() > 1 ? std::atoi(arguments[1].c_str()) : 5;
  AssertThrow(target_dofs >= 1000 && n_steps >= 2,
              ExcMessage("Need at least 1000 DoFs and 2 steps."));

  // Libraries, MPI and PETSc before any mesh: subtracted for the "net"
  // memory per DoF.
  const double   memory_baseline = resident_memory();
  PetscErrorCode error           = PetscLogDefaultBegin();
  AssertThrow(error == 0, ExcPETScError(error));
  PetscLogStage setup_stage, first_step_stage, later_steps_stage, poisson_stage,
    paired_stage;
  PetscLogStageRegister("Mesh and state", &setup_stage);
  PetscLogStageRegister("First step", &first_step_stage);
  PetscLogStageRegister("Later steps", &later_steps_stage);
  PetscLogStageRegister("Reference Poisson", &poisson_stage);
  PetscLogStageRegister("Paired step and Poisson", &paired_stage);

  // ---- material and solver parameters ----
  ParameterHandler material_prm;
  MaterialProperties::declare_parameters(material_prm);
  material_prm.enter_subsection("Phase field");
  material_prm.set("Interface width [um]", "1.0");
  material_prm.set("Interface relaxation rate [1/s]", "0.25");
  material_prm.leave_subsection();
  MaterialProperties material;
  material.parse_parameters(material_prm);

  ParameterHandler step_prm;
  CoupledStep<dim>::Parameters::declare_parameters(step_prm);
  step_prm.enter_subsection("Potential solver");
  step_prm.set("Max Newton iterations", "30");
  step_prm.set("Potential tolerance [V]", "1e-7");
  step_prm.set("Max potential update [V]", "0.1");
  step_prm.set("Linear tolerance", "1e-3");
  step_prm.leave_subsection();
  step_prm.enter_subsection("Step acceptance");
  step_prm.set("Phase-field bound tolerance", "0.05");
  step_prm.set("Negative concentration tolerance", "0.01");
  step_prm.leave_subsection();
  CoupledStep<dim>::Parameters step_parameters;
  step_parameters.parse_parameters(step_prm);

  // ---- geometry: fixed 0.25 µm resolution, box sized to the target ----
  const unsigned int   nx = adaptive ? adaptive_lateral_cells_for(target_dofs) :
                                       lateral_cells_for(target_dofs);
  PlanarCollector<dim> geometry;
  geometry.domain_width         = nx * coarse_cell_size;
  geometry.domain_height        = box_height_in_coarse_cells * coarse_cell_size;
  geometry.coarse_cell_size     = coarse_cell_size;
  geometry.layer_thickness      = 3.;
  geometry.roughness_amplitude  = 0.3;
  geometry.roughness_wavelength = geometry.domain_width / 2.;
  geometry.n_nuclei             = 3;
  geometry.nucleus_radius       = 1.;
  geometry.random_seed          = 1;
  geometry.place_nuclei();

  // ---- mesh and initial state: refined uniformly, or (--adaptive) as
  // Simulator::create_mesh_and_initial_state refines it ----
  Discretization<dim> discretization(comm, 1);
  CellState           state;
  ParameterHandler    refinement_prm;
  Adaptivity<dim>::Parameters::declare_parameters(refinement_prm);
  refinement_prm.enter_subsection("Mesh refinement");
  refinement_prm.set("Initial global refinement", "0");
  refinement_prm.set("Maximum level", std::to_string(n_refinements));
  refinement_prm.leave_subsection();
  Adaptivity<dim>::Parameters refinement_parameters;
  refinement_parameters.parse_parameters(refinement_prm);
  Adaptivity<dim> adaptivity(discretization, refinement_parameters);

  const double                    setup_time = timed([&]() {
    PetscLogStagePush(setup_stage);
    geometry.create_coarse_mesh(discretization.triangulation);
    discretization.add_lateral_periodicity();
    if (!adaptive)
      discretization.triangulation.refine_global(n_refinements);
    discretization.setup(false);

    const auto initial_metal =
      geometry.initial_metal_fraction(material.interface_width);
    initialize_cell_state(discretization, *initial_metal, state);
    // As Simulator::create_mesh_and_initial_state: towards the interface
    // level by level, the exact profile interpolated again each time.
    for (unsigned int level = 0; adaptive && level < n_refinements; ++level)
      {
        if (!adaptivity.mark(state.xi, nullptr, nullptr))
          break;
        adaptivity.execute({&state.xi}, false);
        initialize_cell_state(discretization, *initial_metal, state);
      }
    PetscLogStagePop();
  });
  const std::vector<unsigned int> interface_cells_per_rank =
    Utilities::MPI::gather(comm, n_interface_cells(discretization, state.xi));
  const std::vector<unsigned int> cells_per_rank = Utilities::MPI::gather(
    comm, discretization.triangulation.n_locally_owned_active_cells());
  const types::global_dof_index n_dofs = discretization.dof_handler.n_dofs();
  const double                  memory_after_setup = peak_memory();

  pcout << "DeadLi coupled-step benchmark: 3D Q1, " << n_ranks << " rank(s), "
        << (adaptive ? "adaptive" : "uniform") << " mesh\n"
        << "  box " << geometry.domain_width << " x " << geometry.domain_width
        << " x " << geometry.domain_height << " um, "
        << discretization.triangulation.n_global_active_cells() << " cells of "
        << fine_cell_size << " um"
        << (adaptive ? " at the interface, up to " : "");
  if (adaptive)
    pcout << coarse_cell_size << " um elsewhere";
  pcout << ", " << n_dofs << " DoFs per field (target " << target_dofs << "), "
        << n_dofs / n_ranks << " per rank\n"
        << "  mesh, DoFs, constraints and initial state: " << setup_time
        << " s\n  cells (of them interface cells, h'(xi) > "
        << kinetics::reaction_band_threshold << ") per rank:";
  for (unsigned int rank = 0; rank < cells_per_rank.size(); ++rank)
    pcout << ' ' << cells_per_rank[rank] << " ("
          << interface_cells_per_rank[rank] << ')';
  pcout << std::endl;

  // ---- the coupled steps ----
  TimerOutput timer(comm, pcout, TimerOutput::never, TimerOutput::wall_times);
  CoupledStep<dim> coupled(discretization,
                           material,
                           step_parameters,
                           geometry.collector_area());
  coupled.set_timer(timer);
  const double reinit_time = timed([&]() { coupled.reinit(); });

  const Setpoint         setpoint{Setpoint::Control::current,
                          current_density *
                            constants::milliampere_per_square_centimetre,
                          "plating",
                          0};
  ElectronicContact<dim> electronic_contact(discretization);
  electronic_contact.update(state.xi, state.activity);
  std::vector<StepRecord>       steps;
  std::map<std::string, double> sections_after_first;
  std::string                   failure;
  CellState                     next;
  // One coupled step (its PETSc events logged in @p stage), then the dead-Li
  // labelling and activity, as Simulator::run does after every accepted
  // step (timed apart from the coupled step). False if the step was
  // rejected; the state is then left as it was.
  const auto advance_step = [&](const unsigned int  step,
                                const PetscLogStage stage,
                                StepRecord         &record) {
    PetscLogStagePush(stage);
    const double cpu_start = cpu_time();
    record.wall            = timed([&]() {
      record.report =
        coupled.advance(state, setpoint, step * time_step, time_step, next);
    });
    record.cpu             = cpu_time() - cpu_start;
    PetscLogStagePop();
    record.amg_setups = coupled.n_preconditioner_setups();
    if (!record.report.accepted)
      return false;
    std::swap(state, next);
    record.connectivity        = timed([&]() {
      TimerOutput::Scope scope(timer, "connectivity");
      electronic_contact.update(state.xi, state.activity);
    });
    record.collector_potential = state.collector_potential;
    return true;
  };
  for (unsigned int step = 0; step < n_steps; ++step)
    {
      StepRecord record;
      if (!advance_step(step,
                        step == 0 ? first_step_stage : later_steps_stage,
                        record))
        {
          failure =
            "step " + std::to_string(step + 1) + ": " + record.report.failure;
          break;
        }
      steps.push_back(record);
      if (step == 0)
        sections_after_first = section_times(timer);
    }
  const std::map<std::string, double> sections           = section_times(timer);
  const double                        memory_after_steps = peak_memory();

  pcout << "\n  step  wall [s]  Newton  potential its  phase-field its  "
           "transport its  AMG builds (pot/trans)  E [V]\n";
  for (unsigned int s = 0; s < steps.size(); ++s)
    pcout << std::setw(6) << s + 1 << std::setw(10) << std::fixed
          << std::setprecision(2) << steps[s].wall << std::setw(8)
          << steps[s].report.newton_iterations << std::setw(15)
          << steps[s].report.potential_iterations << std::setw(17)
          << steps[s].report.phase_field_iterations << std::setw(15)
          << steps[s].report.transport_iterations << std::setw(16)
          << steps[s].amg_setups.first << "/" << steps[s].amg_setups.second
          << std::setw(15) << std::setprecision(9)
          << steps[s].collector_potential << std::defaultfloat
          << std::setprecision(6) << '\n';
  if (!failure.empty())
    pcout << "  FAILED at " << failure << '\n';
  pcout << std::flush;

  // ---- the reference Poisson solve on the same mesh ----
  PETScWrappers::MPI::SparseMatrix laplace;
  PETScWrappers::MPI::Vector       rhs, solution;
  unsigned int                     poisson_iterations = 0;
  PetscLogStagePush(poisson_stage);
  const double assembly_time =
    timed([&]() { assemble_poisson(discretization, laplace, rhs); });
  discretization.reinit_owned(solution);
  // From zero with a fresh AMG hierarchy: setup and CG, as the step's
  // solves would cost on a new mesh.
  const auto reference_solve = [&](unsigned int &iterations) {
    solution = 0.;
    AmgSolver reference_amg(comm);
    return timed([&]() {
      iterations =
        reference_amg.solve(laplace, solution, rhs, poisson_tolerance);
    });
  };
  const double poisson_time = reference_solve(poisson_iterations);
  PetscLogStagePop();
  const double poisson_setup = event_log(poisson_stage, "PCSetUp").time;
  const double poisson_solve = poisson_time - poisson_setup;
  const double memory_at_end = peak_memory();

  // ---- SpMV with the Laplace matrix ----
  PETScWrappers::MPI::Vector product;
  discretization.reinit_owned(product);
  laplace.vmult(product, solution); // warm-up
  const double spmv = timed([&]() {
                        for (unsigned int i = 0; i < n_spmv; ++i)
                          laplace.vmult(product, solution);
                      }) /
                      n_spmv;

  // ---- paired coupled steps and reference solves ----
  std::vector<double> paired_ratios;
  for (unsigned int pair = 0; pair < n_pairs && failure.empty(); ++pair)
    {
      const unsigned int step = steps.size() + pair;
      StepRecord         record;
      if (!advance_step(step, paired_stage, record))
        {
          failure = "paired step " + std::to_string(step + 1) + ": " +
                    record.report.failure;
          break;
        }
      unsigned int paired_iterations = 0;
      PetscLogStagePush(paired_stage);
      const double paired_poisson_time = reference_solve(paired_iterations);
      PetscLogStagePop();
      paired_ratios.push_back(record.wall / paired_poisson_time);
    }
  std::vector<double> sorted_ratios = paired_ratios;
  std::sort(sorted_ratios.begin(), sorted_ratios.end());
  const bool   paired = !sorted_ratios.empty();
  const double paired_median =
    paired ? sorted_ratios[sorted_ratios.size() / 2] : std::nan("");
  const double paired_min = paired ? sorted_ratios.front() : std::nan("");
  const double paired_max = paired ? sorted_ratios.back() : std::nan("");

  // ---- statistics ----
  const unsigned int n_later       = steps.size() > 1 ? steps.size() - 1 : 0;
  const auto         later_average = [&](const auto &quantity) {
    double sum = 0;
    for (unsigned int s = 1; s < steps.size(); ++s)
      sum += quantity(steps[s]);
    return n_later > 0 ? sum / n_later : std::nan("");
  };
  const auto section_average = [&](const std::string &name) {
    const auto total = sections.find(name);
    const auto first = sections_after_first.find(name);
    if (total == sections.end() || n_later == 0)
      return std::nan("");
    return (total->second -
            (first != sections_after_first.end() ? first->second : 0.)) /
           n_later;
  };
  const auto section_first = [&](const std::string &name) {
    const auto first = sections_after_first.find(name);
    return first != sections_after_first.end() ? first->second : std::nan("");
  };

  const double step_first = steps.empty() ? std::nan("") : steps.front().wall;
  const double step_average =
    later_average([](const StepRecord &r) { return r.wall; });
  const double newton_average = later_average(
    [](const StepRecord &r) { return r.report.newton_iterations; });
  const double potential_its_average = later_average(
    [](const StepRecord &r) { return r.report.potential_iterations; });
  const double phase_field_its_average = later_average(
    [](const StepRecord &r) { return r.report.phase_field_iterations; });
  const double transport_its_average = later_average(
    [](const StepRecord &r) { return r.report.transport_iterations; });
  const double connectivity_average =
    later_average([](const StepRecord &r) { return r.connectivity; });
  const double potential_average   = section_average("potential");
  const double phase_field_average = section_average("phase field");
  const double transport_average   = section_average("transport");

  // PETSc's view of the later steps: Krylov solves, AMG setups, and SpMVs
  // (CG iterations of all three fields plus the initial residuals).
  const EventLog later_ksp     = event_log(later_steps_stage, "KSPSolve");
  const EventLog later_pcsetup = event_log(later_steps_stage, "PCSetUp");
  const EventLog later_pcapply = event_log(later_steps_stage, "PCApply");
  const EventLog later_matmult = event_log(later_steps_stage, "MatMult");
  const EventLog first_pcsetup = event_log(first_step_stage, "PCSetUp");
  const EventLog first_ksp     = event_log(first_step_stage, "KSPSolve");
  // The operators' cell loops, each rank's own time: their spread is the
  // assembly's load imbalance (the waits land in the compress() after).
  const std::vector<double> cell_loops_per_rank =
    event_time_per_rank(later_steps_stage, CellLoopEvent::name);
  const auto [fastest_rank_loops, slowest_rank_loops] =
    std::minmax_element(cell_loops_per_rank.begin(), cell_loops_per_rank.end());
  const double cell_loops_max = *slowest_rank_loops / std::max(1u, n_later);
  const double cell_loops_min = *fastest_rank_loops / std::max(1u, n_later);

  // AMG hierarchies rebuilt during the later steps (the rest of PCSetUp are
  // the phase field's Jacobi setups).
  const unsigned int amg_rebuilds_later =
    steps.size() > 1 ?
      (steps.back().amg_setups.first + steps.back().amg_setups.second) -
        (steps.front().amg_setups.first + steps.front().amg_setups.second) :
      0;
  // Share of the cores the later steps actually got: < 1 when the machine is
  // shared with other work (then wall times are inflated).
  const double cpu_share =
    later_average([](const StepRecord &r) { return r.cpu; }) /
    (step_average * n_ranks);

  const double bytes_per_dof_field = memory_after_steps / n_dofs;
  const double net_bytes_per_dof =
    (memory_after_steps - memory_baseline) / (3. * n_dofs);
  const double bytes_per_dof = bytes_per_dof_field / 3.;
  const double wu_poisson    = poisson_solve / (poisson_iterations * spmv);
  // All-in: the potential section's wall time (assembly of the Newton
  // Jacobian and residual, both block-elimination solves, vector work) per
  // CG iteration.
  const double wu_potential =
    potential_average / (potential_its_average * spmv);
  const double ratio = step_average / poisson_time;

  pcout
    << "\nSummary (" << n_dofs << " DoFs per field, " << n_ranks << " rank(s), "
    << steps.size() << " of " << n_steps << " steps done)\n"
    << "  setup: mesh+DoFs+state " << setup_time
    << " s, operator matrices (one sparsity pattern, the other 2 matrices duplicates) "
    << reinit_time << " s\n"
    << "  first step " << step_first << " s (potential "
    << section_first("potential") << ", phase field "
    << section_first("phase field") << ", transport "
    << section_first("transport") << "; AMG setups " << first_pcsetup.time
    << " s in " << first_pcsetup.count << ", Krylov " << first_ksp.time
    << " s)\n"
    << "  later steps: " << step_average << " s per step (potential "
    << potential_average << ", phase field " << phase_field_average
    << ", transport " << transport_average << ")\n"
    << "    per step: Newton " << newton_average << ", CG iterations "
    << "potential " << potential_its_average
    << " (= " << potential_its_average / (2. * newton_average)
    << " per solve, 2 solves per Newton step), phase field "
    << phase_field_its_average << ", transport " << transport_its_average
    << "\n"
    << "    PETSc: KSPSolve " << later_ksp.time / std::max(1u, n_later)
    << " s/step (" << 100. * later_ksp.time / (step_average * n_later)
    << " % of the step), of which PCApply "
    << later_pcapply.time / std::max(1u, n_later) << " s; PCSetUp "
    << later_pcsetup.time / std::max(1u, n_later) << " s/step ("
    << amg_rebuilds_later << " AMG rebuilds in " << later_pcsetup.count
    << " PCSetUp calls); MatMult " << later_matmult.count
    << " calls; outside PETSc solves (assembly, vectors): "
    << step_average -
         (later_ksp.time + later_pcsetup.time) / std::max(1u, n_later)
    << " s/step\n"
    << "    operators' cell loops (each rank's own time, waits "
       "excluded), s/step per rank:";
  for (const double time : cell_loops_per_rank)
    pcout << ' ' << time / std::max(1u, n_later);
  pcout << " (max - min = " << cell_loops_max - cell_loops_min
        << " s/step of load imbalance)\n"
        << "    dead-Li labelling and activity after each step: "
        << connectivity_average
        << " s = " << 100. * connectivity_average / step_average
        << " % of the coupled step (target <= 5 %)\n"
        << "    CPU share of the later steps: " << cpu_share
        << " (1 = the ranks had their cores to themselves)\n"
        << "  reference Poisson (Laplace + Dirichlet at the counter electrode, "
           "f = 1, fresh tuned AMG, rel. 1e-8): "
        << poisson_time << " s = setup " << poisson_setup << " + CG "
        << poisson_solve << " s, " << poisson_iterations
        << " iterations; assembly " << assembly_time << " s\n"
        << "  SpMV (Laplace): " << 1e3 * spmv
        << " ms = " << 1e3 * spmv / (n_dofs / 1e6) << " ms per million rows\n"
        << "  work units per CG iteration: Poisson " << wu_poisson
        << ", potential (all-in, incl. assembly) " << wu_potential << "\n"
        << "  later step average / the reference Poisson above: " << ratio
        << "\n  step / reference Poisson solved right after it, "
        << paired_ratios.size() << " pairs:";
  for (const double paired_ratio : paired_ratios)
    pcout << ' ' << paired_ratio;
  pcout << "; median " << paired_median
        << " (target <= 3: " << (paired_median <= 3. ? "pass" : "FAIL") << ")\n"
        << "  peak memory (VmHWM summed over ranks): after setup "
        << memory_after_setup / 1048576. << " MiB, after the steps "
        << memory_after_steps / 1048576. << " MiB = " << bytes_per_dof_field
        << " B per DoF of one field = " << bytes_per_dof
        << " B per DoF of all 3 fields (target <= 1536: "
        << (bytes_per_dof <= 1536. ? "pass" : "FAIL") << "); without the "
        << memory_baseline / 1048576. << " MiB of libraries at start-up "
        << net_bytes_per_dof << " B; with the reference Poisson "
        << memory_at_end / 1048576. << " MiB\n"
        << std::endl;

  std::ostringstream result;
  result << std::setprecision(4) << "RESULT dofs=" << n_dofs
         << " mesh=" << (adaptive ? "adaptive" : "uniform")
         << " ranks=" << n_ranks << " steps=" << steps.size()
         << " failed=" << (failure.empty() ? 0 : 1)
         << " step_first_s=" << step_first << " step_avg_s=" << step_average
         << " potential_s=" << potential_average
         << " phase_field_s=" << phase_field_average
         << " transport_s=" << transport_average
         << " connectivity_s=" << connectivity_average
         << " newton_avg=" << newton_average
         << " potential_its_avg=" << potential_its_average
         << " pf_its_avg=" << phase_field_its_average
         << " transport_its_avg=" << transport_its_average << " newton_first="
         << (steps.empty() ? 0 : steps.front().report.newton_iterations)
         << " amg_setups_first_s=" << first_pcsetup.time
         << " ksp_later_s=" << later_ksp.time / std::max(1u, n_later)
         << " cell_loops_max_s=" << cell_loops_max
         << " cell_loops_min_s=" << cell_loops_min
         << " amg_rebuilds_later=" << amg_rebuilds_later
         << " cpu_share=" << cpu_share
         << " poisson_setup_solve_s=" << poisson_time
         << " poisson_setup_s=" << poisson_setup
         << " poisson_its=" << poisson_iterations
         << " ratio_step_to_poisson=" << ratio
         << " ratio_paired_median=" << paired_median
         << " ratio_paired_min=" << paired_min
         << " ratio_paired_max=" << paired_max << " spmv_ms=" << 1e3 * spmv
         << " wu_poisson=" << wu_poisson << " wu_potential=" << wu_potential
         << " peak_bytes_per_dof=" << bytes_per_dof
         << " peak_bytes_per_dof_field=" << bytes_per_dof_field
         << " net_bytes_per_dof=" << net_bytes_per_dof
         << " peak_bytes_per_dof_with_poisson=" << memory_at_end / (3. * n_dofs)
         << " setup_s=" << setup_time + reinit_time
         << " laplace_assembly_s=" << assembly_time;
  pcout << result.str() << std::endl;
  return failure.empty() ? 0 : 2;
}
