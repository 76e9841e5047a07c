#ifndef deadli_io_statistics_table_h
#define deadli_io_statistics_table_h

#include <boost/serialization/string.hpp>
#include <boost/serialization/utility.hpp>
#include <boost/serialization/vector.hpp>

#include <string>
#include <utility>
#include <vector>

namespace deadli
{
  /**
   * statistics.csv: one row per accepted time step, column names with their
   * units. The whole file is rewritten atomically after each row so that a
   * plot made while the run goes on never reads a torn line; rows are short,
   * so this costs microseconds per step up to tens of thousands of steps.
   */
  class StatisticsTable
  {
  public:
    /// @p path: where to write; empty for an in-memory table.
    explicit StatisticsTable(std::string path);

    /// Set a value of the current row; the first row fixes the columns.
    void
    add_value(const std::string &column, const double value);
    void
    add_value(const std::string &column, const std::string &value);

    /// Close the current row and rewrite the file.
    void
    finish_row();

    /// The value of @p column in row @p row (for tests).
    std::string
    value(const std::size_t row, const std::string &column) const;

    std::size_t
    n_rows() const;

    /// For checkpoints: the rows so far (the file is rewritten with them at
    /// the next finish_row()).
    template <class Archive>
    void
    serialize(Archive &archive, const unsigned int)
    {
      archive &columns &rows &current_row &contents;
    }

  private:
    const std::string                                path;
    std::vector<std::string>                         columns;
    std::vector<std::vector<std::string>>            rows;
    std::vector<std::pair<std::string, std::string>> current_row;
    std::string                                      contents;
  };
} // namespace deadli

#endif
