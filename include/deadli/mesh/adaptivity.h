#ifndef deadli_mesh_adaptivity_h
#define deadli_mesh_adaptivity_h

#include <deal.II/base/parameter_handler.h>

#include <deal.II/lac/petsc_vector.h>

#include <deadli/mesh/content_conservation.h>
#include <deadli/mesh/discretization.h>

#include <vector>

namespace deadli
{
  /**
   * Interface-tracking mesh adaptation.
   *
   * The diffuse interface must be resolved by at least four cells wherever it
   * is, and the concentration and potential boundary layers in front of a
   * growing deposit need resolution too; the bulk electrolyte and metal need
   * very little. Cells are marked by absolute criteria evaluated on each cell
   * alone (the phase field crossing the interface band, h |grad c| and
   * h |grad phi| above thresholds), not by a global fraction: the marking
   * then does not depend on how the mesh is partitioned, which keeps runs on
   * different numbers of ranks identical.
   */
  template <int dim>
  class Adaptivity
  {
  public:
    struct Parameters
    {
      static void
      declare_parameters(dealii::ParameterHandler &prm);
      void
      parse_parameters(dealii::ParameterHandler &prm);

      unsigned int initial_global_refinement;
      unsigned int min_level;
      unsigned int max_level;
      unsigned int interval;
      double       interface_band;
      double       concentration_threshold;
      double       potential_threshold;
    };

    Adaptivity(Discretization<dim> &discretization,
               const Parameters    &parameters);

    /**
     * Set refinement/coarsening flags from the fields. Pass empty vectors for
     * c and phi to mark by the phase field alone (initial refinement).
     * Returns whether any cell was flagged on any rank.
     *
     * A @p host fraction marks its surface like the interface, also where Li
     * covers it (xi = 1 on both sides). The host is interpolated from the
     * geometry on each new mesh, so a host surface that is coarsened under
     * Li and refined again when the Li is stripped holds a different amount
     * of host each time, and the Li under the layer, 1 - chi, changes with
     * it (by 0.005 mAh/cm2 per cycle, 1 % of the cycled Li, on the planar Cu
     * slab of the 2D collector study). Kept at the finest level, the host
     * is interpolated alike on every mesh.
     */
    bool
    mark(const dealii::PETScWrappers::MPI::Vector &xi,
         const dealii::PETScWrappers::MPI::Vector *concentration,
         const dealii::PETScWrappers::MPI::Vector *phi,
         const dealii::PETScWrappers::MPI::Vector *host = nullptr);

    /**
     * Refine and coarsen as flagged, repartition, redistribute DoFs and
     * transfer the ghosted @p fields to the new mesh. If @p conservation is
     * given, it records its contents (fields among @p fields) on the old
     * mesh; the caller then makes any floor again on the new mesh and calls
     * its restore(), after which the contents come through unchanged.
     * Without it, coarsening changes them by its interpolation error.
     */
    void
    execute(std::vector<dealii::PETScWrappers::MPI::Vector *> fields,
            const bool                reservoir_concentration,
            ContentConservation<dim> *conservation = nullptr);

    /**
     * Number of locally owned cells that the interface crosses (by the same
     * test as mark()): how much of the deposit's work this rank holds.
     */
    unsigned int
    n_owned_interface_cells(const dealii::PETScWrappers::MPI::Vector &xi) const;

  private:
    /// Whether the nodal values of xi on a cell cross the interface band.
    bool
    crosses_interface(const dealii::Vector<double> &xi_values) const;

    Discretization<dim> &discretization;
    const Parameters    &parameters;
  };
} // namespace deadli

#endif
