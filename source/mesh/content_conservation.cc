#include <deal.II/base/mpi.h>

#include <deal.II/fe/fe_values.h>

#include <deal.II/numerics/adaptation_strategies.h>

#include <deadli/mesh/cell_scatter.h>
#include <deadli/mesh/content_conservation.h>
#include <deadli/mesh/lumped_increment.h>

#include <cmath>
#include <functional>
#include <vector>

namespace deadli
{
  using namespace dealii;

  namespace
  {
    /// Integrates capacity(xi) * field over one cell at a time, and the
    /// same weight times each shape function, with the Discretization's
    /// quadrature: what is recorded before the mesh changes and compared
    /// after it must be integrated alike.
    template <int dim>
    class CellContentIntegrator
    {
    public:
      CellContentIntegrator(const Discretization<dim>        &discretization,
                            const PETScWrappers::MPI::Vector &xi)
        : shape_capacity(discretization.fe.n_dofs_per_cell())
        , fe_values(discretization.fe,
                    discretization.quadrature,
                    update_values | update_JxW_values)
        , xi(xi)
        , xi_values(discretization.quadrature.size())
        , field_values(discretization.quadrature.size())
      {}

      /// Content of @p field on @p cell; the shape functions' capacity
      /// integrals go into shape_capacity.
      double
      operator()(const typename DoFHandler<dim>::active_cell_iterator &cell,
                 const PETScWrappers::MPI::Vector                     &field,
                 const std::function<double(double)>                  &capacity)
      {
        fe_values.reinit(cell);
        fe_values.get_function_values(xi, xi_values);
        fe_values.get_function_values(field, field_values);
        shape_capacity      = 0;
        double cell_content = 0;
        for (unsigned int q = 0; q < xi_values.size(); ++q)
          {
            const double capacity_JxW =
              capacity(xi_values[q]) * fe_values.JxW(q);
            cell_content += capacity_JxW * field_values[q];
            for (unsigned int i = 0; i < shape_capacity.size(); ++i)
              shape_capacity(i) += capacity_JxW * fe_values.shape_value(i, q);
          }
        return cell_content;
      }

      Vector<double> shape_capacity;

    private:
      FEValues<dim>                     fe_values;
      const PETScWrappers::MPI::Vector &xi;
      std::vector<double>               xi_values, field_values;
    };
  } // namespace



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
    const Content             &content = contents[content_index];
    CellContentIntegrator<dim> integrate(discretization, xi);
    Vector<double> per_cell(discretization.triangulation.n_active_cells());
    for (const auto &cell : discretization.dof_handler.active_cell_iterators())
      if (cell->is_locally_owned())
        per_cell[cell->active_cell_index()] =
          integrate(cell, *content.field, content.capacity);
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

    const auto        &constraints   = discretization.free_constraints;
    const unsigned int dofs_per_cell = discretization.fe.n_dofs_per_cell();
    CellContentIntegrator<dim> integrate(discretization, xi);
    const Vector<double>      &cell_capacity = integrate.shape_capacity;
    std::vector<types::global_dof_index> dof_indices(dofs_per_cell);
    Vector<double>                       cell_loss(dofs_per_cell);

    using CellIterator = typename DoFHandler<dim>::active_cell_iterator;
    std::vector<double> changes;
    for (unsigned int c = 0; c < contents.size(); ++c)
      {
        const Content &content = contents[c];

        // Content of @p cell now; its shape functions' capacities into
        // cell_capacity and the cell's DoFs into dof_indices.
        const auto evaluate = [&](const CellIterator &cell) {
          cell->get_dof_indices(dof_indices);
          return integrate(cell, *content.field, content.capacity);
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
