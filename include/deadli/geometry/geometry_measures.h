#ifndef deadli_geometry_geometry_measures_h
#define deadli_geometry_geometry_measures_h

#include <deal.II/lac/petsc_vector.h>

#include <deadli/geometry/geometry.h>
#include <deadli/mesh/discretization.h>

#include <ostream>
#include <vector>

namespace deadli
{
  /**
   * Mean of a ghosted finite-element field over the slab bottom < z < top of
   * the domain (z the stacking coordinate), i.e. its integral there divided
   * by collector area x (top - bottom). A quadrature point counts if it lies
   * in the slab, so the error is of the order of the cell size over the slab
   * thickness where the slab does not follow cell faces.
   */
  template <int dim>
  double
  layer_average(const Discretization<dim>                &discretization,
                const dealii::PETScWrappers::MPI::Vector &ghosted_field,
                const double                              collector_area,
                const double                              bottom,
                const double                              top);

  /**
   * Integral of |grad f| over the slab bottom < z < top: for a diffuse
   * indicator f the area of its surface there, µm^2 (µm in 2D).
   */
  template <int dim>
  double
  layer_surface_area(const Discretization<dim>                &discretization,
                     const dealii::PETScWrappers::MPI::Vector &ghosted_field,
                     const double                              bottom,
                     const double                              top);

  /// A GeometryTarget next to what the mesh holds.
  struct AchievedTarget
  {
    GeometryTarget target;
    double         achieved;
    /// For porosities: host surface per layer volume, 1/µm; else NaN.
    double specific_surface_area;
  };

  /**
   * Measure every target of @p geometry on the current mesh, from the
   * ghosted metal (Li + host) phase field and host indicator.
   */
  template <int dim>
  std::vector<AchievedTarget>
  measure_geometry(const Discretization<dim>                &discretization,
                   const Geometry<dim>                      &geometry,
                   const dealii::PETScWrappers::MPI::Vector &metal,
                   const dealii::PETScWrappers::MPI::Vector &host);

  /// The table of requested and achieved values, one line each.
  void
  print_geometry_report(std::ostream                      &out,
                        const std::vector<AchievedTarget> &measures);
} // namespace deadli

#endif
