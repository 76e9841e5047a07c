#include <deadli/mesh/cell_vector_scatter.h>

namespace deadli
{
  using namespace dealii;

  void
  add_cell_vector(const AffineConstraints<double>            &constraints,
                  const Vector<double>                       &cell_vector,
                  const std::vector<types::global_dof_index> &dof_indices,
                  PETScWrappers::MPI::Vector                 &global_vector)
  {
    for (const auto dof : dof_indices)
      if (constraints.is_constrained(dof))
        {
          constraints.distribute_local_to_global(cell_vector,
                                                 dof_indices,
                                                 global_vector);
          return;
        }
    global_vector.add(dof_indices, cell_vector);
  }
} // namespace deadli
