#include <deadli/parameter_checks.h>
#include <deadli/physics/constants.h>
#include <deadli/physics/kinetics.h>
#include <deadli/physics/material_properties.h>

#include <algorithm>
#include <limits>

namespace deadli
{
  using namespace dealii;

  void
  MaterialProperties::declare_parameters(ParameterHandler &prm)
  {
    prm.enter_subsection("Material");
    {
      prm.declare_entry("Temperature [C]",
                        "26.85",
                        Patterns::Double(-100, 200),
                        "Cell temperature. 26.85 C = 300 K, where the Tafel "
                        "slope at alpha = 0.5 is 119 mV/decade.");
      prm.declare_entry("Bulk salt concentration [mol/L]",
                        "1.0",
                        Patterns::Double(0),
                        "Initial, uniform Li+ (salt) concentration c0 of the "
                        "binary electrolyte; must be > 0.");
      prm.declare_entry("Salt diffusivity [m2/s]",
                        "3.2e-10",
                        Patterns::Double(0),
                        "Ambipolar salt diffusion coefficient D of the "
                        "electrolyte (Hong & Viswanathan 2018: 3.18e-10).");
      prm.declare_entry("Diffusivity in metal [m2/s]",
                        "3.2e-11",
                        Patterns::Double(0),
                        "Numerical salt diffusivity inside the Li phase, "
                        "where the salt itself is not physical. It must let "
                        "the electrolyte refill the metal side of the "
                        "diffuse interface, which holds almost no salt but "
                        "takes its share of the plating sink: Chen et "
                        "al.'s 7.5e-13 lets that side run dry within a "
                        "millisecond at an interface relaxation rate of "
                        "15/s (doc/model.md, section 12.3).");
      prm.declare_entry("Transference number",
                        "0.36",
                        Patterns::Double(0, 1),
                        "Cation transference number t+ in [0, 1]; 1 is "
                        "a single-ion conductor without concentration "
                        "polarisation.");
      prm.declare_entry("Electrolyte conductivity [S/m]",
                        "1.19",
                        Patterns::Double(0),
                        "Ionic conductivity of the bulk electrolyte (Hong & "
                        "Viswanathan 2018).");
      prm.declare_entry("Li site density [mol/m3]",
                        "76900",
                        Patterns::Double(0),
                        "Molar density c_s of Li metal (1/V_m, V_m = 13.0 "
                        "cm3/mol); 1 mAh/cm2 then plates 4.85 um of dense Li.");
      prm.declare_entry("Exchange current density [mA/cm2]",
                        "1.0",
                        Patterns::Double(0),
                        "Exchange current density i0 of Li plating/stripping "
                        "(about 10 A/m2 = 1 mA/cm2, McShane et al. 2020).");
      prm.declare_entry(
        "Interface film resistance [Ohm cm2]",
        "0",
        Patterns::Double(0),
        "Area-specific resistance of a film on the metal that the Li+ "
        "current crosses before the charge transfer, e.g. an artificial SEI "
        "layer (LiF, Li3N, polymer coatings: about 1-100 Ohm cm2). The "
        "charge transfer then sees the overpotential minus the film's ohmic "
        "drop (doc/model.md, section 3.7). 0 = no film: the native SEI's "
        "resistance is part of the exchange current density.");
      prm.declare_entry("Charge transfer coefficient",
                        "0.5",
                        Patterns::Double(0, 1),
                        "Butler-Volmer symmetry factor alpha, in (0, 1).");
      prm.declare_entry("Electrolyte fraction floor",
                        "1e-3",
                        Patterns::Double(0, 1),
                        "Smallest electrolyte fraction used for salt storage "
                        "and ionic conductivity inside the metal, in (0, "
                        "0.1]. Keeps both operators definite; the salt that "
                        "this stores inside the metal is counted in the "
                        "mass balance.");
    }
    prm.leave_subsection();

    prm.enter_subsection("Phase field");
    {
      prm.declare_entry("Interface width [um]",
                        "1.0",
                        Patterns::Double(0),
                        "Diffuse interface width delta = sqrt(8 kappa/W) "
                        "(Hong & Viswanathan 2018: 1 um). The mesh must put "
                        "at least 4 cells across it.");
      prm.declare_entry("Interface relaxation rate [1/s]",
                        "15",
                        Patterns::Double(0),
                        "L_sigma W: how fast the diffuse interface relaxes to "
                        "its equilibrium profile (Hong & Viswanathan 2018: "
                        "L_sigma = 6.25, W = 2.4 in units of RT c_s, so "
                        "15/s).");
    }
    prm.leave_subsection();
  }



