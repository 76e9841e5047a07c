// The Cu host as a fixed part of the metal (doc/model.md, section 3.5), on a
// 2D cell whose host is a Cu slab with a round-topped pillar: the pillar's
// curvature would make an unconstrained phase field shrink it by its own
// radius within 20 s even at the reduced interface relaxation rate used here
// (1/s instead of 15/s, which keeps the test fast: the explicit double well
// caps the step at 0.1 / rate).
//
// 1. At rest (zero current) the bare host neither dissolves nor grows: the
//    metal phase field stays on the host indicator.
// 2. Plating onto the bare host (no Li at all at t = 0, an anode-free cell)
//    puts exactly the charge passed on the host surface as Li, and the host
//    stays covered (xi >= chi).
// 3. Stripping removes that Li and ends for lack of connected Li, with the
//    host intact (to 0.2 % of the indicator); the Li ledger closes to 1e-8
//    throughout.
// 4. The same cycle with the mesh adapted every 5 steps changes the Li by
//    less than 2e-4 of the plated charge at the adaptations.
// 5. On a flat slab, the collector is below 0 V at every step of the
//    plating and above it at every step of the strip.

#include <deadli/geometry/planar_collector.h>

#include "planar_cell.h"

using namespace dealii;
using namespace deadli;
using namespace deadli::testing;

namespace
{
  /// A Cu slab of 1 µm, with or without a 1.5 µm wide, 3 µm high
  /// round-topped pillar.
  class SlabWithPillar : public PlanarCollector<2>
  {
  public:
    SlabWithPillar(const PlanarCollector<2> &box, const bool with_pillar)
      : PlanarCollector<2>(box)
      , with_pillar(with_pillar)
    {}

    double
    host_distance(const Point<2> &point) const override
    {
      const double slab_top = 1, pillar_top = 4, radius = 0.75;
      if (!with_pillar)
        return point[1] - slab_top;
      const double centre = domain_width / 2;
      const double pillar =
        point[1] < pillar_top ?
          std::max(std::abs(point[0] - centre) - radius, -point[1]) :
          (point - Point<2>(centre, pillar_top)).norm() - radius;
      return std::min(point[1] - slab_top, pillar);
    }

    bool
    has_host() const override
    {
      return true;
    }

  private:
    const bool with_pillar;
  };

  const std::string base_parameters = R"(
set Dimension = 2
set Output interval = 0
subsection Geometry
  set Domain width [um] = 6
  set Domain height [um] = 10
  set Coarse cell size [um] = 1
  set Initial Li thickness [um] = 0
  set Surface roughness amplitude [um] = 0
  set Number of nuclei = 0
end
subsection Phase field
  set Interface width [um] = 0.5
  set Interface relaxation rate [1/s] = 1
end
subsection Mesh refinement
  set Initial global refinement = 1
  set Maximum level = 3
  set Refinement interval = 0
end
subsection Time stepping
  set Initial time step [s] = 0.05
  set Maximum time step [s] = 1
end
)";

  /// A run of the schedule on the slab-and-pillar host.
  struct HostRun
  {
    /// @p overrides: more prm text, after the base parameters.
    HostRun(const std::string &name,
            const std::string &schedule,
            const std::string &overrides   = "",
            const bool         with_pillar = true)
    {
      RunParameters<2> parameters =
        parameters_from_text<2>(name + ".prm",
                                base_parameters +
                                  "set Output directory = " + name +
                                  "_output\nsubsection Cycling\n  set "
                                  "Schedule = " +
                                  schedule + "\nend\n" + overrides);
      const auto &box =
        dynamic_cast<const PlanarCollector<2> &>(*parameters.geometry);
      parameters.geometry = std::make_shared<SlabWithPillar>(box, with_pillar);
      // The simulator keeps a reference to its parameters.
      stored_parameters = std::make_unique<RunParameters<2>>(parameters);
      simulator =
        std::make_unique<Simulator<2>>(*stored_parameters, MPI_COMM_WORLD);
      simulator->run();
    }

    /// Largest and smallest xi - chi over the DoFs, on every rank.
    std::pair<double, double>
    lithium_range() const
    {
      const auto &xi      = simulator->get_state().xi;
      const auto &host    = simulator->get_substrate().host;
      double      largest = -1e300, smallest = 1e300;
      for (const auto index :
           simulator->get_discretization().locally_owned_dofs)
        {
          largest  = std::max(largest, xi[index] - host[index]);
          smallest = std::min(smallest, xi[index] - host[index]);
        }
      return {Utilities::MPI::max(largest, MPI_COMM_WORLD),
              Utilities::MPI::min(smallest, MPI_COMM_WORLD)};
    }

    double
    value(const std::size_t row, const std::string &column) const
    {
      return std::stod(simulator->statistics().value(row, column));
    }

    std::size_t
    last() const
    {
      return simulator->statistics().n_rows() - 1;
    }

    std::unique_ptr<RunParameters<2>> stored_parameters;
    std::unique_ptr<Simulator<2>>     simulator;
  };
} // namespace

