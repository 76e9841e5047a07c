#include <deadli/cycling/lithium_ledger.h>

#include <algorithm>

namespace deadli
{
  using namespace dealii;

  void
  LithiumLedger::Parameters::declare_parameters(ParameterHandler &prm)
  {
    prm.enter_subsection("SEI");
    prm.declare_entry(
      "SEI Li per new surface [nm]",
      "10",
      Patterns::Double(0, 1000),
      "Li consumed by SEI formation on each unit of newly created metal "
      "surface, as the thickness of dense Li it equals, in [0, 1000] nm. "
      "An SEI of 20-50 nm holding 20-30 % Li by volume corresponds to "
      "5-15 nm. 0: no SEI loss.");
    prm.leave_subsection();
  }



  void
  LithiumLedger::Parameters::parse_parameters(ParameterHandler &prm)
  {
    prm.enter_subsection("SEI");
    sei_lithium_thickness =
      1e-3 * prm.get_double("SEI Li per new surface [nm]");
    prm.leave_subsection();
  }



  LithiumLedger::LithiumLedger(const Parameters  &parameters,
                               const double       collector_area,
                               const double       capacity_per_thickness,
                               const std::string &cycles_path)
    : parameters(parameters)
    , collector_area(collector_area)
    , capacity_per_thickness(capacity_per_thickness)
    , cycle_table(cycles_path)
  {}



  void
  LithiumLedger::start(const MetalInventory &initial_inventory)
  {
    initial               = initial_inventory;
    now                   = initial_inventory;
    cycle_start           = CycleStart();
    cycle_start.inventory = initial_inventory;
  }



  double
  LithiumLedger::expected_sei_rate() const
  {
    return last_sei_rate;
  }



  double
  LithiumLedger::sei_formed(const double area_before,
                            const double area_after) const
  {
    return parameters.sei_lithium_thickness *
           std::max(0., area_after - area_before);
  }



  void
  LithiumLedger::record_step(const unsigned int    step_cycle,
                             const std::string    &stage,
                             const double          time_step,
                             const double          circuit_volume,
                             const double          step_sei_volume,
                             const MetalInventory &after,
                             const double          mediator_dissolved_volume)
  {
    if (cycle != 0 && step_cycle != cycle)
      close_cycle();
    cycle = step_cycle;

    if (stage == "plate")
      plated_volume += circuit_volume;
    else if (stage == "strip")
      stripped_volume -= circuit_volume;
    net_circuit += circuit_volume;
    sei_volume += step_sei_volume;
    mediator_dissolved += mediator_dissolved_volume;
    last_sei_rate = step_sei_volume / time_step;
    now           = after;
  }



  void
  LithiumLedger::record_remeshing(const double metal_before,
                                  const double metal_after)
  {
    remeshing += metal_after - metal_before;
  }



  void
  LithiumLedger::finish()
  {
    if (cycle != 0)
      close_cycle();
    cycle = 0;
  }



  double
  LithiumLedger::capacity(const double volume) const
  {
    return volume / collector_area * capacity_per_thickness;
  }



  void
  LithiumLedger::close_cycle()
  {
    const double plated   = plated_volume - cycle_start.plated_volume;
    const double stripped = stripped_volume - cycle_start.stripped_volume;
    const double dead_formed =
      now.dead_metal_volume - cycle_start.inventory.dead_metal_volume;
    const double sei_formed_in_cycle = sei_volume - cycle_start.sei_volume;
    const double active_change =
      now.live_metal_volume - cycle_start.inventory.live_metal_volume;
    const double loss = plated - stripped;

    StatisticsTable &table = cycle_table;
    table.add_value("cycle", cycle);
    table.add_value("plated [mAh/cm2]", capacity(plated));
    table.add_value("stripped [mAh/cm2]", capacity(stripped));
    table.add_value("Coulombic efficiency [%]",
                    plated > 0 ? 100. * stripped / plated : 0.);
    // Adams et al. (2018): with a Li reservoir present at the start (a Li
    // foil, or the initial Li of the run), the per-cycle CE can exceed 100 %
    // when old Li is stripped; all Li stripped so far over all Li made
    // available (reservoir + plated) is the loss-revealing average.
    const double available = initial.live_metal_volume + plated_volume;
    table.add_value("average CE with initial Li [%]",
                    available > 0 ? 100. * stripped_volume / available : 0.);
    table.add_value("loss [mAh/cm2]", capacity(loss));
    table.add_value("dead Li0 formed [mAh/cm2]", capacity(dead_formed));
    table.add_value("SEI Li+ formed [mAh/cm2]", capacity(sei_formed_in_cycle));
    table.add_value("active Li0 change [mAh/cm2]", capacity(active_change));
    table.add_value("mediator-dissolved Li0 [mAh/cm2]",
                    capacity(mediator_dissolved -
                             cycle_start.mediator_dissolved));
    table.add_value("remeshing change [mAh/cm2]",
                    capacity(remeshing - cycle_start.remeshing));
    table.add_value("loss to dead Li0 [%]",
                    loss > 0 ? 100. * dead_formed / loss : 0.);
    table.add_value("loss to SEI Li+ [%]",
                    loss > 0 ? 100. * sei_formed_in_cycle / loss : 0.);
    table.add_value("dead Li0 [mAh/cm2]", capacity(now.dead_metal_volume));
    table.add_value("SEI Li+ [mAh/cm2]", capacity(sei_volume));
    table.add_value("active Li0 [mAh/cm2]", capacity(now.live_metal_volume));
    table.add_value("dead fragments", now.n_dead_fragments);
    table.add_value("largest dead fragment [um3]",
                    now.largest_dead_fragment_volume);
    table.finish_row();

    cycle_start.inventory          = now;
    cycle_start.sei_volume         = sei_volume;
    cycle_start.plated_volume      = plated_volume;
    cycle_start.stripped_volume    = stripped_volume;
    cycle_start.remeshing          = remeshing;
    cycle_start.mediator_dissolved = mediator_dissolved;
  }



  void
  LithiumLedger::add_columns(StatisticsTable &table) const
  {
    table.add_value("plated [mAh/cm2]", capacity(plated_volume));
    table.add_value("stripped [mAh/cm2]", capacity(stripped_volume));
    table.add_value("active Li0 [mAh/cm2]", capacity(now.live_metal_volume));
    table.add_value("dead Li0 [mAh/cm2]", capacity(now.dead_metal_volume));
    table.add_value("dead Li0 volume [um3]", now.dead_metal_volume);
    table.add_value("SEI Li+ [mAh/cm2]", capacity(sei_volume));
    table.add_value("mediator-dissolved Li0 [mAh/cm2]",
                    capacity(mediator_dissolved));
    table.add_value("dead fragments", now.n_dead_fragments);
    table.add_value("largest dead fragment [um3]",
                    now.largest_dead_fragment_volume);
    table.add_value("reactive surface area [um2]", now.live_interface_area);
    table.add_value("remeshing change [mAh/cm2]", capacity(remeshing));
    table.add_value("Li balance error [mAh/cm2]", balance_error());
  }



  double
  LithiumLedger::balance_error() const
  {
    const double metal_now = now.live_metal_volume + now.dead_metal_volume +
                             sei_volume + mediator_dissolved;
    const double metal_start =
      initial.live_metal_volume + initial.dead_metal_volume;
    return capacity(metal_now - metal_start - remeshing - net_circuit);
  }



  double
  LithiumLedger::net_circuit_volume() const
  {
    return net_circuit;
  }



  const StatisticsTable &
  LithiumLedger::cycles() const
  {
    return cycle_table;
  }
} // namespace deadli
