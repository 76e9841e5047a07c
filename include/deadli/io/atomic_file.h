#ifndef deadli_io_atomic_file_h
#define deadli_io_atomic_file_h

#include <string>

namespace deadli
{
  /**
   * Write @p contents to @p path so that readers (ParaView, a plotting
   * script, a user's tail -f) never see a half-written file: write a
   * temporary sibling, then rename it, which POSIX makes atomic.
   */
  void
  write_file_atomically(const std::string &path, const std::string &contents);
} // namespace deadli

#endif
