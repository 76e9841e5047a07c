#include <deal.II/base/quadrature_lib.h>
#include <deal.II/base/utilities.h>

#include <deal.II/differentiation/ad.h>

#include <deal.II/distributed/grid_refinement.h>
#include <deal.II/distributed/solution_transfer.h>

#include <deal.II/dofs/dof_tools.h>

#include <deal.II/fe/fe_q.h>
#include <deal.II/fe/fe_values.h>

#include <deal.II/grid/grid_generator.h>

#include <deal.II/lac/dynamic_sparsity_pattern.h>
#include <deal.II/lac/sparsity_tools.h>

#include <deal.II/numerics/data_out.h>
#include <deal.II/numerics/vector_tools.h>

#include <deadli/benchmark/hong_viswanathan_model.h>
#include <deadli/io/parallel_vtu.h>
#include <deadli/parameter_checks.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <iomanip>
#include <limits>

namespace deadli
{
  using namespace dealii;

  namespace
  {
    constexpr unsigned int phase_component     = 0;
    constexpr unsigned int chemical_component  = 1;
    constexpr unsigned int potential_component = 2;

    /// The electrode is the bottom face (y = 0 in 2D, z = 0 in 3D), the bulk
    /// electrolyte the top one (colorized box numbering).
    template <int dim>
    constexpr types::boundary_id electrode_boundary = 2 * (dim - 1);
    template <int dim>
    constexpr types::boundary_id bulk_boundary = 2 * (dim - 1) + 1;

    /// Site fraction of a lattice gas at chemical potential w - offset.
    template <typename Number>
    Number
    occupancy(const Number &w, const double offset)
    {
      return 1. / (1. + std::exp(offset - w));
    }

    template <typename Number>
    Number
    interpolation(const Number &xi)
    {
      return xi * xi * xi * (6. * xi * xi - 15. * xi + 10.);
    }

    template <typename Number>
    Number
    interpolation_derivative(const Number &xi)
    {
      return 30. * xi * xi * (1. - xi) * (1. - xi);
    }

    /// Total Li per unit volume in electrolyte site fractions: ions in the
    /// electrolyte share plus metal in the electrode share.
    template <typename Number>
    Number
    total_lithium(const Number                    &xi,
                  const Number                    &w,
                  const HongViswanathanParameters &p)
    {
      const Number h = interpolation(xi);
      return occupancy(w, p.electrolyte_offset) * (1. - h) +
             p.site_density_ratio * occupancy(w, p.electrode_offset) * h;
    }

    /**
     * The cell's residual of one implicit Euler step, for the Newton
     * iterate @p dof_values (Number: double, or an AD type for the
     * Jacobian). Old values and the noise are given per quadrature point.
     */
    template <int dim, typename Number>
    void
    cell_residual(const FEValues<dim>             &fe_values,
                  const HongViswanathanParameters &p,
                  const double                     reference_concentration,
                  const double                     time_step,
                  const std::vector<Number>       &dof_values,
                  const std::vector<double>       &old_phase,
                  const std::vector<double>       &old_chemical,
                  const std::vector<double>       &noise,
                  std::vector<Number>             &cell_residual_values)
    {
      const FiniteElement<dim> &fe            = fe_values.get_fe();
      const unsigned int        dofs_per_cell = fe.n_dofs_per_cell();
      const double              f             = p.potential_factor;

      std::fill(cell_residual_values.begin(),
                cell_residual_values.end(),
                Number(0.));
      for (const unsigned int q : fe_values.quadrature_point_indices())
        {
          Number                 xi = 0., w = 0., phi = 0.;
          Tensor<1, dim, Number> grad_xi, grad_w, grad_phi;
          for (unsigned int j = 0; j < dofs_per_cell; ++j)
            {
              const unsigned int component =
                fe.system_to_component_index(j).first;
              const double         value    = fe_values.shape_value(j, q);
              const Tensor<1, dim> gradient = fe_values.shape_grad(j, q);
              if (component == phase_component)
                {
                  xi += dof_values[j] * value;
                  for (unsigned int d = 0; d < dim; ++d)
                    grad_xi[d] += dof_values[j] * gradient[d];
                }
              else if (component == chemical_component)
                {
                  w += dof_values[j] * value;
                  for (unsigned int d = 0; d < dim; ++d)
                    grad_w[d] += dof_values[j] * gradient[d];
                }
              else
                {
                  phi += dof_values[j] * value;
                  for (unsigned int d = 0; d < dim; ++d)
                    grad_phi[d] += dof_values[j] * gradient[d];
                }
            }

          const Number h    = interpolation(xi);
          const Number ions = occupancy(w, p.electrolyte_offset) * (1. - h);
          const Number phase_rate = (xi - old_phase[q]) / time_step;
          const Number lithium_rate =
            (total_lithium(xi, w, p) -
             total_lithium(Number(old_phase[q]), Number(old_chemical[q]), p)) /
            time_step;
          const Number mobility     = p.diffusivity * (1. - h) * ions;
          const Number conductivity = p.electrode_conductivity * h +
                                      p.electrolyte_conductivity * (1. - h);
          const Number reaction =
            p.reaction_coefficient * interpolation_derivative(xi) *
            (std::exp(0.5 * f * phi) -
             ions / reference_concentration * std::exp(-0.5 * f * phi));
          const Number barrier =
            2. * p.barrier_height * xi * (1. - xi) * (1. - 2. * xi);
          Tensor<1, dim, Number> ion_flux;
          for (unsigned int d = 0; d < dim; ++d)
            ion_flux[d] = mobility * (grad_w[d] + f * grad_phi[d]);

          const double JxW = fe_values.JxW(q);
          for (unsigned int i = 0; i < dofs_per_cell; ++i)
            {
              const unsigned int component =
                fe.system_to_component_index(i).first;
              const double         v             = fe_values.shape_value(i, q);
              const Tensor<1, dim> grad_v        = fe_values.shape_grad(i, q);
              Number               gradient_term = 0.;
              if (component == phase_component)
                {
                  for (unsigned int d = 0; d < dim; ++d)
                    gradient_term += grad_xi[d] * grad_v[d];
                  cell_residual_values[i] +=
                    ((phase_rate + p.allen_cahn_mobility * barrier + reaction -
                      noise[q]) *
                       v +
                     p.allen_cahn_mobility * p.gradient_coefficient *
                       gradient_term) *
                    JxW;
                }
              else if (component == chemical_component)
                {
                  for (unsigned int d = 0; d < dim; ++d)
                    gradient_term += ion_flux[d] * grad_v[d];
                  cell_residual_values[i] +=
                    (lithium_rate * v + gradient_term) * JxW;
                }
              else
                {
                  for (unsigned int d = 0; d < dim; ++d)
                    gradient_term += grad_phi[d] * grad_v[d];
                  cell_residual_values[i] +=
                    (conductivity * gradient_term +
                     p.metal_charge_density * phase_rate * v) *
                    JxW;
                }
            }
        }
    }

