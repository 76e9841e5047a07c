#ifndef deadli_geometry_geometry_input_file_h
#define deadli_geometry_geometry_input_file_h

#include <deal.II/base/exceptions.h>

#include <string>

namespace deadli
{
  /**
   * A geometry input file (mesh, image) that cannot be used. The message
   * names the parameter that gave the file, the file as found, and what is
   * wrong with it, so that the user knows which line of the prm file or
   * which file to fix.
   */
  DeclException3(ExcGeometryFile,
                 std::string,
                 std::string,
                 std::string,
                 << "Parameter '" << arg1 << "': file '" << arg2 << "' "
                 << arg3);

  /**
   * The path of the file that parameter @p parameter_path names: @p name
   * itself if it is absolute, else @p name relative to @p directory (the
   * directory of the prm file, so that a prm file and its meshes can move
   * together; empty: the working directory). Throws ExcGeometryFile if the
   * name is empty or the file cannot be opened for reading.
   */
  std::string
  resolve_geometry_file(const std::string &parameter_path,
                        const std::string &name,
                        const std::string &directory);
} // namespace deadli

#endif
