#include <deal.II/base/exceptions.h>
#include <deal.II/base/mpi.h>

#include <deal.II/distributed/p4est_wrappers.h>

#include <deal.II/lac/la_parallel_vector.h>

#include <deadli/connectivity/metal_connectivity.h>

#include <algorithm>
#include <cstring>
#include <limits>
#include <numeric>
#include <tuple>

namespace deadli
{
  namespace
  {
    using dealii::types::global_cell_index;

    /**
     * Disjoint sets over 0..n-1 whose representative is always the smallest
     * member. That choice makes the representative of a set a function of
     * the set alone, not of the order in which the unions happened, which is
     * what lets every rank resolve the gathered equivalences to the same ids.
     */
    class DisjointSets
    {
    public:
      explicit DisjointSets(const std::size_t n)
        : parent(n)
      {
        std::iota(parent.begin(), parent.end(), std::size_t(0));
      }

      std::size_t
      find(std::size_t i)
      {
        // Path halving: near-constant amortized cost without recursion,
        // which would overflow the stack on a mesh-spanning component.
        while (parent[i] != i)
          {
            parent[i] = parent[parent[i]];
            i         = parent[i];
          }
        return i;
      }

      void
      merge(const std::size_t a, const std::size_t b)
      {
        const std::size_t root_a = find(a);
        const std::size_t root_b = find(b);
        if (root_a < root_b)
          parent[root_b] = root_a;
        else if (root_b < root_a)
          parent[root_a] = root_b;
      }

    private:
      std::vector<std::size_t> parent;
    };

    /**
     * What a rank knows about one of its local components, labelled by the
     * smallest curve position among its cells. Sent as raw bytes in the
     * all-gather: the ranks of one job share one binary layout.
     */
    struct LabelRecord
    {
      global_cell_index label;
      global_cell_index n_cells;
      double            weight;
      std::uint8_t      anchored;
    };

    /// Two labels of one global component, seen across a partition boundary.
    struct Equivalence
    {
      global_cell_index own_label;
      global_cell_index ghost_label;
    };

    /**
     * Depth-first walk in child order, which within a p4est tree is Morton
     * order, i.e. the order of the space-filling curve along which p4est
     * partitions (deal.II's child numbering is p4est's).
     */
    template <int dim>
    void
    number_owned_cells_along_curve(
      const typename dealii::Triangulation<dim>::cell_iterator &cell,
      global_cell_index                                        &next_position,
      std::vector<global_cell_index>                           &position)
    {
      if (cell->has_children())
        {
          for (unsigned int c = 0; c < cell->n_children(); ++c)
            number_owned_cells_along_curve<dim>(cell->child(c),
                                                next_position,
                                                position);
        }
      else if (cell->is_locally_owned())
        position[cell->active_cell_index()] = next_position++;
    }

    /**
     * Curve position of every locally owned active cell (no_component
     * elsewhere). p4est gives each rank a contiguous piece of the curve, in
     * rank order, so the position is the local count along the curve offset
     * by the number of cells on lower ranks; that offset is the first
     * global_active_cell_index of this rank, which deal.II already computed
     * by the same prefix sum, so this costs no communication.
     */
    template <int dim>
    std::vector<global_cell_index>
    owned_curve_positions(
      const dealii::parallel::distributed::Triangulation<dim> &triangulation,
      const global_cell_index                                  no_component)
    {
      std::vector<global_cell_index> position(triangulation.n_active_cells(),
                                              no_component);
      const auto                     partitioner =
        triangulation.global_active_cell_index_partitioner().lock();
      global_cell_index next_position = partitioner->local_range().first;

      // Trees outside [first_local_tree, last_local_tree] hold no locally
      // owned cell; skipping them keeps the walk proportional to the owned
      // part of the mesh rather than to the (replicated) coarse mesh.
      const auto *forest = triangulation.get_p4est();
      const std::vector<dealii::types::global_dof_index> &tree_to_coarse_cell =
        triangulation.get_p4est_tree_to_coarse_cell_permutation();
      for (auto tree = forest->first_local_tree;
           tree <= forest->last_local_tree;
           ++tree)
        number_owned_cells_along_curve<dim>(
          typename dealii::Triangulation<dim>::cell_iterator(
            &triangulation, 0, tree_to_coarse_cell[tree]),
          next_position,
          position);

      Assert(next_position == partitioner->local_range().second,
             dealii::ExcMessage("The locally owned cells are not one "
                                "contiguous piece of the p4est curve."));
      return position;
    }