    /**
     * The derivative of cell_residual() with respect to the cell's DoF
     * values, written out: about a tenth of the cost of the same matrix by
     * forward AD, which the 'Jacobian = automatic differentiation' option
     * keeps as the reference (physics/hong_viswanathan_balance compares
     * the two matrices).
     */
    template <int dim>
    void
    cell_jacobian(const FEValues<dim>             &fe_values,
                  const HongViswanathanParameters &p,
                  const double                     reference_concentration,
                  const double                     time_step,
                  const std::vector<double>       &dof_values,
                  FullMatrix<double>              &matrix)
    {
      const FiniteElement<dim> &fe            = fe_values.get_fe();
      const unsigned int        dofs_per_cell = fe.n_dofs_per_cell();
      const double              f             = p.potential_factor;
      const double              L             = p.allen_cahn_mobility;

      matrix = 0.;
      for (const unsigned int q : fe_values.quadrature_point_indices())
        {
          double         xi = 0., w = 0., phi = 0.;
          Tensor<1, dim> grad_w, grad_phi;
          for (unsigned int j = 0; j < dofs_per_cell; ++j)
            {
              const unsigned int component =
                fe.system_to_component_index(j).first;
              const double value = dof_values[j] * fe_values.shape_value(j, q);
              if (component == phase_component)
                xi += value;
              else if (component == chemical_component)
                {
                  w += value;
                  grad_w += dof_values[j] * fe_values.shape_grad(j, q);
                }
              else
                {
                  phi += value;
                  grad_phi += dof_values[j] * fe_values.shape_grad(j, q);
                }
            }

          const double h        = interpolation(xi);
          const double dh       = interpolation_derivative(xi);
          const double d2h      = 60. * xi * (1. - xi) * (1. - 2. * xi);
          const double cl       = occupancy(w, p.electrolyte_offset);
          const double cs       = occupancy(w, p.electrode_offset);
          const double dcl      = cl * (1. - cl);
          const double dcs      = cs * (1. - cs);
          const double ions     = cl * (1. - h);
          const double forward  = std::exp(0.5 * f * phi);
          const double backward = std::exp(-0.5 * f * phi);
          const double bracket =
            forward - ions / reference_concentration * backward;
          const Tensor<1, dim> driving = grad_w + f * grad_phi;

          // xi row.
          const double d_reaction_d_xi =
            p.reaction_coefficient *
            (d2h * bracket + dh * cl * dh / reference_concentration * backward);
          const double d_reaction_d_w = -p.reaction_coefficient * dh * dcl *
                                        (1. - h) / reference_concentration *
                                        backward;
          const double d_reaction_d_phi =
            p.reaction_coefficient * dh * 0.5 * f *
            (forward + ions / reference_concentration * backward);
          const double d_phase_d_xi =
            1. / time_step +
            L * 2. * p.barrier_height * (1. - 6. * xi + 6. * xi * xi) +
            d_reaction_d_xi;
          // w row.
          const double d_lithium_d_xi =
            dh * (p.site_density_ratio * cs - cl) / time_step;
          const double d_lithium_d_w =
            (dcl * (1. - h) + p.site_density_ratio * dcs * h) / time_step;
          const double mobility = p.diffusivity * cl * (1. - h) * (1. - h);
          const double d_mobility_d_xi =
            -2. * p.diffusivity * cl * (1. - h) * dh;
          const double d_mobility_d_w =
            p.diffusivity * dcl * (1. - h) * (1. - h);
          // phi row.
          const double conductivity = p.electrode_conductivity * h +
                                      p.electrolyte_conductivity * (1. - h);
          const double d_conductivity_d_xi =
            (p.electrode_conductivity - p.electrolyte_conductivity) * dh;

          const double JxW = fe_values.JxW(q);
          for (unsigned int i = 0; i < dofs_per_cell; ++i)
            {
              const unsigned int    row = fe.system_to_component_index(i).first;
              const double          v   = fe_values.shape_value(i, q);
              const Tensor<1, dim> &grad_v    = fe_values.shape_grad(i, q);
              const double          driving_v = driving * grad_v;
              const double          phi_v     = grad_phi * grad_v;
              for (unsigned int j = 0; j < dofs_per_cell; ++j)
                {
                  const unsigned int column =
                    fe.system_to_component_index(j).first;
                  const double          u      = fe_values.shape_value(j, q);
                  const Tensor<1, dim> &grad_u = fe_values.shape_grad(j, q);
                  const double          grads  = grad_u * grad_v;
                  double                entry  = 0.;
                  if (row == phase_component)
                    {
                      if (column == phase_component)
                        entry = d_phase_d_xi * u * v +
                                L * p.gradient_coefficient * grads;
                      else if (column == chemical_component)
                        entry = d_reaction_d_w * u * v;
                      else
                        entry = d_reaction_d_phi * u * v;
                    }
                  else if (row == chemical_component)
                    {
                      if (column == phase_component)
                        entry = d_lithium_d_xi * u * v +
                                d_mobility_d_xi * u * driving_v;
                      else if (column == chemical_component)
                        entry = d_lithium_d_w * u * v +
                                d_mobility_d_w * u * driving_v +
                                mobility * grads;
                      else
                        entry = mobility * f * grads;
                    }
                  else
                    {
                      if (column == phase_component)
                        entry = d_conductivity_d_xi * u * phi_v +
                                p.metal_charge_density / time_step * u * v;
                      else if (column == potential_component)
                        entry = conductivity * grads;
                    }
                  matrix(i, j) += entry * JxW;
                }
            }
        }
    }



    /**
     * Call @p visit(xi_index, w_index, phi_index) with the three DoFs at
     * every vertex of every locally owned cell (vertices shared by several
     * cells are visited once per cell).
     */
    template <int dim, typename Visitor>
    void
    for_each_owned_vertex(const DoFHandler<dim> &dof_handler,
                          const Visitor         &visit)
    {
      const FiniteElement<dim>            &fe = dof_handler.get_fe();
      std::vector<types::global_dof_index> dof_indices(fe.n_dofs_per_cell());
      for (const auto &cell : dof_handler.active_cell_iterators())
        if (cell->is_locally_owned())
          {
            cell->get_dof_indices(dof_indices);
            for (unsigned int v = 0; v < GeometryInfo<dim>::vertices_per_cell;
                 ++v)
              visit(
                dof_indices[fe.component_to_system_index(phase_component, v)],
                dof_indices[fe.component_to_system_index(chemical_component,
                                                         v)],
                dof_indices[fe.component_to_system_index(potential_component,
                                                         v)]);
          }
    }



    /// The noise at the cell's quadrature points, averaged over the step.
    template <int dim>
    void
    noise_at(const FEValues<dim>      &fe_values,
             const CoarseGrainedNoise &noise,
             const double              start_time,
             const double              time_step,
             std::vector<double>      &values)
    {
      for (const unsigned int q : fe_values.quadrature_point_indices())
        values[q] =
          noise.step_mean(fe_values.quadrature_point(q), start_time, time_step);
    }
  } // namespace



