#ifndef deadli_tests_manufactured_solution_h
#define deadli_tests_manufactured_solution_h

// Shared pieces of the manufactured-solution convergence tests: smooth exact
// fields that satisfy the boundary conditions of the operators on the unit
// box (no normal flux at the collector, zero potential at the counter
// electrode, periodic laterally), the mesh, error norms and the rate check.

#include <deal.II/base/conditional_ostream.h>
#include <deal.II/base/convergence_table.h>
#include <deal.II/base/function.h>
#include <deal.II/base/mpi.h>
#include <deal.II/base/parameter_handler.h>

#include <deal.II/numerics/vector_tools.h>

#include <deadli/geometry/planar_collector.h>
#include <deadli/mesh/discretization.h>
#include <deadli/physics/material_properties.h>

#include <array>
#include <cmath>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <vector>

namespace deadli::testing
{
  using namespace dealii;

  /**
   * u(x, t) = mean + amplitude e^{-decay t} cos(k pi y) prod_d (1 + 0.3 cos(2
   * pi x_d)), y the last coordinate. k = 1: zero normal derivative at y = 0 and
   * 1; k = 1/2 with mean 0: zero derivative at y = 0 and zero value at y = 1.
   */
  template <int dim>
  struct SmoothField
  {
    double mean;
    double amplitude;
    double vertical_wavenumber;
    double decay;

    double
    value(const Point<dim> &p, const double t) const
    {
      double lateral = 1;
      for (unsigned int d = 0; d + 1 < dim; ++d)
        lateral *= 1. + 0.3 * std::cos(2 * M_PI * p[d]);
      return mean + amplitude * std::exp(-decay * t) *
                      std::cos(vertical_wavenumber * M_PI * p[dim - 1]) *
                      lateral;
    }

    Tensor<1, dim>
    gradient(const Point<dim> &p, const double t) const
    {
      // Each factor of the product and its derivative once: the sources
      // differentiate fluxes numerically, so this runs dozens of times per
      // quadrature point and dominates the MMS tests' run time.
      const double            k = vertical_wavenumber * M_PI;
      std::array<double, dim> factors, derivatives;
      for (unsigned int d = 0; d + 1 < dim; ++d)
        {
          factors[d]     = 1. + 0.3 * std::cos(2 * M_PI * p[d]);
          derivatives[d] = -0.3 * 2 * M_PI * std::sin(2 * M_PI * p[d]);
        }
      factors[dim - 1]     = std::cos(k * p[dim - 1]);
      derivatives[dim - 1] = -k * std::sin(k * p[dim - 1]);
      const double   scale = amplitude * std::exp(-decay * t);
      Tensor<1, dim> grad;
      for (unsigned int component = 0; component < dim; ++component)
        {
          double product = scale;
          for (unsigned int d = 0; d < dim; ++d)
            product *= (d == component) ? derivatives[d] : factors[d];
          grad[component] = product;
        }
      return grad;
    }

    double
    time_derivative(const Point<dim> &p, const double t) const
    {
      return -decay * (value(p, t) - mean);
    }
  };

  /// A deal.II Function view of a SmoothField at a fixed time.
  template <int dim>
  class FieldFunction : public Function<dim>
  {
  public:
    FieldFunction(const SmoothField<dim> &field, const double time)
      : field(field)
      , time(time)
    {}
    double
    value(const Point<dim> &p, const unsigned int = 0) const override
    {
      return field.value(p, time);
    }
    Tensor<1, dim>
    gradient(const Point<dim> &p, const unsigned int = 0) const override
    {
      return field.gradient(p, time);
    }

  private:
    const SmoothField<dim> field;
    const double           time;
  };

  /// -div(flux) at p by fourth-order central differences of the exact flux.
  template <int dim>
  double
  minus_divergence(
    const std::function<Tensor<1, dim>(const Point<dim> &)> &flux,
    const Point<dim>                                        &p)
  {
    const double step       = 1e-3;
    double       divergence = 0;
    for (unsigned int d = 0; d < dim; ++d)
      {
        Point<dim> p1 = p, p2 = p, m1 = p, m2 = p;
        p1[d] += step;
        p2[d] += 2 * step;
        m1[d] -= step;
        m2[d] -= 2 * step;
        divergence +=
          (-flux(p2)[d] + 8 * flux(p1)[d] - 8 * flux(m1)[d] + flux(m2)[d]) /
          (12 * step);
      }
    return -divergence;
  }

  /**
   * A manufactured source that computes each point once per time level.
   * minus_divergence() costs some fifty trigonometric evaluations per point,
   * more than the operators spend on the point themselves, and the potential
   * operator asks for the same quadrature points in every relinearisation of
   * a step: without the cache the MMS tests spent more than half their time
   * here. The cache is emptied when @p time_level changes; a steady
   * source keeps every point it was asked for, so make one per mesh.
   */
  template <int dim>
  std::function<double(const Point<dim> &)>
  memoized(const std::function<double(const Point<dim> &)> &source,
           const double                                    &time_level)
  {
    struct Cache
    {
      double                                    time_level;
      std::map<std::array<double, dim>, double> values;
    };
    const auto cache  = std::make_shared<Cache>();
    cache->time_level = time_level;
    return [source, &time_level, cache](const Point<dim> &p) {
      if (time_level != cache->time_level)
        {
          cache->values.clear();
          cache->time_level = time_level;
        }
      std::array<double, dim> key;
      for (unsigned int d = 0; d < dim; ++d)
        key[d] = p[d];
      const auto [position, inserted] = cache->values.try_emplace(key, 0.);
      if (inserted)
        position->second = source(p);
      return position->second;
    };
  }

