#include <deal.II/base/mpi.h>

#include <deal.II/fe/fe_values.h>

#include <deadli/geometry/geometry.h>
#include <deadli/mesh/cell_field.h>
#include <deadli/mesh/cell_scatter.h>
#include <deadli/physics/electronic_contact.h>

#include <algorithm>
#include <limits>

namespace deadli
{
  using namespace dealii;

  namespace
  {
    /// Mean phase field above which a cell conducts electrons (MODEL.md).
    constexpr double conductor_threshold = 0.5;
    /**
     * Vertex-neighbour layers of electrolyte cells that belong to a piece of
     * metal: the diffuse interface spans at least four cells, half of them
     * on the electrolyte side of xi = 1/2.
     */
    constexpr unsigned int halo_layers = 2;
  } // namespace



  template <int dim>
  ElectronicContact<dim>::ElectronicContact(
    const Discretization<dim> &discretization)
    : discretization(discretization)
    , labels(discretization.triangulation)
  {}



  template <int dim>
  MetalInventory
  ElectronicContact<dim>::update(const PETScWrappers::MPI::Vector &xi,
                                 std::vector<double>              &activity,
                                 const Substrate<dim>             *substrate)
  {
    const bool          has_host = substrate && substrate->is_present();
    const unsigned int  n_cells = discretization.triangulation.n_active_cells();
    std::vector<bool>   is_conductor(n_cells, false);
    std::vector<bool>   is_anchor(n_cells, false);
    std::vector<double> metal_volume(n_cells, 0.);
    std::vector<double> lithium_volume(n_cells, 0.);
    std::vector<double> interface_area(n_cells, 0.);
    double              smallest_cell = std::numeric_limits<double>::max();

    FEValues<dim>      fe_values(discretization.fe,
                            discretization.quadrature,
                            update_values | update_gradients |
                              update_JxW_values);
    const unsigned int n_q           = discretization.quadrature.size();
    const unsigned int dofs_per_cell = discretization.fe.n_dofs_per_cell();
    std::vector<types::global_dof_index> dof_indices(dofs_per_cell);
    CellField<dim>                       xi_field(dofs_per_cell, n_q);
    const std::vector<double>           &xi_values    = xi_field.values;
    const std::vector<Tensor<1, dim>>   &xi_gradients = xi_field.gradients;
    CellField<dim>                       host_field(dofs_per_cell, n_q);
    const std::vector<double>           &host_values = host_field.values;
    for (const auto &cell : discretization.dof_handler.active_cell_iterators())
      if (cell->is_locally_owned())
        {
          fe_values.reinit(cell);
          cell->get_dof_indices(dof_indices);
          xi_field.read_values_and_gradients(fe_values, dof_indices, xi);
          if (has_host)
            host_field.read_values(fe_values, dof_indices, substrate->host);
          // The cell's volume from the quadrature weights, exact for the Q1
          // mapping: cell->measure() computes it afresh from the vertices,
          // and calling it took a quarter of this loop's time.
          const unsigned int index       = cell->active_cell_index();
          double             cell_volume = 0;
          for (unsigned int q = 0; q < n_q; ++q)
            {
              cell_volume += fe_values.JxW(q);
              metal_volume[index] += xi_values[q] * fe_values.JxW(q);
              lithium_volume[index] +=
                (xi_values[q] - host_values[q]) * fe_values.JxW(q);
              interface_area[index] +=
                xi_gradients[q].norm() * fe_values.JxW(q);
            }
          smallest_cell = std::min(smallest_cell, cell_volume);
          is_conductor[index] =
            metal_volume[index] > conductor_threshold * cell_volume;
          if (is_conductor[index])
            for (const unsigned int face : cell->face_indices())
              if (cell->at_boundary(face) && cell->face(face)->boundary_id() ==
                                               boundary_id::collector<dim>)
                is_anchor[index] = true;
        }

    labels.label(is_conductor, is_anchor, lithium_volume);
    const double no_lithium =
      has_host ?
        Utilities::MPI::min(smallest_cell, discretization.mpi_communicator) :
        0.;

    std::vector<bool> is_dead(n_cells, false), is_live(n_cells, false);
    for (const auto &cell :
         discretization.triangulation.active_cell_iterators())
      if (cell->is_locally_owned())
        {
          const unsigned int index = cell->active_cell_index();
          is_dead[index]           = labels.is_dead(index);
          is_live[index]           = is_conductor[index] && !is_dead[index];
        }
    // Without dead metal anywhere no cell is frozen, and the halos (two
    // dilations of two layers each, a good part of this function's time)
    // are not needed.
    const bool any_dead = Utilities::MPI::logical_or(
      std::find(is_dead.begin(), is_dead.end(), true) != is_dead.end(),
      discretization.mpi_communicator);
    const std::vector<bool> near_dead =
      any_dead ? dilate(is_dead, halo_layers) : is_dead;
    const std::vector<bool> near_live =
      any_dead ? dilate(is_live, halo_layers) : is_live;

    MetalInventory summary;
    activity.assign(n_cells, 1.);
    for (const auto &cell :
         discretization.triangulation.active_cell_iterators())
      if (cell->is_locally_owned())
        {
          const unsigned int index = cell->active_cell_index();
          const bool         frozen =
            is_dead[index] ||
            (!is_conductor[index] && near_dead[index] && !near_live[index]);
          if (frozen)
            {
              activity[index] = 0.;
              summary.dead_metal_volume += lithium_volume[index];
            }
          else
            {
              summary.live_metal_volume += lithium_volume[index];
              summary.live_interface_area += interface_area[index];
            }
        }
    const MPI_Comm comm = discretization.mpi_communicator;
    summary.live_metal_volume =
      Utilities::MPI::sum(summary.live_metal_volume, comm);
    summary.dead_metal_volume =
      Utilities::MPI::sum(summary.dead_metal_volume, comm);
    summary.live_interface_area =
      Utilities::MPI::sum(summary.live_interface_area, comm);
    for (const auto &component : labels.components())
      if (component.weight <= no_lithium)
        continue;
      else if (component.anchored)
        summary.connected_metal = true;
      else
        {
          ++summary.n_dead_fragments;
          summary.largest_dead_fragment_volume =
            std::max(summary.largest_dead_fragment_volume, component.weight);
        }
    return summary;
  }



