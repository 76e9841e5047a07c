#ifndef deadli_connectivity_metal_connectivity_h
#define deadli_connectivity_metal_connectivity_h

#include <deal.II/base/types.h>

#include <deal.II/distributed/tria.h>

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
   * on the partition: a component's id is the smallest global active cell
   * index among its cells (p4est numbers active cells along its space-filling
   * curve, whatever the partition).
   *
   * Algorithm: union-find over the locally owned cells; one exchange of
   * provisional labels to the ghost layer; the cross-rank equivalences and
   * the per-label anchor flags are gathered on every rank and resolved there
   * by a second union-find. Cost O(locally owned cells) plus
   * O(partition-boundary faces) data in one ghost exchange and one
   * all-gather.
   */
  template <int dim>
  class MetalConnectivity
  {
  public:
    /// Marks cells that are not conductors.
    static constexpr dealii::types::global_cell_index no_component =
      dealii::numbers::invalid_unsigned_int;

    /// One connected component, as every rank sees it after label().
    struct Component
    {
      /// Smallest global active cell index among its cells.
      dealii::types::global_cell_index id;
      /// Number of active cells.
      dealii::types::global_cell_index n_cells;
      /// Whether it contains an anchor cell (is wired to the terminal).
      bool anchored;
      /// Sum over its cells of the caller's per-cell weight (e.g. the metal
      /// volume of the cell, µm^3).
      double weight;
    };

    explicit MetalConnectivity(
      const dealii::parallel::distributed::Triangulation<dim> &triangulation);

    /**
     * Label the conductor. All three vectors are indexed by
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
