// The depletion-limited Butler-Volmer bracket
// (kinetics::butler_volmer_through_film() with a depletion coefficient q,
// 'Phase field/Salt in the reaction = depletion limited'): the reaction sees
// the concentration c* = c + q j that its own consumption over the step
// leaves at the point. Checked against the defining equations, not against
// the formula the code uses:
//  * q = 0 gives the plain bracket and its derivative;
//  * j and c* satisfy j = A - c* B and c* = c + q j (backward Euler on the
//    point's salt) to round-off, without and with a film;
//  * the closed form (no film) and the Newton iteration (film) agree as the
//    film vanishes;
//  * deep in the cathodic branch the rate saturates at the point's salt per
//    step, |j| < c/q, where the plain bracket is thousands of times larger;
//  * dj/d(eta) matches a central difference.

#include <deadli/physics/kinetics.h>

#include <cmath>
#include <iostream>
#include <sstream>

#include "../checker.h"

using namespace deadli;

int
main(int argc, char **argv)
{
  dealii::Utilities::MPI::MPI_InitFinalize mpi(argc, argv, 1);
  testing::Checker                         checker;

  const double alpha        = 0.5;
  const double f            = 38.68; // F/(RT) at 300 K, 1/V
  const auto   exponentials = [&](const double eta_ct) {
    return std::pair{std::exp((1. - alpha) * f * eta_ct),
                     std::exp(-alpha * f * eta_ct)};
  };
  const auto describe =
    [](const double eta, const double c, const double q, const double film) {
      std::ostringstream text;
      text << "eta " << eta << " V, c " << c << ", q " << q << ", film " << film
           << " V";
      return text.str();
    };

  // Without depletion: the plain bracket.
  for (const double eta : {-0.45, -0.1, 0., 0.05})
    {
      const auto bracket =
        kinetics::butler_volmer_through_film(eta, 1., 0.7, alpha, f, 0., 0.);
      checker.check(
        std::abs(bracket.value - kinetics::butler_volmer(eta, 0.7, alpha, f)) <=
          1e-13 * (1. + std::abs(bracket.value)),
        "q = 0 is the plain bracket at " + describe(eta, 0.7, 0, 0));
      checker.check(
        std::abs(bracket.overpotential_derivative -
                 kinetics::butler_volmer_derivative(eta, 0.7, alpha, f)) <=
          1e-12 * bracket.overpotential_derivative,
        "q = 0 gives the plain derivative at " + describe(eta, 0.7, 0, 0));
    }

  std::cout << "eta [V]  c  q  film [V]  j  c*  plain bracket  |defect|"
            << std::endl;
  for (const double film : {0., 1e-3})
    for (const double q : {1e-4, 1e-2, 1.})
      for (const double c : {1., 0.2})
        for (const double eta : {-0.45, -0.2, -0.02, 0.03})
          {
            const auto bracket = kinetics::butler_volmer_through_film(
              eta, 1., c, alpha, f, film, q);
            const double j                = bracket.value;
            const double surface_c        = c + q * j;
            const auto [anodic, cathodic] = exponentials(eta - film * j);
            const double defect = std::abs(j - (anodic - surface_c * cathodic));
            const double plain  = kinetics::butler_volmer(eta, c, alpha, f);
            std::cout << eta << "  " << c << "  " << q << "  " << film << "  "
                      << j << "  " << surface_c << "  " << plain << "  "
                      << defect << std::endl;
            const std::string where = describe(eta, c, q, film);
            // j is found to ~1e-14 relative; through c* = c + q j the
            // defect amplifies that by q B.
            checker.check(defect <=
                            1e-12 * (1. + std::abs(j)) * (1. + q * cathodic),
                          "j = A - c* B at " + where);
            checker.check(surface_c >= -1e-14,
                          "the point keeps a non-negative salt at " + where);
            // The depletion can only slow the cathodic reaction down.
            checker.check(std::abs(j) <= std::abs(plain) * (1. + 1e-12),
                          "|j| <= |plain bracket| at " + where);

            // Central difference of j(eta), step 1e-6 V: round-off of j
            // (~1e-14 |j|, see above) limits it to ~1e-8 |j| (1 + q B).
            const double step  = 1e-6;
            const double upper = kinetics::butler_volmer_through_film(
                                   eta + step, 1., c, alpha, f, film, q)
                                   .value;
            const double lower = kinetics::butler_volmer_through_film(
                                   eta - step, 1., c, alpha, f, film, q)
                                   .value;
            const double difference = (upper - lower) / (2. * step);
            checker.check(std::abs(difference -
                                   bracket.overpotential_derivative) <=
                            1e-5 * std::abs(difference) +
                              1e-7 * std::abs(j) * (1. + q * cathodic),
                          "dj/deta matches the central difference at " + where);
          }

  // The closed form and the Newton iteration agree as the film vanishes.
  for (const double q : {1e-2, 1.})
    for (const double eta : {-0.45, -0.05, 0.03})
      {
        const auto closed =
          kinetics::butler_volmer_through_film(eta, 1., 0.8, alpha, f, 0., q);
        const auto iterated = kinetics::butler_volmer_through_film(
          eta, 1., 0.8, alpha, f, 1e-12, q);
        checker.check(std::abs(closed.value - iterated.value) <=
                        1e-9 * (1. + std::abs(closed.value)),
                      "closed form = Newton iteration at " +
                        describe(eta, 0.8, q, 1e-12));
      }

  // Saturation: at -0.45 V the plain bracket is ~ -6000 c, the limited one
  // at most the point's salt per unit q.
  {
    const double c = 0.9, q = 0.5;
    const double j =
      kinetics::butler_volmer_through_film(-0.45, 1., c, alpha, f, 0., q).value;
    const double plain = kinetics::butler_volmer(-0.45, c, alpha, f);
    std::cout << "saturation at -0.45 V: j = " << j << ", -c/q = " << -c / q
              << ", plain bracket " << plain << std::endl;
    checker.check(j < 0 && j > -c / q && j < -0.99 * c / q,
                  "the cathodic rate saturates just below c/q");
    checker.check(plain < -1000. * c / q * 0.5,
                  "where the plain bracket is over 500 times larger");
  }

  return checker.exit_code();
}
