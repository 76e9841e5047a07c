#ifndef deadli_mesh_matrix_entry_positions_h
#define deadli_mesh_matrix_entry_positions_h

#include <deal.II/base/types.h>

#include <deal.II/dofs/dof_handler.h>

#include <deal.II/lac/full_matrix.h>
#include <deal.II/lac/petsc_sparse_matrix.h>

#include <petscmat.h>

#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

namespace deadli
{
  struct MatrixRowStructure;

  /**
   * The global active cell index of this rank's first locally owned cell:
   * deal.II numbers owned cells contiguously from it, so that the
   * difference numbers them 0, 1, ... (Discretization::owned_cell_index(),
   * and the cell numbers MatrixEntryPositions and CellMatrixAccumulator
   * take).
   */
  template <int dim>
  dealii::types::global_cell_index
  first_owned_global_cell_index(const dealii::Triangulation<dim> &mesh);

  /**
   * Where each entry of each locally owned cell's matrix lives in the CSR
   * arrays of the matrices Discretization::reinit_matrix() makes, so that
   * CellMatrixAccumulator can add cell matrices without MatSetValues().
   *
   * Why: MatSetValues() looks every entry up in its row again (a binary
   * search narrowed to a linear scan, after MPIAIJ's ownership tests of the
   * row and the column). On the adaptive mesh nearly every cell's matrix
   * changes every step, in the potential's and the transport's incremental
   * updates and the band's Newton updates, and that search was 13 % of the
   * coupled step (perf, 0.31 M DoFs, 1 rank, 27 Nov, fourteenth session).
   *
   * A PETSc MPIAIJ matrix stores each rank's rows as two sequential CSR
   * matrices, the diagonal block (columns the rank owns) and the
   * off-diagonal block (the other columns, renumbered in ascending order).
   * An entry is kept as its offset within its row of the block it belongs
   * to, in 6 bits (four offsets in three bytes): rows of Q1 matrices have 27
   * entries (a few more next to hanging nodes), so 48 B per 3D cell, about
   * 16 B per DoF of the three fields. The table is kept for locally owned
   * cells only (Discretization::owned_cell_index()). Both economies are
   * for the memory target of 1.5 KB per DoF on 2 ranks at 0.25 M DoFs,
   * where the libraries loaded twice already take 400 B per DoF: a byte
   * per entry for every active cell (p4est's ghost and artificial cells
   * included) took the uniform bench mesh from 1509 to 1547 B, with both
   * it measured 1536-1537 B, at the limit (doc/performance.md). One
   * table serves all matrices because they share one sparsity pattern;
   * CellMatrixAccumulator checks that a matrix has the layout the table was
   * read from before it uses the table.
   *
   * Cells with a row another rank owns (their entries go through PETSc's
   * stash), with a coupling the sparsity pattern leaves out (a hanging node
   * or periodic DoF: such cells go through AffineConstraints anyway), or an
   * offset beyond 6 bits are not covered: their matrices take MatSetValues()
   * as before.
   */
  class MatrixEntryPositions
  {
  public:
    /**
     * Read the positions of every locally owned cell's entries from
     * @p matrix, which must have the layout all matrices of
     * @p dof_handler's sparsity pattern share. A matrix that is not of
     * PETSc's MPIAIJ type leaves every cell uncovered.
     */
    template <int dim>
    void
    reinit(const dealii::DoFHandler<dim>                  &dof_handler,
           const dealii::PETScWrappers::MPI::SparseMatrix &matrix);

    /// Cover no cell (after a mesh change, before reinit()).
    void
    clear();

    /// Whether reinit() has read positions since the last clear().
    bool
    empty() const;

    /// Whether the entries of the locally owned cell with this number
    /// (Discretization::owned_cell_index()) have positions.
    bool
    covers(const unsigned int owned_cell_index) const;

    /**
     * Whether @p matrix has the layout the positions were read from: the
     * same rows, and the same columns in each row of both blocks. A
     * fingerprint of the CSR structure is compared once per matrix and
     * structure (PETSc's nonzero state), the result remembered.
     */
    bool
    matches_layout(const Mat matrix) const;

