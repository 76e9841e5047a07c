#ifndef deadli_physics_kinetics_h
#define deadli_physics_kinetics_h

#include <algorithm>
#include <cmath>

/**
 * Pure functions of the phase-field and electrode kinetics.
 *
 * They live apart from any finite-element code so that the planar
 * Butler–Volmer, Tafel and equilibrium-profile checks can test exactly the
 * expressions the solver assembles.
 */
namespace deadli::kinetics
{
  /**
   * Derivative of the normalised double well g(psi)/W = psi^2 (1-psi)^2.
   */
  inline double
  double_well_derivative(const double psi)
  {
    return 2. * psi * (1. - psi) * (1. - 2. * psi);
  }

  /**
   * Interpolation function h(psi) = psi^3 (6 psi^2 - 15 psi + 10); it maps
   * 0 to 0 and 1 to 1 with zero slope at both ends, so bulk phases keep their
   * properties exactly.
   */
  inline double
  interpolation(const double psi)
  {
    const double p = std::clamp(psi, 0., 1.);
    return p * p * p * (6. * p * p - 15. * p + 10.);
  }

  /**
   * h'(psi) = 30 psi^2 (1-psi)^2: localises the electrochemical reaction to
   * the diffuse interface. Its integral across the equilibrium profile is
   * (5/4) times the interface width; the calibration against the exchange
   * current uses the moving-interface value, interface_reaction_integral.
   */
  inline double
  interpolation_derivative(const double psi)
  {
    const double p = std::clamp(psi, 0., 1.);
    return 30. * p * p * (1. - p) * (1. - p);
  }

  /**
   * Cells on which h'(xi) exceeds this at some quadrature point (of at most
   * 1.875) form the reaction band, whose reaction the potential re-evaluates
   * at every Newton iteration; elsewhere it is linearised.
   */
  constexpr double reaction_band_threshold = 1e-10;

  /**
   * Velocity of a flat interface per unit reaction prefactor, in units of
   * the interface width delta = sqrt(8 kappa / W): v = 1.5 delta L_eta |BV|.
   *
   * Multiplying the Allen-Cahn equation by the profile's derivative and
   * integrating (the solvability condition of the travelling wave) gives
   * v = L_eta |BV| (h(1) - h(0)) / int (xi_0')^2 dx = 1.5 delta L_eta |BV|.
   * The integral of h'(xi_0) alone is only 1.25 delta: the remaining quarter
   * is metal that the double well adds while it keeps the moving profile in
   * shape. Calibrating with 1.5 makes a steadily moving interface carry
   * i0 times the Butler-Volmer bracket; a profile at rest responds 1.25/1.5
   * as strongly in its very first step.
   */
  constexpr double interface_reaction_integral = 1.5;

  /**
   * Butler–Volmer bracket exp((1-alpha) f eta) - (c/c0) exp(-alpha f eta):
   * positive for stripping (eta > 0), negative for plating. Concentrations
   * below zero (which the transport solve may produce transiently) give no
   * cathodic reaction rather than a negative one.
   */
  inline double
  butler_volmer(const double overpotential,
                const double relative_concentration,
                const double alpha,
                const double f)
  {
    const double c = std::max(relative_concentration, 0.);
    return std::exp((1. - alpha) * f * overpotential) -
           c * std::exp(-alpha * f * overpotential);
  }

  /**
   * d/d(eta) of butler_volmer(); always positive.
   */
  inline double
  butler_volmer_derivative(const double overpotential,
                           const double relative_concentration,
                           const double alpha,
                           const double f)
  {
    const double c = std::max(relative_concentration, 0.);
    return f * ((1. - alpha) * std::exp((1. - alpha) * f * overpotential) +
                alpha * c * std::exp(-alpha * f * overpotential));
  }

  /// Butler–Volmer bracket at a point and its derivative with respect to eta.
  struct ReactionBracket
  {
    double value;
    double overpotential_derivative;
  };

