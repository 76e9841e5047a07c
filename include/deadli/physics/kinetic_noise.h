#ifndef deadli_physics_kinetic_noise_h
#define deadli_physics_kinetic_noise_h

#include <deal.II/base/point.h>

#include <deadli/physics/coarse_grained_noise.h>

#include <cstdint>

namespace deadli
{
  /**
   * Langevin-type fluctuations of the interface kinetics, which seed the
   * morphological instability the way thermal noise or a patchy SEI does
   * (Hong & Viswanathan 2018 add noise to the phase-field equation for the
   * same purpose).
   *
   * The reaction prefactor is multiplied by 1 + a U(x, t), with U uniform in
   * [-1, 1] and constant on the squares (cubes) of a fixed grid and on fixed
   * windows of time; a step sees U's exact mean over the step
   * (CoarseGrainedNoise).
   *
   * Why a fixed grid: a noise drawn afresh at every quadrature point and step
   * (what DeadLi did before, and what MOOSE's LangevinNoise does) forces the
   * interface with a variance per area and time that scales with the cell
   * volume and the step. Refining the mesh or the step then weakens it, and
   * a mesh-convergence study of a noisy run cannot converge. On a fixed grid
   * the noise is part of the model, not of the discretisation
   * (tests/physics/kinetic_noise_mesh_independence). The draws are hashes of
   * the grid cell, the window and the seed, the same on any number of MPI
   * ranks and after a restart.
   */
  class KineticNoise
  {
  public:
    /// No noise: the factor is 1.
    KineticNoise() = default;

    /// @p amplitude a, the grid spacing @p cell_size (um), the time window
    /// @p correlation_time (s) and the @p seed of the realisation.
    KineticNoise(const double        amplitude,
                 const double        cell_size,
                 const double        correlation_time,
                 const std::uint64_t seed)
      : field(amplitude, cell_size, correlation_time, seed)
    {}

    /// The step [start_time, start_time + time_step] that factor() averages
    /// over.
    void
    set_step(const double start_time, const double time_step)
    {
      step_start = start_time;
      step_size  = time_step;
    }

    bool
    is_active() const
    {
      return !field.is_zero();
    }

    /// 1 + a U at @p point, averaged over the step.
    template <int dim>
    double
    factor(const dealii::Point<dim> &point) const
    {
      return 1. + field.step_mean(point, step_start, step_size);
    }

  private:
    CoarseGrainedNoise field{0., 1., 1., 0};
    double             step_start = 0.;
    double             step_size  = 1.;
  };
} // namespace deadli

#endif
