#ifndef deadli_mesh_content_conservation_h
#define deadli_mesh_content_conservation_h

#include <deal.II/distributed/cell_data_transfer.h>

#include <deal.II/lac/petsc_vector.h>
#include <deal.II/lac/vector.h>

#include <deadli/mesh/discretization.h>

#include <functional>
#include <limits>
#include <memory>
#include <vector>

namespace deadli
{
  /**
   * Keeps the Li metal and the salt through a mesh adaptation.
   *
   * SolutionTransfer carries a Q1 field onto a coarsened cell by
   * interpolation: the parent keeps its children's values at its own
   * vertices and forgets the rest, and a vertex that becomes a hanging node
   * takes the mean of its edge. Neither keeps the integral, so every
   * adaptation that coarsens created or destroyed a little metal and salt
   * (2e-5 of the metal and 7e-6 of the salt over the remeshed cycle of
   * tests/physics/mass_balance), which the ledger could only book as a
   * "remeshing change". Refinement keeps the integral of an interpolated
   * field (Q1 spaces are nested), but not that of a content whose capacity
   * depends on xi nonlinearly, such as the salt where the electrolyte
   * fraction is at its floor: other quadrature points see it.
   *
   * This class records each content per cell before the mesh changes and
   * hands it to the new mesh with a CellDataTransfer: a coarsened parent
   * receives the sum of its children, a refined parent's content is split
   * among its children. After the transfer, what a kept or coarsened cell,
   * or a refined family as a whole, lost is spread over its vertices in
   * proportion to the lumped capacity of their shape functions, and the
   * field is corrected by that nodal amount over the lumped capacity. A
   * content with bounds (Content::floor, Content::ceiling) weights each
   * vertex's share with the room the field has there towards the bound it
   * moves to instead, and spreads no more than that room: the Li taken from
   * a partly covered host surface then comes from the vertices that hold
   * Li, not from bare host, and none is put where the field is already at
   * 1. What does not fit stays uncorrected: under a Li layer (xi = 1) the
   * Li is 1 - chi, and a host surface interpolated on other cells holds a
   * little more or less of it, which only xi > 1 could restore. The
   * correction stays on the vertices of the cells whose content changed
   * (it does not carry metal to a distant fragment), and where it is not
   * capped it restores the content exactly up to round-off, since the
   * lumped capacities go through the same constraints as the correction.
   * A refined
   * family must lie on one rank, which deal.II's partitioning for
   * coarsening ensures (restore() stops with an error if not).
   */
  template <int dim>
  class ContentConservation
  {
  public:
    /// A field whose content, capacity(xi) * (field - floor) integrated over
    /// the domain, remeshing must keep.
    struct Content
    {
      /// Ghosted field, corrected in place by restore().
      dealii::PETScWrappers::MPI::Vector *field;
      /// Content per unit of the field where the phase field is xi: 1 for
      /// the phase field itself (metal volume), the electrolyte fraction for
      /// the salt concentration.
      std::function<double(double xi)> capacity;
      /**
       * Ghosted field that is not content, or nullptr: the Cu host fraction
       * chi under xi, whose Li is xi - chi. The host is made again from the
       * geometry on the new mesh, not transferred, and its integral changes
       * with the mesh, so keeping the integral of xi alone would create or
       * destroy Li wherever a host surface is refined or coarsened. restore()
       * reads it on the new mesh and never takes the field below it (but for
       * the share a hanging node passes to its masters).
       */
      const dealii::PETScWrappers::MPI::Vector *floor = nullptr;
      /// Bound that restore() keeps the field under in the same way (1 for
      /// xi, so that a restored cell does not hold more than metal).
      double ceiling = std::numeric_limits<double>::infinity();
    };

    /**
     * @p xi is the ghosted phase field that the capacities are evaluated
     * with; if it is one of the @p contents, it must be the first of them,
     * so that the others are restored with the corrected phase field.
     */
    ContentConservation(const Discretization<dim> &discretization,
                        const dealii::PETScWrappers::MPI::Vector &xi,
                        std::vector<Content>                      contents);

    /**
     * Record every content per cell and register it with the triangulation.
     * Call after Triangulation::prepare_coarsening_and_refinement() and
     * before execute_coarsening_and_refinement(), on the old DoFs.
     */
    void
    prepare_for_coarsening_and_refinement();

    /**
     * Call after the new DoFs are set up, the fields transferred and every
     * floor made again on the new mesh: put back into each field what its
     * cells lost or gained, within the content's bounds. Returns the change
     * of each content (new minus old, summed over all ranks) that the
     * transfer and the new floor had made before the restoration.
     */
    std::vector<double>
    restore();

  private:
    /// Content of field @p content_index in each locally owned active cell,
    /// indexed by active cell index; 0 on the others.
    dealii::Vector<double>
    cell_contents(const unsigned int content_index) const;

    const Discretization<dim>                &discretization;
    const dealii::PETScWrappers::MPI::Vector &xi;
    const std::vector<Content>                contents;

    std::vector<dealii::Vector<double>> recorded_contents;
    std::unique_ptr<dealii::parallel::distributed::
                      CellDataTransfer<dim, dim, dealii::Vector<double>>>
      cell_data_transfer;
  };
} // namespace deadli

#endif
