#ifndef deadli_physics_sei_layer_h
#define deadli_physics_sei_layer_h

#include <deal.II/lac/petsc_vector.h>

#include <deadli/mesh/discretization.h>

#include <vector>

namespace deadli
{
  /**
   * Where the SEI lithium sits, as a field for ParaView: the volume fraction
   * of dense Li that the SEI holds, a finite-element function on the mesh.
   *
   * LithiumLedger decides how much Li a step puts into SEI (net growth of
   * the reactive area); this puts that amount where the reactive surface
   * is, in proportion to its local density |grad xi| on cells with activity
   * 1, so that the field integrates to the ledger's SEI total (up to the
   * interpolation of mesh changes). The density is the lumped L2
   * projection of the step's volume times |grad xi| / (reactive area), which
   * is nonnegative and preserves the integral. It moves with the mesh like
   * the other fields, and stays where it was formed when the metal under it
   * is stripped or dies, as SEI shells do.
   */
  template <int dim>
  void
  add_sei_on_reactive_surface(const Discretization<dim> &discretization,
                              const dealii::PETScWrappers::MPI::Vector &xi,
                              const std::vector<double>          &activity,
                              const double                        volume,
                              dealii::PETScWrappers::MPI::Vector &sei_fraction);
} // namespace deadli

#endif
