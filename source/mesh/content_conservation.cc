#include <deal.II/base/mpi.h>

#include <deal.II/fe/fe_values.h>

#include <deal.II/numerics/adaptation_strategies.h>

#include <deadli/mesh/cell_scatter.h>
#include <deadli/mesh/content_conservation.h>
#include <deadli/mesh/lumped_increment.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <vector>

namespace deadli
{
  using namespace dealii;

  namespace
  {
    /// A cell over whose vertices a loss of content is spread: its DoFs,
    /// the lumped capacity of each shape function on it, and the weights
    /// the loss is spread with.
    template <int dim>
    struct CellShare
    {
      explicit CellShare(const unsigned int dofs_per_cell)
        : dof_indices(dofs_per_cell)
        , capacity(dofs_per_cell)
        , weights(dofs_per_cell)
      {}

      typename DoFHandler<dim>::active_cell_iterator cell;
      std::vector<types::global_dof_index>           dof_indices;
      Vector<double>                                 capacity, weights;
    };

    /// Integrates capacity(xi) * (field - floor) over one cell at a time,
    /// and the same weight times each shape function, with the
    /// Discretization's quadrature: what is recorded before the mesh changes
    /// and compared after it must be integrated alike.
    template <int dim>
    class CellContentIntegrator
    {
    public:
      using Content = typename ContentConservation<dim>::Content;

      CellContentIntegrator(const Discretization<dim>        &discretization,
                            const PETScWrappers::MPI::Vector &xi)
        : fe_values(discretization.fe,
                    discretization.quadrature,
                    update_values | update_JxW_values)
        , xi(xi)
        , xi_values(discretization.quadrature.size())
        , field_values(discretization.quadrature.size())
        , floor_values(discretization.quadrature.size())
      {}

      /// Content on @p cell; the shape functions' capacity integrals go into
      /// @p shape_capacity.
      double
      operator()(const typename DoFHandler<dim>::active_cell_iterator &cell,
                 const Content                                        &content,
                 Vector<double> &shape_capacity)
      {
        fe_values.reinit(cell);
        fe_values.get_function_values(xi, xi_values);
        fe_values.get_function_values(*content.field, field_values);
        if (content.floor != nullptr)
          fe_values.get_function_values(*content.floor, floor_values);
        else
          std::fill(floor_values.begin(), floor_values.end(), 0.);
        shape_capacity      = 0;
        double cell_content = 0;
        for (unsigned int q = 0; q < xi_values.size(); ++q)
          {
            const double capacity_JxW =
              content.capacity(xi_values[q]) * fe_values.JxW(q);
            cell_content += capacity_JxW * (field_values[q] - floor_values[q]);
            for (unsigned int i = 0; i < shape_capacity.size(); ++i)
              shape_capacity(i) += capacity_JxW * fe_values.shape_value(i, q);
          }
        return cell_content;
      }

    private:
      FEValues<dim>                     fe_values;
      const PETScWrappers::MPI::Vector &xi;
      std::vector<double>               xi_values, field_values, floor_values;
    };



    /**
     * Spread @p lost over the vertices of the cells of @p shares (a kept or
     * coarsened cell, or a refined family) into @p loss. Towards a bound of
     * the content (the floor when it loses, the ceiling when it gains) each
     * vertex's weight is its lumped capacity times the room the field has
     * there, and no more than the cells' room is spread: a vertex's share is
     * then at most its room, and what does not fit stays uncorrected.
     * Without such a bound the weights are the lumped capacities.
     */
    template <int dim>
    void
    spread_loss(const double                                      lost,
                const typename ContentConservation<dim>::Content &content,
                std::vector<CellShare<dim>>                      &shares,
                const AffineConstraints<double>                  &constraints,
                PETScWrappers::MPI::Vector                       &loss)
    {
      const bool bounded =
        lost < 0. ? content.floor != nullptr : std::isfinite(content.ceiling);
      double         total = 0;
      Vector<double> field_nodes, floor_nodes;
      for (CellShare<dim> &share : shares)
        {
          share.weights = share.capacity;
          if (bounded)
            {
              field_nodes.reinit(share.capacity.size());
              share.cell->get_dof_values(*content.field, field_nodes);
              if (lost < 0.)
                {
                  floor_nodes.reinit(share.capacity.size());
                  share.cell->get_dof_values(*content.floor, floor_nodes);
                }
              for (unsigned int i = 0; i < share.weights.size(); ++i)
                share.weights(i) *=
                  std::max(lost < 0. ? field_nodes(i) - floor_nodes(i) :
                                       content.ceiling - field_nodes(i),
                           0.);
            }
          total += share.weights.l1_norm();
        }
      if (!(total > 0.))
        return;
      const double spread =
        bounded ? std::copysign(std::min(std::abs(lost), total), lost) : lost;
      for (CellShare<dim> &share : shares)
        {
          share.weights *= spread / total;
          add_cell_vector(constraints, share.weights, share.dof_indices, loss);
        }
    }
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
    CellContentIntegrator<dim> integrate(discretization, xi);
    Vector<double> shape_capacity(discretization.fe.n_dofs_per_cell());
    Vector<double> per_cell(discretization.triangulation.n_active_cells());
    for (const auto &cell : discretization.dof_handler.active_cell_iterators())
      if (cell->is_locally_owned())
        per_cell[cell->active_cell_index()] =
          integrate(cell, contents[content_index], shape_capacity);
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

    const auto                 &constraints = discretization.free_constraints;
    CellContentIntegrator<dim>  integrate(discretization, xi);
    std::vector<CellShare<dim>> shares;

    std::vector<double> changes;
    for (unsigned int c = 0; c < contents.size(); ++c)
      {
        const Content &content = contents[c];

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
              // Kept or coarsened: the cell's own content is compared.
              // Refined: the family as a whole, once. A field that is
              // interpolated keeps its integral on refinement, but a content
              // with a capacity that depends on xi (the salt) is integrated
              // by other quadrature points on the children, and a floor is
              // made again on them.
              const bool refined = origin[cell->active_cell_index()] < 1.;
              if (refined && cell->parent()->child(0) != cell)
                continue;
              const unsigned int n_members =
                refined ? cell->parent()->n_children() : 1;
              shares.resize(
                n_members, CellShare<dim>(discretization.fe.n_dofs_per_cell()));
              double lost = 0;
              for (unsigned int member = 0; member < n_members; ++member)
                {
                  using CellIterator = typename DoFHandler<dim>::cell_iterator;
                  const CellIterator member_cell =
                    refined ? cell->parent()->child(member) :
                              CellIterator(cell);
                  AssertThrow(
                    member_cell->is_active() && member_cell->is_locally_owned(),
                    ExcMessage("A refined family is split across ranks."));
                  CellShare<dim> &share = shares[member];
                  share.cell            = member_cell;
                  share.cell->get_dof_indices(share.dof_indices);
                  lost += old_contents[c][share.cell->active_cell_index()] -
                          integrate(share.cell, content, share.capacity);
                  add_cell_vector(constraints,
                                  share.capacity,
                                  share.dof_indices,
                                  capacity);
                }
              local_change -= lost;
              spread_loss<dim>(lost, content, shares, constraints, loss);
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
