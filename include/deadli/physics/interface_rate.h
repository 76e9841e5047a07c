#ifndef deadli_physics_interface_rate_h
#define deadli_physics_interface_rate_h

#include <deal.II/base/tensor.h>

#include <deadli/physics/kinetics.h>
#include <deadli/physics/material_properties.h>
#include <deadli/physics/substrate.h>

#include <algorithm>
#include <cmath>

namespace deadli
{
  /**
   * Share of the metal at a point that is Li and can therefore be stripped:
   * 1 - chi/xi, 1 without host, 0 on bare host.
   */
  inline double
  strippable_share(const double xi, const SubstrateAtPoint &substrate)
  {
    if (substrate.host <= 0.)
      return 1.;
    return std::clamp(1. - substrate.host / std::max(xi, 1e-12), 0., 1.);
  }

  /**
   * Thickness of the Li on the host at a point, in units of the interface
   * width delta: the distance between the host's surface and the metal's,
   * each read off its own equilibrium profile (x = (1 - tanh(2 d/delta))/2
   * gives d/delta = logit(1 - x)/4). For a Li film of thickness t on the
   * host, the metal's profile is the host's shifted by t, and this is
   * t/delta at every point across the diffuse host surface.
   */
  inline double
  lithium_on_host_thickness(const double xi, const double host)
  {
    // The logits saturate within 1e-9 of 0 and 1, deep in the host or the
    // electrolyte.
    const auto logit = [](const double fraction) {
      const double bounded = std::clamp(fraction, 1e-9, 1. - 1e-9);
      return std::log(bounded / (1. - bounded));
    };
    return (logit(xi) - logit(host)) / 4.;
  }

  /**
   * Li thickness on the host, in interface widths, from which on the host's
   * own capillary correction is off: delta/2, where the metal fraction at
   * the host's surface is 0.88.
   */
  constexpr double buried_host_thickness = 0.5;

  /**
   * How bare the host is at a point: 1 where the metal is just the host
   * (xi = chi), 0 where Li covers it by buried_host_thickness or more.
   * The host's own capillary force is taken out of the phase-field rate
   * with this weight: fully on bare host, where the cancellation keeps it
   * intact, and not at all on host buried under Li, where the cancelled
   * term would otherwise act as a source that lifts xi above 1 around
   * curved host surfaces (by about delta / (8 R) for struts of radius R).
   *
   * The weight follows the Li thickness (lithium_on_host_thickness()),
   * which a film of any thickness has at every point across the diffuse
   * host surface. Until 6 Dec 2026 it followed the share of the gap
   * 1 - chi that Li fills, which a thin film fills on the Cu side first
   * (there the gap is small): B then fell across the host's profile, and
   * the correction's divergence form -L_sigma kappa div(B grad chi)
   * contained -L_sigma kappa grad(B) . grad(chi) > 0, a metal source of
   * order L_sigma kappa / delta that needed no current. Galvanostatic
   * plating on bare Cu had to strip what it deposited and ran above 0 V
   * (+57 mV at 2 mA/cm2 on the planar Cu of the collector study;
   * doc/model.md, section 3.6).
   */
  inline double
  bare_host_weight(const double xi, const SubstrateAtPoint &substrate)
  {
    if (substrate.host <= 0.)
      return 0.;
    const double covered =
      std::clamp(lithium_on_host_thickness(xi, substrate.host) /
                   buried_host_thickness,
                 0.,
                 1.);
    return 1. - kinetics::interpolation(covered);
  }

  /**
   * The Butler-Volmer part of the phase-field rate at a point: the local
   * exchange-current scale k (1 + (k_s - 1)(1 - theta)) and the bracket with
   * its eta-derivative. One function for the rate and its derivative, so
   * that the potential solve's Newton iteration linearises exactly what the
   * phase-field solve then plates.
   *
   * With @p depletion_time_step dt > 0 the salt in the bracket is depleted
   * by the reaction over the step (kinetics::butler_volmer_through_film()):
   * the point's salt content eps(xi) c changes by (1 - t+) (c_s/c0) times
   * its phase-field change k L_eta h'(xi) j dt, which gives the depletion
   * coefficient q = (1 - t+) (c_s/c0) k L_eta h'(xi) dt / eps(xi). dt = 0
   * keeps the concentration of the previous step.
   */
  struct LocalReaction
  {
    /// Local exchange current density over i0.
    double                    exchange_scale;
    kinetics::ReactionBracket bracket;
  };

