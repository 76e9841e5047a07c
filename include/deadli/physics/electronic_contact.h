#ifndef deadli_physics_electronic_contact_h
#define deadli_physics_electronic_contact_h

#include <deal.II/lac/petsc_vector.h>

#include <deadli/connectivity/metal_connectivity.h>
#include <deadli/cycling/metal_inventory.h>
#include <deadli/mesh/discretization.h>
#include <deadli/physics/substrate.h>

#include <vector>

namespace deadli
{
  /**
   * Which metal is still wired to the current collector, and where the
   * phase field may therefore react and move: the activity A(x) of
   * doc/model.md.
   *
   * Metal conducts electrons so much better than the electrolyte that its
   * electronic potential is the collector potential on every piece of metal
   * connected to the terminal, and undefined on metal that lost contact.
   * Dead metal therefore carries no charge-transfer reaction and no
   * phase-field motion (it is SEI-encapsulated and frozen), but it keeps its
   * volume and keeps blocking ion transport.
   *
   * A cell conducts when its mean phase field exceeds 1/2; conductor cells on
   * the collector face anchor their component. The diffuse interface around
   * dead metal reaches a few cells into the electrolyte, where the phase field
   * is below 1/2 and the cells are not conductors; those cells are frozen too
   * (else the reaction would go on eating the tails of a dead fragment), unless
   * live metal is as close to them: A = 0 on dead cells and on the
   * electrolyte cells within two vertex-neighbour layers of dead metal and not
   * within two layers of live metal, A = 1 elsewhere.
   */
  template <int dim>
  class ElectronicContact
  {
  public:
    explicit ElectronicContact(const Discretization<dim> &discretization);

    /**
     * Label the conductor of the ghosted phase field @p xi on the current
     * mesh and fill @p activity (per active cell, see the class
     * documentation). With a @p substrate, xi is Li + host: the host
     * conducts and carries Li, but only xi - chi counts as Li, and a
     * component whose Li is less than one finest cell's volume holds none
     * (host alone is neither connected Li nor a dead fragment).
     */
    MetalInventory
    update(const dealii::PETScWrappers::MPI::Vector &xi,
           std::vector<double>                      &activity,
           const Substrate<dim>                     *substrate = nullptr);

    /// The labels of the last update(), for output.
    const MetalConnectivity<dim> &
    connectivity() const;

  private:
    /**
     * Cells within @p n_layers vertex-neighbour layers of the flagged cells
     * (the flagged cells included), through hanging nodes and periodic faces.
     * Only locally owned entries of @p flagged are read; the result is valid
     * on locally owned cells.
     */
    std::vector<bool>
    dilate(const std::vector<bool> &flagged, const unsigned int n_layers) const;

    const Discretization<dim> &discretization;
    MetalConnectivity<dim>     labels;
  };
} // namespace deadli

#endif
