#ifndef deadli_mesh_discretization_h
#define deadli_mesh_discretization_h

#include <deal.II/base/function.h>
#include <deal.II/base/index_set.h>
#include <deal.II/base/parameter_handler.h>
#include <deal.II/base/quadrature_lib.h>

#include <deal.II/distributed/tria.h>

#include <deal.II/dofs/dof_handler.h>

#include <deal.II/fe/fe_q.h>

#include <deal.II/lac/affine_constraints.h>
#include <deal.II/lac/petsc_sparse_matrix.h>
#include <deal.II/lac/petsc_vector.h>

#include <deadli/mesh/matrix_entry_positions.h>

#include <memory>

namespace deadli
{
  /**
   * The mesh and the one scalar finite element space that carries all three
   * fields (phase field xi, relative concentration c, potential phi).
   *
   * Sharing one DoFHandler means one sparsity pattern, one solution
   * transfer and one set of hanging-node/periodicity constraints; the fields
   * differ only in their Dirichlet data (phi = 0 at the counter electrode,
   * optionally c = c0 there), which are kept as separate constraint objects.
   */
  template <int dim>
  class Discretization
  {
  public:
    struct Parameters
    {
      static void
      declare_parameters(dealii::ParameterHandler &prm);
      void
      parse_parameters(dealii::ParameterHandler &prm);

      unsigned int polynomial_degree;
    };

    Discretization(const MPI_Comm comm, const unsigned int polynomial_degree);

    /// Releases the reference to the matrix the others duplicate.
    ~Discretization();

    /**
     * Declare the lateral faces periodic. Must be called once on the coarse
     * mesh, before any refinement.
     */
    void
    add_lateral_periodicity();

    /**
     * Distribute DoFs and build constraints and the shared sparsity pattern.
     * @p reservoir_concentration: whether c is fixed at the counter
     * electrode (bulk reservoir) or carries a flux condition there.
     */
    void
    setup(const bool reservoir_concentration);

    /// Make @p vector one without ghost entries, for assembly and solves.
    void
    reinit_owned(dealii::PETScWrappers::MPI::Vector &vector) const;
    /// Make @p vector one with ghost entries, for evaluation on locally
    /// owned cells.
    void
    reinit_ghosted(dealii::PETScWrappers::MPI::Vector &vector) const;
    /**
     * A zero matrix with the shared sparsity pattern. The first one on a mesh
     * is built from a DynamicSparsityPattern; the later ones are PETSc
     * duplicates of it (MatDuplicate, structure copied, values zero). Why:
     * the three operators' matrices have one pattern, and building it
     * (distributed) for each took 1.85 s of the 0.25 M-DoF bench's set-up
     * and left its freed memory in the heap. (PETSc 3.18's AIJ matrices
     * copy the structure even when asked to share it, see
     * MatDuplicateOption.)
     */
    void
    reinit_matrix(dealii::PETScWrappers::MPI::SparseMatrix &matrix) const;

    /**
     * Number of a locally owned cell among this rank's locally owned cells,
     * 0 to n_locally_owned_active_cells() - 1: deal.II numbers them
     * contiguously in global_active_cell_index(). For per-cell data only
     * owned cells need; indexed by active_cell_index() they would also
     * hold p4est's ghost and artificial cells, about a quarter of each
     * rank's active cells on two ranks of the uniform bench mesh.
     */
    template <typename CellIterator>
    unsigned int
    owned_cell_index(const CellIterator &cell) const
    {
      return cell->global_active_cell_index() - first_owned_cell;
    }

    /**
     * Where the locally owned cells' entries live in the CSR arrays of the
     * matrices reinit_matrix() makes, for CellMatrixAccumulator. Read from
     * the first matrix reinit_matrix() makes after setup().
     */
    const MatrixEntryPositions &
    matrix_entry_positions() const;

    /**
     * Integral of a finite-element function over the domain. A dot product
     * with the integrals of the shape functions (kept since setup()), not a
     * cell loop: the coupled step integrates the phase field twice per
     * step, which as cell loops cost a tenth of the phase-field section.
     */
    double
    integrate(const dealii::PETScWrappers::MPI::Vector &ghosted_field) const;

    /**
     * Make @p ghosted_field the nodal interpolation of @p function, with the
     * hanging-node and periodicity constraints applied (initial fields, the
     * host fraction).
     */
    void
    interpolate(const dealii::Function<dim>        &function,
                dealii::PETScWrappers::MPI::Vector &ghosted_field) const;

    const MPI_Comm                                    mpi_communicator;
    dealii::parallel::distributed::Triangulation<dim> triangulation;
    const dealii::FE_Q<dim>                           fe;
    dealii::DoFHandler<dim>                           dof_handler;
    const dealii::QGauss<dim>                         quadrature;
    const dealii::QGauss<dim - 1>                     face_quadrature;

    /// Whether add_lateral_periodicity() was called.
    bool has_lateral_periodicity = false;

    /// Whether c is held at c0 at the counter electrode (set by setup()).
    bool reservoir_concentration = false;

    dealii::IndexSet locally_owned_dofs;
    dealii::IndexSet locally_relevant_dofs;

    /// Hanging nodes and periodicity: the phase field's constraints.
    dealii::AffineConstraints<double> free_constraints;
    /// Also phi = 0 at the counter electrode (homogeneous).
    dealii::AffineConstraints<double> potential_constraints;
    /// Also c = c0 (relative concentration 1) at the counter electrode if it
    /// is a bulk reservoir.
    dealii::AffineConstraints<double> concentration_constraints;

  private:
    /// Drop layout_source: a new mesh needs a new structure.
    void
    release_layout_source() const;

    /// The global active cell index of this rank's first owned cell.
    dealii::types::global_cell_index first_owned_cell = 0;

    /**
     * A cache of the layout every reinit_matrix() produces on this mesh,
     * filled by the first one: building it from the sparsity pattern in
     * setup() would cost a fourth sparsity pattern per mesh.
     */
    mutable MatrixEntryPositions entry_positions;

    /**
     * A PETSc reference to the first matrix reinit_matrix() made on this
     * mesh, which the later ones duplicate; null until then. The reference
     * keeps it alive when its owner is reinitialised or destroyed first.
     */
    mutable Mat layout_source = nullptr;

    /// For integrate(): the integral of each shape function over the cells
    /// that share it.
    dealii::PETScWrappers::MPI::Vector integration_weights;
  };
} // namespace deadli

#endif
