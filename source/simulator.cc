#include <deal.II/numerics/vector_tools.h>

#include <boost/archive/archive_exception.hpp>
#include <boost/archive/binary_iarchive.hpp>
#include <boost/archive/binary_oarchive.hpp>

#include <deadli/cycling/deposit_morphology.h>
#include <deadli/geometry/geometry_measures.h>
#include <deadli/io/atomic_file.h>
#include <deadli/io/progress.h>
#include <deadli/physics/constants.h>
#include <deadli/physics/sei_layer.h>
#include <deadli/simulator.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <sstream>

namespace deadli
{
  using namespace dealii;

  template <int dim>
  Simulator<dim>::Simulator(const RunParameters<dim> &parameters,
                            const MPI_Comm            comm)
    : parameters(parameters)
    , mpi_communicator(comm)
    , is_root(Utilities::MPI::this_mpi_process(comm) == 0)
    , pcout(std::cout, is_root)
    , timer(comm, pcout, TimerOutput::never, TimerOutput::wall_times)
    , discretization(comm, parameters.discretization.polynomial_degree)
    , adaptivity(discretization, parameters.adaptivity)
    , coupled_step(discretization,
                   parameters.material,
                   parameters.coupled_step,
                   parameters.geometry->collector_area())
    , substrate(discretization)
    , electronic_contact(discretization)
    , protocol(parameters.protocol)
    , ledger(parameters.lithium_ledger,
             parameters.geometry->collector_area(),
             // mAh/cm^2 of a 1 µm layer of dense Li.
             areal_charge(parameters.geometry->collector_area()) /
               constants::milliampere_hour_per_square_centimetre,
             is_root ? parameters.output_directory + "/cycles.csv" :
                       std::string())
    , time_step_control(parameters.time_stepping, parameters.material)
    , output_writer(parameters.output_directory, parameters.material)
    , statistics_table(is_root ?
                         parameters.output_directory + "/statistics.csv" :
                         std::string())
    , checkpoint(parameters.output_directory)
  {
    coupled_step.set_timer(timer);
    coupled_step.set_substrate(substrate);
  }



  template <int dim>
  void
  Simulator<dim>::create_mesh_and_initial_state()
  {
    TimerOutput::Scope scope(timer, "setup");
    parameters.geometry->create_coarse_mesh(discretization.triangulation);
    if (parameters.geometry->has_periodic_lateral_faces())
      discretization.add_lateral_periodicity();
    discretization.triangulation.refine_global(
      parameters.adaptivity.initial_global_refinement);

    const auto initial_metal = parameters.geometry->initial_metal_fraction(
      parameters.material.interface_width);

    // Refine towards the interface level by level, re-interpolating the exact
    // profile each time, so that the initial state is as sharp as the mesh.
    // The host surface is refined like the interface (Adaptivity::mark()), so
    // the host follows each mesh change.
    discretization.setup(parameters.reservoir_concentration);
    initialize_cell_state(discretization, *initial_metal, state);
    substrate.update(*parameters.geometry, parameters.material.interface_width);
    for (unsigned int level = parameters.adaptivity.initial_global_refinement;
         level < parameters.adaptivity.max_level;
         ++level)
      {
        if (!adaptivity.mark(state.xi, nullptr, nullptr, &substrate.host))
          break;
        adaptivity.execute({&state.xi}, parameters.reservoir_concentration);
        initialize_cell_state(discretization, *initial_metal, state);
        substrate.update(*parameters.geometry,
                         parameters.material.interface_width);
      }
    substrate.enforce_host_inside_metal(state.xi);

    coupled_step.reinit();
    update_electronic_contact();
    ledger.start(inventory);
    discretization.reinit_ghosted(sei_fraction);
  }