  private:
    friend class CellMatrixAccumulator;

    /// The largest offset 6 bits hold.
    static constexpr unsigned int largest_offset = 63;

    /// DoFs per cell; entries per cell are its square.
    unsigned int dofs_per_cell = 0;

    /// Bytes per cell: three for every four entries.
    unsigned int bytes_per_cell = 0;

    /**
     * Offset of entry (i, j), number e = i * dofs_per_cell + j, of owned
     * cell k within its row: bits 6 (e % 4) to 6 (e % 4) + 5 of the
     * little-endian 24-bit number in bytes k * bytes_per_cell + 3 (e / 4)
     * to + 2.
     */
    std::vector<std::uint8_t> offsets;

    /// Write the offsets of one cell, @p n_entries of them, packed into
    /// @p packed.
    static void
    pack(const std::uint8_t *cell_offsets,
         const unsigned int  n_entries,
         std::uint8_t       *packed);

    /// Read the offsets of one cell, @p n_entries of them, from
    /// @p packed.
    static void
    unpack(const std::uint8_t *packed,
           const unsigned int  n_entries,
           std::uint8_t       *cell_offsets);

    /// Per owned cell: whether its offsets are valid.
    std::vector<bool> covered_cells;

    /// A hash of the CSR structure (ownership range, both blocks' row
    /// starts and columns, the off-diagonal block's global columns).
    std::uint64_t layout_fingerprint = 0;

    /// Matrices found to have this layout, with their nonzero state then.
    mutable std::vector<std::pair<Mat, PetscObjectState>> matching_matrices;
  };



  /**
   * Adds cell matrices to one PETSc matrix during an assembly loop: straight
   * into its CSR value arrays where MatrixEntryPositions covers the cell,
   * with MatSetValues() (the whole cell matrix in one call) elsewhere.
   *
   * Holds the arrays (MatSeqAIJGetArray()) from the first add() to
   * compress(), which returns them and compresses the matrix: the
   * MatSetValues() additions may include rows of other ranks, and the
   * assembly increases PETSc's object state, which tells preconditioners
   * and cached products that the values changed. The destructor returns the
   * arrays of an accumulation left unfinished (an exception), without the
   * collective compress.
   */
  class CellMatrixAccumulator
  {
  public:
    CellMatrixAccumulator(const MatrixEntryPositions               &positions,
                          dealii::PETScWrappers::MPI::SparseMatrix &matrix);

    ~CellMatrixAccumulator();

    CellMatrixAccumulator(const CellMatrixAccumulator &) = delete;
    CellMatrixAccumulator &
    operator=(const CellMatrixAccumulator &) = delete;

    /**
     * Add @p cell_matrix at the rows and columns @p dof_indices, without
     * constraints, for the locally owned cell with number
     * @p owned_cell_index (Discretization::owned_cell_index()).
     */
    void
    add(const unsigned int                                  owned_cell_index,
        const dealii::FullMatrix<double>                   &cell_matrix,
        const std::vector<dealii::types::global_dof_index> &dof_indices);

    /**
     * Return the arrays and compress the matrix (collective). No add()
     * after it.
     */
    void
    compress();

    /// The matrix, for the additions that need constraints applied.
    dealii::PETScWrappers::MPI::SparseMatrix &matrix;

  private:
    /// Take the arrays and the CSR structure if the positions apply to the
    /// matrix (its layout matches).
    void
    acquire_arrays();

    /// Return the arrays, if held.
    void
    release_arrays();

    const MatrixEntryPositions &positions;

    /// The matrix's CSR structure, held while the arrays are; null if the
    /// positions do not apply to this matrix (its layout differs).
    std::unique_ptr<const MatrixRowStructure> structure;
    PetscScalar                              *diagonal_values     = nullptr;
    PetscScalar                              *off_diagonal_values = nullptr;

    /// Whether add() called acquire_arrays(), successfully or not.
    bool arrays_sought = false;

    /// Whether compress() was called.
    bool compressed = false;
  };
} // namespace deadli

#endif
