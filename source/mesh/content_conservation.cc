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
    /// What a cell offers when a loss of content is spread over its
    /// vertices: the lumped capacity of each shape function on the cell, and
    /// that capacity times the field's room to its floor and to its ceiling
    /// (the capacity itself where the content has no such bound).
    struct CellShare
    {
      explicit CellShare(const unsigned int dofs_per_cell)
        : dof_indices(dofs_per_cell)
        , capacity(dofs_per_cell)
        , room_below(dofs_per_cell)
        , room_above(dofs_per_cell)
      {}

      std::vector<types::global_dof_index> dof_indices;
      Vector<double>                       capacity, room_below, room_above;
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
        , field_nodes(discretization.fe.n_dofs_per_cell())
        , floor_nodes(discretization.fe.n_dofs_per_cell())
      {}

      /// Content on @p cell; what the cell offers to a correction goes into
      /// @p share.
      double
      operator()(const typename DoFHandler<dim>::active_cell_iterator &cell,
                 const Content                                        &content,
                 CellShare                                            &share)
      {
        fe_values.reinit(cell);
        fe_values.get_function_values(xi, xi_values);
        fe_values.get_function_values(*content.field, field_values);
        if (content.floor != nullptr)
          fe_values.get_function_values(*content.floor, floor_values);
        else
          std::fill(floor_values.begin(), floor_values.end(), 0.);
        share.capacity      = 0;
        double cell_content = 0;
        for (unsigned int q = 0; q < xi_values.size(); ++q)
          {
            const double capacity_JxW =
              content.capacity(xi_values[q]) * fe_values.JxW(q);
            cell_content += capacity_JxW * (field_values[q] - floor_values[q]);
            for (unsigned int i = 0; i < share.capacity.size(); ++i)
              share.capacity(i) += capacity_JxW * fe_values.shape_value(i, q);
          }

        cell->get_dof_indices(share.dof_indices);
        cell->get_dof_values(*content.field, field_nodes);
        if (content.floor != nullptr)
          cell->get_dof_values(*content.floor, floor_nodes);
        const bool has_ceiling = std::isfinite(content.ceiling);
        for (unsigned int i = 0; i < share.capacity.size(); ++i)
          {
            share.room_below(i) =
              content.floor != nullptr ?
                share.capacity(i) *
                  std::max(field_nodes(i) - floor_nodes(i), 0.) :
                share.capacity(i);
            share.room_above(i) =
              has_ceiling ? share.capacity(i) *
                              std::max(content.ceiling - field_nodes(i), 0.) :
                            share.capacity(i);
          }
        return cell_content;
      }

    private:
      FEValues<dim>                     fe_values;
      const PETScWrappers::MPI::Vector &xi;
      std::vector<double>               xi_values, field_values, floor_values;
      Vector<double>                    field_nodes, floor_nodes;
    };



    /**
     * Spread @p lost over the vertices of the cells of @p shares (a kept or
     * coarsened cell, or a refined family) into @p loss. Towards a bound of
     * the content the weights are the room the field has there, and no
     * more than the cells' room is spread: a vertex's share is then at most
     * its room, and what does not fit stays uncorrected. Otherwise the
     * weights are the lumped capacities.
     */
    template <int dim>
    void
    spread_loss(const double                                      lost,
                const typename ContentConservation<dim>::Content &content,
                const std::vector<CellShare>                     &shares,
                const AffineConstraints<double>                  &constraints,
                PETScWrappers::MPI::Vector                       &loss)
    {
      const bool bounded =
        lost < 0. ? content.floor != nullptr : std::isfinite(content.ceiling);
      const auto weights = [&](const CellShare &share) -> const auto &
      {
        if (!bounded)
          return share.capacity;
        return lost < 0. ? share.room_below : share.room_above;
      };
      double total = 0;
      for (const CellShare &share : shares)
        total += weights(share).l1_norm();
      if (!(total > 0.))
        return;
      const double spread =
        bounded ? std::copysign(std::min(std::abs(lost), total), lost) : lost;
      Vector<double> cell_loss;
      for (const CellShare &share : shares)
        {
          cell_loss.reinit(share.capacity.size());
          cell_loss.equ(spread / total, weights(share));
          add_cell_vector(constraints, cell_loss, share.dof_indices, loss);
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
    CellShare      unused_share(discretization.fe.n_dofs_per_cell());
    Vector<double> per_cell(discretization.triangulation.n_active_cells());
    for (const auto &cell : discretization.dof_handler.active_cell_iterators())
      if (cell->is_locally_owned())
        per_cell[cell->active_cell_index()] =
          integrate(cell, contents[content_index], unused_share);
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

    const auto                &constraints = discretization.free_constraints;
    CellContentIntegrator<dim> integrate(discretization, xi);
    std::vector<CellShare>     shares;

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
              std::vector<typename DoFHandler<dim>::active_cell_iterator>
                family;
              if (refined)
                for (unsigned int child = 0;
                     child < cell->parent()->n_children();
                     ++child)
                  {
                    const auto sibling = cell->parent()->child(child);
                    AssertThrow(
                      sibling->is_active() && sibling->is_locally_owned(),
                      ExcMessage("A refined family is split across ranks."));
                    family.emplace_back(sibling);
                  }
              else
                family.push_back(cell);

              shares.resize(family.size(),
                            CellShare(discretization.fe.n_dofs_per_cell()));
              double lost = 0;
              for (unsigned int member = 0; member < family.size(); ++member)
                {
                  const auto &member_cell = family[member];
                  lost += old_contents[c][member_cell->active_cell_index()] -
                          integrate(member_cell, content, shares[member]);
                  add_cell_vector(constraints,
                                  shares[member].capacity,
                                  shares[member].dof_indices,
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