  template <int dim>
  void
  Simulator<dim>::resume(const std::string &checkpoint_directory)
  {
    TimerOutput::Scope scope(timer, "setup");
    parameters.geometry->create_coarse_mesh(discretization.triangulation);
    if (parameters.geometry->has_periodic_lateral_faces())
      discretization.add_lateral_periodicity();
    const std::string blob = Checkpoint<dim>::load(
      checkpoint_directory,
      discretization,
      parameters.reservoir_concentration,
      {&state.xi, &state.concentration, &state.phi, &sei_fraction});
    // The checkpoint's format was checked; what can still fail here is a
    // damaged or truncated state file.
    try
      {
        restore_scalar_state(blob);
      }
    catch (const boost::archive::archive_exception &error)
      {
        AssertThrow(false,
                    ExcMessage("Cannot read the run's state from checkpoint " +
                               checkpoint_directory +
                               " (state.bin): " + error.what() +
                               ". The file is damaged or incomplete; remove "
                               "that checkpoint directory to resume from the "
                               "one before it."));
      }
    substrate.update(*parameters.geometry, parameters.material.interface_width);
    coupled_step.reinit();
    update_electronic_contact();
  }



  template <int dim>
  std::string
  Simulator<dim>::scalar_state() const
  {
    std::ostringstream out;
    {
      boost::archive::binary_oarchive archive(out);
      const double wall_time = earlier_wall_time + wall_clock.wall_time();
      archive << time << step << state.collector_potential << wall_time
              << protocol << ledger << time_step_control << statistics_table
              << output_writer << coupled_step;
    }
    return out.str();
  }



  template <int dim>
  void
  Simulator<dim>::restore_scalar_state(const std::string &blob)
  {
    std::istringstream              in(blob);
    boost::archive::binary_iarchive archive(in);
    archive >> time >> step >> state.collector_potential >> earlier_wall_time >>
      protocol >> ledger >> time_step_control >> statistics_table >>
      output_writer >> coupled_step;
  }



  template <int dim>
  void
  Simulator<dim>::report_geometry()
  {
    std::ostringstream report;
    report << "Geometry: " << parameters.geometry->description() << '\n';
    print_geometry_report(report,
                          measure_geometry(discretization,
                                           *parameters.geometry,
                                           state.xi,
                                           substrate.host));
    pcout << report.str() << std::flush;
    if (is_root)
      write_file_atomically(parameters.output_directory + "/geometry.txt",
                            report.str());
  }



  template <int dim>
  void
  Simulator<dim>::update_electronic_contact()
  {
    TimerOutput::Scope scope(timer, "connectivity");
    inventory = electronic_contact.update(state.xi, state.activity, &substrate);
  }



  template <int dim>
  double
  Simulator<dim>::areal_charge(const double volume) const
  {
    // µm^3 of dense Li per µm^2 of collector -> µm -> m -> C/m^2.
    return volume / parameters.geometry->collector_area() * 1e-6 *
           constants::faraday * parameters.material.lithium_site_density;
  }



  template <int dim>
  Setpoint
  Simulator<dim>::metal_setpoint(const Setpoint &setpoint) const
  {
    Setpoint metal = setpoint;
    if (setpoint.control == Setpoint::Control::current)
      metal.value -= ledger.expected_sei_rate() /
                     parameters.geometry->collector_area() /
                     parameters.material.velocity_per_current_density;
    return metal;
  }



  template <int dim>
  void
  Simulator<dim>::adapt_mesh()
  {
    TimerOutput::Scope scope(timer, "adaptivity");
    if (!adaptivity.mark(
          state.xi, &state.concentration, &state.phi, &substrate.host))
      return;
    const double metal_before =
      inventory.live_metal_volume + inventory.dead_metal_volume;
    const MaterialProperties &material = parameters.material;
    // The Li is xi - chi: the host fraction chi is made again from the
    // geometry on the new mesh, not transferred, so that it stays sharp, and
    // its integral changes with the mesh wherever a host surface is refined
    // or coarsened.
    ContentConservation<dim> conservation(
      discretization,
      state.xi,
      {{&state.xi, [](const double) { return 1.; }, &substrate.host, 1.},
       {&state.concentration, [&material](const double xi) {
          return material.electrolyte_fraction(xi);
        }}});
    adaptivity.execute(
      {&state.xi, &state.concentration, &state.phi, &sei_fraction},
      parameters.reservoir_concentration,
      &conservation);
    substrate.update(*parameters.geometry, parameters.material.interface_width);
    // Raised to cover the new host first, so that the restoration takes
    // what the raise added from the vertices that hold Li.
    substrate.enforce_host_inside_metal(state.xi);
    conservation.restore();
    // The restoration takes no vertex below chi, except through a
    // hanging-node constraint, whose masters get its share by their own
    // room; what raising it again adds is booked as a remeshing change.
    substrate.enforce_host_inside_metal(state.xi);
    coupled_step.reinit();
    update_electronic_contact();
    check_interface_partition();
    ledger.record_remeshing(metal_before,
                            inventory.live_metal_volume +
                              inventory.dead_metal_volume);
  }



