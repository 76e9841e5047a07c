#ifndef deadli_mesh_lumped_increment_h
#define deadli_mesh_lumped_increment_h

#include <deal.II/lac/petsc_vector.h>

#include <deadli/mesh/discretization.h>

namespace deadli
{
  /**
   * Add @p scale * @p amount / @p lumped_mass to @p field at every locally
   * owned DoF that the Discretization's free constraints leave free (and
   * whose lumped mass is positive), then set the constrained DoFs from
   * them.
   *
   * Both operands must have been assembled cell by cell through the same
   * constraints, @p lumped_mass as the integrals of the (constrained) shape
   * functions times a density. The increment's integral with that density
   * is then exactly @p scale times the sum of @p amount, which is why SEI
   * growth and the content restored after remeshing put amounts into a
   * field this way rather than by a mass-matrix solve: the total is exact,
   * and each DoF gets only what its own cells asked for.
   *
   * @p amount and @p lumped_mass are owned (compressed) vectors; @p field is
   * ghosted and updated in place.
   */
  template <int dim>
  void
  add_lumped_increment(const Discretization<dim>                &discretization,
                       const dealii::PETScWrappers::MPI::Vector &amount,
                       const dealii::PETScWrappers::MPI::Vector &lumped_mass,
                       const double                              scale,
                       dealii::PETScWrappers::MPI::Vector       &field);
} // namespace deadli

#endif
