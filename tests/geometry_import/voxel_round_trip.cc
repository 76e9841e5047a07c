// Voxel images round-trip: the test writes one synthetic gray-value image
// (Cu column with a sphere on it standing on the collector, a Li layer
// around the column's foot, noisy pore space) as raw8, raw16 and 8- and
// 16-bit TIFF, reads each back as Geometry/Type = voxel image, and checks
// that all formats give the same voxel counts, that the measured Cu and Li
// volume fractions on the refined mesh match the image's exact voxel
// fractions, and the same for a 2D image (one x-z slice).
//
// Tolerances as in gmsh_regions.cc: sharp regions exact except 0.5 w^2 per
// um of triple line (3D; per triple point in 2D), diffuse volumes within
// 0.25 w^2 per um of edge (3D; per corner in 2D). With voxels of w/2 the
// smeared staircase is the smeared smooth shape, so the edges are those of
// the shapes drawn: the column's 4 vertical edges (4 um each) and the Li
// layer's concave edge around it (8 um); the sphere counts as curvature,
// 4 I integral of the mean curvature over its area = 2.58 w^2 R, i.e. 14 R
// um of edge. In 2D a circle gives 4 pi I = 3.5 corners' worth, and the
// column's foot 2 concave corners.
//
// Last, the shipped example image meshes/synthetic_foam_40x40x30.raw (Cu
// lattice, Li layer and Li spheres against the struts): at every voxel
// centre the signs of both distances must agree with the voxel's label. A
// nearest-sample sign gets this wrong above struts that overhang Li in
// contact with them, where the nearest Li surface faces away.
//
// Usage: voxel_round_trip MESH_DIRECTORY

#include <deal.II/base/parameter_handler.h>

#include <tiffio.h>

#include <deadli/geometry/voxel_image.h>
#include <deadli/geometry/voxel_image_file.h>

#include <cstdint>
#include <fstream>
#include <tuple>

#include "imported_geometry_check.h"

using namespace dealii;
using namespace deadli;
using namespace deadli::testing;

namespace
{
  constexpr unsigned int nx = 24, nz = 16;
  constexpr double       voxel_size      = 0.5;
  constexpr double       interface_width = 1.;
  constexpr double       electrolyte     = 4.;

  /// Gray value of voxel (i, j, k): Cu ~ 230, Li ~ 140, pore ~ 20, with a
  /// deterministic +-15 texture, so that the thresholds 200 and 100 matter.
  unsigned int
  gray(const unsigned int i, const unsigned int j, const unsigned int k)
  {
    const double x = (i + 0.5) * voxel_size, y = (j + 0.5) * voxel_size,
                 z      = (k + 0.5) * voxel_size;
    const double centre = 0.5 * nx * voxel_size;
    const bool   column =
      std::abs(x - centre) < 1. && std::abs(y - centre) < 1. && z < 4.;
    const bool sphere  = std::hypot(x - centre, y - centre, z - 5.) < 2.5;
    const int  texture = static_cast<int>((i * 7 + j * 13 + k * 5) % 31) - 15;
    if (column || sphere)
      return 230 + texture / 2;
    if (z < 1.5)
      return 140 + texture;
    return 20 + texture;
  }

  /// Write rows first_row .. first_row + ny - 1 of the image.
  void
  write_raw(const std::string &name,
            const unsigned int first_row,
            const unsigned int ny,
            const bool         wide)
  {
    std::ofstream out(name, std::ios::binary);
    for (unsigned int k = 0; k < nz; ++k)
      for (unsigned int j = first_row; j < first_row + ny; ++j)
        for (unsigned int i = 0; i < nx; ++i)
          {
            const unsigned int value = gray(i, j, k);
            if (wide) // 16 bits little endian, the same image scaled by 256
              {
                const unsigned int wide_value = value * 256 + 77;
                out.put(static_cast<char>(wide_value & 0xff));
                out.put(static_cast<char>(wide_value >> 8));
              }
            else
              out.put(static_cast<char>(value));
          }
  }

