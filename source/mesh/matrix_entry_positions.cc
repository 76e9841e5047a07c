#include <deal.II/base/exceptions.h>

#include <deal.II/lac/exceptions.h>

#include <deadli/mesh/matrix_entry_positions.h>

#include <algorithm>
#include <limits>

namespace deadli
{
  using namespace dealii;

  namespace
  {
    /// Q3 in 3D, the highest degree 'Polynomial degree' allows. (Its rows
    /// are longer than 6-bit offsets reach: its cells take MatSetValues().)
    constexpr unsigned int max_dofs_per_cell = 64;
    constexpr unsigned int max_entries_per_cell =
      max_dofs_per_cell * max_dofs_per_cell;



    void
    check(const PetscErrorCode error)
    {
      AssertThrow(error == 0, LACExceptions::ExcPETScError(error));
    }



    bool
    is_mpiaij(const Mat matrix)
    {
      PetscBool mpiaij = PETSC_FALSE;
      check(PetscObjectTypeCompare(reinterpret_cast<PetscObject>(matrix),
                                   MATMPIAIJ,
                                   &mpiaij));
      return mpiaij == PETSC_TRUE;
    }



  } // namespace



  /**
   * The CSR structure of one rank's rows of an MPIAIJ matrix, borrowed from
   * PETSc for the lifetime of this object.
   */
  struct MatrixRowStructure
  {
    explicit MatrixRowStructure(const Mat matrix)
    {
      check(MatGetOwnershipRange(matrix, &first_row, &end_row));
      check(MatMPIAIJGetSeqAIJ(
        matrix, &diagonal_block, &off_diagonal_block, &off_diagonal_columns));
      check(MatGetSize(off_diagonal_block, nullptr, &n_off_diagonal_columns));
      PetscBool done = PETSC_FALSE;
      PetscInt  n_rows;
      check(MatGetRowIJ(diagonal_block,
                        0,
                        PETSC_FALSE,
                        PETSC_FALSE,
                        &n_rows,
                        &diagonal_starts,
                        &diagonal_columns,
                        &done));
      AssertThrow(done == PETSC_TRUE && n_rows == end_row - first_row,
                  ExcMessage("PETSc did not give the CSR structure of the "
                             "diagonal block."));
      check(MatGetRowIJ(off_diagonal_block,
                        0,
                        PETSC_FALSE,
                        PETSC_FALSE,
                        &n_rows,
                        &off_diagonal_starts,
                        &off_diagonal_row_columns,
                        &done));
      AssertThrow(done == PETSC_TRUE && n_rows == end_row - first_row,
                  ExcMessage("PETSc did not give the CSR structure of the "
                             "off-diagonal block."));
    }

    ~MatrixRowStructure()
    {
      PetscBool done;
      PetscInt  n_rows;
      MatRestoreRowIJ(off_diagonal_block,
                      0,
                      PETSC_FALSE,
                      PETSC_FALSE,
                      &n_rows,
                      &off_diagonal_starts,
                      &off_diagonal_row_columns,
                      &done);
      MatRestoreRowIJ(diagonal_block,
                      0,
                      PETSC_FALSE,
                      PETSC_FALSE,
                      &n_rows,
                      &diagonal_starts,
                      &diagonal_columns,
                      &done);
    }

    MatrixRowStructure(const MatrixRowStructure &) = delete;
    MatrixRowStructure &
    operator=(const MatrixRowStructure &) = delete;

    /**
     * FNV-1a over every number of the structure, in a fixed order.
     */
    std::uint64_t
    fingerprint() const
    {
      std::uint64_t hash    = 14695981039346656037ull;
      const auto    combine = [&hash](const PetscInt value) {
        hash ^= static_cast<std::uint64_t>(value);
        hash *= 1099511628211ull;
      };
      const PetscInt n_rows = end_row - first_row;
      combine(first_row);
      combine(end_row);
      combine(n_off_diagonal_columns);
      for (PetscInt row = 0; row <= n_rows; ++row)
        {
          combine(diagonal_starts[row]);
          combine(off_diagonal_starts[row]);
        }
      for (PetscInt k = 0; k < diagonal_starts[n_rows]; ++k)
        combine(diagonal_columns[k]);
      for (PetscInt k = 0; k < off_diagonal_starts[n_rows]; ++k)
        combine(off_diagonal_row_columns[k]);
      for (PetscInt k = 0; k < n_off_diagonal_columns; ++k)
        combine(off_diagonal_columns[k]);
      return hash;
    }

