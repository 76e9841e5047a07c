#ifndef deadli_physics_interface_rate_h
#define deadli_physics_interface_rate_h

#include <deal.II/base/tensor.h>

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

  /// L_sigma kappa = L_sigma W * kappa/W, µm^2/s.
  inline double
  phase_field_gradient_mobility(const MaterialProperties &material)
  {
    return material.interface_relaxation_rate * material.gradient_coefficient;
  }
} // namespace deadli

#endif
