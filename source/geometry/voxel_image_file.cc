#include <tiffio.h>

#include <deadli/geometry/geometry_input_file.h>
#include <deadli/geometry/voxel_image_file.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>

namespace deadli
{
  using namespace dealii;

  namespace
  {
    /**
     * Silences libtiff's own messages while it exists: DeadLi reports what
     * is wrong with a file itself, once, with the parameter that named it.
     */
    class QuietLibtiff
    {
    public:
      QuietLibtiff()
        : error_handler(TIFFSetErrorHandler(nullptr))
        , warning_handler(TIFFSetWarningHandler(nullptr))
      {}

      ~QuietLibtiff()
      {
        TIFFSetErrorHandler(error_handler);
        TIFFSetWarningHandler(warning_handler);
      }

    private:
      TIFFErrorHandler error_handler;
      TIFFErrorHandler warning_handler;
    };
  } // namespace



  GrayImage
  read_raw_image(const std::string                 &parameter_path,
                 const std::string                 &path,
                 const std::array<unsigned int, 3> &size,
                 const unsigned int                 bits)
  {
    GrayImage image;
    image.size = size;
    image.bits = bits;
    const std::size_t n_voxels =
      static_cast<std::size_t>(size[0]) * size[1] * size[2];
    const std::size_t bytes_per_voxel = bits / 8;
    const std::size_t expected_bytes  = n_voxels * bytes_per_voxel;
    const std::size_t actual_bytes    = std::filesystem::file_size(path);
    AssertThrow(actual_bytes == expected_bytes,
                ExcGeometryFile(parameter_path,
                                path,
                                "has " + std::to_string(actual_bytes) +
                                  " bytes, but " + std::to_string(size[0]) +
                                  " x " + std::to_string(size[1]) + " x " +
                                  std::to_string(size[2]) +
                                  " voxels ('Geometry/Voxel "
                                  "image/Dimensions') of " +
                                  std::to_string(bits) + " bits need " +
                                  std::to_string(expected_bytes) + " bytes."));

    std::vector<unsigned char> bytes(expected_bytes);
    std::ifstream              in(path, std::ios::binary);
    in.read(reinterpret_cast<char *>(bytes.data()), expected_bytes);
    AssertThrow(in.gcount() == static_cast<std::streamsize>(expected_bytes),
                ExcGeometryFile(parameter_path, path, "could not be read."));

    image.gray.resize(n_voxels);
    for (std::size_t v = 0; v < n_voxels; ++v)
      image.gray[v] =
        bits == 8 ?
          bytes[v] :
          static_cast<std::uint16_t>(bytes[2 * v] | (bytes[2 * v + 1] << 8));
    return image;
  }



  GrayImage
  read_tiff_image(const std::string &parameter_path, const std::string &path)
  {
    const auto fail = [&](const std::string &problem) {
      return ExcGeometryFile(parameter_path, path, problem);
    };
    const QuietLibtiff                      quiet;
    std::unique_ptr<TIFF, void (*)(TIFF *)> tiff(TIFFOpen(path.c_str(), "r"),
                                                 TIFFClose);
    AssertThrow(tiff, fail("is not a TIFF file libtiff can open."));

    GrayImage    image;
    unsigned int page = 0;
    do
      {
        std::uint32_t width = 0, height = 0;
        std::uint16_t bits = 0, samples_per_pixel = 1,
                      sample_format = SAMPLEFORMAT_UINT;
        TIFFGetField(tiff.get(), TIFFTAG_IMAGEWIDTH, &width);
        TIFFGetField(tiff.get(), TIFFTAG_IMAGELENGTH, &height);
        TIFFGetFieldDefaulted(tiff.get(), TIFFTAG_BITSPERSAMPLE, &bits);
        TIFFGetFieldDefaulted(tiff.get(),
                              TIFFTAG_SAMPLESPERPIXEL,
                              &samples_per_pixel);
        TIFFGetFieldDefaulted(tiff.get(), TIFFTAG_SAMPLEFORMAT, &sample_format);
        const std::string where = "page " + std::to_string(page) + " ";
        AssertThrow(samples_per_pixel == 1 &&
                      sample_format == SAMPLEFORMAT_UINT &&
                      (bits == 8 || bits == 16),
                    fail(where + "has " + std::to_string(samples_per_pixel) +
                         " sample(s) per pixel of " + std::to_string(bits) +
                         " bits, sample format " +
                         std::to_string(sample_format) +
                         ": DeadLi reads gray images of one unsigned 8- or "
                         "16-bit integer sample per pixel (sample format 1)."));
        AssertThrow(!TIFFIsTiled(tiff.get()),
                    fail(where +
                         "is tiled: DeadLi reads strip TIFFs (as "
                         "written by ImageJ/Fiji, tifffile, libtiff)."));
        if (page == 0)
          {
            image.size = {{width, height, 0}};
            image.bits = bits;
          }
        AssertThrow(width == image.size[0] && height == image.size[1] &&
                      bits == image.bits,
                    fail(where + "is " + std::to_string(width) + " x " +
                         std::to_string(height) + " pixels of " +
                         std::to_string(bits) + " bits, page 0 " +
                         std::to_string(image.size[0]) + " x " +
                         std::to_string(image.size[1]) + " of " +
                         std::to_string(image.bits) +
                         ": all pages of a stack must be alike."));

        std::vector<unsigned char> row(TIFFScanlineSize(tiff.get()));
        for (std::uint32_t j = 0; j < height; ++j)
          {
            AssertThrow(TIFFReadScanline(tiff.get(), row.data(), j) == 1,
                        fail(where + "row " + std::to_string(j) +
                             " could not be read."));
            for (std::uint32_t i = 0; i < width; ++i)
              {
                std::uint16_t value = row[i];
                if (bits == 16)
                  std::memcpy(&value, row.data() + 2 * i, 2);
                image.gray.push_back(value);
              }
          }
        ++page;
    } while (TIFFReadDirectory(tiff.get()) == 1);
    image.size[2] = page;
    return image;
  }
} // namespace deadli
