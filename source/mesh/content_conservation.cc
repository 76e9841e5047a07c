#include <deal.II/base/mpi.h>

#include <deal.II/fe/fe_values.h>

#include <deal.II/numerics/adaptation_strategies.h>

#include <deadli/mesh/cell_scatter.h>
#include <deadli/mesh/content_conservation.h>
#include <deadli/mesh/lumped_increment.h>

#include <cmath>

namespace deadli
{
  using namespace dealii;

  template <int dim>
  ContentConservation<dim>::ContentConservation(
    const Discretization<dim>        &discretization,
    const PETScWrappers::MPI::Vector &xi,
    std::vector<Content>              contents)
    : discretization(discretization)
    , xi(xi)
    , contents(std::move(contents))
  {}



  template <int dim>
  Vector<double>
  ContentConservation<dim>::cell_contents(
    const unsigned int content_index) const
  {
    const Content      &content = contents[content_index];
    const unsigned int  n_q     = discretization.quadrature.size();
    FEValues<dim>       fe_values(discretization.fe,
                            discretization.quadrature,
                            update_values | update_JxW_values);
    std::vector<double> xi_values(n_q), field_values(n_q);
    Vector<double>      per_cell(discretization.triangulation.n_active_cells());
    for (const auto &cell : discretization.dof_handler.active_cell_iterators())
      if (cell->is_locally_owned())
        {
          fe_values.reinit(cell);
          fe_values.get_function_values(xi, xi_values);
          fe_values.get_function_values(*content.field, field_values);
          double cell_content = 0;
          for (unsigned int q = 0; q < n_q; ++q)
            cell_content += content.capacity(xi_values[q]) * field_values[q] *
                            fe_values.JxW(q);
          per_cell[cell->active_cell_index()] = cell_content;
        }
    return per_cell;
  }



  template <int dim>
  void
  ContentConservation<dim>::prepare_for_coarsening_and_refinement()
  {
    recorded_contents.clear();
    for (unsigned int c = 0; c < contents.size(); ++c)
      recorded_contents.push_back(cell_contents(c));
    // The last vector tells the new cells where they came from: split on
    // refinement and summed on coarsening, a 1 becomes 1/2^dim on a refined
    // child and 2^dim on a coarsened parent.
    recorded_contents.emplace_back(
      discretization.triangulation.n_active_cells());
    recorded_contents.back() = 1.;
    std::vector<const Vector<double> *> inputs;
    for (const Vector<double> &recorded : recorded_contents)
      inputs.push_back(&recorded);

    cell_data_transfer = std::make_unique<
      parallel::distributed::CellDataTransfer<dim, dim, Vector<double>>>(
      discretization.triangulation,
      false,
      &AdaptationStrategies::Refinement::split<dim, dim, double>,
      &AdaptationStrategies::Coarsening::sum<dim, dim, double>);
    cell_data_transfer->prepare_for_coarsening_and_refinement(inputs);
  }



