// Shared machinery of the connectivity tests: a "case" is a mesh recipe plus
// a conductor shape; run_case() labels it with MetalConnectivity on a given
// communicator and checks the result against a reference that shares no code
// with the class under test:
//  - adjacency is found geometrically, by locating points just outside each
//    face (at the centres of its would-be subfaces, so every refined
//    neighbour is hit) in a serial copy of the mesh, with periodic wrapping
//    done by coordinates;
//  - components are found by a breadth-first flood fill;
//  - ids are positions in the CellId-sorted list of all active cells.
// The comparison is exact: every test mesh has dyadic cell sizes, so cell
// volumes and their sums are exact in floating point whatever the order of
// summation.

#ifndef deadli_tests_connectivity_conductor_cases_h
#define deadli_tests_connectivity_conductor_cases_h

#include <deal.II/base/mpi.h>
#include <deal.II/base/point.h>

#include <deal.II/distributed/tria.h>

#include <deal.II/grid/grid_generator.h>
#include <deal.II/grid/grid_tools.h>
#include <deal.II/grid/grid_tools_cache.h>

#include <deadli/connectivity/metal_connectivity.h>

#include <algorithm>
#include <functional>
#include <iomanip>
#include <iostream>
#include <map>
#include <queue>
#include <string>
#include <vector>

namespace deadli
{
  namespace testing
  {
    using namespace dealii;

    template <int dim>
    using Component = typename MetalConnectivity<dim>::Component;

    /// Counts failed checks; a test returns nonzero when any failed.
    struct Checker
    {
      unsigned int n_failures = 0;

      void
      check(const bool condition, const std::string &message)
      {
        if (!condition)
          {
            ++n_failures;
            if (Utilities::MPI::this_mpi_process(MPI_COMM_WORLD) == 0)
              std::cout << "  FAILED: " << message << std::endl;
          }
      }

      /// Print the verdict on rank 0 and return the test's exit code.
      int
      exit_code() const
      {
        if (Utilities::MPI::this_mpi_process(MPI_COMM_WORLD) == 0)
          std::cout << (n_failures == 0 ? "PASSED" : "FAILED") << std::endl;
        return n_failures == 0 ? 0 : 1;
      }
    };

    /**
     * Mesh and conductor of one test. Lengths are in coarse cells: the box
     * [0, extent] is subdivided into unit cells, so refined cells have
     * dyadic sizes. The last coordinate is the height; its lower face
     * (boundary id 2*(dim-1) with colorize) is the current collector.
     */
    template <int dim>
    struct ConductorCase
    {
      std::string                             name;
      Point<dim>                              extent;
      std::vector<unsigned int>               periodic_directions;
      std::function<bool(const Point<dim> &)> refine_once;
      std::function<bool(const Point<dim> &)> is_conductor;
      std::function<bool(const Point<dim> &)> is_host;
      unsigned int                            global_refinements = 0;
      std::function<bool(const Point<dim> &)> refine_twice;
    };

    inline constexpr types::boundary_id
    collector_boundary(const int dim)
    {
      return 2 * (dim - 1);
    }

    /// The mesh of a case, identical on any communicator: refinement is
    /// decided by cell centres, which do not depend on the partition.
    template <int dim>
    void
    build_mesh(const ConductorCase<dim>                  &conductor_case,
               parallel::distributed::Triangulation<dim> &triangulation)
    {
      std::vector<unsigned int> subdivisions(dim);
      for (unsigned int d = 0; d < dim; ++d)
        subdivisions[d] = static_cast<unsigned int>(conductor_case.extent[d]);
      GridGenerator::subdivided_hyper_rectangle(
        triangulation, subdivisions, Point<dim>(), conductor_case.extent, true);
      for (const unsigned int d : conductor_case.periodic_directions)
        {
          std::vector<GridTools::PeriodicFacePair<
            typename parallel::distributed::Triangulation<dim>::cell_iterator>>
            pairs;
          GridTools::collect_periodic_faces(
            triangulation, 2 * d, 2 * d + 1, d, pairs);
          triangulation.add_periodicity(pairs);
        }
      triangulation.refine_global(conductor_case.global_refinements);
      for (const auto &predicate :
           {conductor_case.refine_once, conductor_case.refine_twice})
        if (predicate)
          {
            for (const auto &cell : triangulation.active_cell_iterators())
              if (cell->is_locally_owned() && predicate(cell->center()))
                cell->set_refine_flag();
            triangulation.execute_coarsening_and_refinement();
          }
    }