  void
  HongViswanathanParameters::declare_parameters(ParameterHandler &prm)
  {
    prm.enter_subsection("Output");
    prm.declare_entry("Directory",
                      "output/hong_viswanathan",
                      Patterns::Anything(),
                      "Where statistics.csv and the ParaView files go.");
    prm.declare_entry("Interval [s]",
                      "5",
                      Patterns::Double(0),
                      "Simulated time between ParaView outputs (0: only the "
                      "first and the last state).");
    prm.leave_subsection();

    prm.enter_subsection("Geometry");
    prm.declare_entry("Domain width [um]", "200", Patterns::Double(0));
    prm.declare_entry("Domain height [um]", "200", Patterns::Double(0));
    prm.declare_entry("Coarse cell size [um]",
                      "4",
                      Patterns::Double(0),
                      "Edge of the coarse cells; the domain's edges must be "
                      "whole multiples of it.");
    prm.declare_entry("Maximum level",
                      "4",
                      Patterns::Integer(0, 12),
                      "Refinements of a coarse cell at the interface: 4 "
                      "cells of 0.25 um across the 1 um interface with 4 um "
                      "coarse cells.");
    prm.declare_entry("Refinement interval",
                      "5",
                      Patterns::Integer(1),
                      "Time steps between mesh adaptations.");
    prm.declare_entry("Initial electrode thickness [um]",
                      "20",
                      Patterns::Double(0),
                      "Li layer covering the whole electrode side at the "
                      "start (Hong & Viswanathan's 200 x 200 um run: 20 um). "
                      "With a layer, the electrode boundary held at the "
                      "applied potential touches only metal; without one, "
                      "it also holds the electrolyte beside a nucleus at "
                      "that potential, and Li+ piles up there.");
    prm.declare_entry("Nucleus radius [um]",
                      "0",
                      Patterns::Double(0),
                      "Half disc of Li on the middle of the electrode side "
                      "(on top of the layer, if there is one); 0: none.");
    prm.leave_subsection();

    // Hong & Viswanathan's numbers, in their units (length um, time s,
    // energy RT, concentration as site fraction of the electrolyte).
    prm.enter_subsection("Model");
    prm.declare_entry("Gradient coefficient", "0.3", Patterns::Double(0));
    prm.declare_entry("Barrier height", "2.4", Patterns::Double(0));
    prm.declare_entry("Allen-Cahn mobility [1/s]", "6.25", Patterns::Double(0));
    prm.declare_entry("Reaction coefficient [1/s]",
                      "0.001",
                      Patterns::Double(0),
                      "L_eta of the Butler-Volmer term.");
    prm.declare_entry("Diffusivity [um2/s]", "317.9", Patterns::Double(0));
    prm.declare_entry("Electrode conductivity [S/m]",
                      "1e6",
                      Patterns::Double(0));
    prm.declare_entry("Electrolyte conductivity [S/m]",
                      "1.19",
                      Patterns::Double(0));
    prm.declare_entry("Site density ratio",
                      "5.5",
                      Patterns::Double(0),
                      "Li sites of the metal per site of the electrolyte.");
    prm.declare_entry("Electrolyte chemical potential offset",
                      "2.631",
                      Patterns::Double(),
                      "e_l: the bulk site fraction is 1/(1 + exp(e_l)).");
    prm.declare_entry("Electrode chemical potential offset",
                      "-13.8",
                      Patterns::Double());
    prm.declare_entry("nF/RT [1/V]", "38.69", Patterns::Double(0));
    prm.declare_entry("Metal charge density",
                      "0.0074",
                      Patterns::Double(0),
                      "F times the metal's Li concentration, in 1e12 C/m3 "
                      "(which goes with S/m and um).");
    prm.declare_entry("Applied potential [V]", "-0.45", Patterns::Double());
    prm.declare_entry("Noise amplitude [1/s]",
                      "0.04",
                      Patterns::Double(0),
                      "Bound of the uniform noise added to dxi/dt.");
    prm.declare_entry("Noise cell size [um]",
                      "1",
                      Patterns::Double(0),
                      "The noise is constant on squares of this edge: "
                      "Hong & Viswanathan's mesh, on which MOOSE drew it.");
    prm.declare_entry("Noise time window [s]",
                      "0.02",
                      Patterns::Double(0),
                      "... and on windows of this length (their time step); "
                      "a step sees its mean over the step. Both make the "
                      "seeding of the instability independent of DeadLi's "
                      "mesh and time step.");
    prm.declare_entry("Random seed", "1", Patterns::Integer(0));
    prm.leave_subsection();

    prm.enter_subsection("Time stepping");
    prm.declare_entry("End time [s]", "35", Patterns::Double(0));
    prm.declare_entry("Initial time step [s]", "0.001", Patterns::Double(0));
    prm.declare_entry("Maximum time step [s]", "0.1", Patterns::Double(0));
    prm.declare_entry("Maximum phase change",
                      "0.1",
                      Patterns::Double(0),
                      "Target of the largest change of xi in one step; a "
                      "step that changes it by twice as much is repeated "
                      "with half the time step.");
    prm.declare_entry("Newton tolerance",
                      "1e-6",
                      Patterns::Double(0),
                      "On the largest update of xi, of the ion "
                      "concentration relative to the bulk and of f phi.");
    prm.declare_entry("Jacobian",
                      "analytic",
                      Patterns::Selection("analytic|automatic differentiation"),
                      "How Newton's Jacobian is computed: written out, or by "
                      "forward AD (Sacado) of the residual, the slower "
                      "reference.");
    prm.declare_entry("Maximum Newton iterations",
                      "12",
                      Patterns::Integer(1),
                      "More, and the step is repeated with half the time "
                      "step.");
    prm.leave_subsection();
  }



