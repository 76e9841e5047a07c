#ifndef deadli_physics_interface_rate_h
#define deadli_physics_interface_rate_h

#include <deadli/physics/kinetics.h>
#include <deadli/physics/material_properties.h>

namespace deadli
{
  /**
   * The local (non-gradient) part of the phase-field rate d(xi)/dt,
   *
   *   -L_sigma W g'(xi) - L_eta h'(xi) [exp((1-alpha) f eta) - c exp(-alpha f
   * eta)],
   *
   * evaluated with the phase field and concentration of the previous step.
   *
   * The potential solve uses it as the charge source and the phase-field
   * solve as its right-hand side: one expression for both is what makes the
   * plated charge equal the current through the electrolyte to solver
   * tolerance (the gradient part integrates to zero and moves no charge).
   */
  inline double
  local_phase_field_rate(const MaterialProperties &material,
                         const double              xi,
                         const double              relative_concentration,
                         const double              overpotential,
                         const double              kinetic_factor = 1.)
  {
    return -material.interface_relaxation_rate *
             kinetics::double_well_derivative(xi) -
           kinetic_factor * material.reaction_prefactor *
             kinetics::interpolation_derivative(xi) *
             kinetics::butler_volmer(overpotential,
                                     relative_concentration,
                                     material.transfer_coefficient,
                                     material.f);
  }

  /// d/d(eta) of local_phase_field_rate() (not of the double well).
  inline double
  local_phase_field_rate_derivative(const MaterialProperties &material,
                                    const double              xi,
                                    const double relative_concentration,
                                    const double overpotential,
                                    const double kinetic_factor = 1.)
  {
    return -kinetic_factor * material.reaction_prefactor *
           kinetics::interpolation_derivative(xi) *
           kinetics::butler_volmer_derivative(overpotential,
                                              relative_concentration,
                                              material.transfer_coefficient,
                                              material.f);
  }

  /// L_sigma kappa = L_sigma W * kappa/W, µm^2/s.
  inline double
  phase_field_gradient_mobility(const MaterialProperties &material)
  {
    return material.interface_relaxation_rate * material.gradient_coefficient;
  }
} // namespace deadli

#endif
