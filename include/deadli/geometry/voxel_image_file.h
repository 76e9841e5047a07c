#ifndef deadli_geometry_voxel_image_file_h
#define deadli_geometry_voxel_image_file_h

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace deadli
{
  /**
   * A gray-value voxel image as it comes from a micro-CT reconstruction or
   * a synthetic image generator: nx x ny x nz voxels, x the fastest index
   * and z (the slice, or TIFF page) the slowest. DeadLi takes z as the
   * stacking direction, with z = 0 at the collector.
   */
  struct GrayImage
  {
    /// Number of voxels in x, y, z.
    std::array<unsigned int, 3> size = {{0, 0, 0}};
    /// Bits per voxel in the file (8 or 16).
    unsigned int bits = 8;
    /// Gray values, index (k * ny + j) * nx + i.
    std::vector<std::uint16_t> gray;

    std::uint16_t
    operator()(const unsigned int i,
               const unsigned int j,
               const unsigned int k) const
    {
      return gray[(static_cast<std::size_t>(k) * size[1] + j) * size[0] + i];
    }
  };

  /**
   * Read a headerless image of @p size voxels of 8 bits or 16 bits (little
   * endian). Throws ExcGeometryFile naming @p parameter_path and the file
   * if the file's length is not what @p size and @p bits need (the message
   * gives both byte counts) or it cannot be read.
   */
  GrayImage
  read_raw_image(const std::string                 &parameter_path,
                 const std::string                 &path,
                 const std::array<unsigned int, 3> &size,
                 const unsigned int                 bits);

  /**
   * Read a TIFF file: one page per z slice, each a single-sample 8- or
   * 16-bit unsigned integer image (any compression libtiff reads). Throws
   * ExcGeometryFile naming @p parameter_path and the file if it is not
   * such a file or its pages differ in size.
   */
  GrayImage
  read_tiff_image(const std::string &parameter_path, const std::string &path);
} // namespace deadli

#endif
