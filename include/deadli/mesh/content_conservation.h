#ifndef deadli_mesh_content_conservation_h
#define deadli_mesh_content_conservation_h

#include <deal.II/distributed/cell_data_transfer.h>

#include <deal.II/lac/petsc_vector.h>
#include <deal.II/lac/vector.h>

#include <deadli/mesh/discretization.h>

#include <functional>
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
   * field is corrected by that nodal amount over the lumped capacity. The
   * correction therefore stays on the vertices of the cells whose content
   * changed (it does not carry metal to a distant fragment), and it
   * restores every content exactly up to round-off, since the lumped
   * capacities go through the same constraints as the correction. A refined
   * family must lie on one rank, which deal.II's partitioning for
   * coarsening ensures (restore() stops with an error if not).
   */
  template <int dim>
  class ContentConservation
  {
  public:
    /// A field whose content, capacity(xi) * field integrated over the
    /// domain, remeshing must keep.
    struct Content
    {
      /// Ghosted field, corrected in place by restore().
      dealii::PETScWrappers::MPI::Vector *field;
      /// Content per unit of the field where the phase field is xi: 1 for
      /// the phase field itself (metal volume), the electrolyte fraction for
      /// the salt concentration.
      std::function<double(double xi)> capacity;
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
     * Call after the new DoFs are set up and the fields transferred: put
     * back into each field what its cells lost or gained. Returns the
     * change of each content (new minus old, summed over all ranks) that
     * the transfer had made before the restoration.
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