int
main(int argc, char **argv)
{
  Utilities::MPI::MPI_InitFinalize mpi(argc, argv, 1);
  const bool root = Utilities::MPI::this_mpi_process(MPI_COMM_WORLD) == 0;

  unsigned int failures = 0;
  const auto   check    = [&](const bool ok, const std::string &what) {
    if (root)
      std::cout << (ok ? "ok:     " : "FAILED: ") << what << std::endl;
    failures += ok ? 0 : 1;
  };

  {
    const HostRun rest("copper_host_rest", "rest 20 s");
    const auto [largest, smallest] = rest.lithium_range();
    const double lithium = rest.value(rest.last(), "Li metal volume [um3]");
    if (root)
      std::cout << "after 20 s at rest: xi - chi in [" << smallest << ", "
                << largest << "], Li volume " << lithium << " um2" << std::endl;
    // Bare Cu plates only below its threshold: at zero current the
    // collector stays above it and nothing is plated (measured 1.8e-12 and
    // 3e-12 um2). Until 6 Dec 2026 bare Cu plated at any potential, a
    // trace of 1e-3 um2 (0.2 nm over the 6 um width) with xi 3.5e-4 above
    // chi, while the collector potential crept up.
    check(largest < 1e-6 && smallest > -1e-6,
          "bare host at rest: xi stays on chi to 1e-6");
    check(std::abs(lithium) < 1e-6, "no Li appears or disappears at rest");
  }

  const std::string cycle_schedule =
    "plate 10 mA/cm2 for 20 s; strip 10 mA/cm2 to 0.5 V for 40 s";
  const double expected = 10. * 20. / 3600.;
  {
    const HostRun cycle("copper_host_cycle", cycle_schedule);
    const auto   &table          = cycle.simulator->statistics();
    std::size_t   end_of_plating = 0;
    for (std::size_t row = 0; row <= cycle.last(); ++row)
      if (table.value(row, "stage") == "plate")
        end_of_plating = row;
    const double plated =
      cycle.value(end_of_plating, "Li metal capacity [mAh/cm2]");
    const double charge =
      cycle.value(end_of_plating, "charge passed [mAh/cm2]");
    if (root)
      std::cout << "plated onto bare host: " << plated << " mAh/cm2 of Li0, "
                << charge << " mAh/cm2 passed, " << expected << " mAh/cm2 set"
                << std::endl;
    check(std::abs(charge - expected) < 1e-6 * expected,
          "the set charge passed while plating");
    check(plated > 0.9 * expected,
          "at least 90 % of it is Li0 on the host (the rest SEI)");

    const auto [largest, smallest] = cycle.lithium_range();
    const double remaining = cycle.value(cycle.last(), "Li metal volume [um3]");
    const double end_time  = cycle.value(cycle.last(), "time [s]");
    if (root)
      std::cout << "after stripping (t = " << end_time << " s): xi - chi in ["
                << smallest << ", " << largest << "], Li left " << remaining
                << " um2" << std::endl;
    check(end_time < 20 + 40 - 1, "the strip ended before its time limit");
    // The anodic rate sees the Li of the step's start, so a long last step
    // strips past the last Li into the host: xi ended 0.014 below chi
    // before steps that do so were rejected ('Step acceptance/Host
    // stripping tolerance', 2e-4 per step; measured -3.1e-4 with it,
    // -2.8e-7 since the host correction's weight follows the Li thickness).
    check(smallest > -2e-3, "the host is intact (xi >= chi - 2e-3)");
    check(remaining <
            0.05 * cycle.value(end_of_plating, "Li metal volume [um3]"),
          "at most 5 % of the plated Li is left");

    double largest_error = 0;
    for (std::size_t row = 0; row <= cycle.last(); ++row)
      largest_error =
        std::max(largest_error,
                 std::abs(cycle.value(row, "Li balance error [mAh/cm2]")));
    if (root)
      std::cout << "largest |Li balance error| " << largest_error << " mAh/cm2"
                << std::endl;
    check(largest_error < 1e-8 * expected, "Li balance closes to 1e-8");
  }

  {
    // The same cycle on a mesh adapted every 5 steps. The host is made
    // again on each new mesh, and the adaptation must keep each cell's Li,
    // xi - chi, rather than xi: what it cannot keep is booked as the
    // remeshing change.
    const HostRun remeshed("copper_host_remeshed",
                           cycle_schedule,
                           "subsection Mesh refinement\n"
                           "  set Refinement interval = 5\n"
                           "end\n");
    const auto   &table         = remeshed.simulator->statistics();
    double        largest_error = 0, largest_remeshing = 0;
    bool          mesh_changed = false;
    for (std::size_t row = 0; row <= remeshed.last(); ++row)
      {
        largest_error =
          std::max(largest_error,
                   std::abs(remeshed.value(row, "Li balance error [mAh/cm2]")));
        largest_remeshing =
          std::max(largest_remeshing,
                   std::abs(remeshed.value(row, "remeshing change [mAh/cm2]")));
        mesh_changed =
          mesh_changed || table.value(row, "dofs") != table.value(0, "dofs");
      }
    if (root)
      std::cout << "remeshed every 5 steps: largest |remeshing change| "
                << largest_remeshing << " mAh/cm2, largest |Li balance error| "
                << largest_error << " mAh/cm2" << std::endl;
    check(mesh_changed, "the mesh changed");
    // Measured 4.1e-6 mAh/cm2 (7e-5 of the plated), the Li raised where xi
    // had fallen below chi before a mesh change; 9.7e-5 when the
    // adaptation kept xi instead of the Li.
    check(largest_remeshing < 2e-4 * expected,
          "remeshing changes the Li by less than 2e-4 of the plated");
    check(largest_error < 1e-8 * expected,
          "Li balance closes to 1e-8 across remeshing");
  }

  {
    // Li plates below Li's equilibrium potential and strips above it, on
    // bare Cu and on a film thinner than the interface alike. A flat slab:
    // the film used to grow by itself, because the host correction's weight
    // B fell across the host's diffuse surface and its divergence form then
    // had a metal source (model.md, section 3.6); galvanostatic control held
    // the collector at up to +0.22 V while plating here. On the pillar the
    // collector still rises above 0 V late in the plating (+0.13 V; the
    // concave corners fill by curvature flow at this relaxation rate, and
    // the Li thickness varies along the curved host; at 0.05/s, the
    // studies' rate, it stays below -0.085 V): not checked there.
    const HostRun flat("copper_host_flat", cycle_schedule, "", false);
    const auto   &table            = flat.simulator->statistics();
    double        highest_plating  = -1e300;
    double        lowest_stripping = 1e300;
    for (std::size_t row = 1; row <= flat.last(); ++row)
      {
        const double potential = flat.value(row, "collector potential [V]");
        if (table.value(row, "stage") == "plate")
          highest_plating = std::max(highest_plating, potential);
        else if (table.value(row, "stage") == "strip")
          lowest_stripping = std::min(lowest_stripping, potential);
      }
    if (root)
      std::cout << "flat slab: collector potential at most " << highest_plating
                << " V while plating, at least " << lowest_stripping
                << " V while stripping" << std::endl;
    check(highest_plating < 0., "the collector is below 0 V while plating");
    check(lowest_stripping > 0., "the collector is above 0 V while stripping");
  }

  return Utilities::MPI::sum(failures, MPI_COMM_WORLD) == 0 ? 0 : 1;
}