  void
  HongViswanathanParameters::parse_parameters(ParameterHandler &prm)
  {
    prm.enter_subsection("Output");
    output_directory = prm.get("Directory");
    output_interval  = prm.get_double("Interval [s]");
    prm.leave_subsection();

    prm.enter_subsection("Geometry");
    domain_width        = prm.get_double("Domain width [um]");
    domain_height       = prm.get_double("Domain height [um]");
    coarse_cell_size    = prm.get_double("Coarse cell size [um]");
    maximum_level       = prm.get_integer("Maximum level");
    refinement_interval = prm.get_integer("Refinement interval");
    nucleus_radius      = prm.get_double("Nucleus radius [um]");
    electrode_thickness = prm.get_double("Initial electrode thickness [um]");
    prm.leave_subsection();

    prm.enter_subsection("Model");
    gradient_coefficient     = prm.get_double("Gradient coefficient");
    barrier_height           = prm.get_double("Barrier height");
    allen_cahn_mobility      = prm.get_double("Allen-Cahn mobility [1/s]");
    reaction_coefficient     = prm.get_double("Reaction coefficient [1/s]");
    diffusivity              = prm.get_double("Diffusivity [um2/s]");
    electrode_conductivity   = prm.get_double("Electrode conductivity [S/m]");
    electrolyte_conductivity = prm.get_double("Electrolyte conductivity [S/m]");
    site_density_ratio       = prm.get_double("Site density ratio");
    electrolyte_offset =
      prm.get_double("Electrolyte chemical potential offset");
    electrode_offset = prm.get_double("Electrode chemical potential offset");
    potential_factor = prm.get_double("nF/RT [1/V]");
    metal_charge_density = prm.get_double("Metal charge density");
    applied_potential    = prm.get_double("Applied potential [V]");
    noise_amplitude      = prm.get_double("Noise amplitude [1/s]");
    noise_cell_size      = prm.get_double("Noise cell size [um]");
    noise_window         = prm.get_double("Noise time window [s]");
    random_seed          = prm.get_integer("Random seed");
    prm.leave_subsection();

    prm.enter_subsection("Time stepping");
    end_time                  = prm.get_double("End time [s]");
    initial_time_step         = prm.get_double("Initial time step [s]");
    maximum_time_step         = prm.get_double("Maximum time step [s]");
    maximum_phase_change      = prm.get_double("Maximum phase change");
    newton_tolerance          = prm.get_double("Newton tolerance");
    maximum_newton_iterations = prm.get_integer("Maximum Newton iterations");
    automatic_differentiation =
      prm.get("Jacobian") == "automatic differentiation";
    prm.leave_subsection();

    const double infinity = std::numeric_limits<double>::infinity();
    for (const auto &[path, value] :
         std::vector<std::pair<std::string, double>>{
           {"Geometry/Domain width [um]", domain_width},
           {"Geometry/Domain height [um]", domain_height},
           {"Geometry/Coarse cell size [um]", coarse_cell_size},
           {"Model/Gradient coefficient", gradient_coefficient},
           {"Model/Barrier height", barrier_height},
           {"Model/Allen-Cahn mobility [1/s]", allen_cahn_mobility},
           {"Model/Diffusivity [um2/s]", diffusivity},
           {"Model/Electrode conductivity [S/m]", electrode_conductivity},
           {"Model/Electrolyte conductivity [S/m]", electrolyte_conductivity},
           {"Model/Site density ratio", site_density_ratio},
           {"Model/nF/RT [1/V]", potential_factor},
           {"Model/Noise cell size [um]", noise_cell_size},
           {"Model/Noise time window [s]", noise_window},
           {"Time stepping/End time [s]", end_time},
           {"Time stepping/Initial time step [s]", initial_time_step},
           {"Time stepping/Maximum time step [s]", maximum_time_step},
           {"Time stepping/Maximum phase change", maximum_phase_change},
           {"Time stepping/Newton tolerance", newton_tolerance}})
      require_open_interval(path, value, 0., infinity, "It must be positive.");
    for (const auto &[path, length] :
         std::vector<std::pair<std::string, double>>{
           {"Geometry/Domain width [um]", domain_width},
           {"Geometry/Domain height [um]", domain_height}})
      {
        const double cells = length / coarse_cell_size;
        AssertThrow(std::abs(cells - std::round(cells)) < 1e-9 * cells,
                    ExcParameterOutOfRange(
                      path,
                      length,
                      "(whole multiples of Geometry/Coarse cell size [um])",
                      "The coarse mesh must fit the domain."));
      }
    AssertThrow(electrode_thickness < domain_height,
                ExcParameterOutOfRange(
                  "Geometry/Initial electrode thickness [um]",
                  electrode_thickness,
                  "[0, Geometry/Domain height [um])",
                  "The electrolyte must separate the layer from the bulk."));
    AssertThrow(electrode_thickness + nucleus_radius <= domain_height &&
                  nucleus_radius <= domain_width / 2.,
                ExcParameterOutOfRange(
                  "Geometry/Nucleus radius [um]",
                  nucleus_radius,
                  "[0, min(Domain width / 2, Domain height - Initial "
                  "electrode thickness)]",
                  "The nucleus must fit into the domain."));
    AssertThrow(electrode_thickness > 0. || nucleus_radius > 0.,
                ExcParameterOutOfRange(
                  "Geometry/Initial electrode thickness [um]",
                  electrode_thickness,
                  "(0, Geometry/Domain height [um]) when Geometry/Nucleus "
                  "radius [um] is 0",
                  "Plating needs metal to start from."));
  }



  template <int dim>
  HongViswanathanModel<dim>::HongViswanathanModel(const Parameters &parameters,
                                                  const MPI_Comm    comm)
    : parameters(parameters)
    , mpi_communicator(comm)
    , pcout(std::cout, Utilities::MPI::this_mpi_process(comm) == 0)
    , timer(comm, pcout, TimerOutput::never, TimerOutput::wall_times)
    , triangulation(comm,
                    Triangulation<dim>::limit_level_difference_at_vertices)
    , fe(FE_Q<dim>(1), 3)
    , dof_handler(triangulation)
    , factorization(comm)
    , noise(parameters.noise_amplitude,
            parameters.noise_cell_size,
            parameters.noise_window,
            parameters.random_seed)
    , reference_concentration(occupancy(0., parameters.electrolyte_offset))
    , statistics(parameters.output_directory.empty() ||
                     Utilities::MPI::this_mpi_process(comm) != 0 ?
                   std::string() :
                   parameters.output_directory + "/statistics.csv")
  {}



  template <int dim>
  void
  HongViswanathanModel<dim>::make_mesh()
  {
    std::vector<unsigned int> repetitions(dim);
    Point<dim>                upper;
    for (unsigned int d = 0; d < dim; ++d)
      {
        const double length =
          d == dim - 1 ? parameters.domain_height : parameters.domain_width;
        repetitions[d] = static_cast<unsigned int>(
          std::round(length / parameters.coarse_cell_size));
        upper[d] = length;
      }
    GridGenerator::subdivided_hyper_rectangle(
      triangulation, repetitions, Point<dim>(), upper, true);
  }



  template <int dim>
  void
  HongViswanathanModel<dim>::setup_dofs()
  {
    factorization.clear();
    dof_handler.distribute_dofs(fe);
    locally_owned_dofs = dof_handler.locally_owned_dofs();
    DoFTools::extract_locally_relevant_dofs(dof_handler, locally_relevant_dofs);

    const FEValuesExtractors::Scalar chemical(chemical_component);
    const FEValuesExtractors::Scalar potential(potential_component);
    const auto make_constraints = [&](AffineConstraints<double> &target,
                                      const double               scale) {
      target.clear();
      target.reinit(locally_relevant_dofs);
      DoFTools::make_hanging_node_constraints(dof_handler, target);
      VectorTools::interpolate_boundary_values(
        dof_handler,
        electrode_boundary<dim>,
        Functions::ConstantFunction<dim>(scale * parameters.applied_potential,
                                         3),
        target,
        fe.component_mask(potential));
      VectorTools::interpolate_boundary_values(dof_handler,
                                               bulk_boundary<dim>,
                                               Functions::ZeroFunction<dim>(3),
                                               target,
                                               fe.component_mask(potential) |
                                                 fe.component_mask(chemical));
      target.close();
    };
    make_constraints(constraints, 1.);
    make_constraints(update_constraints, 0.);

    bulk_boundary_w_dofs =
      DoFTools::extract_boundary_dofs(dof_handler,
                                      fe.component_mask(chemical),
                                      {bulk_boundary<dim>});

    DynamicSparsityPattern dsp(locally_relevant_dofs);
    DoFTools::make_sparsity_pattern(dof_handler,
                                    dsp,
                                    update_constraints,
                                    false);
    SparsityTools::distribute_sparsity_pattern(dsp,
                                               locally_owned_dofs,
                                               mpi_communicator,
                                               locally_relevant_dofs);
    previous_increment.reinit(locally_owned_dofs, mpi_communicator);
    previous_time_step = 0.;
    jacobian.reinit(locally_owned_dofs,
                    locally_owned_dofs,
                    dsp,
                    mpi_communicator);
    residual.reinit(locally_owned_dofs, mpi_communicator);
    solution.reinit(locally_owned_dofs,
                    locally_relevant_dofs,
                    mpi_communicator);
    old_solution.reinit(locally_owned_dofs,
                        locally_relevant_dofs,
                        mpi_communicator);
  }



