// The noise of Hong & Viswanathan's model (CoarseGrainedNoise): drawn per
// grid cell and time window, so that what a run feels does not depend on
// the mesh or the time step. Checked here:
// - it is constant inside a grid cell and a window, and differs between
//   cells and between windows;
// - the time integral over an interval is the same however the interval is
//   cut into steps (the step mean times the step adds up);
// - its draws are uniform in [-a, a]: mean 0 and variance a^2/3 over many
//   cells, none outside the bounds.

#include <deal.II/base/point.h>

#include <deadli/physics/coarse_grained_noise.h>

#include <cmath>
#include <iostream>
#include <string>

using namespace dealii;
using namespace deadli;

int
main()
{
  const double             amplitude = 0.04, cell_size = 1., window = 0.02;
  const CoarseGrainedNoise noise(amplitude, cell_size, window, 7);

  bool       ok    = true;
  const auto check = [&](const bool condition, const std::string &what) {
    std::cout << (condition ? "OK   " : "FAIL ") << what << std::endl;
    ok = ok && condition;
  };

  // Constant inside a cell and window, different across them.
  const double inside_a    = noise.step_mean(Point<2>(3.1, 7.2), 0.041, 0.005);
  const double inside_b    = noise.step_mean(Point<2>(3.9, 7.9), 0.050, 0.009);
  const double next_cell   = noise.step_mean(Point<2>(4.1, 7.2), 0.041, 0.005);
  const double next_window = noise.step_mean(Point<2>(3.1, 7.2), 0.061, 0.005);
  check(std::abs(inside_a - inside_b) < 1e-12 * amplitude,
        "constant inside a grid cell and time window");
  check(inside_a != next_cell && inside_a != next_window,
        "different in the next cell and in the next window");

  // The time integral over [0.013, 0.197] in one step, in steps of 0.023,
  // and in uneven steps.
  const Point<3> point(12.3, 45.6, 7.8);
  const double   start = 0.013, end = 0.197;
  const double   one_step =
    (end - start) * noise.step_mean(point, start, end - start);
  double even_steps = 0., uneven_steps = 0.;
  for (double t = start; t < end - 1e-12; t += 0.023)
    even_steps += 0.023 * noise.step_mean(point, t, 0.023);
  double t = start, dt = 0.001;
  while (t < end - 1e-12)
    {
      const double step = std::min(dt, end - t);
      uneven_steps += step * noise.step_mean(point, t, step);
      t += step;
      dt *= 1.7;
    }
  const double tolerance = 1e-12 * amplitude * (end - start);
  check(std::abs(one_step - even_steps) < tolerance &&
          std::abs(one_step - uneven_steps) < tolerance,
        "time integral independent of the steps: " + std::to_string(one_step) +
          ", " + std::to_string(even_steps) + ", " +
          std::to_string(uneven_steps));

  // Uniform draws in [-a, a].
  double             sum = 0., sum_of_squares = 0.;
  bool               bounded = true;
  const unsigned int n       = 400;
  for (unsigned int i = 0; i < n; ++i)
    for (unsigned int j = 0; j < n; ++j)
      {
        const double value =
          noise.step_mean(Point<2>(i + 0.5, j + 0.5), 0.3, 0.01);
        sum += value;
        sum_of_squares += value * value;
        bounded = bounded && std::abs(value) <= amplitude;
      }
  const double mean     = sum / (n * n);
  const double variance = sum_of_squares / (n * n) - mean * mean;
  check(bounded, "every draw within [-a, a]");
  check(std::abs(mean) < 0.01 * amplitude,
        "mean " + std::to_string(mean / amplitude) + " a (|.| < 0.01 a)");
  check(std::abs(variance / (amplitude * amplitude / 3.) - 1.) < 0.02,
        "variance " + std::to_string(variance / (amplitude * amplitude)) +
          " a^2 (1/3 within 2 %)");
  return ok ? 0 : 1;
}