  inline LocalReaction
  local_reaction(const MaterialProperties &material,
                 const double              xi,
                 const double              relative_concentration,
                 const double              overpotential,
                 const double              kinetic_factor,
                 const SubstrateAtPoint   &substrate,
                 const double              depletion_time_step = 0.)
  {
    const double lithium_share = strippable_share(xi, substrate);
    const double bare_share    = 1. - lithium_share;
    const double exchange_scale =
      kinetic_factor *
      (1. + (substrate.exchange_current_factor - 1.) * bare_share);
    const double depletion =
      depletion_time_step > 0. ?
        (1. - material.transference_number) * material.metal_to_salt_ratio *
          exchange_scale * material.reaction_prefactor *
          kinetics::interpolation_derivative(xi) * depletion_time_step /
          material.electrolyte_fraction(xi) :
        0.;
    // The film's ohmic drop is R_f i = R_f i0 * exchange_scale * bracket.
    return {exchange_scale,
            kinetics::butler_volmer_through_film(
              overpotential + substrate.nucleation_overpotential * bare_share,
              lithium_share,
              relative_concentration,
              material.transfer_coefficient,
              material.f,
              material.film_voltage * exchange_scale,
              depletion)};
  }

  /// The local phase-field rate at a point and its derivative.
  struct LocalRate
  {
    /// d(xi)/dt without the gradient term, 1/s.
    double value;
    /// d(value)/d(eta), 1/(V s); the double well does not depend on eta.
    double overpotential_derivative;
  };

  /**
   * The local (non-gradient) part of the phase-field rate d(xi)/dt,
   *
   *   -L_sigma W [g'(xi) - B g'(chi)] - k L_eta h'(xi) j,
   *   j = s [exp((1-alpha) f eta') - c exp(-alpha f eta')],
   *   s = theta where j > 0, else 1,
   *
   * and its derivative with respect to eta, evaluated with the phase field
   * and concentration of the previous step.
   * Without a host (chi = 0, theta = 1, k = 1, eta' = eta) it is the plain
   * Allen-Cahn/Butler-Volmer rate. With a host (doc/model.md, section 3.6):
   * B g'(chi), B = bare_host_weight(), takes the host's own capillary force
   * out, so bare Cu neither shrinks nor grows on its own; theta =
   * strippable_share() scales the current where it is anodic, so that only
   * Li is stripped, and leaves plating alone; k is the substrate's
   * exchange-current factor and eta' = eta + eta_n (1 - theta) its
   * nucleation overpotential, both acting on bare substrate only: bare Cu
   * plates once eta' < ln(c)/f, i.e. eta_n below Li's equilibrium. With an
   * interface film (doc/model.md, section 3.7) eta' is further lowered by the
   * film's ohmic drop R_f i0 k j, and j is found implicitly
   * (kinetics::butler_volmer_through_film()).
   *
   * The potential solve uses it as the charge source and the phase-field
   * solve as its right-hand side: one expression for both is what makes the
   * plated charge equal the current through the electrolyte to solver
   * tolerance (the gradient part integrates to zero and moves no charge).
   * Rate and derivative come from one evaluation because the potential's
   * Newton iteration needs both at every point, and the exponentials (and,
   * with a film, the implicit solve) are the expensive part.
   */
  inline LocalRate
  local_phase_field_rate_and_derivative(const MaterialProperties &material,
                                        const double              xi,
                                        const double relative_concentration,
                                        const double overpotential,
                                        const double kinetic_factor       = 1.,
                                        const SubstrateAtPoint &substrate = {},
                                        const double depletion_time_step  = 0.)
  {
    const double capillary =
      -material.interface_relaxation_rate *
      (kinetics::double_well_derivative(xi) -
       (substrate.host > 0. ?
          bare_host_weight(xi, substrate) *
            kinetics::double_well_derivative(substrate.host) :
          0.));
    // Bulk metal and electrolyte (h' = 0 exactly, xi clipped to 0 or 1)
    // do not react: skip the exponentials, which are most of the cost there.
    const double localisation = kinetics::interpolation_derivative(xi);
    if (localisation == 0.)
      return {capillary, 0.};
    const LocalReaction reaction = local_reaction(material,
                                                  xi,
                                                  relative_concentration,
                                                  overpotential,
                                                  kinetic_factor,
                                                  substrate,
                                                  depletion_time_step);
    const double        scale =
      -reaction.exchange_scale * material.reaction_prefactor * localisation;
    return {capillary + scale * reaction.bracket.value,
            scale * reaction.bracket.overpotential_derivative};
  }