    /**
     * Offset of global column @p column within the row @p local_row of
     * its block, or -1 if the row has no such entry.
     */
    PetscInt
    offset_in_row(const PetscInt local_row, const PetscInt column) const
    {
      const bool            owned = column >= first_row && column < end_row;
      const PetscInt *const starts =
        owned ? diagonal_starts : off_diagonal_starts;
      const PetscInt *const columns =
        owned ? diagonal_columns : off_diagonal_row_columns;
      PetscInt block_column = column - first_row;
      if (!owned)
        {
          // The off-diagonal block numbers its columns by their position
          // in the ascending list of global columns.
          const PetscInt *const end =
            off_diagonal_columns + n_off_diagonal_columns;
          const PetscInt *const found =
            std::lower_bound(off_diagonal_columns, end, column);
          if (found == end || *found != column)
            return -1;
          block_column = found - off_diagonal_columns;
        }
      const PetscInt *const row_begin = columns + starts[local_row];
      const PetscInt *const row_end   = columns + starts[local_row + 1];
      const PetscInt *const found =
        std::lower_bound(row_begin, row_end, block_column);
      if (found == row_end || *found != block_column)
        return -1;
      return found - row_begin;
    }

    PetscInt        first_row                = 0;
    PetscInt        end_row                  = 0;
    Mat             diagonal_block           = nullptr;
    Mat             off_diagonal_block       = nullptr;
    const PetscInt *off_diagonal_columns     = nullptr;
    PetscInt        n_off_diagonal_columns   = 0;
    const PetscInt *diagonal_starts          = nullptr;
    const PetscInt *diagonal_columns         = nullptr;
    const PetscInt *off_diagonal_starts      = nullptr;
    const PetscInt *off_diagonal_row_columns = nullptr;
  };



  template <int dim>
  types::global_cell_index
  first_owned_global_cell_index(const Triangulation<dim> &mesh)
  {
    types::global_cell_index first =
      std::numeric_limits<types::global_cell_index>::max();
    for (const auto &cell : mesh.active_cell_iterators())
      if (cell->is_locally_owned())
        first = std::min(first, cell->global_active_cell_index());
    return first;
  }



  template <int dim>
  void
  MatrixEntryPositions::reinit(const DoFHandler<dim> &dof_handler,
                               const PETScWrappers::MPI::SparseMatrix &matrix)
  {
    clear();
    const Mat petsc_matrix = matrix;
    if (!is_mpiaij(petsc_matrix) ||
        dof_handler.get_fe().n_dofs_per_cell() > max_dofs_per_cell)
      return;
    const MatrixRowStructure structure(petsc_matrix);
    layout_fingerprint = structure.fingerprint();

    dofs_per_cell = dof_handler.get_fe().n_dofs_per_cell();
    const unsigned int entries_per_cell = dofs_per_cell * dofs_per_cell;
    bytes_per_cell                      = 3 * ((entries_per_cell + 3) / 4);
    unsigned int n_cells                = 0;
    for (const auto &cell : dof_handler.active_cell_iterators())
      if (cell->is_locally_owned())
        ++n_cells;
    const types::global_cell_index first_cell =
      first_owned_global_cell_index(dof_handler.get_triangulation());
    offsets.assign(static_cast<std::size_t>(n_cells) * bytes_per_cell, 0);
    covered_cells.assign(n_cells, false);

    std::vector<types::global_dof_index> dof_indices(dofs_per_cell);
    for (const auto &cell : dof_handler.active_cell_iterators())
      if (cell->is_locally_owned())
        {
          cell->get_dof_indices(dof_indices);
          const unsigned int owned_cell_index =
            cell->global_active_cell_index() - first_cell;
          std::uint8_t cell_offsets[max_entries_per_cell] = {};
          bool         covered                            = true;
          for (unsigned int i = 0; i < dofs_per_cell && covered; ++i)
            {
              const PetscInt row = dof_indices[i];
              if (row < structure.first_row || row >= structure.end_row)
                {
                  covered = false;
                  break;
                }
              for (unsigned int j = 0; j < dofs_per_cell; ++j)
                {
                  const PetscInt offset =
                    structure.offset_in_row(row - structure.first_row,
                                            dof_indices[j]);
                  if (offset < 0 ||
                      offset > static_cast<PetscInt>(largest_offset))
                    {
                      covered = false;
                      break;
                    }
                  cell_offsets[i * dofs_per_cell + j] =
                    static_cast<std::uint8_t>(offset);
                }
            }
          covered_cells[owned_cell_index] = covered;
          if (covered)
            pack(cell_offsets,
                 entries_per_cell,
                 &offsets[static_cast<std::size_t>(owned_cell_index) *
                          bytes_per_cell]);
        }
    matching_matrices.emplace_back(petsc_matrix, PetscObjectState());
    check(MatGetNonzeroState(petsc_matrix, &matching_matrices.back().second));
  }