  template <int dim>
  void
  Simulator<dim>::check_interface_partition()
  {
    const unsigned int n_ranks =
      Utilities::MPI::n_mpi_processes(mpi_communicator);
    if (interface_partition_noted || n_ranks == 1)
      return;
    const auto counts = Utilities::MPI::min_max_avg(
      double(adaptivity.n_owned_interface_cells(state.xi)), mpi_communicator);
    const double total = counts.sum;
    // A rank with half again its even share: with two ranks, 75 % against
    // 25 % (measured on the uniform bench mesh: 89 % on one of two ranks
    // gave a speed-up of 1.25, an even split 1.6-1.9).
    if (!(total > 0.) || counts.max <= 1.5 * counts.avg)
      return;
    interface_partition_noted = true;
    pcout << "Note: rank " << counts.max_index << " holds "
          << std::round(100. * counts.max / total) << " % of the "
          << static_cast<unsigned long>(total)
          << " cells on the interface (an even share is "
          << std::round(100. / n_ranks)
          << " %), so the deposit's work sits on few ranks and the speed-up "
             "suffers. p4est hands each rank a piece of a curve through the "
             "coarse cells that, in a box taller than wide, runs from the "
             "bottom up: a box wider than high (more coarse cells across "
             "than up) or adaptive refinement spreads the interface. See "
             "README, 'Running on a cluster'."
          << std::endl;
  }



  template <int dim>
  void
  Simulator<dim>::record_statistics(
    const Setpoint                          &setpoint,
    const typename CoupledStep<dim>::Report &report,
    const double                             time_step,
    const double                             circuit_volume)
  {
    const MaterialProperties &material = parameters.material;
    const double              area     = parameters.geometry->collector_area();
    const double              metal_volume =
      inventory.live_metal_volume + inventory.dead_metal_volume;
    const double salt_content =
      coupled_step.transport().salt_content(state.xi, state.concentration);
    const double metal_charge = areal_charge(metal_volume);
    const double to_milliampere_per_square_centimetre =
      1. / constants::milliampere_per_square_centimetre;
    const double cell_current = circuit_volume / std::max(time_step, 1e-300) /
                                area / material.velocity_per_current_density;

    StatisticsTable &table = statistics_table;
    table.add_value("time [s]", time);
    table.add_value("step", step);
    table.add_value("cycle", setpoint.cycle);
    table.add_value("stage", setpoint.stage);
    table.add_value("dt [s]", time_step);
    table.add_value("applied current density [mA/cm2]",
                    setpoint.control == Setpoint::Control::current ?
                      setpoint.value * to_milliampere_per_square_centimetre :
                      cell_current * to_milliampere_per_square_centimetre);
    table.add_value("cell current density [mA/cm2]",
                    cell_current * to_milliampere_per_square_centimetre);
    table.add_value("collector potential [V]", state.collector_potential);
    table.add_value("Li metal volume [um3]", metal_volume);
    table.add_value("Li metal capacity [mAh/cm2]",
                    metal_charge /
                      constants::milliampere_hour_per_square_centimetre);
    table.add_value("charge passed [mAh/cm2]",
                    areal_charge(ledger.net_circuit_volume()) /
                      constants::milliampere_hour_per_square_centimetre);
    ledger.add_columns(table);
    const DepositMorphology deposit =
      measure_deposit_morphology(discretization, state.xi, substrate, area);
    table.add_value("deposit thickness [um]", deposit.thickness);
    table.add_value("deposit porosity [-]", deposit.porosity);
    table.add_value("surface area ratio [-]", deposit.surface_area_ratio);
    table.add_value("electrolyte salt [mol/m2]",
                    salt_content / area * 1e-6 * material.bulk_concentration);
    table.add_value("dofs", discretization.dof_handler.n_dofs());
    table.add_value("newton iterations", report.newton_iterations);
    table.add_value("potential iterations", report.potential_iterations);
    table.add_value("phase field iterations", report.phase_field_iterations);
    table.add_value("transport iterations", report.transport_iterations);
    table.add_value("wall time [s]",
                    earlier_wall_time + wall_clock.wall_time());
    table.finish_row();
  }