  template <int dim>
  void
  HongViswanathanModel<dim>::set_initial_state()
  {
    // The equilibrium profile of the double well and gradient energy:
    // xi = 1/(1 + exp(d/a)), a = sqrt(kappa / (2 W)), d the signed distance
    // from the metal's surface: the layer's or the nucleus's, whichever is
    // nearer (the nucleus sits on the layer, or on the electrode side).
    const double profile_length = std::sqrt(parameters.gradient_coefficient /
                                            (2. * parameters.barrier_height));
    const auto  &p              = parameters;
    Point<dim>   centre;
    for (unsigned int d = 0; d < dim - 1; ++d)
      centre[d] = p.domain_width / 2.;
    centre[dim - 1]          = p.electrode_thickness;
    const auto initial_phase = [&](const Point<dim> &x) {
      double distance = std::numeric_limits<double>::infinity();
      if (p.electrode_thickness > 0.)
        distance = x[dim - 1] - p.electrode_thickness;
      if (p.nucleus_radius > 0.)
        distance = std::min(distance, x.distance(centre) - p.nucleus_radius);
      return 1. / (1. + std::exp(distance / profile_length));
    };
    const FunctionFromFunctionObjects<dim> state(
      {initial_phase,
       [](const Point<dim> &) { return 0.; },
       [&](const Point<dim> &x) {
         // A first guess only: phi has no time derivative.
         const double xi = initial_phase(x);
         const double linear =
           p.applied_potential * (1. - x[dim - 1] / p.domain_height);
         return xi * p.applied_potential + (1. - xi) * linear;
       }});
    PETScWrappers::MPI::Vector owned(locally_owned_dofs, mpi_communicator);
    VectorTools::interpolate(dof_handler, state, owned);
    constraints.distribute(owned);
    solution     = owned;
    old_solution = owned;
  }



  template <int dim>
  void
  HongViswanathanModel<dim>::adapt_mesh()
  {
    TimerOutput::Scope scope(timer, "adaptivity");
    const unsigned int n_vertices = GeometryInfo<dim>::vertices_per_cell;
    std::vector<types::global_dof_index> dof_indices(fe.n_dofs_per_cell());
    for (const auto &cell : dof_handler.active_cell_iterators())
      if (cell->is_locally_owned())
        {
          cell->get_dof_indices(dof_indices);
          double lowest_phase = 1e300, highest_phase = -1e300;
          double lowest_ions = 1e300, highest_ions = -1e300;
          for (unsigned int v = 0; v < n_vertices; ++v)
            {
              const double xi = solution(
                dof_indices[fe.component_to_system_index(phase_component, v)]);
              const double w = solution(
                dof_indices[fe.component_to_system_index(chemical_component,
                                                         v)]);
              const double ions = occupancy(w, parameters.electrolyte_offset) *
                                  (1. - interpolation(xi)) /
                                  reference_concentration;
              lowest_phase  = std::min(lowest_phase, xi);
              highest_phase = std::max(highest_phase, xi);
              lowest_ions   = std::min(lowest_ions, ions);
              highest_ions  = std::max(highest_ions, ions);
            }
          // The interface band (0.01 < xi < 0.99 spans 2.3 um at the
          // default width) at the finest level; elsewhere one level more
          // where the ion concentration varies by over half the bulk value
          // across the cell, one less where it varies by under 5 %. (A
          // fifth instead of a half gave 50 % more DoFs after 1 s of the
          // benchmark, in the layer of ions on the electrode, for a metal
          // area 0.5 % different.)
          const bool   interface = highest_phase > 0.01 && lowest_phase < 0.99;
          const double ion_variation = highest_ions - lowest_ions;
          const unsigned int level   = cell->level();
          if (interface || ion_variation > 0.5)
            {
              if (level < parameters.maximum_level)
                cell->set_refine_flag();
            }
          else if (ion_variation < 0.05 && level > 0)
            cell->set_coarsen_flag();
        }

    // The last step's increment moves to the new mesh too: without it the
    // first step after each adaptation had no predictor, and the noise's
    // kick to phi in its first Newton update made that step fail and be
    // repeated with half the time step.
    PETScWrappers::MPI::Vector increment(locally_owned_dofs,
                                         locally_relevant_dofs,
                                         mpi_communicator);
    increment                   = previous_increment;
    const double increment_step = previous_time_step;
    parallel::distributed::SolutionTransfer<dim, PETScWrappers::MPI::Vector>
      transfer(dof_handler);
    triangulation.prepare_coarsening_and_refinement();
    transfer.prepare_for_coarsening_and_refinement({&solution, &increment});
    triangulation.execute_coarsening_and_refinement();
    setup_dofs();
    PETScWrappers::MPI::Vector owned(locally_owned_dofs, mpi_communicator);
    std::vector<PETScWrappers::MPI::Vector *> transferred{&owned,
                                                          &previous_increment};
    transfer.interpolate(transferred);
    constraints.distribute(owned);
    update_constraints.distribute(previous_increment);
    previous_time_step = increment_step;
    solution           = owned;
    old_solution       = owned;
  }



  template <int dim>
  void
  HongViswanathanModel<dim>::assemble(const double start_time,
                                      const double time_step,
                                      const bool   automatic_differentiation)
  {
    TimerOutput::Scope scope(timer, "assembly");
    using ADHelper = Differentiation::AD::ResidualLinearization<
      Differentiation::AD::NumberTypes::sacado_dfad,
      double>;
    using ADNumber = typename ADHelper::ad_type;

    jacobian = 0.;
    residual = 0.;
    const QGauss<dim>  quadrature(2);
    FEValues<dim>      fe_values(fe,
                            quadrature,
                            update_values | update_gradients |
                              update_quadrature_points | update_JxW_values);
    const unsigned int dofs_per_cell = fe.n_dofs_per_cell();
    const unsigned int n_q           = quadrature.size();

    std::vector<types::global_dof_index> dof_indices(dofs_per_cell);
    std::vector<double> old_phase(n_q), old_chemical(n_q), noise_values(n_q);
    std::vector<double> dof_values(dofs_per_cell),
      residual_values(dofs_per_cell);
    std::vector<ADNumber>            residual_ad(dofs_per_cell);
    FullMatrix<double>               cell_matrix(dofs_per_cell, dofs_per_cell);
    Vector<double>                   cell_rhs(dofs_per_cell);
    const FEValuesExtractors::Scalar phase(phase_component);
    const FEValuesExtractors::Scalar chemical(chemical_component);

    for (const auto &cell : dof_handler.active_cell_iterators())
      if (cell->is_locally_owned())
        {
          fe_values.reinit(cell);
          cell->get_dof_indices(dof_indices);
          fe_values[phase].get_function_values(old_solution, old_phase);
          fe_values[chemical].get_function_values(old_solution, old_chemical);
          noise_at(fe_values, noise, start_time, time_step, noise_values);

          if (automatic_differentiation)
            {
              ADHelper ad_helper(dofs_per_cell, dofs_per_cell);
              ad_helper.register_dof_values(solution, dof_indices);
              cell_residual(fe_values,
                            parameters,
                            reference_concentration,
                            time_step,
                            ad_helper.get_sensitive_dof_values(),
                            old_phase,
                            old_chemical,
                            noise_values,
                            residual_ad);
              ad_helper.register_residual_vector(residual_ad);
              ad_helper.compute_residual(cell_rhs);
              cell_rhs *= -1.;
              ad_helper.compute_linearization(cell_matrix);
            }
          else
            {
              for (unsigned int i = 0; i < dofs_per_cell; ++i)
                dof_values[i] = solution(dof_indices[i]);
              cell_residual(fe_values,
                            parameters,
                            reference_concentration,
                            time_step,
                            dof_values,
                            old_phase,
                            old_chemical,
                            noise_values,
                            residual_values);
              for (unsigned int i = 0; i < dofs_per_cell; ++i)
                cell_rhs(i) = -residual_values[i];
              cell_jacobian(fe_values,
                            parameters,
                            reference_concentration,
                            time_step,
                            dof_values,
                            cell_matrix);
            }
          update_constraints.distribute_local_to_global(
            cell_matrix, cell_rhs, dof_indices, jacobian, residual);
        }
    jacobian.compress(VectorOperation::add);
    residual.compress(VectorOperation::add);
  }