    template <int dim>
    struct CellFields
    {
      std::vector<bool>   is_conductor;
      std::vector<bool>   is_anchor;
      std::vector<double> weight;
    };

    /// Conductor = centre inside the shape; anchor = conductor touching the
    /// collector, or Cu host; weight = cell volume.
    template <int dim>
    CellFields<dim>
    cell_fields(const ConductorCase<dim> &conductor_case,
                const Triangulation<dim> &triangulation)
    {
      CellFields<dim> fields;
      fields.is_conductor.assign(triangulation.n_active_cells(), false);
      fields.is_anchor.assign(triangulation.n_active_cells(), false);
      fields.weight.assign(triangulation.n_active_cells(), 0.);
      for (const auto &cell : triangulation.active_cell_iterators())
        {
          if (cell->is_artificial())
            continue;
          const unsigned int i = cell->active_cell_index();
          const bool         host =
            conductor_case.is_host && conductor_case.is_host(cell->center());
          fields.is_conductor[i] =
            host || conductor_case.is_conductor(cell->center());
          bool on_collector = false;
          for (const unsigned int f : cell->face_indices())
            if (cell->at_boundary(f) &&
                cell->face(f)->boundary_id() == collector_boundary(dim))
              on_collector = true;
          fields.is_anchor[i] =
            fields.is_conductor[i] && (host || on_collector);
          fields.weight[i] = cell->measure();
        }
      return fields;
    }

    /// Flood-fill reference, per cell (by CellId) and as a component list.
    template <int dim>
    struct Reference
    {
      std::map<CellId, types::global_cell_index> cell_component;
      std::vector<Component<dim>>                components;
      std::map<types::global_cell_index, bool>   dead;
    };

    template <int dim>
    Reference<dim>
    reference_components(const ConductorCase<dim> &conductor_case)
    {
      parallel::distributed::Triangulation<dim> serial(MPI_COMM_SELF);
      build_mesh(conductor_case, serial);
      const CellFields<dim> fields = cell_fields(conductor_case, serial);

      std::vector<typename Triangulation<dim>::active_cell_iterator> cells;
      for (const auto &cell : serial.active_cell_iterators())
        cells.push_back(cell);
      std::sort(cells.begin(), cells.end(), [](const auto &a, const auto &b) {
        return a->id() < b->id();
      });
      std::vector<types::global_cell_index> position(serial.n_active_cells());
      for (unsigned int p = 0; p < cells.size(); ++p)
        position[cells[p]->active_cell_index()] = p;

      const GridTools::Cache<dim>            cache(serial);
      std::vector<std::vector<unsigned int>> adjacent(serial.n_active_cells());
      for (const auto &cell : serial.active_cell_iterators())
        {
          if (!fields.is_conductor[cell->active_cell_index()])
            continue;
          for (const unsigned int f : cell->face_indices())
            {
              const Point<dim>     face_centre = cell->face(f)->center();
              const Tensor<1, dim> outward =
                1e-3 * (face_centre - cell->center());
              for (const unsigned int v : cell->face(f)->vertex_indices())
                {
                  Point<dim> probe =
                    0.5 * (face_centre + cell->face(f)->vertex(v)) + outward;
                  bool outside = false;
                  for (unsigned int d = 0; d < dim; ++d)
                    if (probe[d] < 0. || probe[d] > conductor_case.extent[d])
                      {
                        if (std::find(
                              conductor_case.periodic_directions.begin(),
                              conductor_case.periodic_directions.end(),
                              d) == conductor_case.periodic_directions.end())
                          outside = true;
                        else
                          probe[d] += (probe[d] < 0. ? 1. : -1.) *
                                      conductor_case.extent[d];
                      }
                  if (outside)
                    continue;
                  const auto found =
                    GridTools::find_active_cell_around_point(cache, probe)
                      .first;
                  AssertThrow(found.state() == IteratorState::valid,
                              ExcMessage("probe point not found"));
                  if (fields.is_conductor[found->active_cell_index()])
                    {
                      adjacent[cell->active_cell_index()].push_back(
                        found->active_cell_index());
                      adjacent[found->active_cell_index()].push_back(
                        cell->active_cell_index());
                    }
                }
            }
        }

      Reference<dim>              reference;
      std::vector<unsigned int>   component_of(serial.n_active_cells(),
                                             numbers::invalid_unsigned_int);
      std::vector<Component<dim>> found_components;
      for (const auto &cell : cells)
        {
          const unsigned int seed = cell->active_cell_index();
          if (!fields.is_conductor[seed] ||
              component_of[seed] != numbers::invalid_unsigned_int)
            continue;
          // Seeds come in CellId order, so the seed is the first cell.
          Component<dim>           component{position[seed], 0, false, 0.};
          std::queue<unsigned int> front;
          front.push(seed);
          component_of[seed] = found_components.size();
          while (!front.empty())
            {
              const unsigned int i = front.front();
              front.pop();
              ++component.n_cells;
              component.weight += fields.weight[i];
              component.anchored = component.anchored || fields.is_anchor[i];
              for (const unsigned int j : adjacent[i])
                if (component_of[j] == numbers::invalid_unsigned_int)
                  {
                    component_of[j] = found_components.size();
                    front.push(j);
                  }
            }
          found_components.push_back(component);
        }
      for (const auto &cell : serial.active_cell_iterators())
        {
          const unsigned int i = cell->active_cell_index();
          reference.cell_component[cell->id()] =
            fields.is_conductor[i] ? found_components[component_of[i]].id :
                                     MetalConnectivity<dim>::no_component;
        }
      for (const auto &component : found_components)
        reference.dead[component.id] = !component.anchored;
      reference.components = found_components;
      return reference;
    }

