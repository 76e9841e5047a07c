#include <deal.II/distributed/solution_transfer.h>

#include <deal.II/fe/fe_values.h>

#include <deadli/mesh/adaptivity.h>

namespace deadli
{
  using namespace dealii;

  template <int dim>
  void
  Adaptivity<dim>::Parameters::declare_parameters(ParameterHandler &prm)
  {
    prm.enter_subsection("Mesh refinement");
    {
      prm.declare_entry("Initial global refinement",
                        "1",
                        Patterns::Integer(0, 12),
                        "Uniform refinements of the coarse mesh; this is "
                        "also the coarsest level the adaptation may reach.");
      prm.declare_entry("Maximum level",
                        "5",
                        Patterns::Integer(0, 15),
                        "Finest refinement level (counted from the coarse "
                        "mesh); the interface is always refined to it. "
                        "coarse cell size / 2^level must be <= interface "
                        "width / 4.");
      prm.declare_entry("Refinement interval",
                        "10",
                        Patterns::Integer(0),
                        "Adapt the mesh every this many time steps "
                        "(0: never after the initial refinement).");
      prm.declare_entry("Interface band",
                        "1e-3",
                        Patterns::Double(0, 0.5),
                        "A cell belongs to the interface if xi takes values "
                        "both above this and below 1 minus this on it.");
      prm.declare_entry("Concentration threshold",
                        "0.02",
                        Patterns::Double(0),
                        "Refine where h |grad(c/c0)| exceeds this.");
      prm.declare_entry("Potential threshold [V]",
                        "0.002",
                        Patterns::Double(0),
                        "Refine where h |grad phi| exceeds this.");
    }
    prm.leave_subsection();
  }



  template <int dim>
  void
  Adaptivity<dim>::Parameters::parse_parameters(ParameterHandler &prm)
  {
    prm.enter_subsection("Mesh refinement");
    {
      initial_global_refinement = prm.get_integer("Initial global refinement");
      min_level                 = initial_global_refinement;
      max_level                 = prm.get_integer("Maximum level");
      interval                  = prm.get_integer("Refinement interval");
      interface_band            = prm.get_double("Interface band");
      concentration_threshold   = prm.get_double("Concentration threshold");
      potential_threshold       = prm.get_double("Potential threshold [V]");
    }
    prm.leave_subsection();
    AssertThrow(max_level >= initial_global_refinement,
                ExcMessage("Parameter 'Mesh refinement/Maximum level' = " +
                           std::to_string(max_level) +
                           " must be >= 'Initial global refinement' = " +
                           std::to_string(initial_global_refinement) + "."));
  }



  template <int dim>
  Adaptivity<dim>::Adaptivity(Discretization<dim> &discretization,
                              const Parameters    &parameters)
    : discretization(discretization)
    , parameters(parameters)
  {}



  template <int dim>
  bool
  Adaptivity<dim>::mark(const PETScWrappers::MPI::Vector &xi,
                        const PETScWrappers::MPI::Vector *concentration,
                        const PETScWrappers::MPI::Vector *phi,
                        const PETScWrappers::MPI::Vector *host)
  {
    const auto &fe = discretization.fe;
    // Gradients at the support points catch the steepest values on the cell.
    FEValues<dim>               fe_values(fe,
                            Quadrature<dim>(fe.get_unit_support_points()),
                            update_gradients);
    const unsigned int          n_points = fe.n_dofs_per_cell();
    std::vector<Tensor<1, dim>> gradients(n_points);
    Vector<double>              xi_values(n_points), host_values(n_points);

    const auto largest_gradient = [&](const PETScWrappers::MPI::Vector &field) {
      fe_values.get_function_gradients(field, gradients);
      double largest = 0;
      for (const Tensor<1, dim> &gradient : gradients)
        largest = std::max(largest, gradient.norm());
      return largest;
    };

    bool any_flag = false;
    for (const auto &cell : discretization.dof_handler.active_cell_iterators())
      if (cell->is_locally_owned())
        {
          cell->get_dof_values(xi, xi_values);
          bool interface = crosses_interface(xi_values);
          if (host != nullptr && !interface)
            {
              cell->get_dof_values(*host, host_values);
              interface = crosses_interface(host_values);
            }

          // Ratio of the largest indicator to its threshold.
          double activity = 0;
          if (concentration != nullptr && phi != nullptr)
            {
              fe_values.reinit(cell);
              const double h = cell->diameter() / std::sqrt(double(dim));
              activity       = std::max(h * largest_gradient(*concentration) /
                                    parameters.concentration_threshold,
                                  h * largest_gradient(*phi) /
                                    parameters.potential_threshold);
            }

          const unsigned int level = cell->level();
          if (level < parameters.max_level && (interface || activity > 1.))
            cell->set_refine_flag();
          else if (level > parameters.min_level && !interface &&
                   (activity < 0.25 || level > parameters.max_level))
            cell->set_coarsen_flag();
          any_flag =
            any_flag || cell->refine_flag_set() || cell->coarsen_flag_set();
        }
    return Utilities::MPI::logical_or(any_flag,
                                      discretization.mpi_communicator);
  }



  template <int dim>
  bool
  Adaptivity<dim>::crosses_interface(const Vector<double> &xi_values) const
  {
    return *std::max_element(xi_values.begin(), xi_values.end()) >
             parameters.interface_band &&
           *std::min_element(xi_values.begin(), xi_values.end()) <
             1. - parameters.interface_band;
  }



  template <int dim>
  unsigned int
  Adaptivity<dim>::n_owned_interface_cells(
    const PETScWrappers::MPI::Vector &xi) const
  {
    Vector<double> xi_values(discretization.fe.n_dofs_per_cell());
    unsigned int   n_cells = 0;
    for (const auto &cell : discretization.dof_handler.active_cell_iterators())
      if (cell->is_locally_owned())
        {
          cell->get_dof_values(xi, xi_values);
          if (crosses_interface(xi_values))
            ++n_cells;
        }
    return n_cells;
  }



  template <int dim>
  void
  Adaptivity<dim>::execute(std::vector<PETScWrappers::MPI::Vector *> fields,
                           const bool                reservoir_concentration,
                           ContentConservation<dim> *conservation)
  {
    std::vector<const PETScWrappers::MPI::Vector *> old_fields(fields.begin(),
                                                               fields.end());
    parallel::distributed::SolutionTransfer<dim, PETScWrappers::MPI::Vector>
      transfer(discretization.dof_handler);
    discretization.triangulation.prepare_coarsening_and_refinement();
    transfer.prepare_for_coarsening_and_refinement(old_fields);
    if (conservation != nullptr)
      conservation->prepare_for_coarsening_and_refinement();
    discretization.triangulation.execute_coarsening_and_refinement();

    discretization.setup(reservoir_concentration);

    std::vector<PETScWrappers::MPI::Vector>   new_fields(fields.size());
    std::vector<PETScWrappers::MPI::Vector *> new_field_pointers;
    for (auto &field : new_fields)
      {
        discretization.reinit_owned(field);
        new_field_pointers.push_back(&field);
      }
    transfer.interpolate(new_field_pointers);

    for (unsigned int f = 0; f < fields.size(); ++f)
      {
        discretization.free_constraints.distribute(new_fields[f]);
        discretization.reinit_ghosted(*fields[f]);
        *fields[f] = new_fields[f];
      }
  }



  template class Adaptivity<2>;
  template class Adaptivity<3>;
} // namespace deadli
