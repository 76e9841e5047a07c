#ifndef deadli_physics_material_properties_h
#define deadli_physics_material_properties_h

#include <deal.II/base/parameter_handler.h>

namespace deadli
{
  /**
   * Electrolyte, metal and interface properties.
   *
   * Users give values in the units of the battery literature (mA/cm², mol/L,
   * S/m, µm, °C). They are converted once, here, into the solver's internal
   * units: lengths in µm, time in s, potentials in V, concentrations relative
   * to the bulk salt concentration c0. In these units every coefficient of
   * the three equations is of order 1e-3..1e3, which keeps the assembled
   * matrices well scaled without a full nondimensionalisation.
   */
  struct MaterialProperties
  {
    static void
    declare_parameters(dealii::ParameterHandler &prm);
    void
    parse_parameters(dealii::ParameterHandler &prm);

    // ---- values as the user gave them (SI or literature units) ----
    double temperature_celsius;
    double bulk_concentration;       ///< mol/m^3
    double salt_diffusivity;         ///< m^2/s
    double metal_diffusivity;        ///< m^2/s, numerical value inside Li
    double transference_number;      ///< t+
    double electrolyte_conductivity; ///< S/m
    double lithium_site_density;     ///< c_s, mol/m^3
    double exchange_current_density; ///< A/m^2
    double film_resistance;          ///< R_f, Ohm m^2
    double transfer_coefficient;     ///< alpha
    double electrolyte_fraction_floor;
    double interface_width;           ///< delta = sqrt(8 kappa/W), µm
    double interface_relaxation_rate; ///< L_sigma W, 1/s

    // ---- derived coefficients in internal units (µm, s, V, c/c0) ----
    /// F/(RT) in 1/V.
    double f;
    /// Salt diffusivity, µm^2/s.
    double diffusivity;
    /// Numerical diffusivity inside the metal, µm^2/s.
    double diffusivity_in_metal;
    /// sigma / (F c_s) in µm^2/(V s): the potential equation divided by F c_s
    /// has the phase-field rate d(xi)/dt as its source.
    double scaled_conductivity;
    /// 2 (1 - t+) RT/F in V: coefficient of grad(ln c) in the current.
    double diffusion_potential_coefficient;
    /// L_eta in 1/s, calibrated so that a flat interface carries i0 times the
    /// Butler-Volmer bracket.
    double reaction_prefactor;
    /// R_f i0 in V: the film's ohmic drop per unit Butler-Volmer bracket.
    double film_voltage;
    /// kappa/W = delta^2/8 in µm^2.
    double gradient_coefficient;
    /// c_s/c0: moles of salt-equivalent per unit of phase-field change.
    double metal_to_salt_ratio;
    /// Conversion of a current density in A/m^2 into an interface velocity in
    /// µm/s (i / (F c_s)).
    double velocity_per_current_density;

    /// Electrolyte volume fraction, bounded below so that the storage term
    /// of the transport equation never vanishes inside the metal.
    double
    electrolyte_fraction(const double xi) const;
    /// Effective salt diffusivity, µm^2/s.
    double
    effective_diffusivity(const double xi) const;
    /// Effective scaled conductivity, µm^2/(V s).
    double
    effective_conductivity(const double xi) const;
  };
} // namespace deadli

#endif