    template <int dim>
    void
    print_components(const std::vector<Component<dim>> &components)
    {
      for (const auto &component : components)
        std::cout << "    id " << std::setw(6) << component.id << "  cells "
                  << std::setw(6) << component.n_cells << "  weight "
                  << std::setw(10) << component.weight << "  "
                  << (component.anchored ? "anchored" : "DEAD") << std::endl;
    }

    template <int dim>
    bool
    same_components(const std::vector<Component<dim>> &a,
                    const std::vector<Component<dim>> &b)
    {
      return a.size() == b.size() &&
             std::equal(a.begin(), a.end(), b.begin(), [](auto &x, auto &y) {
               return x.id == y.id && x.n_cells == y.n_cells &&
                      x.anchored == y.anchored && x.weight == y.weight;
             });
    }

    /// Number of dead components and their total cell count.
    template <int dim>
    std::pair<unsigned int, types::global_cell_index>
    dead_summary(const std::vector<Component<dim>> &components)
    {
      std::pair<unsigned int, types::global_cell_index> summary{0, 0};
      for (const auto &component : components)
        if (!component.anchored)
          {
            ++summary.first;
            summary.second += component.n_cells;
          }
      return summary;
    }

    /// Number of active cells (of the whole mesh) whose centre satisfies
    /// @p inside, and their volume: the exact answer of a shape.
    template <int dim>
    std::pair<types::global_cell_index, double>
    cells_inside(const ConductorCase<dim>                      &conductor_case,
                 const std::function<bool(const Point<dim> &)> &inside)
    {
      parallel::distributed::Triangulation<dim> serial(MPI_COMM_SELF);
      build_mesh(conductor_case, serial);
      std::pair<types::global_cell_index, double> count{0, 0.};
      for (const auto &cell : serial.active_cell_iterators())
        if (inside(cell->center()))
          {
            ++count.first;
            count.second += cell->measure();
          }
      return count;
    }

    /**
     * The verdict of a bridge case: with the bridge, all conductor is one
     * live component; without it, the fragment (the cells whose centre is
     * in @p in_fragment) is the one and only dead component.
     */
    template <int dim>
    void
    check_bridged_fragment(
      Checker                                       &checker,
      const ConductorCase<dim>                      &conductor_case,
      const std::vector<Component<dim>>             &components,
      const std::function<bool(const Point<dim> &)> &in_fragment,
      const bool                                     bridged)
    {
      const auto fragment = cells_inside<dim>(conductor_case, in_fragment);
      const auto [n_dead, n_dead_cells] = dead_summary<dim>(components);
      if (bridged)
        checker.check(components.size() == 1 && n_dead == 0,
                      conductor_case.name + ": expected one live component");
      else
        checker.check(components.size() == 2 && n_dead == 1 &&
                        n_dead_cells == fragment.first,
                      conductor_case.name + ": expected the fragment (" +
                        std::to_string(fragment.first) +
                        " cells) to be the only dead component");
    }

