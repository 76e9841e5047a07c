#ifndef deadli_physics_coarse_grained_noise_h
#define deadli_physics_coarse_grained_noise_h

#include <deal.II/base/point.h>

#include <cmath>
#include <cstdint>

namespace deadli
{
  /// The splitmix64 finaliser: a fast, well-mixing 64-bit hash, from which
  /// the noise draws are made so that they do not depend on the partition.
  inline std::uint64_t
  splitmix64(std::uint64_t z)
  {
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }

  /// Maps a hash to a number uniform in [-1, 1].
  inline double
  hash_to_symmetric_uniform(const std::uint64_t hash)
  {
    return (hash >> 11) * (2. / 9007199254740992.) - 1.;
  }

  /**
   * A noise term U in [-1, 1] (times an amplitude) that is constant on the
   * squares (cubes) of a fixed grid and on fixed windows of time, averaged
   * over the time step that samples it.
   *
   * Why: Hong & Viswanathan's MOOSE run draws its Langevin noise afresh at
   * every quadrature point and every time step. What such a noise does to
   * the interface depends on the discretisation: its variance per area and
   * time scales as h^2 dt, so refining their 1 um mesh to DeadLi's 0.25 um
   * or lengthening their 0.02 s step to 0.1 s changes the seeding of the
   * instability (by 4x and 2.2x in amplitude). Drawing it on their grid and
   * their time step instead gives the same forcing whatever mesh and time
   * step DeadLi chooses, so that the morphology can be compared with theirs
   * and does not change under mesh or time-step refinement.
   *
   * The draw of a grid cell and time window is a hash of their integer
   * indices and the seed, the same on any number of MPI ranks. The main
   * model's kinetic noise is drawn the same way, for the same reason
   * (KineticNoise).
   */
  class CoarseGrainedNoise
  {
  public:
    /// @p cell_size and @p window are the grid spacing and the time window
    /// (both positive).
    CoarseGrainedNoise(const double        amplitude,
                       const double        cell_size,
                       const double        window,
                       const std::uint64_t seed)
      : amplitude(amplitude)
      , cell_size(cell_size)
      , window(window)
      , seed(seed)
    {}

    /// Zero amplitude: step_mean() is 0 everywhere.
    bool
    is_zero() const
    {
      return amplitude == 0.;
    }

    /// The mean of the noise at @p point over [start_time, start_time +
    /// time_step]: the exact time integral of the piecewise constant
    /// noise, divided by the step.
    template <int dim>
    double
    step_mean(const dealii::Point<dim> &point,
              const double              start_time,
              const double              time_step) const
    {
      if (amplitude == 0.)
        return 0.;
      std::uint64_t spatial_hash = seed * 0x9E3779B97F4A7C15ULL;
      for (unsigned int d = 0; d < dim; ++d)
        spatial_hash = splitmix64(
          spatial_hash ^ static_cast<std::uint64_t>(static_cast<std::int64_t>(
                           std::floor(point[d] / cell_size))));

      const double end_time = start_time + time_step;
      double       integral = 0.;
      for (std::int64_t k =
             static_cast<std::int64_t>(std::floor(start_time / window));
           k * window < end_time;
           ++k)
        {
          const double overlap = std::min(end_time, (k + 1) * window) -
                                 std::max(start_time, k * window);
          if (overlap > 0.)
            integral +=
              overlap * hash_to_symmetric_uniform(splitmix64(
                          spatial_hash ^ static_cast<std::uint64_t>(k) *
                                           0xD1B54A32D192ED03ULL));
        }
      return amplitude * integral / time_step;
    }

  private:
    double        amplitude;
    double        cell_size;
    double        window;
    std::uint64_t seed;
  };
} // namespace deadli

#endif
