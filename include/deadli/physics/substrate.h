#ifndef deadli_physics_substrate_h
#define deadli_physics_substrate_h

#include <deal.II/fe/fe_values.h>

#include <deal.II/lac/petsc_vector.h>

#include <deadli/geometry/geometry.h>
#include <deadli/mesh/discretization.h>

#include <vector>

namespace deadli
{
  /**
   * What the Cu host and its coating contribute at one point: the host
   * fraction chi (the metal phase field xi >= chi; Li is xi - chi), and the
   * surface kinetics of bare substrate there (doc/model.md, section 3.6).
   */
  struct SubstrateAtPoint
  {
    double host                     = 0.;
    double exchange_current_factor  = 1.;
    double nucleation_overpotential = 0.;
  };

  /**
   * The Cu host indicator and the substrate kinetics as finite-element fields
   * on the current mesh, interpolated from the geometry's exact description
   * after every mesh change (never transferred, so they never blur).
   *
   * A geometry without a host (a planar collector as a boundary face) has
   * none of these fields, and every operator takes the plain Li path.
   */
  template <int dim>
  class Substrate
  {
  public:
    explicit Substrate(const Discretization<dim> &discretization);

    /// Interpolate the fields of @p geometry on the current mesh.
    void
    update(const Geometry<dim> &geometry, const double interface_width);

    /// Whether there is a host (and so any of the fields).
    bool
    is_present() const;

    /**
     * The substrate at the quadrature points of @p fe_values (reinit'ed on
     * a locally owned cell), and the host gradient there (zero without a
     * host).
     */
    void
    evaluate(const dealii::FEValues<dim>         &fe_values,
             std::vector<SubstrateAtPoint>       &values,
             std::vector<dealii::Tensor<1, dim>> &host_gradients) const;

    /**
     * Raise the metal phase field to at least the host fraction at every
     * DoF: the host never dissolves. Returns the metal volume added, µm^3
     * (non-zero only after a mesh change, whose interpolation error it
     * removes; the ledger books it with the remeshing change).
     */
    double
    enforce_host_inside_metal(dealii::PETScWrappers::MPI::Vector &xi) const;

    /**
     * The most that @p new_xi lies further below the host fraction than
     * @p old_xi did, at any locally owned DoF, over all ranks: the host a
     * time step stripped (0 without a host). @p old_xi is ghosted, @p new_xi
     * owned.
     */
    double
    largest_host_stripped(
      const dealii::PETScWrappers::MPI::Vector &old_xi,
      const dealii::PETScWrappers::MPI::Vector &new_xi) const;

    /// Host fraction chi, ghosted.
    dealii::PETScWrappers::MPI::Vector host;
    /// Exchange-current factor of bare substrate, ghosted.
    dealii::PETScWrappers::MPI::Vector exchange_current_factor;
    /// Nucleation overpotential of bare substrate (V), ghosted.
    dealii::PETScWrappers::MPI::Vector nucleation_overpotential;

  private:
    const Discretization<dim> &discretization;
    bool                       present      = false;
    bool                       has_kinetics = false;
  };
} // namespace deadli

#endif