  /**
   * Butler–Volmer bracket j = b(eta_ct; c*) = exp((1-alpha) f eta_ct) - c*
   * exp(-alpha f eta_ct) of a surface covered by a film of area resistance
   * R_f in series with the charge transfer, with the salt at the surface
   * optionally depleted by the reaction itself, and with only the share
   * theta of the surface able to strip.
   *
   * Film: the Li+ current i = i0 j crosses the film first, so the charge-
   * transfer step sees only eta_ct = eta - R_f i0 j; @p film_voltage is
   * R_f i0 in V. The film flattens the current-overpotential curve towards
   * the ohmic line eta / R_f once R_f i exceeds the kinetic overpotential.
   *
   * Depletion: with @p depletion q > 0 the concentration in the bracket is
   * c* = max(c + q j, 0) instead of c: the value the point's own salt takes
   * when the reaction, integrated backward-Euler over the time step, draws
   * on it alone (q = (1 - t+) (c_s/c0) k L_eta h'(xi) dt / eps(xi); see
   * local_reaction()). This is what keeps a point of the interface from
   * consuming more salt in a step than it holds: at large cathodic
   * overpotential the rate saturates at the point's salt content per step
   * (j -> -c/q) instead of growing as exp(-alpha f eta). Without a film,
   * j = (A - c B)/(1 + q B), A and B the two exponentials.
   *
   * Stripping share: @p stripping_share theta (strippable_share()) scales the
   * net current where it is anodic, j = theta b, and leaves it alone where it
   * is cathodic. Only Li can be stripped, but the Li that is plated is bulk
   * Li of activity 1 on any substrate: the equilibrium potential is that of
   * Li wherever the surface is. Scaling the anodic exponential alone by
   * theta (the form used until 6 Dec 2026) made theta an activity and moved
   * the equilibrium by ln(1/theta)/f: partly covered host plated Li above
   * 0 V, and bare Cu (theta = 0) at any potential, so that a nucleation
   * overpotential was no threshold (doc/model.md, section 3.6). The sign of
   * j is that of b(eta; c), so the branch is chosen before the root is
   * found; j and its eta-derivative are continuous at j = 0, the derivative
   * jumps by theta.
   *
   * j is the root of j = s b(eta - film_voltage j; c + q j), s = 1 or
   * theta: b increases with eta_ct and with c*, so the root is unique and
   * lies between 0 and s b(eta; c), and a Newton iteration kept inside that
   * interval (bisection where a Newton step would leave it) finds it to
   * round-off. dj/d(eta) = s b'/(1 + s (film_voltage b' + q B)), b' the
   * eta-derivative of b at (eta_ct, c*). Concentrations below zero (which
   * the transport solve may produce transiently) give no cathodic reaction
   * rather than a negative one.
   */
  inline ReactionBracket
  butler_volmer_through_film(const double overpotential,
                             const double stripping_share,
                             const double relative_concentration,
                             const double alpha,
                             const double f,
                             const double film_voltage,
                             const double depletion = 0.)
  {
    const double c = std::max(relative_concentration, 0.);
    // The two exponentials at eta: they decide the branch, and without a
    // film they are the whole bracket.
    const double anodic          = std::exp((1. - alpha) * f * overpotential);
    const double cathodic_factor = std::exp(-alpha * f * overpotential);
    const double share = anodic > c * cathodic_factor ? stripping_share : 1.;
    if (film_voltage <= 0.)
      {
        const double saturation = 1. + share * depletion * cathodic_factor;
        const double value =
          share * (anodic - c * cathodic_factor) / saturation;
        const double surface_concentration = c + depletion * value;
        return {value,
                share * f *
                  ((1. - alpha) * anodic +
                   alpha * surface_concentration * cathodic_factor) /
                  saturation};
      }

    // Residual j - s b(eta_ct; c*) of a trial bracket, and its j-derivative.
    struct Evaluation
    {
      double residual;
      double slope;
      double eta_derivative;
    };
    const auto evaluate = [&](const double value) -> Evaluation {
      const double charge_transfer_overpotential =
        overpotential - film_voltage * value;
      const double charge_transfer_anodic =
        std::exp((1. - alpha) * f * charge_transfer_overpotential);
      const double charge_transfer_cathodic =
        std::exp(-alpha * f * charge_transfer_overpotential);
      const double surface_concentration = std::max(c + depletion * value, 0.);
      const double eta_derivative =
        share * f *
        ((1. - alpha) * charge_transfer_anodic +
         alpha * surface_concentration * charge_transfer_cathodic);
      return {value -
                share * (charge_transfer_anodic -
                         surface_concentration * charge_transfer_cathodic),
              1. + film_voltage * eta_derivative +
                (surface_concentration > 0. ?
                   share * depletion * charge_transfer_cathodic :
                   0.),
              eta_derivative};
    };

    const double at_zero_current = -evaluate(0.).residual;
    double       low             = std::min(0., at_zero_current);
    double       high            = std::max(0., at_zero_current);
    double       value           = 0.;
    for (unsigned int iteration = 0; iteration < 200; ++iteration)
      {
        const Evaluation trial = evaluate(value);
        if (trial.residual == 0.)
          break;
        if (trial.residual > 0.)
          high = value;
        else
          low = value;
        double next = value - trial.residual / trial.slope;
        if (!(next > low && next < high))
          next = 0.5 * (low + high);
        const bool converged =
          std::abs(next - value) <= 1e-14 * (1. + std::abs(value));
        value = next;
        if (converged || high - low <= 1e-15 * (1. + std::abs(value)))
          break;
      }
    const Evaluation root = evaluate(value);
    return {value, root.eta_derivative / root.slope};
  }
} // namespace deadli::kinetics

#endif