  void
  write_tiff(const std::string &name, const unsigned int ny, const bool wide)
  {
    TIFF *tiff = TIFFOpen(name.c_str(), "w");
    AssertThrow(tiff != nullptr, ExcMessage("cannot write " + name));
    for (unsigned int k = 0; k < nz; ++k)
      {
        TIFFSetField(tiff, TIFFTAG_IMAGEWIDTH, nx);
        TIFFSetField(tiff, TIFFTAG_IMAGELENGTH, ny);
        TIFFSetField(tiff, TIFFTAG_BITSPERSAMPLE, wide ? 16 : 8);
        TIFFSetField(tiff, TIFFTAG_SAMPLESPERPIXEL, 1);
        TIFFSetField(tiff, TIFFTAG_SAMPLEFORMAT, SAMPLEFORMAT_UINT);
        TIFFSetField(tiff, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_MINISBLACK);
        TIFFSetField(tiff, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG);
        TIFFSetField(tiff, TIFFTAG_COMPRESSION, COMPRESSION_LZW);
        TIFFSetField(tiff, TIFFTAG_ROWSPERSTRIP, 4);
        TIFFSetField(tiff, TIFFTAG_SUBFILETYPE, FILETYPE_PAGE);
        TIFFSetField(tiff, TIFFTAG_PAGENUMBER, k, nz);
        for (unsigned int j = 0; j < ny; ++j)
          {
            std::vector<std::uint8_t>  row8(nx);
            std::vector<std::uint16_t> row16(nx);
            for (unsigned int i = 0; i < nx; ++i)
              {
                row8[i]  = gray(i, j, k);
                row16[i] = gray(i, j, k) * 256 + 77;
              }
            TIFFWriteScanline(tiff,
                              wide ? static_cast<void *>(row16.data()) :
                                     static_cast<void *>(row8.data()),
                              j,
                              0);
          }
        TIFFWriteDirectory(tiff);
      }
    TIFFClose(tiff);
  }

  template <int dim>
  std::unique_ptr<VoxelImage<dim>>
  read_image(const std::string &file,
             const std::string &format,
             const unsigned int ny,
             const std::string &lateral,
             const bool         wide)
  {
    ParameterHandler prm;
    VoxelImage<dim>::declare_parameters(prm);
    prm.enter_subsection("Geometry");
    prm.enter_subsection("Voxel image");
    prm.set("File", file);
    prm.set("Format", format);
    prm.set("Dimensions",
            std::to_string(nx) + ", " + std::to_string(ny) + ", " +
              std::to_string(nz));
    prm.set("Voxel size [um]", voxel_size);
    prm.set("Copper threshold", static_cast<long int>(wide ? 200 * 256 : 200));
    prm.set("Lithium threshold", static_cast<long int>(wide ? 100 * 256 : 100));
    prm.set("Electrolyte height above image [um]", electrolyte);
    prm.set("Coarse cell size [um]", 2.);
    prm.set("Lateral boundaries", lateral);
    prm.leave_subsection();
    prm.leave_subsection();
    auto image             = std::make_unique<VoxelImage<dim>>();
    image->interface_width = interface_width;
    image->parse_parameters(prm);
    return image;
  }

  template <int dim>
  void
  check_round_trip(const VoxelImage<dim> &image,
                   const double           diffuse_tolerance,
                   const double           sharp_tolerance,
                   Checker               &checker)
  {
    const bool is_root = Utilities::MPI::this_mpi_process(MPI_COMM_WORLD) == 0;
    Discretization<dim> discretization(MPI_COMM_WORLD, 1);
    const unsigned int  max_level = std::ceil(
      std::log2(image.coarse_cell_extent() / (interface_width / 4)) - 1e-9);
    const auto measures =
      measure_on_refined_mesh(image, max_level, discretization);
    if (is_root)
      std::cout << "  " << discretization.triangulation.n_global_active_cells()
                << " cells (max level " << max_level << ")" << std::endl;
    checker.check(measures.diffuse.size() == 2, "expected Cu and Li targets");
    for (const AchievedTarget &measure : measures.diffuse)
      {
        const bool is_copper =
          measure.target.quantity == GeometryTarget::Quantity::host_fraction;
        const double sharp =
          is_copper ? measures.copper_fraction : measures.lithium_fraction;
        const double error       = measure.achieved - measure.target.requested;
        const double sharp_error = sharp - measure.target.requested;
        if (is_root)
          std::cout << "  " << measure.target.name << ": voxels "
                    << measure.target.requested << ", diffuse "
                    << measure.achieved << " (" << error << "), sharp " << sharp
                    << " (" << sharp_error << ")" << std::endl;
        checker.check(std::abs(error) < diffuse_tolerance,
                      "diffuse " + measure.target.name +
                        " off by more than the tolerance");
        checker.check(std::abs(sharp_error) < sharp_tolerance,
                      "sharp " + measure.target.name +
                        " off by more than the tolerance");
      }
  }
} // namespace



