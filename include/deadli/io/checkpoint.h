#ifndef deadli_io_checkpoint_h
#define deadli_io_checkpoint_h

#include <deal.II/base/parameter_handler.h>

#include <deal.II/lac/petsc_vector.h>

#include <deadli/mesh/discretization.h>

#include <filesystem>
#include <string>
#include <vector>

namespace deadli
{
  /**
   * Restart files: the distributed mesh (p4est), the finite-element fields
   * and an opaque blob with the scalar state of the run, in a directory
   * checkpoint-NNNNNN of the output directory.
   *
   * A checkpoint is written into checkpoint.partial first and renamed when
   * every rank has finished writing, and the older ones are deleted only
   * then, so that a crash while writing never destroys the last complete
   * checkpoint. The last two are kept. p4est stores the mesh independently
   * of the partition, so a run can resume on any number of ranks.
   *
   * Each checkpoint names its format_version in a file 'format'. The scalar
   * state is a Boost binary archive of whatever the classes' serialize()
   * write, which a DeadLi that writes something else would misread (or
   * read past its end); the version lets load() refuse such a checkpoint
   * with a message that says so, before it reads anything else.
   */
  template <int dim>
  class Checkpoint
  {
  public:
    struct Parameters
    {
      static void
      declare_parameters(dealii::ParameterHandler &prm);
      void
      parse_parameters(dealii::ParameterHandler &prm);

      /// Steps between checkpoints (and one at the end); 0: none.
      unsigned int interval;
      /// Step at which to checkpoint and stop; 0: never.
      unsigned int stop_after;
    };

    /**
     * The layout of what save() writes. Increase it whenever the fields,
     * the mesh data or anything a serialize() of the scalar state writes
     * change.
     */
    static constexpr unsigned int format_version = 2;

    Checkpoint(const std::string &output_directory);

    /**
     * Write the mesh, the ghosted @p fields (all on the discretization's
     * DoFHandler) and rank 0's @p scalar_state as checkpoint @p step.
     */
    void
    save(const Discretization<dim> &discretization,
         const std::vector<const dealii::PETScWrappers::MPI::Vector *> &fields,
         const std::string &scalar_state,
         const unsigned int step) const;

    /**
     * The newest complete checkpoint directory in @p output_directory; throws
     * with a clear message if there is none.
     */
    static std::string
    latest(const std::string &output_directory);

    /**
     * Load checkpoint @p directory into @p discretization, whose
     * triangulation must hold the coarse mesh (with its periodicity) of the
     * run that wrote it, and set up its DoFs with @p
     * reservoir_concentration. The @p fields are made ghosted vectors of
     * the new partition. Returns the scalar state. Throws, before reading
     * anything else, if the checkpoint's format is not format_version.
     */
    static std::string
    load(const std::string   &directory,
         Discretization<dim> &discretization,
         const bool           reservoir_concentration,
         const std::vector<dealii::PETScWrappers::MPI::Vector *> &fields);

  private:
    /// Throw unless checkpoint @p directory has format format_version.
    static void
    check_format(const std::filesystem::path &directory);

    const std::string output_directory;
  };
} // namespace deadli

#endif
