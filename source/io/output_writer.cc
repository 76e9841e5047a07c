#include <deal.II/base/utilities.h>

#include <deal.II/fe/fe_values.h>

#include <deal.II/numerics/data_out.h>

#include <deadli/io/output_writer.h>
#include <deadli/io/parallel_vtu.h>
#include <deadli/physics/constants.h>
#include <deadli/physics/interface_rate.h>


namespace deadli
{
  using namespace dealii;

  namespace
  {
    /**
     * Cell averages of |i_e| = F c_s |s grad phi - s k_D grad ln c| in
     * mA/cm2, where s is the scaled conductivity.
     */
    template <int dim>
    Vector<float>
    current_density_magnitude(const Discretization<dim> &discretization,
                              const CellState           &state,
                              const MaterialProperties  &material)
    {
      const unsigned int          n_q = discretization.quadrature.size();
      FEValues<dim>               fe_values(discretization.fe,
                              discretization.quadrature,
                              update_values | update_gradients |
                                update_JxW_values);
      std::vector<double>         xi_values(n_q), c_values(n_q);
      std::vector<Tensor<1, dim>> c_gradients(n_q), phi_gradients(n_q);
      // µm/s of interface motion -> A/m^2 -> mA/cm^2.
      const double to_milliampere_per_square_centimetre =
        1. / material.velocity_per_current_density /
        constants::milliampere_per_square_centimetre;

      Vector<float> magnitude(discretization.triangulation.n_active_cells());
      for (const auto &cell :
           discretization.dof_handler.active_cell_iterators())
        if (cell->is_locally_owned())
          {
            fe_values.reinit(cell);
            fe_values.get_function_values(state.xi, xi_values);
            fe_values.get_function_values(state.concentration, c_values);
            fe_values.get_function_gradients(state.concentration, c_gradients);
            fe_values.get_function_gradients(state.phi, phi_gradients);
            double integral = 0, volume = 0;
            for (unsigned int q = 0; q < n_q; ++q)
              {
                const Tensor<1, dim> current =
                  scaled_electrolyte_current(material,
                                             xi_values[q],
                                             c_values[q],
                                             c_gradients[q],
                                             phi_gradients[q]);
                integral += current.norm() * fe_values.JxW(q);
                volume += fe_values.JxW(q);
              }
            magnitude(cell->active_cell_index()) =
              integral / volume * to_milliampere_per_square_centimetre;
          }
      return magnitude;
    }
  } // namespace



  template <int dim>
  OutputWriter<dim>::OutputWriter(const std::string        &directory,
                                  const MaterialProperties &material)
    : directory(directory)
    , material(material)
  {}



  template <int dim>
  void
  OutputWriter<dim>::write(const Discretization<dim>        &discretization,
                           const CellState                  &state,
                           const PETScWrappers::MPI::Vector &sei_fraction,
                           const Substrate<dim>             &substrate,
                           const MetalConnectivity<dim>     &connectivity,
                           const unsigned int                step,
                           const double                      time)
  {
    const MPI_Comm     comm = discretization.mpi_communicator;
    const unsigned int rank = Utilities::MPI::this_mpi_process(comm);

    PETScWrappers::MPI::Vector concentration_owned;

    discretization.reinit_owned(concentration_owned);
    concentration_owned = state.concentration;
    concentration_owned *= material.bulk_concentration / 1000.;
    PETScWrappers::MPI::Vector concentration;
    discretization.reinit_ghosted(concentration);
    concentration = concentration_owned;

    Vector<float> subdomain(discretization.triangulation.n_active_cells());
    subdomain = static_cast<float>(rank);
    const Vector<float> current =
      current_density_magnitude(discretization, state, material);
    const unsigned int n_cells = discretization.triangulation.n_active_cells();
    Vector<float>      component_id(n_cells), dead(n_cells), reactive(n_cells);
    for (const auto &cell :
         discretization.triangulation.active_cell_iterators())
      if (cell->is_locally_owned())
        {
          const unsigned int index = cell->active_cell_index();
          const auto         id    = connectivity.component(index);
          component_id(index) =
            id == MetalConnectivity<dim>::no_component ? -1.f : float(id);
          dead(index) = connectivity.is_dead(index) ? 1.f : 0.f;
          reactive(index) =
            state.activity.empty() ? 1.f : state.activity[index];
        }

    DataOut<dim> data_out;
    data_out.attach_dof_handler(discretization.dof_handler);
    data_out.add_data_vector(state.xi, "xi");
    data_out.add_data_vector(concentration, "c_mol_per_L");
    data_out.add_data_vector(state.phi, "phi_V");
    data_out.add_data_vector(sei_fraction, "sei_li_fraction");
    if (substrate.is_present())
      data_out.add_data_vector(substrate.host, "host_fraction");
    data_out.add_data_vector(current, "current_density_mA_per_cm2");
    data_out.add_data_vector(component_id, "component_id");
    data_out.add_data_vector(dead, "dead");
    data_out.add_data_vector(reactive, "reactive");
    data_out.add_data_vector(subdomain, "subdomain");
    data_out.build_patches(discretization.fe.degree);

    write_parallel_vtu(data_out, directory, step, time, comm, written_records);
  }



  template class OutputWriter<2>;
  template class OutputWriter<3>;
} // namespace deadli
