#include <deal.II/dofs/dof_tools.h>

#include <deal.II/fe/fe_values.h>

#include <deal.II/grid/grid_tools.h>

#include <deal.II/lac/dynamic_sparsity_pattern.h>
#include <deal.II/lac/sparsity_tools.h>

#include <deal.II/numerics/vector_tools.h>

#include <deadli/geometry/geometry.h>
#include <deadli/mesh/discretization.h>

namespace deadli
{
  using namespace dealii;

  template <int dim>
  void
  Discretization<dim>::Parameters::declare_parameters(ParameterHandler &prm)
  {
    prm.enter_subsection("Discretization");
    prm.declare_entry("Polynomial degree",
                      "1",
                      Patterns::Integer(1, 3),
                      "Degree p of the FE_Q(p) elements of all three fields. "
                      "Q1 is the tuned default: BoomerAMG handles it best "
                      "(doc/performance.md).");
    prm.leave_subsection();
  }



  template <int dim>
  void
  Discretization<dim>::Parameters::parse_parameters(ParameterHandler &prm)
  {
    prm.enter_subsection("Discretization");
    polynomial_degree = prm.get_integer("Polynomial degree");
    prm.leave_subsection();
  }



  template <int dim>
  Discretization<dim>::Discretization(const MPI_Comm     comm,
                                      const unsigned int polynomial_degree)
    : mpi_communicator(comm)
    // Only the 2:1 balance that p4est enforces anyway: deal.II's further
    // smoothing flags make distributed meshes depend on the partition,
    // which would break the identical-statistics-on-any-rank-count promise.
    , triangulation(comm,
                    Triangulation<dim>::limit_level_difference_at_vertices)
    , fe(polynomial_degree)
    , dof_handler(triangulation)
    , quadrature(polynomial_degree + 1)
    , face_quadrature(polynomial_degree + 1)
  {}



  template <int dim>
  Discretization<dim>::~Discretization()
  {
    release_layout_source();
  }



  template <int dim>
  void
  Discretization<dim>::add_lateral_periodicity()
  {
    std::vector<GridTools::PeriodicFacePair<
      typename parallel::distributed::Triangulation<dim>::cell_iterator>>
      periodic_faces;
    for (unsigned int direction = 0; direction + 1 < dim; ++direction)
      GridTools::collect_periodic_faces(triangulation,
                                        2 * direction,
                                        2 * direction + 1,
                                        direction,
                                        periodic_faces);
    triangulation.add_periodicity(periodic_faces);
    has_lateral_periodicity = true;
  }



  template <int dim>
  void
  Discretization<dim>::setup(const bool reservoir_concentration)
  {
    this->reservoir_concentration = reservoir_concentration;
    entry_positions.clear();
    release_layout_source();
    first_owned_cell = first_owned_global_cell_index(triangulation);
    dof_handler.distribute_dofs(fe);
    locally_owned_dofs = dof_handler.locally_owned_dofs();
    DoFTools::extract_locally_relevant_dofs(dof_handler, locally_relevant_dofs);

    std::vector<
      GridTools::PeriodicFacePair<typename DoFHandler<dim>::cell_iterator>>
      periodic_dof_faces;
    for (unsigned int direction = 0;
         has_lateral_periodicity && direction + 1 < dim;
         ++direction)
      GridTools::collect_periodic_faces(dof_handler,
                                        2 * direction,
                                        2 * direction + 1,
                                        direction,
                                        periodic_dof_faces);

    // Dirichlet data go in before periodicity, so that corner DoFs shared by
    // the counter electrode and a periodic face keep their boundary value.
    const auto build = [&](AffineConstraints<double> &constraints,
                           const bool                 fix_counter_electrode,
                           const double               counter_electrode_value) {
      constraints.clear();
      constraints.reinit(locally_relevant_dofs);
      DoFTools::make_hanging_node_constraints(dof_handler, constraints);
      if (fix_counter_electrode)
        VectorTools::interpolate_boundary_values(
          dof_handler,
          boundary_id::counter_electrode<dim>,
          Functions::ConstantFunction<dim>(counter_electrode_value),
          constraints);
      DoFTools::make_periodicity_constraints<dim, dim>(periodic_dof_faces,
                                                       constraints);
      constraints.close();
    };
    build(free_constraints, false, 0.);
    build(potential_constraints, true, 0.);
    // c is relative to the bulk concentration: 1 in the reservoir.
    build(concentration_constraints, reservoir_concentration, 1.);

    // Integral of each shape function, summed over the cells that use it
    // without any constraint: the dot product with a field's DoF values then
    // integrates exactly what quadrature of the cell-local values would,
    // whether or not the field satisfies the constraints.
    reinit_owned(integration_weights);
    FEValues<dim> fe_values(fe, quadrature, update_values | update_JxW_values);
    const unsigned int                   dofs_per_cell = fe.n_dofs_per_cell();
    Vector<double>                       cell_weights(dofs_per_cell);
    std::vector<types::global_dof_index> dof_indices(dofs_per_cell);
    for (const auto &cell : dof_handler.active_cell_iterators())
      if (cell->is_locally_owned())
        {
          fe_values.reinit(cell);
          cell_weights = 0;
          for (unsigned int q = 0; q < quadrature.size(); ++q)
            for (unsigned int i = 0; i < dofs_per_cell; ++i)
              cell_weights(i) += fe_values.shape_value(i, q) * fe_values.JxW(q);
          cell->get_dof_indices(dof_indices);
          integration_weights.add(dof_indices, cell_weights);
        }
    integration_weights.compress(VectorOperation::add);
  }