  /// local_phase_field_rate_and_derivative() without the derivative.
  inline double
  local_phase_field_rate(const MaterialProperties &material,
                         const double              xi,
                         const double              relative_concentration,
                         const double              overpotential,
                         const double              kinetic_factor      = 1.,
                         const SubstrateAtPoint   &substrate           = {},
                         const double              depletion_time_step = 0.)
  {
    return local_phase_field_rate_and_derivative(material,
                                                 xi,
                                                 relative_concentration,
                                                 overpotential,
                                                 kinetic_factor,
                                                 substrate,
                                                 depletion_time_step)
      .value;
  }

  /**
   * Electrolyte current density divided by F c_s (µm/s):
   * -s grad(phi) + s k_D grad(ln c), Newman's form with the diffusion
   * potential. grad(ln c) is evaluated as grad(c)/max(c, 1e-3): it is
   * singular at full depletion, which the galvanostatic cut-off stops anyway.
   */
  template <int dim>
  dealii::Tensor<1, dim>
  scaled_electrolyte_current(
    const MaterialProperties     &material,
    const double                  xi,
    const double                  relative_concentration,
    const dealii::Tensor<1, dim> &concentration_gradient,
    const dealii::Tensor<1, dim> &potential_gradient)
  {
    const double conductivity = material.effective_conductivity(xi);
    return -conductivity * potential_gradient +
           conductivity * material.diffusion_potential_coefficient *
             concentration_gradient / std::max(relative_concentration, 1e-3);
  }

  /**
   * Rate of change of xi (1/s, negative) from the chemical oxidation of
   * dead Li by a dissolved redox mediator, at a point of a dead (frozen)
   * cell: d(xi)/dt = -v |grad xi|, the level-set form of an interface that
   * recedes with the velocity @p dissolution_velocity (µm/s) along its
   * normal. Integrated over the cell it is -v times the dead surface area,
   * i.e. a rate per area of surface the mediator can reach, as a
   * heterogeneous reaction is. The Butler-Volmer form -k h'(xi) is not used:
   * on frozen cells nothing carries the profile along (no capillary terms),
   * so a point-wise h'(xi) decay would only erode the diffuse interface and
   * stall where xi is close to 1, while |grad xi| moves the whole profile
   * inwards. The rate is capped at xi/dt (@p time_step), so the explicit
   * step cannot take away more metal than a point holds: without the cap
   * the last, thinner-than-the-interface remnant of a fragment, where
   * |grad xi| stays large while xi is small, is driven below 0.
   */
  template <int dim>
  inline double
  mediator_dissolution_rate(const double                  dissolution_velocity,
                            const double                  time_step,
                            const double                  xi,
                            const dealii::Tensor<1, dim> &xi_gradient)
  {
    if (xi <= 0.)
      return 0.;
    return -std::min(dissolution_velocity * xi_gradient.norm(), xi / time_step);
  }

  /// L_sigma kappa = L_sigma W * kappa/W, µm^2/s.
  inline double
  phase_field_gradient_mobility(const MaterialProperties &material)
  {
    return material.interface_relaxation_rate * material.gradient_coefficient;
  }
} // namespace deadli

#endif