  template <int dim>
  void
  Simulator<dim>::run(const std::string &checkpoint_directory)
  {
    const bool resuming = !checkpoint_directory.empty();
    wall_clock.start();
    if (is_root && !resuming)
      {
        std::filesystem::create_directories(parameters.output_directory);
        write_file_atomically(parameters.output_directory + "/parameters.prm",
                              parameters.parsed_parameters);
      }
    MPI_Barrier(mpi_communicator);

    if (resuming)
      resume(checkpoint_directory);
    else
      create_mesh_and_initial_state();
    pcout << "DeadLi " << dim << "D on "
          << Utilities::MPI::n_mpi_processes(mpi_communicator) << " rank(s): "
          << discretization.triangulation.n_global_active_cells() << " cells, "
          << discretization.dof_handler.n_dofs()
          << " DoFs per field; output in " << parameters.output_directory
          << std::endl;
    if (resuming)
      pcout << "Resumed from " << checkpoint_directory << " at step " << step
            << ", t = " << time << " s" << std::endl;
    else
      report_geometry();
    check_interface_partition();

    ProgressReporter progress(std::cout, is_root, 2.0);
    const double     total_duration = protocol.total_duration();
    if (!resuming)
      {
        TimerOutput::Scope scope(timer, "output");
        output_writer.write(discretization,
                            state,
                            sei_fraction,
                            substrate,
                            electronic_contact.connectivity(),
                            0,
                            0.);
        record_statistics(protocol.setpoint(), {}, 0., 0.);
      }

    CellState trial_state;
    while (!protocol.finished())
      {
        const Setpoint setpoint  = protocol.setpoint();
        const double   time_step = std::min(time_step_control.current(),
                                          protocol.time_left_in_stage(time));

        const Setpoint metal_target = metal_setpoint(setpoint);
        const auto     report       = coupled_step.advance(
          state, metal_target, time, time_step, trial_state);
        if (!report.accepted)
          {
            if (report.current_not_deliverable)
              {
                pcout << "  " << setpoint.stage << " of cycle "
                      << setpoint.cycle << " ended at t = " << time
                      << " s: no collector potential delivers the set current "
                         "any more"
                      << std::endl;
                protocol.end_stage(time);
                time_step_control.reset();
                continue;
              }
            AssertThrow(!report.potential_failed,
                        ExcMessage("At t = " + std::to_string(time) + " s (" +
                                   setpoint.stage + " of cycle " +
                                   std::to_string(setpoint.cycle) +
                                   ") the potential Newton iteration did not "
                                   "converge. Its problem does not depend on "
                                   "the time step, so the run stops; try a "
                                   "smaller 'Potential solver/Max potential "
                                   "update [V]' or more Newton iterations."));
            pcout << "  step " << step + 1 << " at t = " << time
                  << " s with dt = " << time_step << " s failed ("
                  << report.failure << "); retrying with dt/2" << std::endl;
            if (!time_step_control.rejected())
              {
                // Below the smallest step a galvanostatic stage has met its
                // physical limit (e.g. the surface is depleted at Sand's
                // time); anything else is a solver breakdown.
                AssertThrow(setpoint.control == Setpoint::Control::current &&
                              setpoint.value != 0.,
                            ExcMessage(
                              "The time step fell below 'Time "
                              "stepping/Minimum time step [s]' at t = " +
                              std::to_string(time) + " s: " + report.failure));
                pcout << "  " << setpoint.stage << " of cycle "
                      << setpoint.cycle << " ended at t = " << time
                      << " s: the set current cannot be sustained ("
                      << report.failure << ")" << std::endl;
                protocol.end_stage(time);
                time_step_control.reset();
              }
            continue;
          }

        std::swap(state, trial_state);
        time += time_step;
        ++step;
        time_step_control.accepted(report.max_phase_field_change, time_step);

        // Li through the external circuit: what the set current demands (the
        // potential solve delivered it to solver tolerance), or under
        // potentiostatic control what the metal took (the dead metal the
        // redox mediator oxidised left without current); plus the SEI formed
        // on the new surface.
        const double area_before = inventory.live_interface_area;
        update_electronic_contact();
        const double sei_volume =
          ledger.sei_formed(area_before, inventory.live_interface_area);
        add_sei_on_reactive_surface(
          discretization, state.xi, state.activity, sei_volume, sei_fraction);
        const double metal_volume_change =
          setpoint.control == Setpoint::Control::current ?
            metal_target.value * parameters.geometry->collector_area() *
              parameters.material.velocity_per_current_density * time_step :
            report.metal_volume_rate * time_step +
              report.mediator_dissolved_volume;
        const double circuit_volume = metal_volume_change + sei_volume;
        ledger.record_step(setpoint.cycle,
                           setpoint.stage,
                           time_step,
                           circuit_volume,
                           sei_volume,
                           inventory,
                           report.mediator_dissolved_volume);

        const std::string cutoff =
          protocol.advance({time,
                            state.collector_potential,
                            areal_charge(circuit_volume),
                            inventory.connected_metal});
        if (!cutoff.empty())
          {
            pcout << "  " << cutoff << std::endl;
            time_step_control.reset();
          }

        {
          TimerOutput::Scope scope(timer, "output");
          record_statistics(setpoint, report, time_step, circuit_volume);
          if (protocol.finished() || (parameters.output_interval > 0 &&
                                      step % parameters.output_interval == 0))
            output_writer.write(discretization,
                                state,
                                sei_fraction,
                                substrate,
                                electronic_contact.connectivity(),
                                step,
                                time);
        }
        progress.report(time,
                        protocol.scheduled_time_elapsed(time) / total_duration,
                        setpoint.cycle,
                        setpoint.stage,
                        step,
                        time_step,
                        state.collector_potential,
                        protocol.finished());

        if (parameters.adaptivity.interval > 0 &&
            step % parameters.adaptivity.interval == 0 && !protocol.finished())
          adapt_mesh();

        const unsigned int checkpoint_interval = parameters.checkpoint.interval;
        const bool         stop_here = step == parameters.checkpoint.stop_after;
        if ((checkpoint_interval > 0 &&
             (step % checkpoint_interval == 0 || protocol.finished())) ||
            stop_here)
          {
            TimerOutput::Scope scope(timer, "checkpoint");
            checkpoint.save(
              discretization,
              {&state.xi, &state.concentration, &state.phi, &sei_fraction},
              is_root ? scalar_state() : std::string(),
              step);
          }
        if (stop_here && !protocol.finished())
          {
            timer.print_summary();
            pcout << "Stopped at step " << step << " (t = " << time
                  << " s) as 'Checkpoint/Stop after step' asks. Continue with: "
                  << "deadli --resume " << parameters.output_directory
                  << std::endl;
            return;
          }
      }

    ledger.finish();
    timer.print_summary();
    pcout << "Done: " << step << " steps. Output in "
          << parameters.output_directory
          << "/ (open solution.pvd in ParaView; statistics.csv for the "
             "numbers)."
          << std::endl;
  }



  template <int dim>
  const StatisticsTable &
  Simulator<dim>::statistics() const
  {
    return statistics_table;
  }



  template <int dim>
  const Discretization<dim> &
  Simulator<dim>::get_discretization() const
  {
    return discretization;
  }



  template <int dim>
  const CellState &
  Simulator<dim>::get_state() const
  {
    return state;
  }



  template <int dim>
  const Substrate<dim> &
  Simulator<dim>::get_substrate() const
  {
    return substrate;
  }



  template <int dim>
  const LithiumLedger &
  Simulator<dim>::get_ledger() const
  {
    return ledger;
  }



  template <int dim>
  const PETScWrappers::MPI::Vector &
  Simulator<dim>::get_sei_fraction() const
  {
    return sei_fraction;
  }



  template class Simulator<2>;
  template class Simulator<3>;
} // namespace deadli