  /// memoized() for a source that does not depend on time.
  template <int dim>
  std::function<double(const Point<dim> &)>
  memoized(const std::function<double(const Point<dim> &)> &source)
  {
    static const double steady = 0;
    return memoized<dim>(source, steady);
  }

  /**
   * Refinements of the time-dependent 2D series (dt proportional to h^2, 4
   * steps on the coarsest mesh). They are asymptotic from 16^2 cells on:
   * the rates from 16^2 to 32^2 and from 32^2 to 64^2 were 2.00 (L2) and
   * 1.00 (H1) in every field, and the 64^2 mesh with its 256 steps took
   * half of each test's time, so the series stop at 32^2.
   */
  inline const std::vector<unsigned int> time_dependent_refinements_2d{2, 3, 4};

  /// Default material, optionally with overrides "Subsection/Entry=value".
  inline MaterialProperties
  default_material(
    const std::vector<std::pair<std::string, std::string>> &overrides = {})
  {
    ParameterHandler prm;
    MaterialProperties::declare_parameters(prm);
    for (const auto &[path, value] : overrides)
      {
        const auto slash = path.find('/');
        prm.enter_subsection(path.substr(0, slash));
        prm.set(path.substr(slash + 1), value);
        prm.leave_subsection();
      }
    MaterialProperties material;
    material.parse_parameters(prm);
    return material;
  }

  /// Unit box, 2 coarse cells per direction, periodic laterally.
  template <int dim>
  void
  create_unit_box(Discretization<dim> &discretization,
                  const unsigned int   refinements,
                  const bool           reservoir = false)
  {
    PlanarCollector<dim> box;
    box.domain_width     = 1;
    box.domain_height    = 1;
    box.coarse_cell_size = 0.5;
    box.create_coarse_mesh(discretization.triangulation);
    discretization.add_lateral_periodicity();
    discretization.triangulation.refine_global(refinements);
    discretization.setup(reservoir);
  }

  /// Interpolate a field into a ghosted vector that satisfies @p constraints.
  template <int dim>
  void
  interpolate(const Discretization<dim>       &discretization,
              const SmoothField<dim>          &field,
              const double                     time,
              const AffineConstraints<double> &constraints,
              PETScWrappers::MPI::Vector      &ghosted)
  {
    PETScWrappers::MPI::Vector owned;
    discretization.reinit_owned(owned);
    VectorTools::interpolate(discretization.dof_handler,
                             FieldFunction<dim>(field, time),
                             owned);
    constraints.distribute(owned);
    discretization.reinit_ghosted(ghosted);
    ghosted = owned;
  }

  /// L2 and H1-seminorm errors of a ghosted FE field.
  template <int dim>
  std::pair<double, double>
  errors(const Discretization<dim>        &discretization,
         const PETScWrappers::MPI::Vector &ghosted,
         const SmoothField<dim>           &exact,
         const double                      time)
  {
    const FieldFunction<dim> exact_function(exact, time);
    const QGauss<dim>        quadrature(discretization.fe.degree + 2);
    Vector<float> cellwise(discretization.triangulation.n_active_cells());
    VectorTools::integrate_difference(discretization.dof_handler,
                                      ghosted,
                                      exact_function,
                                      cellwise,
                                      quadrature,
                                      VectorTools::L2_norm);
    const double l2 =
      VectorTools::compute_global_error(discretization.triangulation,
                                        cellwise,
                                        VectorTools::L2_norm);
    VectorTools::integrate_difference(discretization.dof_handler,
                                      ghosted,
                                      exact_function,
                                      cellwise,
                                      quadrature,
                                      VectorTools::H1_seminorm);
    const double h1 =
      VectorTools::compute_global_error(discretization.triangulation,
                                        cellwise,
                                        VectorTools::H1_seminorm);
    return {l2, h1};
  }

  /**
   * Errors of one quantity on successively (uniformly) refined meshes.
   */
  struct ErrorSeries
  {
    std::string         name;
    double              expected_rate;
    std::vector<double> values;
  };

  /**
   * Print the series as a ConvergenceTable with log2 rates and check that
   * the observed rate between the two finest meshes is within 0.15 of the
   * expected one. Returns the number of failed checks.
   */
  inline unsigned int
  check_rates(const std::vector<unsigned int> &refinements,
              const std::vector<ErrorSeries>  &series,
              ConditionalOStream              &out)
  {
    ConvergenceTable table;
    for (unsigned int i = 0; i < refinements.size(); ++i)
      {
        table.add_value("refinements", refinements[i]);
        for (const ErrorSeries &errors : series)
          table.add_value(errors.name, errors.values[i]);
      }
    for (const ErrorSeries &errors : series)
      {
        table.set_scientific(errors.name, true);
        table.set_precision(errors.name, 3);
        table.evaluate_convergence_rates(errors.name,
                                         ConvergenceTable::reduction_rate_log2);
      }
    if (out.is_active())
      table.write_text(out.get_stream());

    unsigned int failures = 0;
    for (const ErrorSeries &errors : series)
      {
        const std::size_t n = errors.values.size();
        const double      rate =
          std::log2(errors.values[n - 2] / errors.values[n - 1]);
        const bool pass = std::abs(rate - errors.expected_rate) <= 0.15;
        out << errors.name << ": observed rate " << rate << ", expected "
            << errors.expected_rate << (pass ? "  OK" : "  FAILED")
            << std::endl;
        failures += pass ? 0 : 1;
      }
    return failures;
  }
} // namespace deadli::testing

#endif
