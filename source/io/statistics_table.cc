#include <deal.II/base/exceptions.h>

#include <deadli/io/atomic_file.h>
#include <deadli/io/statistics_table.h>

#include <algorithm>
#include <iomanip>
#include <sstream>

namespace deadli
{
  StatisticsTable::StatisticsTable(std::string path)
    : path(std::move(path))
  {}



  void
  StatisticsTable::add_value(const std::string &column, const double value)
  {
    std::ostringstream text;
    text << std::setprecision(12) << value;
    add_value(column, text.str());
  }



  void
  StatisticsTable::add_value(const std::string &column,
                             const std::string &value)
  {
    current_row.emplace_back(column, value);
  }



  void
  StatisticsTable::finish_row()
  {
    if (rows.empty())
      {
        for (const auto &[column, value] : current_row)
          columns.push_back(column);
        for (std::size_t c = 0; c < columns.size(); ++c)
          contents += (c > 0 ? "," : "") + columns[c];
        contents += '\n';
      }
    AssertThrow(current_row.size() == columns.size(),
                dealii::ExcMessage("A statistics row has a different number "
                                   "of columns than the header."));
    std::vector<std::string> row;
    for (std::size_t c = 0; c < columns.size(); ++c)
      {
        Assert(current_row[c].first == columns[c], dealii::ExcInternalError());
        row.push_back(current_row[c].second);
        contents += (c > 0 ? "," : "") + current_row[c].second;
      }
    contents += '\n';
    rows.push_back(std::move(row));
    current_row.clear();
    if (!path.empty())
      write_file_atomically(path, contents);
  }



  std::string
  StatisticsTable::value(const std::size_t row, const std::string &column) const
  {
    const auto position = std::find(columns.begin(), columns.end(), column);
    AssertThrow(position != columns.end(),
                dealii::ExcMessage("No statistics column " + column));
    return rows.at(row).at(position - columns.begin());
  }



  std::size_t
  StatisticsTable::n_rows() const
  {
    return rows.size();
  }
} // namespace deadli
