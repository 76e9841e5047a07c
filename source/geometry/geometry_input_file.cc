#include <deadli/geometry/geometry_input_file.h>

#include <filesystem>
#include <fstream>

namespace deadli
{
  using namespace dealii;

  std::string
  resolve_geometry_file(const std::string &parameter_path,
                        const std::string &name,
                        const std::string &directory)
  {
    AssertThrow(!name.empty(),
                ExcMessage("Parameter '" + parameter_path +
                           "' is empty: this geometry type needs a file."));
    std::filesystem::path path(name);
    if (path.is_relative() && !directory.empty())
      path = std::filesystem::path(directory) / path;
    const std::string resolved = path.lexically_normal().string();
    AssertThrow(std::filesystem::exists(path),
                ExcGeometryFile(parameter_path,
                                resolved,
                                "does not exist (a relative name is relative "
                                "to the directory of the parameter file)."));
    AssertThrow(!std::filesystem::is_directory(path),
                ExcGeometryFile(parameter_path,
                                resolved,
                                "is a directory, not a file."));
    AssertThrow(std::ifstream(path).good(),
                ExcGeometryFile(parameter_path,
                                resolved,
                                "cannot be opened for reading."));
    return resolved;
  }
} // namespace deadli