  void
  MatrixEntryPositions::pack(const std::uint8_t *cell_offsets,
                             const unsigned int  n_entries,
                             std::uint8_t       *packed)
  {
    for (unsigned int group = 0; 4 * group < n_entries; ++group)
      {
        std::uint32_t bits = 0;
        for (unsigned int k = 0; k < 4 && 4 * group + k < n_entries; ++k)
          bits |= static_cast<std::uint32_t>(cell_offsets[4 * group + k])
                  << (6 * k);
        packed[3 * group]     = bits & 0xff;
        packed[3 * group + 1] = (bits >> 8) & 0xff;
        packed[3 * group + 2] = (bits >> 16) & 0xff;
      }
  }



  void
  MatrixEntryPositions::unpack(const std::uint8_t *packed,
                               const unsigned int  n_entries,
                               std::uint8_t       *cell_offsets)
  {
    for (unsigned int group = 0; 4 * group < n_entries; ++group)
      {
        const std::uint32_t bits =
          packed[3 * group] | (packed[3 * group + 1] << 8) |
          (static_cast<std::uint32_t>(packed[3 * group + 2]) << 16);
        for (unsigned int k = 0; k < 4 && 4 * group + k < n_entries; ++k)
          cell_offsets[4 * group + k] = (bits >> (6 * k)) & largest_offset;
      }
  }



  void
  MatrixEntryPositions::clear()
  {
    dofs_per_cell  = 0;
    bytes_per_cell = 0;
    offsets.clear();
    offsets.shrink_to_fit();
    covered_cells.clear();
    covered_cells.shrink_to_fit();
    layout_fingerprint = 0;
    matching_matrices.clear();
  }



  bool
  MatrixEntryPositions::empty() const
  {
    return covered_cells.empty();
  }



  bool
  MatrixEntryPositions::covers(const unsigned int owned_cell_index) const
  {
    return owned_cell_index < covered_cells.size() &&
           covered_cells[owned_cell_index];
  }



  bool
  MatrixEntryPositions::matches_layout(const Mat matrix) const
  {
    if (empty() || !is_mpiaij(matrix))
      return false;
    PetscObjectState nonzero_state;
    check(MatGetNonzeroState(matrix, &nonzero_state));
    for (const auto &[known_matrix, known_state] : matching_matrices)
      if (known_matrix == matrix && known_state == nonzero_state)
        return true;
    if (MatrixRowStructure(matrix).fingerprint() != layout_fingerprint)
      return false;
    matching_matrices.emplace_back(matrix, nonzero_state);
    return true;
  }



  CellMatrixAccumulator::CellMatrixAccumulator(
    const MatrixEntryPositions       &positions,
    PETScWrappers::MPI::SparseMatrix &matrix)
    : matrix(matrix)
    , positions(positions)
  {}



