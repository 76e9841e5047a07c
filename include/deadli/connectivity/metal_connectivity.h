#ifndef deadli_connectivity_metal_connectivity_h
#define deadli_connectivity_metal_connectivity_h

#include <deal.II/base/types.h>

#include <deal.II/distributed/tria.h>

#include <limits>
#include <vector>

namespace deadli
{
  /**
   * Connected components of the electronic conductor (Li metal and Cu) on a
   * distributed mesh, and which of them have lost their path to the current
   * collector terminal: dead lithium.
   *
   * Why a module of its own, knowing nothing of PETSc or of the physics: the
   * decision "is this metal still wired to the collector" is pure topology,
   * and its answer must be exact (a count of fragments, not an estimate), so
   * it is tested on hand-made meshes and flags.
   *
   * Two cells are adjacent when they share a face, including faces with
   * hanging nodes (a coarse cell touches each of its refined neighbours) and
   * periodic faces. The labels do not depend on the number of MPI ranks or
   * on the partition: a component's id is the smallest curve position among
   * its cells, where the curve position of an active cell is its index in
   * the global sequence of active cells along p4est's space-filling curve
   * (which is CellId order: p4est trees in the order of their coarse cell
   * ids, Morton order inside a tree). It is deliberately not
   * cell->global_active_cell_index(): deal.II 9.4 numbers the locally owned
   * cells of each rank in its level-wise iteration order and offsets them by
   * rank, so that index changes with the partition (measured in
   * tests/connectivity/partition_independence.cc).
   *
   * Algorithm: union-find over the locally owned cells; one exchange of
   * provisional labels to the ghost layer; the cross-rank equivalences and
   * the per-label anchor flags and sums are gathered on every rank and
   * resolved there by a second union-find. The final ids of ghost cells
   * follow from their provisional labels through that resolution, so no
   * second ghost exchange is needed. Cost O(locally owned cells) plus
   * O(partition-boundary faces) data in one ghost exchange, and the
   * per-label records of all ranks in one all-gather (two MPI calls: sizes,
   * then data).
   */
  template <int dim>
  class MetalConnectivity
  {
  public:
    /// Marks cells that are not conductors. The largest value of the index
    /// type, not numbers::invalid_unsigned_int, which is a valid index when
    /// deal.II uses 64-bit indices.
    static constexpr dealii::types::global_cell_index no_component =
      std::numeric_limits<dealii::types::global_cell_index>::max();

    /// One connected component, as every rank sees it after label().
    struct Component
    {
      /// Smallest curve position (see the class documentation) among its
      /// cells.
      dealii::types::global_cell_index id;
      /// Number of active cells.
      dealii::types::global_cell_index n_cells;
      /// Whether it contains an anchor cell (is wired to the terminal).
      bool anchored;
      /// Sum over its cells of the caller's per-cell weight (e.g. the metal
      /// volume of the cell, µm^3). Summed rank by rank, so its last bits can
      /// depend on the partition unless the weights are exactly representable
      /// and their sums too (e.g. dyadic cell volumes).
      double weight;
    };

    explicit MetalConnectivity(
      const dealii::parallel::distributed::Triangulation<dim> &triangulation);

    /**
     * Label the conductor. Collective: every rank of the triangulation's
     * communicator calls it. All three vectors are indexed by
     * cell->active_cell_index() and have triangulation.n_active_cells()
     * entries; only the entries of locally owned cells are read.
     *
     * @param is_conductor Cell conducts electrons (metal or Cu host).
     * @param is_anchor Conductor cell wired to the terminal by construction:
     *   a conductor cell with a face on the collector boundary, or Cu host.
     * @param weight Summed per component into Component::weight.
     */
    void
    label(const std::vector<bool>   &is_conductor,
          const std::vector<bool>   &is_anchor,
          const std::vector<double> &weight);

    /**
     * Component id of a locally owned or ghost cell (by active cell index),
     * or no_component for a non-conductor.
     */
    dealii::types::global_cell_index
    component(const unsigned int active_cell_index) const;

    /// Whether a locally owned or ghost cell is a conductor in a component
    /// with no anchor.
    bool
    is_dead(const unsigned int active_cell_index) const;

    /// All components of the whole mesh, sorted by id; the same on every
    /// rank.
    const std::vector<Component> &
    components() const;

  private:
    const dealii::parallel::distributed::Triangulation<dim> &triangulation;
    /// Per active cell (locally owned and ghost entries valid).
    std::vector<dealii::types::global_cell_index> cell_component;
    std::vector<bool>                             cell_dead;
    std::vector<Component>                        all_components;
  };
} // namespace deadli

#endif
