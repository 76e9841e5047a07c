#include <deal.II/base/exceptions.h>

#include <deadli/io/atomic_file.h>

#include <cstdio>
#include <fstream>

namespace deadli
{
  void
  write_file_atomically(const std::string &path, const std::string &contents)
  {
    const std::string temporary = path + ".partial";
    {
      std::ofstream out(temporary, std::ios::binary);
      AssertThrow(out,
                  dealii::ExcMessage("Cannot write the file " + temporary));
      out << contents;
      out.close();
      AssertThrow(out,
                  dealii::ExcMessage("Writing the file " + temporary +
                                     " failed"));
    }
    AssertThrow(std::rename(temporary.c_str(), path.c_str()) == 0,
                dealii::ExcMessage("Cannot rename " + temporary + " to " +
                                   path));
  }
} // namespace deadli