    /**
     * Calls @p visit for every active cell that shares a face, or a part of
     * one, with @p cell: across hanging nodes a coarse cell sees each refined
     * neighbour on its subfaces and a refined cell sees its coarser
     * neighbour, and periodic faces count as interior faces.
     */
    template <int dim, typename Visitor>
    void
    for_each_face_neighbor(
      const typename dealii::Triangulation<dim>::active_cell_iterator &cell,
      const Visitor                                                   &visit)
    {
      for (const unsigned int f : cell->face_indices())
        {
          if (cell->has_periodic_neighbor(f))
            {
              const auto neighbor = cell->periodic_neighbor(f);
              if (neighbor->has_children())
                {
                  const unsigned int n_subfaces =
                    neighbor->face(cell->periodic_neighbor_face_no(f))
                      ->n_children();
                  for (unsigned int sf = 0; sf < n_subfaces; ++sf)
                    visit(cell->periodic_neighbor_child_on_subface(f, sf));
                }
              else
                visit(neighbor);
            }
          else if (!cell->at_boundary(f))
            {
              if (cell->face(f)->has_children())
                {
                  for (unsigned int sf = 0; sf < cell->face(f)->n_children();
                       ++sf)
                    visit(cell->neighbor_child_on_subface(f, sf));
                }
              else
                visit(cell->neighbor(f));
            }
        }
    }
  } // namespace



  template <int dim>
  MetalConnectivity<dim>::MetalConnectivity(
    const dealii::parallel::distributed::Triangulation<dim> &triangulation)
    : triangulation(triangulation)
  {}