  template <int dim>
  std::vector<bool>
  ElectronicContact<dim>::dilate(const std::vector<bool> &flagged,
                                 const unsigned int       n_layers) const
  {
    // A cell marks its DoFs; a cell with a marked DoF joins the set. Going
    // through the constraints carries the marks across hanging nodes (to the
    // coarse side's DoFs) and periodic faces (to the partner DoFs).
    const auto        &constraints   = discretization.free_constraints;
    const unsigned int dofs_per_cell = discretization.fe.n_dofs_per_cell();
    std::vector<types::global_dof_index> dof_indices(dofs_per_cell);
    Vector<double> cell_marks(dofs_per_cell), cell_values(dofs_per_cell);
    PETScWrappers::MPI::Vector owned_marks, marks;
    discretization.reinit_owned(owned_marks);
    discretization.reinit_ghosted(marks);

    std::vector<bool> in_set = flagged;
    cell_marks               = 1.;
    for (unsigned int layer = 0; layer < n_layers; ++layer)
      {
        owned_marks = 0.;
        for (const auto &cell :
             discretization.dof_handler.active_cell_iterators())
          if (cell->is_locally_owned() && in_set[cell->active_cell_index()])
            {
              cell->get_dof_indices(dof_indices);
              add_cell_vector(constraints,
                              cell_marks,
                              dof_indices,
                              owned_marks);
            }
        owned_marks.compress(VectorOperation::add);
        constraints.distribute(owned_marks);
        marks = owned_marks;
        for (const auto &cell :
             discretization.dof_handler.active_cell_iterators())
          if (cell->is_locally_owned())
            {
              cell->get_dof_values(marks, cell_values);
              if (cell_values.linfty_norm() > 0.)
                in_set[cell->active_cell_index()] = true;
            }
      }
    return in_set;
  }



  template <int dim>
  const MetalConnectivity<dim> &
  ElectronicContact<dim>::connectivity() const
  {
    return labels;
  }



  template class ElectronicContact<2>;
  template class ElectronicContact<3>;
} // namespace deadli