    /**
     * Labels @p conductor_case on @p communicator and checks, on every rank,
     * the component list and the id and dead flag of every locally owned and
     * ghost cell against the reference. Returns the component list and,
     * if asked, on how many ranks each component has cells.
     */
    template <int dim>
    std::vector<Component<dim>>
    run_case(const ConductorCase<dim>  &conductor_case,
             const MPI_Comm             communicator,
             Checker                   &checker,
             std::vector<unsigned int> *ranks_spanning = nullptr)
    {
      parallel::distributed::Triangulation<dim> triangulation(communicator);
      build_mesh(conductor_case, triangulation);
      const CellFields<dim> fields = cell_fields(conductor_case, triangulation);
      MetalConnectivity<dim> connectivity(triangulation);
      connectivity.label(fields.is_conductor, fields.is_anchor, fields.weight);
      const auto &components = connectivity.components();

      const Reference<dim> reference = reference_components(conductor_case);

      const unsigned int rank = Utilities::MPI::this_mpi_process(communicator);
      const unsigned int n_ranks =
        Utilities::MPI::n_mpi_processes(communicator);
      unsigned int              wrong_cells = 0, checked_cells = 0;
      std::vector<unsigned int> owns_cells_of(components.size(), 0);
      for (const auto &cell : triangulation.active_cell_iterators())
        if (!cell->is_artificial())
          {
            const unsigned int i = cell->active_cell_index();
            const auto expected  = reference.cell_component.at(cell->id());
            const bool expected_dead =
              expected != MetalConnectivity<dim>::no_component &&
              reference.dead.at(expected);
            ++checked_cells;
            if (connectivity.component(i) != expected ||
                connectivity.is_dead(i) != expected_dead)
              ++wrong_cells;
            if (cell->is_locally_owned() &&
                expected != MetalConnectivity<dim>::no_component)
              {
                const auto found =
                  std::lower_bound(components.begin(),
                                   components.end(),
                                   expected,
                                   [](const Component<dim>          &c,
                                      const types::global_cell_index id) {
                                     return c.id < id;
                                   });
                if (found != components.end() && found->id == expected)
                  owns_cells_of[found - components.begin()] = 1;
              }
          }
      wrong_cells   = Utilities::MPI::sum(wrong_cells, communicator);
      checked_cells = Utilities::MPI::sum(checked_cells, communicator);
      std::vector<unsigned int> ranks_spanned(components.size());
      MPI_Allreduce(owns_cells_of.data(),
                    ranks_spanned.data(),
                    components.size(),
                    MPI_UNSIGNED,
                    MPI_SUM,
                    communicator);
      const unsigned int n_identical_lists =
        Utilities::MPI::sum(static_cast<unsigned int>(same_components<dim>(
                              components, reference.components)),
                            communicator);

      if (rank == 0)
        {
          std::cout << conductor_case.name << " (" << dim << "D, "
                    << triangulation.n_global_active_cells() << " cells, "
                    << n_ranks << " rank(s)): " << components.size()
                    << " component(s)" << std::endl;
          for (unsigned int c = 0; c < components.size(); ++c)
            {
              print_components<dim>({components[c]});
              std::cout << "      on " << ranks_spanned[c] << " rank(s)"
                        << std::endl;
            }
          std::cout << "  per-cell ids and dead flags checked on "
                    << checked_cells << " owned+ghost cells, " << wrong_cells
                    << " wrong" << std::endl;
        }
      checker.check(n_identical_lists == n_ranks,
                    conductor_case.name +
                      ": component list differs from the flood-fill "
                      "reference on " +
                      std::to_string(n_ranks - n_identical_lists) + " rank(s)");
      if (n_identical_lists != n_ranks && rank == 0)
        {
          std::cout << "  reference:" << std::endl;
          print_components<dim>(reference.components);
        }
      checker.check(wrong_cells == 0,
                    conductor_case.name + ": " + std::to_string(wrong_cells) +
                      " cells with a wrong id or dead flag");
      if (ranks_spanning != nullptr)
        *ranks_spanning = ranks_spanned;
      return components;
    }
  } // namespace testing
} // namespace deadli

#endif
