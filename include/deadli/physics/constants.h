#ifndef deadli_physics_constants_h
#define deadli_physics_constants_h

namespace deadli::constants
{
  /// Faraday constant, C/mol (CODATA 2018).
  constexpr double faraday = 96485.33212;
  /// Molar gas constant, J/(mol K) (CODATA 2018).
  constexpr double gas_constant = 8.314462618;
  /// 0 °C in K.
  constexpr double zero_celsius = 273.15;
  /// 1 mA/cm^2 in A/m^2.
  constexpr double milliampere_per_square_centimetre = 10.;
  /// 1 mAh/cm^2 in C/m^2.
  constexpr double milliampere_hour_per_square_centimetre = 36000.;
} // namespace deadli::constants

#endif