  template <int dim>
  std::vector<double>
  ContentConservation<dim>::restore()
  {
    Assert(cell_data_transfer, ExcMessage("Nothing was recorded."));
    const unsigned int n_cells = discretization.triangulation.n_active_cells();
    std::vector<Vector<double>>   old_contents(recorded_contents.size(),
                                             Vector<double>(n_cells));
    std::vector<Vector<double> *> outputs;
    for (Vector<double> &old_content : old_contents)
      outputs.push_back(&old_content);
    cell_data_transfer->unpack(outputs);
    cell_data_transfer.reset();
    recorded_contents.clear();
    const Vector<double> &origin = old_contents.back();

    const auto         &constraints   = discretization.free_constraints;
    const unsigned int  dofs_per_cell = discretization.fe.n_dofs_per_cell();
    const unsigned int  n_q           = discretization.quadrature.size();
    FEValues<dim>       fe_values(discretization.fe,
                            discretization.quadrature,
                            update_values | update_JxW_values);
    std::vector<double> xi_values(n_q), field_values(n_q);
    std::vector<types::global_dof_index> dof_indices(dofs_per_cell);
    Vector<double> cell_capacity(dofs_per_cell), cell_loss(dofs_per_cell);

    using CellIterator = typename DoFHandler<dim>::active_cell_iterator;
    std::vector<double> changes;
    for (unsigned int c = 0; c < contents.size(); ++c)
      {
        const Content &content = contents[c];

        // Content of @p cell now; its shape functions' capacities into
        // cell_capacity and the cell's DoFs into dof_indices.
        const auto evaluate = [&](const auto &cell) {
          fe_values.reinit(cell);
          cell->get_dof_indices(dof_indices);
          fe_values.get_function_values(xi, xi_values);
          fe_values.get_function_values(*content.field, field_values);
          cell_capacity       = 0;
          double cell_content = 0;
          for (unsigned int q = 0; q < n_q; ++q)
            {
              const double capacity_JxW =
                content.capacity(xi_values[q]) * fe_values.JxW(q);
              cell_content += capacity_JxW * field_values[q];
              for (unsigned int i = 0; i < dofs_per_cell; ++i)
                cell_capacity(i) += capacity_JxW * fe_values.shape_value(i, q);
            }
          return cell_content;
        };

        // Per free DoF: the content its cells lost (loss) and the lumped
        // capacity of its shape function (capacity), both through the
        // constraints.
        PETScWrappers::MPI::Vector loss, capacity;
        discretization.reinit_owned(loss);
        discretization.reinit_owned(capacity);
        double local_change = 0;
        for (const auto &cell :
             discretization.dof_handler.active_cell_iterators())
          if (cell->is_locally_owned())
            {
              const double now = evaluate(cell);
              add_cell_vector(constraints,
                              cell_capacity,
                              dof_indices,
                              capacity);
              if (origin[cell->active_cell_index()] >= 1.)
                {
                  // Kept or coarsened: the cell's own content is compared.
                  const double lost =
                    old_contents[c][cell->active_cell_index()] - now;
                  local_change -= lost;
                  if (cell_capacity.l1_norm() > 0.)
                    {
                      cell_loss.equ(lost / cell_capacity.l1_norm(),
                                    cell_capacity);
                      add_cell_vector(constraints,
                                      cell_loss,
                                      dof_indices,
                                      loss);
                    }
                }
              else if (cell->parent()->child(0) == cell)
                {
                  // Refined: the family as a whole, once. A field that is
                  // interpolated keeps its integral on refinement, but a
                  // content with a capacity that depends on xi (the salt) is
                  // integrated by other quadrature points on the children.
                  std::vector<CellIterator> family;
                  double old_family = 0, new_family = 0, family_capacity = 0;
                  for (unsigned int child = 0;
                       child < cell->parent()->n_children();
                       ++child)
                    {
                      const auto sibling = cell->parent()->child(child);
                      AssertThrow(sibling->is_active() &&
                                    sibling->is_locally_owned(),
                                  ExcMessage("A refined family is split across "
                                             "ranks."));
                      family.emplace_back(sibling);
                      old_family +=
                        old_contents[c][sibling->active_cell_index()];
                      new_family += evaluate(family.back());
                      family_capacity += cell_capacity.l1_norm();
                    }
                  const double lost = old_family - new_family;
                  local_change -= lost;
                  if (family_capacity > 0.)
                    for (const CellIterator &sibling : family)
                      {
                        evaluate(sibling);
                        cell_loss.equ(lost / family_capacity, cell_capacity);
                        add_cell_vector(constraints,
                                        cell_loss,
                                        dof_indices,
                                        loss);
                      }
                }
            }
        loss.compress(VectorOperation::add);
        capacity.compress(VectorOperation::add);
        changes.push_back(
          Utilities::MPI::sum(local_change, discretization.mpi_communicator));

        add_lumped_increment(
          discretization, loss, capacity, 1., *content.field);
      }
    return changes;
  }



  template class ContentConservation<2>;
  template class ContentConservation<3>;
} // namespace deadli
