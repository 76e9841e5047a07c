// (c) A patterned lithiophilic coating on the planar collector covers the
// requested fraction (0.3 and 0.6) within 2 % (relative) for stripes, dots
// and patches, measured as measure_geometry() does: the mean host fraction
// in the slab from 1/4 to 3/4 of the coating thickness, on the simulator's
// mesh. The pattern size is calibrated for exactly that quantity of the
// diffuse indicator, so what is left is the mesh's interpolation error. Also
// checks that the coating's kinetics apply on it and the base's far from it.

#include <deadli/geometry/coated_collector.h>
#include <deadli/geometry/planar_collector.h>

#include "geometry_mesh.h"

using namespace dealii;
using namespace deadli;
using namespace deadli::testing;

int
main(int argc, char **argv)
{
  Utilities::MPI::MPI_InitFinalize mpi(argc, argv, 1);
  Checker                          checker;

  // Anode-free: bare collector plane, no Cu slab, no Li.
  auto collector                  = std::make_shared<PlanarCollector<3>>();
  collector->interface_width      = 1.;
  collector->domain_width         = 8.;
  collector->domain_height        = 4.;
  collector->coarse_cell_size     = 2.;
  collector->layer_thickness      = 0.;
  collector->roughness_amplitude  = 0.;
  collector->roughness_wavelength = 8.;
  collector->n_nuclei             = 0;
  collector->nucleus_radius       = 1.;
  collector->random_seed          = 1;
  collector->place_nuclei();
  collector->copper_kinetics.exchange_current_factor  = 0.1;
  collector->copper_kinetics.nucleation_overpotential = 0.03;

  using Pattern = CoatedCollector<3>::Pattern;
  const std::vector<std::pair<Pattern, std::string>> patterns = {
    {Pattern::stripes, "stripes"},
    {Pattern::dots, "dots"},
    {Pattern::patches, "patches"}};
  for (const auto &[pattern, name] : patterns)
    for (const double coverage : {0.3, 0.6})
      {
        CoatedCollector<3> coated(collector, collector->domain_width, 0.);
        coated.pattern                                   = pattern;
        coated.thickness                                 = 2.;
        coated.coverage                                  = coverage;
        coated.requested_period                          = 4.;
        coated.seed                                      = 3;
        coated.coating_kinetics.exchange_current_factor  = 5.;
        coated.coating_kinetics.nucleation_overpotential = 0.;
        coated.build_pattern();
        log() << name << ", coverage " << coverage << " (pattern size "
              << coated.pattern_size << "):" << std::endl;
        MeshedGeometry<3> meshed(MPI_COMM_WORLD);
        mesh_geometry(coated, 3, meshed);
        const auto measures = measure_and_print(coated, meshed);
        checker.check(measures.size() == 1 &&
                        measures[0].target.quantity ==
                          GeometryTarget::Quantity::coating_coverage,
                      "expected one coverage target");
        check_relative(checker, measures.at(0), 0.02);

        // Kinetics: the coating's inside a coated spot, the base's well
        // above the coating (up to the diffuse blend's tanh tails: a
        // weight of at least 0.99 in the middle of a 1.2 um stripe).
        double       deepest = 0;
        Point<3>     inside;
        const double h = 0.25;
        for (double x = h / 2; x < 8; x += h)
          for (double y = h / 2; y < 8; y += h)
            {
              const Point<3> p(x, y, 1.);
              if (coated.coating_distance(p) < deepest)
                {
                  deepest = coated.coating_distance(p);
                  inside  = p;
                }
            }
        const SubstrateKinetics on  = coated.substrate_kinetics(inside);
        const SubstrateKinetics off = coated.substrate_kinetics(Point<3>(
          inside[0], inside[1], coated.thickness + 6 * coated.interface_width));
        log() << "  kinetics on the coating at " << inside << ": "
              << on.exchange_current_factor << ", "
              << on.nucleation_overpotential
              << " V; above it: " << off.exchange_current_factor << ", "
              << off.nucleation_overpotential << " V" << std::endl;
        checker.check(std::abs(on.exchange_current_factor - 5.) < 0.05 &&
                        std::abs(on.nucleation_overpotential) < 3e-4,
                      "coating kinetics not applied on the coating");
        checker.check(std::abs(off.exchange_current_factor - 0.1) < 1e-2 &&
                        std::abs(off.nucleation_overpotential - 0.03) < 1e-4,
                      "base kinetics not applied away from the coating");
      }
  return checker.exit_code();
}