  template <int dim>
  void
  Discretization<dim>::reinit_owned(PETScWrappers::MPI::Vector &vector) const
  {
    vector.reinit(locally_owned_dofs, mpi_communicator);
  }



  template <int dim>
  void
  Discretization<dim>::reinit_ghosted(PETScWrappers::MPI::Vector &vector) const
  {
    vector.reinit(locally_owned_dofs, locally_relevant_dofs, mpi_communicator);
  }



  template <int dim>
  void
  Discretization<dim>::reinit_matrix(
    PETScWrappers::MPI::SparseMatrix &matrix) const
  {
    if (layout_source != nullptr)
      {
        // deal.II 9.4 has no call that adopts a PETSc Mat, so a matrix
        // without entries (cheap: no pattern to build) sets the wrapper's
        // communicator and sizes, and is then replaced by the duplicate.
        matrix.reinit(locally_owned_dofs,
                      locally_owned_dofs,
                      DynamicSparsityPattern(locally_owned_dofs.size(),
                                             locally_owned_dofs.size(),
                                             locally_owned_dofs),
                      mpi_communicator);
        PetscErrorCode error = MatDestroy(&matrix.petsc_matrix());
        AssertThrow(error == 0, LACExceptions::ExcPETScError(error));
        error = MatDuplicate(layout_source,
                             MAT_DO_NOT_COPY_VALUES,
                             &matrix.petsc_matrix());
        AssertThrow(error == 0, LACExceptions::ExcPETScError(error));
        return;
      }

    {
      DynamicSparsityPattern sparsity(locally_relevant_dofs);
      DoFTools::make_sparsity_pattern(dof_handler,
                                      sparsity,
                                      free_constraints,
                                      false);
      SparsityTools::distribute_sparsity_pattern(sparsity,
                                                 locally_owned_dofs,
                                                 mpi_communicator,
                                                 locally_relevant_dofs);
      matrix.reinit(locally_owned_dofs,
                    locally_owned_dofs,
                    sparsity,
                    mpi_communicator);
    }
    layout_source = matrix.petsc_matrix();
    const PetscErrorCode error =
      PetscObjectReference(reinterpret_cast<PetscObject>(layout_source));
    AssertThrow(error == 0, LACExceptions::ExcPETScError(error));
    entry_positions.reinit(dof_handler, matrix);
  }



  template <int dim>
  void
  Discretization<dim>::release_layout_source() const
  {
    const PetscErrorCode error = MatDestroy(&layout_source);
    AssertThrow(error == 0, LACExceptions::ExcPETScError(error));
  }



  template <int dim>
  const MatrixEntryPositions &
  Discretization<dim>::matrix_entry_positions() const
  {
    return entry_positions;
  }



  template <int dim>
  double
  Discretization<dim>::integrate(
    const PETScWrappers::MPI::Vector &ghosted_field) const
  {
    return integration_weights * ghosted_field;
  }



  template <int dim>
  void
  Discretization<dim>::interpolate(
    const Function<dim>        &function,
    PETScWrappers::MPI::Vector &ghosted_field) const
  {
    PETScWrappers::MPI::Vector owned;
    reinit_owned(owned);
    VectorTools::interpolate(dof_handler, function, owned);
    free_constraints.distribute(owned);
    reinit_ghosted(ghosted_field);
    ghosted_field = owned;
  }



  template class Discretization<2>;
  template class Discretization<3>;
} // namespace deadli