  template <int dim>
  double
  HongViswanathanModel<dim>::jacobian_discrepancy(const double time_step)
  {
    assemble(0., time_step, true);
    Mat            automatic;
    PetscErrorCode error = MatDuplicate(jacobian, MAT_COPY_VALUES, &automatic);
    AssertThrow(error == 0, ExcPETScError(error));
    assemble(0., time_step, false);
    PetscReal automatic_norm = 0., difference_norm = 0.;
    error = MatNorm(automatic, NORM_FROBENIUS, &automatic_norm);
    AssertThrow(error == 0, ExcPETScError(error));
    error = MatAXPY(automatic, -1., jacobian, SAME_NONZERO_PATTERN);
    AssertThrow(error == 0, ExcPETScError(error));
    error = MatNorm(automatic, NORM_FROBENIUS, &difference_norm);
    AssertThrow(error == 0, ExcPETScError(error));
    error = MatDestroy(&automatic);
    AssertThrow(error == 0, ExcPETScError(error));
    return difference_norm / automatic_norm;
  }



  template <int dim>
  double
  HongViswanathanModel<dim>::update_size(
    const PETScWrappers::MPI::Vector &update) const
  {
    double largest = 0.;
    for_each_owned_vertex(dof_handler,
                          [&](const types::global_dof_index xi_index,
                              const types::global_dof_index w_index,
                              const types::global_dof_index phi_index) {
                            // d(ions) = c_l (1 - c_l)(1 - h) dw, relative to
                            // the bulk. Where the electrolyte's share 1 - h is
                            // under 1 % (the metal side of the interface), w
                            // is nearly free: neither storage nor mobility
                            // pins it, Newton converges slowly there, and the
                            // ions it decides are under 1 % of the bulk's. It
                            // is left out.
                            const double electrolyte_share =
                              1. - interpolation<double>(solution(xi_index));
                            const double occupied =
                              occupancy<double>(solution(w_index),
                                                parameters.electrolyte_offset);
                            const double ion_change =
                              electrolyte_share < 0.01 ?
                                0. :
                                occupied * (1. - occupied) * electrolyte_share *
                                  std::abs(update(w_index)) /
                                  reference_concentration;
                            largest = std::max({largest,
                                                std::abs(update(xi_index)),
                                                ion_change,
                                                parameters.potential_factor *
                                                  std::abs(update(phi_index))});
                          });
    return Utilities::MPI::max(largest, mpi_communicator);
  }



  template <int dim>
  bool
  HongViswanathanModel<dim>::solve_time_step(const double start_time,
                                             const double time_step)
  {
    PETScWrappers::MPI::Vector owned_update(locally_owned_dofs,
                                            mpi_communicator);
    PETScWrappers::MPI::Vector update(locally_owned_dofs,
                                      locally_relevant_dofs,
                                      mpi_communicator);
    PETScWrappers::MPI::Vector owned_solution(locally_owned_dofs,
                                              mpi_communicator);
    // Predictor: the last step's increment, scaled to this step. It takes
    // the first Newton update from O(dt) to O(dt^2), mostly in phi, which
    // follows the cell current everywhere at once.
    owned_solution = old_solution;
    if (previous_time_step > 0.)
      owned_solution.add(time_step / previous_time_step, previous_increment);
    constraints.distribute(owned_solution);
    solution = owned_solution;
    // Newton's method with the exact Jacobian of every iterate, solved by
    // GMRES preconditioned with the factorization of an earlier Jacobian,
    // kept across iterations and steps until GMRES needs many iterations
    // with it. Why: on the benchmark a factorization costs as much as 3.5
    // assemblies of the Jacobian or 16 back-substitutions, and the previous
    // scheme, which kept the factorized Jacobian as Newton's matrix,
    // converged linearly and still refactorized twice per step. On the
    // first 4 s of a 5 um bump on the flat layer this one took 58 steps, 3
    // rejected, 350 Newton iterations and 131 s where that one took 106
    // steps, 23 rejected, 1063 iterations and 185 s, for the same deposit.
    //
    // GMRES solves to 1e-4 of the preconditioned residual (inexact Newton:
    // the update's error is 1e-4 of itself). More than 12 iterations with
    // the kept factorization mean it has aged, and the next iterate
    // refactorizes; after 25 it is renewed at once. (5 and 10 refactorized
    // twice as often and were 30 % slower on the benchmark's first 3 s.)
    const double       krylov_tolerance          = 1e-4;
    const unsigned int refactorization_threshold = 12;
    const unsigned int maximum_krylov_iterations = 25;
    bool               refactorize               = factorization.empty();
    const auto         solve_newton_system       = [&]() {
      TimerOutput::Scope scope(timer, "GMRES");
      return factorization.solve(owned_update,
                                 residual,
                                 krylov_tolerance,
                                 maximum_krylov_iterations);
    };
    for (unsigned int iteration = 1;
         iteration <= parameters.maximum_newton_iterations;
         ++iteration)
      {
        assemble(start_time, time_step, parameters.automatic_differentiation);
        try
          {
            unsigned int krylov_iterations =
              refactorize ? 0 : solve_newton_system();
            if (krylov_iterations == 0)
              {
                {
                  TimerOutput::Scope scope(timer, "factorization (MUMPS)");
                  factorization.factorize(jacobian);
                  ++jacobian_factorizations;
                }
                krylov_iterations = solve_newton_system();
                if (krylov_iterations == 0)
                  return false;
              }
            gmres_iterations += krylov_iterations;
            refactorize = krylov_iterations > refactorization_threshold;
          }
        catch (const ExcPETScError &)
          {
            // A singular or non-finite Jacobian of a diverging iterate:
            // the caller repeats the step with a smaller time step.
            factorization.clear();
            return false;
          }
        // update_size() looks at chosen entries through std::max, which
        // drops NaN: a non-finite update anywhere is caught here instead
        // (the norm's sum of squares keeps it).
        if (!std::isfinite(owned_update.l2_norm()))
          return false;
        update_constraints.distribute(owned_update);
        update         = owned_update;
        owned_solution = solution;
        owned_solution += owned_update;
        solution = owned_solution;
        ++newton_iterations;
        const double size = update_size(update);
        // An update of order one in xi, in the ions relative to the bulk or
        // in f phi after the first iteration is divergence, not progress.
        if (!std::isfinite(size) || (iteration > 1 && size > 0.5))
          return false;
        if (size < parameters.newton_tolerance)
          return true;
      }
    return false;
  }



