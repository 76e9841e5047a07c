#include <deal.II/base/mpi.h>

#include <deal.II/distributed/solution_transfer.h>

#include <deadli/io/atomic_file.h>
#include <deadli/io/checkpoint.h>

#include <filesystem>
#include <fstream>
#include <iomanip>
#include <sstream>

namespace deadli
{
  using namespace dealii;

  namespace
  {
    const std::string checkpoint_prefix = "checkpoint-";
    const std::string mesh_name         = "mesh";
    const std::string state_name        = "state.bin";
    const std::string format_name       = "format";
    const std::string format_label      = "DeadLi checkpoint format ";
    /// Complete checkpoints kept.
    constexpr unsigned int n_kept = 2;

    /// Complete checkpoint directories of @p output_directory, oldest first.
    std::vector<std::filesystem::path>
    complete_checkpoints(const std::string &output_directory)
    {
      std::vector<std::filesystem::path> found;
      if (!std::filesystem::is_directory(output_directory))
        return found;
      for (const auto &entry :
           std::filesystem::directory_iterator(output_directory))
        {
          const std::string name = entry.path().filename().string();
          if (entry.is_directory() && name.rfind(checkpoint_prefix, 0) == 0 &&
              std::filesystem::exists(entry.path() / state_name))
            found.push_back(entry.path());
        }
      // Zero-padded step numbers sort like the steps.
      std::sort(found.begin(), found.end());
      return found;
    }
  } // namespace



  template <int dim>
  void
  Checkpoint<dim>::Parameters::declare_parameters(ParameterHandler &prm)
  {
    prm.enter_subsection("Checkpoint");
    prm.declare_entry("Interval [steps]",
                      "0",
                      Patterns::Integer(0),
                      "Write a restart checkpoint every this many steps and "
                      "at the end of the run (0: none). The last two are "
                      "kept in the output directory; resume with 'deadli "
                      "--resume OUTPUT_DIRECTORY', on any number of ranks.");
    prm.declare_entry("Stop after step",
                      "0",
                      Patterns::Integer(0),
                      "Write a checkpoint and stop when this step is reached "
                      "(0: run to the end). For job schedulers with time "
                      "limits: a run resumed with 'deadli --resume' goes on "
                      "past it.");
    prm.leave_subsection();
  }



  template <int dim>
  void
  Checkpoint<dim>::Parameters::parse_parameters(ParameterHandler &prm)
  {
    prm.enter_subsection("Checkpoint");
    interval   = prm.get_integer("Interval [steps]");
    stop_after = prm.get_integer("Stop after step");
    prm.leave_subsection();
  }



  template <int dim>
  Checkpoint<dim>::Checkpoint(const std::string &output_directory)
    : output_directory(output_directory)
  {}



  template <int dim>
  void
  Checkpoint<dim>::save(
    const Discretization<dim>                             &discretization,
    const std::vector<const PETScWrappers::MPI::Vector *> &fields,
    const std::string                                     &scalar_state,
    const unsigned int                                     step) const
  {
    const MPI_Comm comm = discretization.mpi_communicator;
    const bool     root = Utilities::MPI::this_mpi_process(comm) == 0;
    const std::filesystem::path partial =
      std::filesystem::path(output_directory) / "checkpoint.partial";
    if (root)
      {
        std::filesystem::remove_all(partial);
        std::filesystem::create_directories(partial);
      }
    MPI_Barrier(comm);

    parallel::distributed::SolutionTransfer<dim, PETScWrappers::MPI::Vector>
      transfer(discretization.dof_handler);
    transfer.prepare_for_serialization(fields);
    // save() is const in spirit: it only attaches and writes data.
    const_cast<parallel::distributed::Triangulation<dim> &>(
      discretization.triangulation)
      .save((partial / mesh_name).string());

    if (root)
      {
        write_file_atomically((partial / format_name).string(),
                              format_label + std::to_string(format_version) +
                                "\n");
        write_file_atomically((partial / state_name).string(), scalar_state);
        std::ostringstream name;
        name << checkpoint_prefix << std::setw(6) << std::setfill('0') << step;
        const std::filesystem::path complete =
          std::filesystem::path(output_directory) / name.str();
        std::filesystem::remove_all(complete);
        std::filesystem::rename(partial, complete);
        auto checkpoints = complete_checkpoints(output_directory);
        while (checkpoints.size() > n_kept)
          {
            std::filesystem::remove_all(checkpoints.front());
            checkpoints.erase(checkpoints.begin());
          }
      }
    MPI_Barrier(comm);
  }



  template <int dim>
  std::string
  Checkpoint<dim>::latest(const std::string &output_directory)
  {
    const auto checkpoints = complete_checkpoints(output_directory);
    AssertThrow(!checkpoints.empty(),
                ExcMessage("Cannot resume from '" + output_directory +
                           "': it holds no complete checkpoint (a "
                           "directory " +
                           checkpoint_prefix +
                           "NNNNNN with a state file). Did the run set "
                           "'Checkpoint/Interval [steps]' and write one?"));
    return checkpoints.back().string();
  }



  template <int dim>
  std::string
  Checkpoint<dim>::load(const std::string   &directory,
                        Discretization<dim> &discretization,
                        const bool           reservoir_concentration,
                        const std::vector<PETScWrappers::MPI::Vector *> &fields)
  {
    const std::filesystem::path path(directory);
    check_format(path);
    discretization.triangulation.load((path / mesh_name).string());
    discretization.setup(reservoir_concentration);

    std::vector<PETScWrappers::MPI::Vector>   owned(fields.size());
    std::vector<PETScWrappers::MPI::Vector *> owned_pointers;
    for (auto &vector : owned)
      {
        discretization.reinit_owned(vector);
        owned_pointers.push_back(&vector);
      }
    parallel::distributed::SolutionTransfer<dim, PETScWrappers::MPI::Vector>
      transfer(discretization.dof_handler);
    transfer.deserialize(owned_pointers);
    for (unsigned int i = 0; i < fields.size(); ++i)
      {
        discretization.free_constraints.distribute(owned[i]);
        discretization.reinit_ghosted(*fields[i]);
        *fields[i] = owned[i];
      }

    std::ifstream in(path / state_name, std::ios::binary);
    AssertThrow(in,
                ExcMessage("Cannot read the checkpoint state " +
                           (path / state_name).string()));
    std::ostringstream contents;
    contents << in.rdbuf();
    return contents.str();
  }



  template <int dim>
  void
  Checkpoint<dim>::check_format(const std::filesystem::path &directory)
  {
    const std::string restart_advice =
      " Start the run again from its parameter file (the parameters.prm "
      "in its output directory), or resume with the DeadLi version that "
      "wrote the checkpoint.";
    std::ifstream in(directory / format_name);
    AssertThrow(in,
                ExcMessage(
                  "Cannot resume from checkpoint " + directory.string() +
                  ": it has no file '" + format_name +
                  "', so it was written by a DeadLi older than "
                  "checkpoint format 1, and this DeadLi reads "
                  "format " +
                  std::to_string(format_version) + " only." + restart_advice));
    std::string line;
    std::getline(in, line);
    const std::string expected = format_label + std::to_string(format_version);
    AssertThrow(line == expected,
                ExcMessage("Cannot resume from checkpoint " +
                           directory.string() + ": its file '" + format_name +
                           "' says '" + line + "', and this DeadLi reads '" +
                           expected + "' only." + restart_advice));
  }



  template class Checkpoint<2>;
  template class Checkpoint<3>;
} // namespace deadli
