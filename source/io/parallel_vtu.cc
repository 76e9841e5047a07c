#include <deal.II/base/utilities.h>

#include <deadli/io/atomic_file.h>
#include <deadli/io/parallel_vtu.h>

#include <sstream>

namespace deadli
{
  using namespace dealii;

  template <int dim>
  void
  write_parallel_vtu(
    DataOut<dim>                                &data_out,
    const std::string                           &directory,
    const unsigned int                           step,
    const double                                 time,
    const MPI_Comm                               comm,
    std::vector<std::pair<double, std::string>> &written_records)
  {
    const unsigned int rank    = Utilities::MPI::this_mpi_process(comm);
    const unsigned int n_ranks = Utilities::MPI::n_mpi_processes(comm);

    const std::string base = "solution_" + Utilities::int_to_string(step, 5);
    const auto        piece_name = [&](const unsigned int piece) {
      return base + "." + Utilities::int_to_string(piece, 4) + ".vtu";
    };

    DataOutBase::VtkFlags flags;
    flags.time  = time;
    flags.cycle = step;
    data_out.set_flags(flags);
    std::ostringstream piece;
    data_out.write_vtu(piece);
    write_file_atomically(directory + "/" + piece_name(rank), piece.str());

    MPI_Barrier(comm);
    if (rank == 0)
      {
        std::vector<std::string> pieces;
        for (unsigned int r = 0; r < n_ranks; ++r)
          pieces.push_back(piece_name(r));
        std::ostringstream record;
        data_out.write_pvtu_record(record, pieces);
        write_file_atomically(directory + "/" + base + ".pvtu", record.str());

        written_records.emplace_back(time, base + ".pvtu");
        std::ostringstream series;
        DataOutBase::write_pvd_record(series, written_records);
        write_file_atomically(directory + "/solution.pvd", series.str());
      }
  }



  template void
  write_parallel_vtu<2>(DataOut<2> &,
                        const std::string &,
                        const unsigned int,
                        const double,
                        const MPI_Comm,
                        std::vector<std::pair<double, std::string>> &);
  template void
  write_parallel_vtu<3>(DataOut<3> &,
                        const std::string &,
                        const unsigned int,
                        const double,
                        const MPI_Comm,
                        std::vector<std::pair<double, std::string>> &);
} // namespace deadli