  template <int dim>
  typename HongViswanathanModel<dim>::Measures
  HongViswanathanModel<dim>::measure() const
  {
    const QGauss<dim> quadrature(2);
    FEValues<dim>     fe_values(
      fe, quadrature, update_values | update_gradients | update_JxW_values);
    const unsigned int                   n_q = quadrature.size();
    std::vector<double>                  xi(n_q), w(n_q);
    std::vector<Tensor<1, dim>>          grad_xi(n_q);
    const FEValuesExtractors::Scalar     phase(phase_component);
    const FEValuesExtractors::Scalar     chemical(chemical_component);
    std::vector<types::global_dof_index> dof_indices(fe.n_dofs_per_cell());

    Measures measures{0., 0., 0., 0.};
    for (const auto &cell : dof_handler.active_cell_iterators())
      if (cell->is_locally_owned())
        {
          fe_values.reinit(cell);
          fe_values[phase].get_function_values(solution, xi);
          fe_values[phase].get_function_gradients(solution, grad_xi);
          fe_values[chemical].get_function_values(solution, w);
          for (unsigned int q = 0; q < n_q; ++q)
            {
              const double JxW = fe_values.JxW(q);
              measures.metal_area += interpolation(xi[q]) * JxW;
              measures.interface_length += grad_xi[q].norm() * JxW;
              measures.total_lithium +=
                total_lithium(xi[q], w[q], parameters) * JxW;
            }
          // The highest point of the xi = 1/2 line, from the edges that
          // cross it.
          cell->get_dof_indices(dof_indices);
          for (unsigned int line = 0; line < GeometryInfo<dim>::lines_per_cell;
               ++line)
            {
              const unsigned int first =
                GeometryInfo<dim>::line_to_cell_vertices(line, 0);
              const unsigned int second =
                GeometryInfo<dim>::line_to_cell_vertices(line, 1);
              const double xi_first = solution(
                dof_indices[fe.component_to_system_index(phase_component,
                                                         first)]);
              const double xi_second = solution(
                dof_indices[fe.component_to_system_index(phase_component,
                                                         second)]);
              if ((xi_first - 0.5) * (xi_second - 0.5) > 0.)
                continue;
              const double fraction =
                xi_first == xi_second ?
                  0. :
                  (0.5 - xi_first) / (xi_second - xi_first);
              const double height = cell->vertex(first)[dim - 1] +
                                    fraction * (cell->vertex(second)[dim - 1] -
                                                cell->vertex(first)[dim - 1]);
              measures.tip_height = std::max(measures.tip_height, height);
            }
        }
    measures.metal_area =
      Utilities::MPI::sum(measures.metal_area, mpi_communicator);
    measures.interface_length =
      Utilities::MPI::sum(measures.interface_length, mpi_communicator);
    measures.total_lithium =
      Utilities::MPI::sum(measures.total_lithium, mpi_communicator);
    measures.tip_height =
      Utilities::MPI::max(measures.tip_height, mpi_communicator);
    return measures;
  }



  template <int dim>
  double
  HongViswanathanModel<dim>::bulk_inflow(const double start_time,
                                         const double time_step) const
  {
    // At a converged step the residual of every free w row vanishes, and the
    // rows' test functions sum to one: the sum of the w rows at the bulk
    // boundary is the rate of change of the Li inside, i.e. the inflow.
    const QGauss<dim>                    quadrature(2);
    FEValues<dim>                        fe_values(fe,
                            quadrature,
                            update_values | update_gradients |
                              update_quadrature_points | update_JxW_values);
    const unsigned int                   dofs_per_cell = fe.n_dofs_per_cell();
    const unsigned int                   n_q           = quadrature.size();
    std::vector<types::global_dof_index> dof_indices(dofs_per_cell);
    std::vector<double> old_phase(n_q), old_chemical(n_q), noise_values(n_q),
      dof_values(dofs_per_cell), cell_residual_values(dofs_per_cell);
    const FEValuesExtractors::Scalar phase(phase_component);
    const FEValuesExtractors::Scalar chemical(chemical_component);

    double inflow = 0.;
    for (const auto &cell : dof_handler.active_cell_iterators())
      if (cell->is_locally_owned() && cell->at_boundary())
        {
          cell->get_dof_indices(dof_indices);
          if (std::none_of(dof_indices.begin(),
                           dof_indices.end(),
                           [&](const types::global_dof_index index) {
                             return bulk_boundary_w_dofs.is_element(index);
                           }))
            continue;
          fe_values.reinit(cell);
          fe_values[phase].get_function_values(old_solution, old_phase);
          fe_values[chemical].get_function_values(old_solution, old_chemical);
          noise_at(fe_values, noise, start_time, time_step, noise_values);
          for (unsigned int i = 0; i < dofs_per_cell; ++i)
            dof_values[i] = solution(dof_indices[i]);
          cell_residual(fe_values,
                        parameters,
                        reference_concentration,
                        time_step,
                        dof_values,
                        old_phase,
                        old_chemical,
                        noise_values,
                        cell_residual_values);
          for (unsigned int i = 0; i < dofs_per_cell; ++i)
            if (bulk_boundary_w_dofs.is_element(dof_indices[i]))
              inflow += cell_residual_values[i];
        }
    return Utilities::MPI::sum(inflow, mpi_communicator);
  }



  template <int dim>
  void
  HongViswanathanModel<dim>::write_output(const unsigned int output_index,
                                          const double       time)
  {
    if (parameters.output_directory.empty())
      return;
    TimerOutput::Scope scope(timer, "output");
    // Ion concentration in mol/L, taking the bulk as 1 mol/L as Hong &
    // Viswanathan do.
    PETScWrappers::MPI::Vector owned(locally_owned_dofs, mpi_communicator);
    for_each_owned_vertex(dof_handler,
                          [&](const types::global_dof_index xi_index,
                              const types::global_dof_index w_index,
                              const types::global_dof_index phi_index) {
                            if (!locally_owned_dofs.is_element(xi_index))
                              return;
                            owned(xi_index) = solution(xi_index);
                            owned(w_index) =
                              occupancy<double>(solution(w_index),
                                                parameters.electrolyte_offset) *
                              (1. - interpolation<double>(solution(xi_index))) /
                              reference_concentration;
                            owned(phi_index) = solution(phi_index);
                          });
    owned.compress(VectorOperation::insert);
    PETScWrappers::MPI::Vector fields(locally_owned_dofs,
                                      locally_relevant_dofs,
                                      mpi_communicator);
    fields = owned;

    DataOut<dim> data_out;
    data_out.attach_dof_handler(dof_handler);
    data_out.add_data_vector(
      fields,
      std::vector<std::string>{"xi", "c_mol_per_L", "phi_V"},
      DataOut<dim>::type_dof_data,
      std::vector<DataComponentInterpretation::DataComponentInterpretation>(
        3, DataComponentInterpretation::component_is_scalar));
    Vector<float> subdomain(triangulation.n_active_cells());
    subdomain =
      static_cast<float>(Utilities::MPI::this_mpi_process(mpi_communicator));
    data_out.add_data_vector(subdomain, "subdomain");
    data_out.build_patches();
    write_parallel_vtu(data_out,
                       parameters.output_directory,
                       output_index,
                       time,
                       mpi_communicator,
                       written_records);
  }



  template <int dim>
  double
  HongViswanathanModel<dim>::largest_phase_change() const
  {
    double largest = 0.;
    for_each_owned_vertex(dof_handler,
                          [&](const types::global_dof_index xi_index,
                              const types::global_dof_index,
                              const types::global_dof_index) {
                            largest =
                              std::max(largest,
                                       std::abs(solution(xi_index) -
                                                old_solution(xi_index)));
                          });
    return Utilities::MPI::max(largest, mpi_communicator);
  }