  void
  MaterialProperties::parse_parameters(ParameterHandler &prm)
  {
    constexpr double infinity = std::numeric_limits<double>::infinity();

    prm.enter_subsection("Material");
    {
      temperature_celsius = prm.get_double("Temperature [C]");
      bulk_concentration =
        1000. * prm.get_double("Bulk salt concentration [mol/L]");
      salt_diffusivity    = prm.get_double("Salt diffusivity [m2/s]");
      metal_diffusivity   = prm.get_double("Diffusivity in metal [m2/s]");
      transference_number = prm.get_double("Transference number");
      electrolyte_conductivity =
        prm.get_double("Electrolyte conductivity [S/m]");
      lithium_site_density = prm.get_double("Li site density [mol/m3]");
      exchange_current_density =
        constants::milliampere_per_square_centimetre *
        prm.get_double("Exchange current density [mA/cm2]");
      film_resistance =
        1e-4 * prm.get_double("Interface film resistance [Ohm cm2]");
      transfer_coefficient = prm.get_double("Charge transfer coefficient");
      electrolyte_fraction_floor = prm.get_double("Electrolyte fraction floor");

      require_open_interval("Material/Bulk salt concentration [mol/L]",
                            bulk_concentration / 1000.,
                            0,
                            infinity,
                            "A concentration must be positive.");
      require_open_interval("Material/Salt diffusivity [m2/s]",
                            salt_diffusivity,
                            0,
                            infinity,
                            "A diffusivity must be positive.");
      require_open_interval("Material/Diffusivity in metal [m2/s]",
                            metal_diffusivity,
                            0,
                            salt_diffusivity,
                            "It must be positive and below the salt "
                            "diffusivity.");
      require_open_interval("Material/Electrolyte conductivity [S/m]",
                            electrolyte_conductivity,
                            0,
                            infinity,
                            "A conductivity must be positive.");
      require_open_interval("Material/Li site density [mol/m3]",
                            lithium_site_density,
                            0,
                            infinity,
                            "A density must be positive.");
      require_open_interval("Material/Exchange current density [mA/cm2]",
                            exchange_current_density / 10.,
                            0,
                            infinity,
                            "An exchange current density must be positive.");
      require_open_interval("Material/Charge transfer coefficient",
                            transfer_coefficient,
                            0,
                            1,
                            "alpha must lie strictly between 0 and 1.");
      require_open_interval("Material/Electrolyte fraction floor",
                            electrolyte_fraction_floor,
                            0,
                            0.1 + 1e-12,
                            "It is a numerical regularisation in (0, 0.1].");
    }
    prm.leave_subsection();

    prm.enter_subsection("Phase field");
    {
      interface_width = prm.get_double("Interface width [um]");
      interface_relaxation_rate =
        prm.get_double("Interface relaxation rate [1/s]");
      require_open_interval("Phase field/Interface width [um]",
                            interface_width,
                            0,
                            infinity,
                            "The interface width must be positive.");
      require_open_interval("Phase field/Interface relaxation rate [1/s]",
                            interface_relaxation_rate,
                            0,
                            infinity,
                            "The relaxation rate must be positive.");
    }
    prm.leave_subsection();

    const double temperature = temperature_celsius + constants::zero_celsius;
    f = constants::faraday / (constants::gas_constant * temperature);

    constexpr double square_metre_in_square_micrometre = 1e12;
    diffusivity = salt_diffusivity * square_metre_in_square_micrometre;
    diffusivity_in_metal =
      metal_diffusivity * square_metre_in_square_micrometre;

    const double charge_density = constants::faraday * lithium_site_density;
    scaled_conductivity         = electrolyte_conductivity / charge_density *
                          square_metre_in_square_micrometre;
    diffusion_potential_coefficient = 2. * (1. - transference_number) / f;

    velocity_per_current_density = 1e6 / charge_density;
    reaction_prefactor =
      exchange_current_density * velocity_per_current_density /
      (kinetics::interface_reaction_integral * interface_width);
    film_voltage         = film_resistance * exchange_current_density;
    gradient_coefficient = interface_width * interface_width / 8.;
    metal_to_salt_ratio  = lithium_site_density / bulk_concentration;
  }



  double
  MaterialProperties::electrolyte_fraction(const double xi) const
  {
    return std::clamp(1. - xi, electrolyte_fraction_floor, 1.);
  }



  double
  MaterialProperties::effective_diffusivity(const double xi) const
  {
    const double metal = kinetics::interpolation(xi);
    return diffusivity_in_metal * metal + diffusivity * (1. - metal);
  }



  double
  MaterialProperties::effective_conductivity(const double xi) const
  {
    const double metal = kinetics::interpolation(xi);
    return scaled_conductivity *
           (electrolyte_fraction_floor +
            (1. - electrolyte_fraction_floor) * (1. - metal));
  }
} // namespace deadli
