#ifndef deadli_physics_kinetic_noise_h
#define deadli_physics_kinetic_noise_h

#include <deal.II/base/point.h>

#include <cstdint>
#include <cstring>

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
   * Langevin-type fluctuations of the interface kinetics, which seed the
   * morphological instability the way thermal noise does (Hong & Viswanathan
   * 2018 add noise to the phase-field equation for the same purpose).
   *
   * The reaction prefactor at each quadrature point is multiplied by
   * 1 + amplitude * U, with U uniform in [-1, 1]. U is a hash of the point's
   * coordinates and of a per-step seed rather than a random-number stream,
   * so that it is the same on any number of MPI ranks (runs stay partition
   * independent), and the potential and phase-field solves of a step see the
   * same factor (the plated charge still equals the current exactly).
   */
  struct KineticNoise
  {
    double        amplitude = 0;
    std::uint64_t seed      = 0;

    template <int dim>
    double
    factor(const dealii::Point<dim> &point) const
    {
      return 1. + sample(point);
    }

    /// amplitude * U at @p point.
    template <int dim>
    double
    sample(const dealii::Point<dim> &point) const
    {
      if (amplitude == 0.)
        return 0.;
      std::uint64_t hash = seed * 0x9E3779B97F4A7C15ULL;
      for (unsigned int d = 0; d < dim; ++d)
        {
          std::uint64_t bits;
          const double  coordinate = point[d];
          std::memcpy(&bits, &coordinate, sizeof(bits));
          hash = splitmix64(hash ^ bits);
        }
      return amplitude * hash_to_symmetric_uniform(hash);
    }
  };
} // namespace deadli

#endif