  template <int dim>
  double
  HongViswanathanModel<dim>::next_time_step(
    const double       time_step,
    const double       phase_change,
    const unsigned int factorizations_in_step,
    const double       ceiling) const
  {
    const double growth = std::clamp(0.9 * parameters.maximum_phase_change /
                                       std::max(phase_change, 1e-300),
                                     0.5,
                                     1.5);
    // A step that needed several factorizations does not grow.
    const double largest = std::min(parameters.maximum_time_step, ceiling);
    const double proposed =
      std::min(largest,
               time_step *
                 (factorizations_in_step > 2 ? std::min(growth, 0.8) : growth));
    // Change the step only by more than 20 %: the same step keeps the
    // factorized Jacobian usable.
    if (proposed < 0.8 * time_step || proposed > 1.2 * time_step ||
        proposed == largest)
      return proposed;
    return time_step;
  }



  template <int dim>
  typename HongViswanathanModel<dim>::Summary
  HongViswanathanModel<dim>::run()
  {
    Timer wall_clock;
    if (!parameters.output_directory.empty() &&
        Utilities::MPI::this_mpi_process(mpi_communicator) == 0)
      std::filesystem::create_directories(parameters.output_directory);

    make_mesh();
    setup_dofs();
    set_initial_state();
    for (unsigned int level = 0; level < parameters.maximum_level; ++level)
      {
        adapt_mesh();
        set_initial_state();
      }

    Summary summary;
    summary.first_dofs              = dof_handler.n_dofs();
    const Measures initial_measures = measure();
    summary.initial_metal_area      = initial_measures.metal_area;
    const double initial_lithium    = initial_measures.total_lithium;
    // Li that entered through the bulk boundary, and the change of the Li
    // content by interpolation onto a new mesh: the balance below holds to
    // the Newton tolerance with both booked.
    double lithium_entered  = 0.;
    double remeshing_change = 0.;

    double       time          = 0.;
    double       time_step     = parameters.initial_time_step;
    unsigned int step          = 0;
    unsigned int output_index  = 0;
    double       next_output   = parameters.output_interval;
    double       last_progress = -1e300;

    // Newton diverges above some step, and where the deposit is not flat
    // that step falls below the phase-change target's: a finger's tip
    // diverged at 0.1 s from 8 s on and at 0.07 s by 30 s. Growing back to
    // a step that has just failed made a quarter of all steps fail (215
    // rejected, 574 accepted over the 35 s of a 5 um seed), each costing up
    // to 12 Newton iterations and a factorization. So a failure caps the
    // step at 0.8 of the failed one for the next 20 accepted steps; then the
    // failed size is tried again, since the deposit may have changed.
    const unsigned int steps_under_ceiling = 20;
    double             time_step_ceiling   = parameters.maximum_time_step;
    unsigned int       steps_since_failure = 0;

    write_output(output_index++, time);
    // Known on every rank (the .pvd records are kept on rank 0 only).
    double last_output_time = time;

    while (time < parameters.end_time * (1. - 1e-12))
      {
        time_step = std::min(time_step, parameters.end_time - time);
        const unsigned int iterations_before     = newton_iterations;
        const unsigned int factorizations_before = jacobian_factorizations;
        const unsigned int gmres_before          = gmres_iterations;
        const bool         converged = solve_time_step(time, time_step);

        const double phase_change = largest_phase_change();
        if (!converged || !std::isfinite(phase_change) ||
            phase_change > 2. * parameters.maximum_phase_change)
          {
            solution            = old_solution;
            time_step_ceiling   = 0.8 * time_step;
            steps_since_failure = 0;
            time_step *= 0.5;
            ++summary.rejected_steps;
            AssertThrow(time_step > 1e-9 * parameters.end_time,
                        ExcMessage("The time step fell below 1e-9 of the end "
                                   "time at t = " +
                                   std::to_string(time) +
                                   " s: Newton does not converge."));
            continue;
          }

        time += time_step;
        ++step;
        const unsigned int step_iterations =
          newton_iterations - iterations_before;
        lithium_entered += time_step * bulk_inflow(time - time_step, time_step);
        const Measures measures = measure();
        const double   balance_error =
          std::abs(measures.total_lithium - initial_lithium - lithium_entered -
                   remeshing_change) /
          initial_lithium;
        summary.largest_li_balance_error =
          std::max(summary.largest_li_balance_error, balance_error);

        statistics.add_value("time [s]", time);
        statistics.add_value("step", step);
        statistics.add_value("time step [s]", time_step);
        statistics.add_value("newton iterations", step_iterations);
        statistics.add_value("jacobian factorizations",
                             jacobian_factorizations - factorizations_before);
        statistics.add_value("gmres iterations",
                             gmres_iterations - gmres_before);
        statistics.add_value("dofs", dof_handler.n_dofs());
        statistics.add_value("metal area [um2]", measures.metal_area);
        statistics.add_value("tip height [um]", measures.tip_height);
        statistics.add_value("interface length [um]",
                             measures.interface_length);
        statistics.add_value("li balance error (relative)", balance_error);
        statistics.add_value("wall time [s]", wall_clock.wall_time());
        statistics.finish_row();

        summary.metal_area       = measures.metal_area;
        summary.tip_height       = measures.tip_height;
        summary.interface_length = measures.interface_length;

        if (wall_clock.wall_time() - last_progress > 10. ||
            time >= parameters.end_time * (1. - 1e-12))
          {
            last_progress     = wall_clock.wall_time();
            const double done = time / parameters.end_time;
            const double eta  = wall_clock.wall_time() * (1. - done) / done;
            pcout << "t = " << std::setprecision(4) << time << " s ("
                  << std::setprecision(3) << 100. * done << " %), step " << step
                  << ", dt = " << std::setprecision(3) << time_step
                  << " s, Newton " << step_iterations << ", "
                  << dof_handler.n_dofs() << " DoFs, tip at "
                  << std::setprecision(4) << measures.tip_height << " um, ETA "
                  << std::setprecision(3) << eta << " s" << std::endl;
          }

        previous_increment = solution;
        previous_increment -= old_solution;
        previous_time_step = time_step;
        old_solution       = solution;
        if (parameters.output_interval > 0. &&
            time >= next_output * (1. - 1e-12))
          {
            write_output(output_index++, time);
            last_output_time = time;
            next_output += parameters.output_interval;
          }
        if (step % parameters.refinement_interval == 0)
          {
            adapt_mesh();
            remeshing_change +=
              measure().total_lithium - measures.total_lithium;
          }

        if (++steps_since_failure > steps_under_ceiling)
          time_step_ceiling = parameters.maximum_time_step;
        time_step =
          next_time_step(time_step,
                         phase_change,
                         jacobian_factorizations - factorizations_before,
                         time_step_ceiling);
      }
    if (last_output_time < time)
      write_output(output_index++, time);

    summary.remeshing_li_change     = remeshing_change / initial_lithium;
    summary.steps                   = step;
    summary.newton_iterations       = newton_iterations;
    summary.jacobian_factorizations = jacobian_factorizations;
    summary.gmres_iterations        = gmres_iterations;
    summary.wall_time               = wall_clock.wall_time();
    summary.simulated_time          = time;
    summary.last_dofs               = dof_handler.n_dofs();
    timer.print_wall_time_statistics(mpi_communicator);
    return summary;
  }



  template class HongViswanathanModel<2>;
  template class HongViswanathanModel<3>;
} // namespace deadli
