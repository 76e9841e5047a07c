#ifndef deadli_tests_mesh_periodic_box_h
#define deadli_tests_mesh_periodic_box_h

// The mesh the tests/mesh programs share: the unit box of 4^dim coarse
// cells with periodic lateral faces, refined once, then locally where a test
// needs hanging nodes.

#include <deal.II/base/point.h>

#include <deal.II/grid/grid_generator.h>

#include <deadli/mesh/discretization.h>

#include <functional>
#include <vector>

namespace deadli
{
  namespace testing
  {
    /// The periodic unit box, refined once (no DoFs set up yet).
    template <int dim>
    void
    make_periodic_box(Discretization<dim> &discretization)
    {
      dealii::Point<dim> top_corner;
      for (unsigned int d = 0; d < dim; ++d)
        top_corner[d] = 1.;
      dealii::GridGenerator::subdivided_hyper_rectangle(
        discretization.triangulation,
        std::vector<unsigned int>(dim, 4),
        dealii::Point<dim>(),
        top_corner,
        true);
      discretization.add_lateral_periodicity();
      discretization.triangulation.refine_global(1);
    }

    /// Refine once more the locally owned cells whose centre satisfies
    /// @p where.
    template <int dim>
    void
    refine_where(Discretization<dim> &discretization,
                 const std::function<bool(const dealii::Point<dim> &)> &where)
    {
      for (const auto &cell :
           discretization.triangulation.active_cell_iterators())
        if (cell->is_locally_owned() && where(cell->center()))
          cell->set_refine_flag();
      discretization.triangulation.execute_coarsening_and_refinement();
    }
  } // namespace testing
} // namespace deadli

#endif
