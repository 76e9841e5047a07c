#ifndef deadli_cycling_lithium_ledger_h
#define deadli_cycling_lithium_ledger_h

#include <deal.II/base/parameter_handler.h>

#include <deadli/cycling/metal_inventory.h>
#include <deadli/io/statistics_table.h>

#include <string>

namespace deadli
{
  /**
   * Where the lithium went: the inactive-Li accounting that titration and
   * mass-spectrometry experiments report (Fang et al. 2019), step by step and
   * cycle by cycle.
   *
   * Every Li atom that crossed the external circuit is in one of three
   * places: active metal (wired to the collector), dead metal (lost contact,
   * ElectronicContact), or SEI. SEI forms on freshly created metal surface:
   * each µm^2 of new reactive surface consumes a layer of Li of equivalent
   * dense thickness 'SEI Li per new surface', from the cell current (the
   * reduction that builds SEI takes electrons like plating does). New surface
   * is the net growth of the reactive area within a step; shrinking surface
   * leaves its SEI behind. The Coulombic efficiency of a cycle is the
   * stripped over the plated charge, and its loss splits into the dead Li
   * formed, the SEI formed, and active Li left on the electrode. A redox
   * mediator (CoupledStep) adds a fourth place that is not metal: dead Li0
   * it oxidised to Li+ in the electrolyte without current, booked as
   * 'mediator-dissolved Li0'; the dead Li0 column is then net of it. When the
   * run starts with Li on the electrode, a cycle may strip some of that old
   * Li and show a CE above 100 %; cycles.csv therefore also gives the
   * reservoir-corrected average CE of Adams et al. (2018): all Li stripped
   * so far over the initial active Li plus all Li plated so far.
   *
   * Amounts are kept as volumes of dense Li (µm^3; µm^2 in 2D) and reported
   * as areal capacities (mAh/cm^2) of the collector.
   */
  class LithiumLedger
  {
  public:
    struct Parameters
    {
      static void
      declare_parameters(dealii::ParameterHandler &prm);
      void
      parse_parameters(dealii::ParameterHandler &prm);

      /// Thickness of dense Li consumed per unit of new surface, µm.
      double sei_lithium_thickness;
    };

    /**
     * @p capacity_per_thickness: mAh/cm^2 per µm of dense Li.
     * @p cycles_path: where cycles.csv goes; empty on ranks that do not
     * write.
     */
    LithiumLedger(const Parameters  &parameters,
                  const double       collector_area,
                  const double       capacity_per_thickness,
                  const std::string &cycles_path);

    /// The electrode at t = 0.
    void
    start(const MetalInventory &initial);

    /// SEI rate of the last step, µm^3/s: the share of a galvanostatic set
    /// current that the next step expects to go into SEI, not metal.
    double
    expected_sei_rate() const;

    /// SEI volume formed when the reactive area grows from @p area_before to
    /// @p area_after.
    double
    sei_formed(const double area_before, const double area_after) const;

    /**
     * Book an accepted step of @p cycle and @p stage ("plate", "strip",
     * "rest"): @p circuit_volume of Li crossed the external circuit
     * (positive = plating), @p sei_volume of it went into SEI, and the
     * electrode is now @p after. @p mediator_dissolved_volume of dead
     * metal was oxidised by the redox mediator into Li+ in the electrolyte,
     * without current. A new cycle number closes the previous cycle's row
     * in cycles.csv.
     */
    void
    record_step(const unsigned int    cycle,
                const std::string    &stage,
                const double          time_step,
                const double          circuit_volume,
                const double          sei_volume,
                const MetalInventory &after,
                const double          mediator_dissolved_volume = 0.);

    /// Metal volume before and after a mesh change (interpolation on
    /// coarsening is not conservative; the ledger keeps the difference).
    void
    record_remeshing(const double metal_before, const double metal_after);

    /// Close the last cycle (end of run).
    void
    finish();

    /// Append this step's columns to a statistics row.
    void
    add_columns(StatisticsTable &table) const;

    /**
     * Metal + SEI + mediator-dissolved Li now, minus metal at the start,
     * minus remeshing change, minus net charge through the circuit,
     * mAh/cm^2: zero up to solver tolerance.
     */
    double
    balance_error() const;

    /// Cumulative Li through the circuit, µm^3 (positive = plating).
    double
    net_circuit_volume() const;

    /// The per-cycle table (in memory on every rank; for tests).
    const StatisticsTable &
    cycles() const;

    /// For checkpoints: every accumulator and the cycle table.
    template <class Archive>
    void
    serialize(Archive &archive, const unsigned int)
    {
      archive &cycle_table &initial &now &sei_volume &plated_volume
        &stripped_volume &net_circuit &remeshing &last_sei_rate &cycle;
      archive &cycle_start.inventory &cycle_start.sei_volume &cycle_start
        .plated_volume &cycle_start.stripped_volume &cycle_start.remeshing;
      archive &mediator_dissolved &cycle_start.mediator_dissolved;
    }

  private:
    double
    capacity(const double volume) const;

    void
    close_cycle();

    const Parameters &parameters;
    const double      collector_area;
    const double      capacity_per_thickness;
    StatisticsTable   cycle_table;

    MetalInventory initial;
    MetalInventory now;
    double         sei_volume      = 0;
    double         plated_volume   = 0;
    double         stripped_volume = 0;
    double         net_circuit     = 0;
    double         remeshing       = 0;
    /// Dead Li0 oxidised by the redox mediator to Li+ in the electrolyte.
    double       mediator_dissolved = 0;
    double       last_sei_rate      = 0;
    unsigned int cycle              = 0;

    /// Values at the start of the open cycle.
    struct CycleStart
    {
      MetalInventory inventory;
      double         sei_volume         = 0;
      double         plated_volume      = 0;
      double         stripped_volume    = 0;
      double         remeshing          = 0;
      double         mediator_dissolved = 0;
    } cycle_start;
  };
} // namespace deadli

#endif
