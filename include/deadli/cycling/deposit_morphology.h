#ifndef deadli_cycling_deposit_morphology_h
#define deadli_cycling_deposit_morphology_h

#include <deal.II/lac/petsc_vector.h>

#include <deadli/mesh/discretization.h>
#include <deadli/physics/substrate.h>

namespace deadli
{
  /**
   * The shape of the Li deposit at one instant, the three numbers a
   * cross-section SEM image gives and design studies compare: how high the
   * Li stands, how much electrolyte the Li layer holds, and how much more
   * surface than a flat film it exposes. A dense flat film has thickness =
   * its capacity's dense-Li height, porosity 0 and area ratio 1; mossy or
   * whisker deposits are thicker, porous and rough at the same capacity,
   * which is what gives them their SEI loss and their dead Li.
   *
   * Everything is measured on the diffuse fields, so it carries an error of
   * about one finest cell (thickness) and of order (interface width /
   * thickness)^2 (porosity of a flat film).
   */
  struct DepositMorphology
  {
    /**
     * Height above the collector (the bottom face of the domain) of the
     * highest point where the Li fraction xi - chi reaches 1/2, µm; 0
     * without Li. Found on vertical cell edges by linear interpolation,
     * so it is exact to within a cell.
     */
    double thickness = 0;
    /**
     * Electrolyte fraction of the layer between the collector and the
     * deposit top: 1 - (Li volume + host volume below the top) / (projected
     * area x thickness); 0 without Li. All Li counts, also diffuse halo above
     * the top, so a flat film's symmetric profile gives 0 (up to the
     * discretisation error, which may make it slightly negative).
     */
    double porosity = 0;
    /**
     * Metal-electrolyte surface area, the integral of |grad xi|, over the
     * projected area: 1 for a flat film. Counts every metal surface the
     * electrolyte touches: live Li, dead fragments and bare host.
     */
    double surface_area_ratio = 0;
  };

  /**
   * Measure the deposit on the current mesh from the ghosted phase field
   * @p xi and the host fraction of @p substrate (none for a planar
   * collector); global sums and maxima over all ranks.
   */
  template <int dim>
  DepositMorphology
  measure_deposit_morphology(const Discretization<dim> &discretization,
                             const dealii::PETScWrappers::MPI::Vector &xi,
                             const Substrate<dim> &substrate,
                             const double          collector_area);
} // namespace deadli

#endif