int
main(int argc, char **argv)
{
  Utilities::MPI::MPI_InitFinalize mpi(argc, argv, 1);
  Checker                          checker;
  const unsigned int rank = Utilities::MPI::this_mpi_process(MPI_COMM_WORLD);
  const std::string  prefix =
    "voxel_round_trip.np" +
    std::to_string(Utilities::MPI::n_mpi_processes(MPI_COMM_WORLD)) + "_";
  if (rank == 0)
    {
      write_raw(prefix + "image.raw", 0, nx, false);
      write_raw(prefix + "image16.raw", 0, nx, true);
      write_tiff(prefix + "image.tif", nx, false);
      write_tiff(prefix + "image16.tif", nx, true);
      // 2D: the x-z slice through the column and sphere.
      write_raw(prefix + "slice.raw", nx / 2, 1, false);
    }
  MPI_Barrier(MPI_COMM_WORLD);

  // The exact fractions, counted here independently of the reader.
  std::array<std::size_t, 2> n_voxels_3d = {{0, 0}};
  for (unsigned int k = 0; k < nz; ++k)
    for (unsigned int j = 0; j < nx; ++j)
      for (unsigned int i = 0; i < nx; ++i)
        {
          const unsigned int value = gray(i, j, k);
          if (value >= 100)
            ++(value >= 200 ? n_voxels_3d[0] : n_voxels_3d[1]);
        }
  const double height    = nz * voxel_size + electrolyte;
  const double volume_3d = std::pow(nx * voxel_size, 2) * height;
  const double w2        = interface_width * interface_width;
  const double diffuse_tolerance_3d =
    0.25 * w2 * (4 * 4 + 8 + 14 * 2.5) / volume_3d;
  const double sharp_tolerance_3d = 1e-9 + 0.5 * w2 * 8 / volume_3d;

  for (const auto &[file, format, wide] :
       std::vector<std::tuple<std::string, std::string, bool>>{
         {"image.raw", "raw8", false},
         {"image16.raw", "raw16", true},
         {"image.tif", "tiff", false},
         {"image16.tif", "tiff", true}})
    {
      const auto image =
        read_image<3>(prefix + file, format, nx, "mirror", wide);
      const auto targets = image->targets();
      if (rank == 0)
        std::cout << image->description() << std::endl;
      checker.check(targets.size() == 2 &&
                      std::abs(targets[0].requested -
                               n_voxels_3d[0] * std::pow(voxel_size, 3) /
                                 volume_3d) < 1e-12 &&
                      std::abs(targets[1].requested -
                               n_voxels_3d[1] * std::pow(voxel_size, 3) /
                                 volume_3d) < 1e-12,
                    file + ": voxel fractions differ from the image's");
      if (format == "raw8")
        check_round_trip(*image,
                         diffuse_tolerance_3d,
                         sharp_tolerance_3d,
                         checker);
    }
  // Periodic lateral faces (the image is symmetric, so nothing changes).
  check_round_trip(
    *read_image<3>(prefix + "image.raw", "raw8", nx, "periodic", false),
    diffuse_tolerance_3d,
    sharp_tolerance_3d,
    checker);

  // 2D: one x-z slice of the image.
  {
    const auto image =
      read_image<2>(prefix + "slice.raw", "raw8", 1, "mirror", false);
    if (rank == 0)
      std::cout << image->description() << std::endl;
    const double area = nx * voxel_size * height;
    check_round_trip(*image,
                     0.25 * w2 * (3.5 + 2) / area,
                     1e-9 + 0.5 * w2 * 2 / area,
                     checker);
  }

  // The example image: signs at the voxel centres.
  {
    AssertThrow(argc == 2,
                ExcMessage("usage: voxel_round_trip MESH_DIRECTORY"));
    const std::string file =
      std::string(argv[1]) + "/synthetic_foam_40x40x30.raw";
    ParameterHandler prm;
    VoxelImage<3>::declare_parameters(prm);
    prm.enter_subsection("Geometry");
    prm.enter_subsection("Voxel image");
    prm.set("File", file);
    prm.set("Dimensions", "40, 40, 30");
    prm.set("Voxel size [um]", 0.5);
    prm.set("Copper threshold", "180");
    prm.set("Lithium threshold", "90");
    prm.leave_subsection();
    prm.leave_subsection();
    VoxelImage<3> image;
    image.interface_width = 2.;
    image.parse_parameters(prm);
    const GrayImage gray =
      read_raw_image("Geometry/Voxel image/File", file, {{40, 40, 30}}, 8);
    unsigned int n_wrong_copper = 0, n_wrong_lithium = 0;
    for (unsigned int k = 0; k < 30; ++k)
      for (unsigned int j = 0; j < 40; ++j)
        for (unsigned int i = 0; i < 40; ++i)
          {
            const Point<3> centre((i + 0.5) * 0.5,
                                  (j + 0.5) * 0.5,
                                  (k + 0.5) * 0.5);
            const bool     copper  = gray(i, j, k) >= 180;
            const bool     lithium = !copper && gray(i, j, k) >= 90;
            n_wrong_copper += (image.host_distance(centre) < 0) != copper;
            // In Cu the Li region may continue (RegionSurfaces).
            n_wrong_lithium +=
              !copper && (image.lithium_distance(centre) < 0) != lithium;
          }
    if (rank == 0)
      std::cout << image.description() << ": voxel centres with the wrong "
                << "side: Cu " << n_wrong_copper << ", Li " << n_wrong_lithium
                << " of 48000" << std::endl;
    checker.check(n_wrong_copper == 0 && n_wrong_lithium == 0,
                  "distance signs disagree with voxel labels");
  }
  return checker.exit_code();
}