  void
  CellMatrixAccumulator::acquire_arrays()
  {
    arrays_sought          = true;
    const Mat petsc_matrix = matrix;
    if (!positions.matches_layout(petsc_matrix))
      return;
    // A MatSetValues() of a cell the positions do not cover must not
    // reallocate the arrays held here: an entry outside the sparsity pattern
    // is an error, as it is without this class.
    check(
      MatSetOption(petsc_matrix, MAT_NEW_NONZERO_ALLOCATION_ERR, PETSC_TRUE));
    structure = std::make_unique<const MatrixRowStructure>(petsc_matrix);
    check(MatSeqAIJGetArray(structure->diagonal_block, &diagonal_values));
    check(
      MatSeqAIJGetArray(structure->off_diagonal_block, &off_diagonal_values));
  }



  CellMatrixAccumulator::~CellMatrixAccumulator()
  {
    release_arrays();
  }



  void
  CellMatrixAccumulator::compress()
  {
    release_arrays();
    matrix.compress(VectorOperation::add);
    compressed = true;
  }



  void
  CellMatrixAccumulator::release_arrays()
  {
    if (!structure)
      return;
    // Returning the arrays increases the blocks' states. The matrix's own
    // state, which KSP and the preconditioners compare, increases with the
    // MatAssemblyEnd() of compress() (measured: PETSc 3.18, MPIAIJ).
    MatSeqAIJRestoreArray(structure->off_diagonal_block, &off_diagonal_values);
    MatSeqAIJRestoreArray(structure->diagonal_block, &diagonal_values);
    structure.reset();
  }



  void
  CellMatrixAccumulator::add(
    const unsigned int                          owned_cell_index,
    const FullMatrix<double>                   &cell_matrix,
    const std::vector<types::global_dof_index> &dof_indices)
  {
    Assert(!compressed, ExcMessage("add() after compress()"));
    if (!arrays_sought)
      acquire_arrays();
    const unsigned int n_dofs = dof_indices.size();
    if (structure && positions.covers(owned_cell_index))
      {
        AssertDimension(n_dofs, positions.dofs_per_cell);
        std::uint8_t cell_offsets[max_entries_per_cell];
        MatrixEntryPositions::unpack(
          &positions.offsets[static_cast<std::size_t>(owned_cell_index) *
                             positions.bytes_per_cell],
          n_dofs * n_dofs,
          cell_offsets);
        const std::uint8_t *offset = cell_offsets;
        const double       *value  = &cell_matrix(0, 0);
        // Which columns the rank owns, once per cell instead of per entry.
        bool owned_column[max_dofs_per_cell];
        for (unsigned int j = 0; j < n_dofs; ++j)
          owned_column[j] =
            static_cast<PetscInt>(dof_indices[j]) >= structure->first_row &&
            static_cast<PetscInt>(dof_indices[j]) < structure->end_row;
        for (unsigned int i = 0; i < n_dofs; ++i)
          {
            const PetscInt local_row =
              static_cast<PetscInt>(dof_indices[i]) - structure->first_row;
            PetscScalar *const diagonal_row =
              diagonal_values + structure->diagonal_starts[local_row];
            PetscScalar *const off_diagonal_row =
              off_diagonal_values + structure->off_diagonal_starts[local_row];
            for (unsigned int j = 0; j < n_dofs; ++j, ++offset, ++value)
              (owned_column[j] ? diagonal_row : off_diagonal_row)[*offset] +=
                *value;
          }
        return;
      }

    // The whole cell matrix in one MatSetValues() call (row-major, as
    // FullMatrix stores it).
    AssertThrow(n_dofs <= max_dofs_per_cell,
                ExcIndexRange(n_dofs, 0, max_dofs_per_cell + 1));
    PetscInt indices[max_dofs_per_cell];
    std::copy(dof_indices.begin(), dof_indices.end(), indices);
    check(MatSetValues(matrix,
                       n_dofs,
                       indices,
                       n_dofs,
                       indices,
                       &cell_matrix(0, 0),
                       ADD_VALUES));
  }



  template types::global_cell_index
  first_owned_global_cell_index(const Triangulation<2> &);
  template types::global_cell_index
  first_owned_global_cell_index(const Triangulation<3> &);
  template void
  MatrixEntryPositions::reinit(const DoFHandler<2> &,
                               const PETScWrappers::MPI::SparseMatrix &);
  template void
  MatrixEntryPositions::reinit(const DoFHandler<3> &,
                               const PETScWrappers::MPI::SparseMatrix &);
} // namespace deadli