  template <int dim>
  void
  MetalConnectivity<dim>::label(const std::vector<bool>   &is_conductor,
                                const std::vector<bool>   &is_anchor,
                                const std::vector<double> &weight)
  {
    const unsigned int n_active_cells = triangulation.n_active_cells();
    AssertDimension(is_conductor.size(), n_active_cells);
    AssertDimension(is_anchor.size(), n_active_cells);
    AssertDimension(weight.size(), n_active_cells);

    const MPI_Comm     communicator = triangulation.get_communicator();
    const unsigned int this_rank =
      dealii::Utilities::MPI::this_mpi_process(communicator);
    const auto partitioner =
      triangulation.global_active_cell_index_partitioner().lock();

    const std::vector<global_cell_index> curve_position =
      owned_curve_positions(triangulation, no_component);

    auto is_owned_conductor = [&](const auto &cell) {
      return cell->is_locally_owned() &&
             is_conductor[cell->active_cell_index()];
    };

    // Local union-find over owned conductor cells, indexed by active cell
    // index. Faces to ghost cells are only remembered here: the ghost's
    // label is not known until the exchange below.
    DisjointSets local_sets(n_active_cells);
    std::vector<std::pair<unsigned int, global_cell_index>> owned_ghost_faces;
    for (const auto &cell : triangulation.active_cell_iterators())
      if (is_owned_conductor(cell))
        for_each_face_neighbor<dim>(cell, [&](const auto &neighbor) {
          Assert(!neighbor->is_artificial(), dealii::ExcInternalError());
          if (neighbor->is_locally_owned())
            {
              if (is_conductor[neighbor->active_cell_index()])
                local_sets.merge(cell->active_cell_index(),
                                 neighbor->active_cell_index());
            }
          // Both ranks see a face across the partition boundary; the rank
          // with the smaller id alone reports it, which halves the
          // all-gather without losing an equivalence.
          else if (neighbor->subdomain_id() > this_rank)
            owned_ghost_faces.emplace_back(
              cell->active_cell_index(), neighbor->global_active_cell_index());
        });

    // One record per local root. The provisional label of a set is its
    // smallest curve position, which is partition independent for sets that
    // do not cross a partition boundary and a valid final id candidate for
    // those that do.
    constexpr unsigned int    no_record = dealii::numbers::invalid_unsigned_int;
    std::vector<unsigned int> record_of_root(n_active_cells, no_record);
    std::vector<LabelRecord>  own_records;
    for (const auto &cell : triangulation.active_cell_iterators())
      if (is_owned_conductor(cell))
        {
          const unsigned int index = cell->active_cell_index();
          const unsigned int root  = local_sets.find(index);
          if (record_of_root[root] == no_record)
            {
              record_of_root[root] = own_records.size();
              own_records.push_back({no_component, 0, 0., 0});
            }
          LabelRecord &record = own_records[record_of_root[root]];
          record.label        = std::min(record.label, curve_position[index]);
          record.n_cells += 1;
          record.weight += weight[index];
          if (is_anchor[index])
            record.anchored = 1;
        }

    // Send the provisional labels to the ghost layer. A vector indexed by
    // global_active_cell_index reuses the ghost communication pattern deal.II
    // keeps for the mesh; doubles hold cell indices exactly (< 2^53), and -1
    // marks a non-conductor.
    dealii::LinearAlgebra::distributed::Vector<double> exchanged_labels(
      partitioner);
    for (const auto &cell : triangulation.active_cell_iterators())
      if (cell->is_locally_owned())
        {
          const unsigned int index = cell->active_cell_index();
          exchanged_labels[cell->global_active_cell_index()] =
            is_conductor[index] ?
              static_cast<double>(
                own_records[record_of_root[local_sets.find(index)]].label) :
              -1.;
        }
    exchanged_labels.update_ghost_values();

    std::vector<Equivalence> equivalences;
    equivalences.reserve(owned_ghost_faces.size());
    for (const auto &[owned_index, ghost_global_index] : owned_ghost_faces)
      {
        const double ghost_label = exchanged_labels[ghost_global_index];
        if (ghost_label >= 0.)
          equivalences.push_back(
            {own_records[record_of_root[local_sets.find(owned_index)]].label,
             static_cast<global_cell_index>(ghost_label)});
      }
    std::sort(equivalences.begin(),
              equivalences.end(),
              [](const Equivalence &a, const Equivalence &b) {
                return std::tie(a.own_label, a.ghost_label) <
                       std::tie(b.own_label, b.ghost_label);
              });
    equivalences.erase(std::unique(equivalences.begin(),
                                   equivalences.end(),
                                   [](const Equivalence &a,
                                      const Equivalence &b) {
                                     return a.own_label == b.own_label &&
                                            a.ghost_label == b.ghost_label;
                                   }),
                       equivalences.end());

    // Each rank sends its records sorted by label. Its labels lie in its own
    // piece of the curve, and the pieces come in rank order, so the
    // concatenation in rank order is sorted too: the gathered labels can be
    // searched without a global sort.
    std::vector<unsigned int> records_by_label(own_records.size());
    std::iota(records_by_label.begin(), records_by_label.end(), 0u);
    std::sort(records_by_label.begin(),
              records_by_label.end(),
              [&](const unsigned int a, const unsigned int b) {
                return own_records[a].label < own_records[b].label;
              });

    const global_cell_index n_own_records = own_records.size();
    std::vector<char>       send_buffer(sizeof(n_own_records) +
                                  own_records.size() * sizeof(LabelRecord) +
                                  equivalences.size() * sizeof(Equivalence));
    {
      char *position = send_buffer.data();
      std::memcpy(position, &n_own_records, sizeof(n_own_records));
      position += sizeof(n_own_records);
      for (const unsigned int r : records_by_label)
        {
          std::memcpy(position, &own_records[r], sizeof(LabelRecord));
          position += sizeof(LabelRecord);
        }
      if (!equivalences.empty())
        std::memcpy(position,
                    equivalences.data(),
                    equivalences.size() * sizeof(Equivalence));
    }

    const unsigned int n_ranks =
      dealii::Utilities::MPI::n_mpi_processes(communicator);
    AssertThrow(send_buffer.size() <
                  static_cast<std::size_t>(std::numeric_limits<int>::max()),
                dealii::ExcMessage("Too many components for one all-gather."));
    const int        send_size = send_buffer.size();
    std::vector<int> receive_sizes(n_ranks);
    int              ierr = MPI_Allgather(
      &send_size, 1, MPI_INT, receive_sizes.data(), 1, MPI_INT, communicator);
    AssertThrowMPI(ierr);
    std::vector<int> receive_offsets(n_ranks + 1, 0);
    std::partial_sum(receive_sizes.begin(),
                     receive_sizes.end(),
                     receive_offsets.begin() + 1);
    std::vector<char> receive_buffer(receive_offsets.back());
    ierr = MPI_Allgatherv(send_buffer.data(),
                          send_size,
                          MPI_BYTE,
                          receive_buffer.data(),
                          receive_sizes.data(),
                          receive_offsets.data(),
                          MPI_BYTE,
                          communicator);
    AssertThrowMPI(ierr);

    std::vector<LabelRecord> records;
    std::vector<Equivalence> all_equivalences;
    for (unsigned int rank = 0; rank < n_ranks; ++rank)
      {
        const char *position = receive_buffer.data() + receive_offsets[rank];
        const char *end = receive_buffer.data() + receive_offsets[rank + 1];
        global_cell_index n_records;
        std::memcpy(&n_records, position, sizeof(n_records));
        position += sizeof(n_records);
        const std::size_t first_record = records.size();
        records.resize(first_record + n_records);
        std::memcpy(records.data() + first_record,
                    position,
                    n_records * sizeof(LabelRecord));
        position += n_records * sizeof(LabelRecord);
        const std::size_t first_equivalence = all_equivalences.size();
        all_equivalences.resize(first_equivalence +
                                (end - position) / sizeof(Equivalence));
        std::memcpy(all_equivalences.data() + first_equivalence,
                    position,
                    end - position);
      }
    Assert(std::is_sorted(records.begin(),
                          records.end(),
                          [](const LabelRecord &a, const LabelRecord &b) {
                            return a.label < b.label;
                          }),
           dealii::ExcInternalError());

    auto record_index_of = [&](const global_cell_index label) {
      const auto found = std::lower_bound(records.begin(),
                                          records.end(),
                                          label,
                                          [](const LabelRecord      &record,
                                             const global_cell_index value) {
                                            return record.label < value;
                                          });
      Assert(found != records.end() && found->label == label,
             dealii::ExcInternalError());
      return static_cast<std::size_t>(found - records.begin());
    };

    // Every rank runs the same union-find on the same gathered data, so all
    // ranks agree on the components without a further exchange.
    DisjointSets global_sets(records.size());
    for (const Equivalence &equivalence : all_equivalences)
      global_sets.merge(record_index_of(equivalence.own_label),
                        record_index_of(equivalence.ghost_label));

    all_components.clear();
    std::vector<std::size_t> component_of_root(records.size());
    for (std::size_t r = 0; r < records.size(); ++r)
      {
        const std::size_t root = global_sets.find(r);
        if (root == r)
          {
            component_of_root[r] = all_components.size();
            all_components.push_back({records[r].label, 0, false, 0.});
          }
        Component &merged = all_components[component_of_root[root]];
        merged.n_cells += records[r].n_cells;
        merged.weight += records[r].weight;
        merged.anchored = merged.anchored || records[r].anchored != 0;
      }

    cell_component.assign(n_active_cells, no_component);
    cell_dead.assign(n_active_cells, false);
    auto assign_final_label = [&](const unsigned int      index,
                                  const global_cell_index provisional_label) {
      const Component &merged =
        all_components[component_of_root[global_sets.find(
          record_index_of(provisional_label))]];
      cell_component[index] = merged.id;
      cell_dead[index]      = !merged.anchored;
    };
    // Ghost cells resolve through the provisional labels they received,
    // which are in the gathered records like every other label.
    for (const auto &cell : triangulation.active_cell_iterators())
      if (is_owned_conductor(cell))
        assign_final_label(cell->active_cell_index(),
                           own_records[record_of_root[local_sets.find(
                                         cell->active_cell_index())]]
                             .label);
      else if (cell->is_ghost())
        {
          const double label =
            exchanged_labels[cell->global_active_cell_index()];
          if (label >= 0.)
            assign_final_label(cell->active_cell_index(),
                               static_cast<global_cell_index>(label));
        }
  }



  template <int dim>
  dealii::types::global_cell_index
  MetalConnectivity<dim>::component(const unsigned int active_cell_index) const
  {
    AssertIndexRange(active_cell_index, cell_component.size());
    return cell_component[active_cell_index];
  }



  template <int dim>
  bool
  MetalConnectivity<dim>::is_dead(const unsigned int active_cell_index) const
  {
    AssertIndexRange(active_cell_index, cell_dead.size());
    return cell_dead[active_cell_index];
  }



  template <int dim>
  const std::vector<typename MetalConnectivity<dim>::Component> &
  MetalConnectivity<dim>::components() const
  {
    return all_components;
  }



  template class MetalConnectivity<2>;
  template class MetalConnectivity<3>;
} // namespace deadli
