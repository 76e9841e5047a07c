#!/usr/bin/env python3
"""Render a DeadLi ParaView snapshot (.pvtu, or one step of a .pvd series) as a PNG.

Usage:
    /usr/bin/python3 scripts/render_snapshot.py INPUT OUTPUT_PNG [options]

INPUT is a .pvtu record written by DeadLi (deal.II), or solution.pvd, from
which the last step is taken unless --index N (0-based; negative counts from
the end) chooses another.

3D runs give three panels:
  (1) a vertical slice y = const coloured by the Li metal phase field xi, with
      the metal surface xi = 0.5 drawn as a black line;
  (2) the same slice coloured by FIELD (default: the Li+ concentration
      c_mol_per_L), with the same xi = 0.5 line;
  (3) a top view of the deposit: the height of the highest xi = 0.5 surface
      above the collector as a function of (x, y); the slice is marked.
By default the slice goes through the tallest point of the deposit, which
shows a nucleus rather than the flat film between them; --slice-y sets it.

2D runs give two panels: xi and FIELD over the whole domain, with the
xi = 0.5 line.

Only numpy and matplotlib are needed (Debian: python3-numpy,
python3-matplotlib, installed for /usr/bin/python3); the VTU files are read
directly.  Handles deal.II's VTU flavour: UnstructuredGrid pieces of
axis-aligned quads/hexahedra with point data, inline "binary" arrays (base64,
zlib-compressed or not) or "ascii" arrays, and base64 appended data.

Examples:
    /usr/bin/python3 scripts/render_snapshot.py output/quickstart/solution.pvd doc/images/quickstart.png
    /usr/bin/python3 scripts/render_snapshot.py output/quickstart/solution.pvd plated.png --index 7
    /usr/bin/python3 scripts/render_snapshot.py output/run/solution_00100.pvtu out.png --field phi_V
"""

import argparse
import base64
import os
import re
import sys
import xml.etree.ElementTree as ET
import zlib

try:
    import numpy as np
    import matplotlib
except ImportError:  # e.g. a pyenv python3 without numpy/matplotlib
    SYSTEM_PYTHON = "/usr/bin/python3"
    if (os.path.exists(SYSTEM_PYTHON)
            and os.path.realpath(sys.executable) != os.path.realpath(SYSTEM_PYTHON)
            and not os.environ.get("DEADLI_RENDER_REEXEC")):
        os.environ["DEADLI_RENDER_REEXEC"] = "1"
        os.execv(SYSTEM_PYTHON, [SYSTEM_PYTHON] + sys.argv)
    sys.exit("render_snapshot.py: needs numpy and matplotlib "
             "(Debian: apt-get install python3-numpy python3-matplotlib)")

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.colors import ListedColormap  # noqa: E402
from matplotlib.tri import Triangulation  # noqa: E402

PHASE_FIELD = "xi"
DEFAULT_FIELD = "c_mol_per_L"
FIELD_LABELS = {
    "xi": "Li metal phase field $\\xi$",
    "c_mol_per_L": "Li$^+$ concentration [mol/L]",
    "phi_V": "electrolyte potential $\\phi$ [V]",
    "current_density_mA_per_cm2": "|electrolyte current density| [mA/cm$^2$]",
    "subdomain": "MPI rank",
}
FIELD_COLOURMAPS = {
    "xi": "Blues",
    "c_mol_per_L": "viridis",
    "phi_V": "coolwarm",
    "current_density_mA_per_cm2": "magma",
    "subdomain": "tab10",
}

VTK_TYPES = {
    "Int8": np.int8, "UInt8": np.uint8, "Int16": np.int16, "UInt16": np.uint16,
    "Int32": np.int32, "UInt32": np.uint32, "Int64": np.int64,
    "UInt64": np.uint64, "Float32": np.float32, "Float64": np.float64,
}
VTK_QUAD, VTK_HEXAHEDRON = 9, 12
VTK_PIXEL, VTK_VOXEL = 8, 11


class SnapshotError(Exception):
    """A file that this script cannot read, with the reason."""


# --------------------------------------------------------------------------
# Reading VTK XML files
# --------------------------------------------------------------------------

def _b64(text):
    return base64.b64decode(text)


def _chars(n_bytes):
    """Length of the base64 encoding of n_bytes bytes."""
    return 4 * ((n_bytes + 2) // 3)


def _decode_binary(text, dtype, header_type, compressed):
    """Decode one base64 'binary' DataArray (inline, or appended from an offset).

    VTK writes a header of UInt32 (or UInt64) numbers before the data:
    uncompressed: [number of bytes]; zlib: [number of blocks, block size,
    size of the last block, compressed size of each block].  deal.II, like
    VTK, base64-encodes the header and the data separately; some writers
    encode them together.  Both are recognised: a separately encoded header
    whose length is not a multiple of 3 bytes ends in '=' padding, and if it
    is a multiple of 3 the two encodings coincide.  Only the characters of
    this array are decoded, so @p text may run on into further arrays.
    """
    text = "".join(text.split())
    width = np.dtype(header_type).itemsize
    if compressed:
        # The first header entry (the number of blocks) gives the header size.
        n_blocks = int(np.frombuffer(_b64(text[:_chars(2 * width)])[:width],
                                     dtype=header_type)[0])
        header_bytes = (3 + n_blocks) * width
    else:
        header_bytes = width
    header_chars = _chars(header_bytes)
    header = np.frombuffer(_b64(text[:header_chars])[:header_bytes], dtype=header_type)
    if compressed:
        sizes = header[3:3 + n_blocks].astype(np.int64)
        n_data = int(sizes.sum())
    else:
        n_data = int(header[0])
    separate = header_bytes % 3 != 0 and text[header_chars - 1:header_chars] == "="
    if separate:
        payload = _b64(text[header_chars:header_chars + _chars(n_data)])[:n_data]
    else:
        payload = _b64(text[:_chars(header_bytes + n_data)])[header_bytes:header_bytes + n_data]
    if len(payload) != n_data:
        raise SnapshotError("a binary DataArray is shorter than its header says")
    if not compressed:
        return np.frombuffer(payload, dtype=dtype)
    blocks, offset = [], 0
    for size in sizes:
        blocks.append(zlib.decompress(payload[offset:offset + size]))
        offset += size
    return np.frombuffer(b"".join(blocks), dtype=dtype)


def _read_data_array(element, file_info):
    dtype = VTK_TYPES.get(element.get("type"))
    if dtype is None:
        raise SnapshotError("unsupported DataArray type %r" % element.get("type"))
    fmt = element.get("format", "ascii")
    if fmt == "ascii":
        values = np.array((element.text or "").split(), dtype=np.float64).astype(dtype)
    elif fmt == "binary":
        values = _decode_binary(element.text or "", dtype,
                                file_info["header_type"], file_info["compressed"])
    elif fmt == "appended":
        if file_info["appended"] is None:
            raise SnapshotError("%s: appended data in raw encoding are not "
                                "supported (write base64 or inline binary)"
                                % file_info["path"])
        offset = int(element.get("offset", "0"))
        values = _decode_binary(file_info["appended"][offset:], dtype,
                                file_info["header_type"], file_info["compressed"])
    else:
        raise SnapshotError("unsupported DataArray format %r" % fmt)
    n_components = int(element.get("NumberOfComponents", "1"))
    if n_components > 1:
        values = values.reshape(-1, n_components)
    return values


def read_vtu(path):
    """Points (n x 3), cells (list of (type, vertex index array)) and point data."""
    with open(path, "rb") as stream:
        content = stream.read()
    appended = None
    marker = content.find(b"<AppendedData")
    if marker >= 0:
        start = content.find(b">", marker) + 1
        head = content[marker:start].decode("ascii", "replace")
        if 'encoding="base64"' in head:
            body = content[start:content.find(b"</AppendedData>", start)]
            body = body.decode("ascii").strip()
            appended = body[1:] if body.startswith("_") else body
        # Parse only the XML part: the appended section may be raw bytes.
        content = content[:marker] + b"</VTKFile>"
    try:
        root = ET.fromstring(content)
    except ET.ParseError as error:
        raise SnapshotError("%s is not a readable VTK XML file (%s)" % (path, error))
    if root.get("type") != "UnstructuredGrid":
        raise SnapshotError("%s: expected an UnstructuredGrid, found %r"
                            % (path, root.get("type")))
    compressor = root.get("compressor", "")
    if compressor and compressor != "vtkZLibDataCompressor":
        raise SnapshotError("%s: compressor %s is not supported" % (path, compressor))
    file_info = {
        "path": path,
        "header_type": np.uint64 if root.get("header_type") == "UInt64" else np.uint32,
        "compressed": bool(compressor),
        "appended": appended,
    }

    all_points, all_types, all_connectivity, all_offsets = [], [], [], []
    point_data = {}
    n_points_so_far = 0
    for piece in root.iter("Piece"):
        points = _read_data_array(piece.find("Points/DataArray"), file_info)
        points = np.asarray(points, dtype=np.float64).reshape(-1, 3)
        cells = {a.get("Name"): _read_data_array(a, file_info)
                 for a in piece.findall("Cells/DataArray")}
        all_points.append(points)
        all_connectivity.append(cells["connectivity"].astype(np.int64) + n_points_so_far)
        all_offsets.append(cells["offsets"].astype(np.int64))
        all_types.append(cells["types"].astype(np.int64))
        for array in piece.findall("PointData/DataArray"):
            point_data.setdefault(array.get("Name"), []).append(
                np.asarray(_read_data_array(array, file_info), dtype=np.float64))
        n_points_so_far += len(points)

    # Per piece: connectivity, and start and size of each cell's vertex list.
    connectivity, types = [], []
    for c, o, t in zip(all_connectivity, all_offsets, all_types):
        starts = np.concatenate([[0], o[:-1]])
        connectivity.append((c, starts, o - starts))
        types.append(t)
    types = np.concatenate(types) if types else np.zeros(0, dtype=np.int64)
    return {
        "points": np.concatenate(all_points) if all_points else np.zeros((0, 3)),
        "types": types,
        "connectivity": connectivity,
        "point_data": {name: np.concatenate(chunks) for name, chunks in point_data.items()},
    }


def read_pvtu(path):
    """Merge the pieces a .pvtu record lists."""
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as error:
        raise SnapshotError("cannot read %s (%s)" % (path, error))
    sources = [piece.get("Source") for piece in root.iter("Piece")]
    if not sources:
        raise SnapshotError("%s lists no pieces" % path)
    directory = os.path.dirname(path)
    pieces = []
    for source in sources:
        piece_path = os.path.join(directory, source)
        if not os.path.exists(piece_path):
            raise SnapshotError("%s names the piece %s, which does not exist"
                                % (path, piece_path))
        pieces.append(read_vtu(piece_path))
    return merge_pieces(pieces)


def merge_pieces(pieces):
    points, point_data, cells, offset = [], {}, [], 0
    for piece in pieces:
        points.append(piece["points"])
        for name, values in piece["point_data"].items():
            point_data.setdefault(name, []).append(values)
        types = piece["types"]
        index = 0
        for connectivity, starts, sizes in piece["connectivity"]:
            for t in np.unique(types[index:index + len(starts)]):
                mask = types[index:index + len(starts)] == t
                size = np.unique(sizes[mask])
                if len(size) != 1:
                    raise SnapshotError("cells of type %d with different sizes" % t)
                vertex = starts[mask][:, None] + np.arange(size[0])[None, :]
                cells.append((int(t), connectivity[vertex] + offset))
            index += len(starts)
        offset += len(piece["points"])
    return {
        "points": np.concatenate(points),
        "cells": cells,
        "point_data": {n: np.concatenate(v) for n, v in point_data.items()},
    }


def resolve_input(path, index):
    """The .pvtu to read and its time (None if unknown)."""
    if path.endswith(".pvd"):
        try:
            root = ET.parse(path).getroot()
        except (OSError, ET.ParseError) as error:
            raise SnapshotError("cannot read %s (%s)" % (path, error))
        datasets = list(root.iter("DataSet"))
        if not datasets:
            raise SnapshotError("%s lists no data sets" % path)
        try:
            dataset = datasets[index if index is not None else -1]
        except IndexError:
            raise SnapshotError("%s has %d data sets (0..%d); --index %d is out of range"
                                % (path, len(datasets), len(datasets) - 1, index))
        time = dataset.get("timestep")
        return (os.path.join(os.path.dirname(path), dataset.get("file")),
                float(time) if time is not None else None)
    if index is not None:
        raise SnapshotError("--index only applies to a .pvd series")
    return path, None


def read_time_from_vtu(pvtu_path):
    """TIME field data of the first piece (deal.II writes it), or None."""
    try:
        root = ET.parse(pvtu_path).getroot()
        source = next(root.iter("Piece")).get("Source")
        with open(os.path.join(os.path.dirname(pvtu_path), source), "rb") as stream:
            head = stream.read(4096).decode("ascii", "replace")
        match = re.search(r'Name="TIME"[^>]*format="ascii">\s*([-+0-9.eE]+)', head)
        return float(match.group(1)) if match else None
    except (OSError, ET.ParseError, StopIteration):
        return None


# --------------------------------------------------------------------------
# Geometry: DeadLi meshes are made of axis-aligned boxes
# --------------------------------------------------------------------------

def boxes(mesh):
    """Lower/upper corners (n x dim) and corner values (n x 2 x ... x 2) of every cell.

    Corner values are indexed by [cell, i_x, i_y(, i_z)] with i = 0 at the
    lower and 1 at the upper end of the box; values inside a box follow by
    (bi/tri)linear interpolation, which is exact for deal.II's Q1 patches.
    """
    points = mesh["points"]
    cells = [c for t, c in mesh["cells"]
             if t in (VTK_QUAD, VTK_HEXAHEDRON, VTK_PIXEL, VTK_VOXEL)]
    if not cells:
        raise SnapshotError("no quadrilateral or hexahedral cells found")
    vertices = np.concatenate(cells)
    dim = 3 if vertices.shape[1] == 8 else 2
    if dim == 2 and vertices.shape[1] != 4:
        raise SnapshotError("cells with %d vertices are not supported" % vertices.shape[1])
    coordinates = points[vertices][:, :, :dim]          # cell x vertex x dim
    lower = coordinates.min(axis=1)
    upper = coordinates.max(axis=1)
    extent = upper - lower
    if np.any(extent <= 0):
        raise SnapshotError("degenerate cells")
    # Which corner of its box each vertex is; checks that the cells are boxes.
    relative = (coordinates - lower[:, None, :]) / extent[:, None, :]
    corner = np.rint(relative).astype(int)
    if np.max(np.abs(relative - corner)) > 1e-4:
        raise SnapshotError("the cells are not axis-aligned boxes; "
                            "use ParaView for curved or distorted meshes")
    flat = corner[:, :, 0] + 2 * corner[:, :, 1] + (4 * corner[:, :, 2] if dim == 3 else 0)
    if np.any(np.sort(flat, axis=1) != np.arange(2 ** dim)[None, :]):
        raise SnapshotError("cells whose vertices are not the corners of a box")
    order = np.argsort(flat, axis=1)                       # vertex for corner k
    corner_vertices = np.take_along_axis(vertices, order, axis=1)
    return dim, lower, upper, corner_vertices


def corner_values(corner_vertices, values, dim):
    """Values at the box corners, shaped [cell, i_x, i_y(, i_z)]."""
    v = values[corner_vertices]
    # flat index k = i_x + 2 i_y + 4 i_z -> reshape gives [.., i_z, i_y, i_x]
    v = v.reshape((-1,) + (2,) * dim)
    return np.transpose(v, (0,) + tuple(range(dim, 0, -1)))


def quads_to_triangulation(x0, x1, y0, y1, values):
    """Triangulate axis-aligned quads with corner values [n, 2, 2] (i_x, i_y).

    Each quad is split into 2 x 2 sub-quads whose mid-point values follow by
    bilinear interpolation, then every sub-quad into two triangles.
    Coincident points of neighbouring quads are merged so that contour lines
    run through.
    """
    s = np.linspace(0., 1., 3)
    sx, sy = np.meshgrid(s, s, indexing="ij")               # 3 x 3
    px = x0[:, None, None] + (x1 - x0)[:, None, None] * sx[None]
    py = y0[:, None, None] + (y1 - y0)[:, None, None] * sy[None]
    v = (values[:, 0, 0, None, None] * (1 - sx) * (1 - sy)
         + values[:, 1, 0, None, None] * sx * (1 - sy)
         + values[:, 0, 1, None, None] * (1 - sx) * sy
         + values[:, 1, 1, None, None] * sx * sy)
    n = len(x0)
    local = np.arange(9).reshape(3, 3)
    triangles = []
    for i in range(2):
        for j in range(2):
            a, b = local[i, j], local[i + 1, j]
            c, d = local[i + 1, j + 1], local[i, j + 1]
            triangles += [(a, b, c), (a, c, d)]
    triangles = (np.arange(n)[:, None, None] * 9 + np.array(triangles)[None]).reshape(-1, 3)
    xy = np.column_stack([px.reshape(-1), py.reshape(-1)])
    scale = max(np.ptp(xy[:, 0]), np.ptp(xy[:, 1]), 1e-300)
    key = np.rint(xy / (scale * 1e-9)).astype(np.int64)
    _, first, inverse = np.unique(key, axis=0, return_index=True, return_inverse=True)
    inverse = inverse.reshape(-1)
    merged_values = np.zeros(len(first))
    counts = np.zeros(len(first))
    np.add.at(merged_values, inverse, v.reshape(-1))
    np.add.at(counts, inverse, 1.)
    return Triangulation(xy[first, 0], xy[first, 1], inverse[triangles]), merged_values / counts


# --------------------------------------------------------------------------
# 3D: slice and deposit height
# --------------------------------------------------------------------------

def slice_at_y(lower, upper, values, y):
    """Cells cut by the plane y = const: x-z boxes and their corner values [n, i_x, i_z]."""
    y_max = upper[:, 1].max()
    cut = (lower[:, 1] <= y) & ((upper[:, 1] > y) | ((y >= y_max) & (upper[:, 1] >= y)))
    t = ((y - lower[cut, 1]) / (upper[cut, 1] - lower[cut, 1]))[:, None, None]
    v = values[cut]
    on_plane = (1 - t) * v[:, :, 0, :] + t * v[:, :, 1, :]
    return lower[cut][:, [0, 2]], upper[cut][:, [0, 2]], on_plane


def deposit_height(lower, upper, xi, resolution):
    """Height of the highest xi = 0.5 crossing in each (x, y) column.

    Returns the x and y sample coordinates and the height (NaN where a
    column has no crossing).
    """
    x = np.linspace(lower[:, 0].min(), upper[:, 0].max(), resolution + 1)
    y = np.linspace(lower[:, 1].min(), upper[:, 1].max(), resolution + 1)
    xc, yc = 0.5 * (x[1:] + x[:-1]), 0.5 * (y[1:] + y[:-1])
    height = np.full((resolution, resolution), np.nan)
    for c in range(len(lower)):
        i0, i1 = np.searchsorted(xc, [lower[c, 0], upper[c, 0]])
        j0, j1 = np.searchsorted(yc, [lower[c, 1], upper[c, 1]])
        if i0 >= i1 or j0 >= j1:
            continue
        sx = ((xc[i0:i1] - lower[c, 0]) / (upper[c, 0] - lower[c, 0]))[:, None]
        sy = ((yc[j0:j1] - lower[c, 1]) / (upper[c, 1] - lower[c, 1]))[None, :]
        v = xi[c]
        bottom = ((1 - sx) * (1 - sy) * v[0, 0, 0] + sx * (1 - sy) * v[1, 0, 0]
                  + (1 - sx) * sy * v[0, 1, 0] + sx * sy * v[1, 1, 0])
        top = ((1 - sx) * (1 - sy) * v[0, 0, 1] + sx * (1 - sy) * v[1, 0, 1]
               + (1 - sx) * sy * v[0, 1, 1] + sx * sy * v[1, 1, 1])
        crossing = (bottom - 0.5) * (top - 0.5) <= 0
        crossing &= bottom != top
        with np.errstate(divide="ignore", invalid="ignore"):
            z = lower[c, 2] + (0.5 - bottom) / (top - bottom) * (upper[c, 2] - lower[c, 2])
        z = np.where(crossing, z, np.nan)
        block = height[i0:i1, j0:j1]
        height[i0:i1, j0:j1] = np.fmax(block, z)
    return x, y, height


# --------------------------------------------------------------------------
# Figures
# --------------------------------------------------------------------------

def field_limits(name, values):
    if name == PHASE_FIELD:
        return 0., 1.
    low, high = float(np.nanmin(values)), float(np.nanmax(values))
    if high - low < 1e-12 * max(1., abs(high)):
        low, high = low - 0.5 * max(abs(low), 1e-3), high + 0.5 * max(abs(high), 1e-3)
    return low, high


def draw_field(axes, figure, triangulation, values, xi_values, name, extent):
    """Colour plot of one field with the xi = 0.5 line.

    Physical fields other than xi are shown in the electrolyte only: inside
    the metal c and phi are numerical extensions (the salt held by the
    electrolyte-fraction floor, the potential of a near-insulator) and would
    dominate the colour range.  The metal (xi > 0.5) is covered in grey, and
    the colour range is taken from the electrolyte.
    """
    mask_metal = name not in (PHASE_FIELD, "subdomain") and \
        np.nanmin(xi_values) < 0.5 < np.nanmax(xi_values)
    if mask_metal:
        electrolyte = xi_values < 0.5
        low, high = field_limits(name, values[electrolyte])
    elif name == "subdomain":
        low, high = -0.5, max(float(np.nanmax(values)), 0.) + 0.5
    else:
        low, high = field_limits(name, values)
    if name == "subdomain":
        # A cell property: one flat colour per rank (merged points on rank
        # boundaries carry averages, so round the triangle means).
        n_ranks = int(high + 0.5)
        ranks = np.rint(values[triangulation.triangles].mean(axis=1))
        colours = (ListedColormap(plt.get_cmap("tab10").colors[:max(n_ranks, 1)])
                   if n_ranks <= 10 else "viridis")
        image = axes.tripcolor(triangulation, facecolors=ranks, cmap=colours,
                               vmin=low, vmax=high, rasterized=True)
    else:
        image = axes.tripcolor(triangulation, values, shading="gouraud",
                               cmap=FIELD_COLOURMAPS.get(name, "viridis"),
                               vmin=low, vmax=high, rasterized=True)
    if mask_metal:
        axes.tricontourf(triangulation, xi_values, levels=[0.5, 2.0], colors=["0.82"])
    if np.nanmin(xi_values) < 0.5 < np.nanmax(xi_values):
        axes.tricontour(triangulation, xi_values, levels=[0.5], colors="black",
                        linewidths=1.0)
    axes.set_xlim(extent[0], extent[1])
    axes.set_ylim(extent[2], extent[3])
    axes.set_aspect("equal")
    bar = figure.colorbar(image, ax=axes, shrink=0.85, pad=0.03)
    bar.set_label(FIELD_LABELS.get(name, name))
    if name == "subdomain":
        bar.set_ticks(np.arange(0, int(high) + 1))


def time_label(time):
    if time is None:
        return ""
    if time >= 7200:
        return "t = %.3g h" % (time / 3600.)
    return "t = %.4g s" % time


def render_3d(mesh, field, output, time, slice_y, resolution, title):
    dim, lower, upper, corners = boxes(mesh)
    xi = corner_values(corners, mesh["point_data"][PHASE_FIELD], dim)
    values = corner_values(corners, mesh["point_data"][field], dim)
    x, y, height = deposit_height(lower, upper, xi, resolution)

    domain_lower, domain_upper = lower.min(axis=0), upper.max(axis=0)
    if slice_y is None:
        if np.all(np.isnan(height)):
            slice_y = 0.5 * (domain_lower[1] + domain_upper[1])
        else:
            column = np.unravel_index(np.nanargmax(height), height.shape)
            slice_y = 0.5 * (y[column[1]] + y[column[1] + 1])
    if not domain_lower[1] <= slice_y <= domain_upper[1]:
        raise SnapshotError("--slice-y %g lies outside the domain (%g, %g)"
                            % (slice_y, domain_lower[1], domain_upper[1]))

    slice_lower, slice_upper, xi_slice = slice_at_y(lower, upper, xi, slice_y)
    _, _, field_slice = slice_at_y(lower, upper, values, slice_y)
    triangulation, xi_on_slice = quads_to_triangulation(
        slice_lower[:, 0], slice_upper[:, 0], slice_lower[:, 1], slice_upper[:, 1], xi_slice)
    _, field_on_slice = quads_to_triangulation(
        slice_lower[:, 0], slice_upper[:, 0], slice_lower[:, 1], slice_upper[:, 1],
        field_slice)

    extent = [domain_lower[0], domain_upper[0], domain_lower[2], domain_upper[2]]

    width = domain_upper[0] - domain_lower[0]
    depth = domain_upper[2] - domain_lower[2]
    panel_height = 3.6 * min(max(depth / width, 0.5), 1.6)
    figure, axes = plt.subplots(1, 3, figsize=(15.5, panel_height + 1.0),
                                constrained_layout=True)
    draw_field(axes[0], figure, triangulation, xi_on_slice, xi_on_slice,
               PHASE_FIELD, extent)
    axes[0].set_title("slice y = %.3g µm: Li metal (black: $\\xi$ = 0.5)" % slice_y)
    draw_field(axes[1], figure, triangulation, field_on_slice, xi_on_slice, field, extent)
    axes[1].set_title("slice y = %.3g µm: %s%s" % (
        slice_y, FIELD_LABELS.get(field, field),
        "" if field in (PHASE_FIELD, "subdomain") else " (grey: metal)"))
    for a in axes[:2]:
        a.set_xlabel("x [µm]")
        a.set_ylabel("z (height above collector) [µm]")

    finite = height[np.isfinite(height)]
    if finite.size:
        image = axes[2].pcolormesh(x, y, height.T, cmap="cividis", shading="flat",
                                   rasterized=True)
        bar = figure.colorbar(image, ax=axes[2], shrink=0.85, pad=0.03)
        bar.set_label("deposit height ($\\xi$ = 0.5) [µm]")
        axes[2].set_title("top view: height of $\\xi$ = 0.5, %.3g to %.3g µm"
                          % (finite.min(), finite.max()))
    else:
        axes[2].set_title("no Li metal surface ($\\xi$ = 0.5) in the domain")
    axes[2].axhline(slice_y, color="white", linestyle="--", linewidth=1.0)
    axes[2].set_xlim(domain_lower[0], domain_upper[0])
    axes[2].set_ylim(domain_lower[1], domain_upper[1])
    axes[2].set_aspect("equal")
    axes[2].set_xlabel("x [µm]")
    axes[2].set_ylabel("y [µm]")
    suptitle = title if title is not None else "DeadLi 3D"
    label = time_label(time)
    figure.suptitle(suptitle + (", " + label if label else ""))
    figure.savefig(output, dpi=110)
    plt.close(figure)


def render_2d(mesh, field, output, time, title):
    dim, lower, upper, corners = boxes(mesh)
    xi = corner_values(corners, mesh["point_data"][PHASE_FIELD], dim)
    values = corner_values(corners, mesh["point_data"][field], dim)
    triangulation, xi_values = quads_to_triangulation(
        lower[:, 0], upper[:, 0], lower[:, 1], upper[:, 1], xi)
    _, field_values = quads_to_triangulation(
        lower[:, 0], upper[:, 0], lower[:, 1], upper[:, 1], values)
    extent = [lower[:, 0].min(), upper[:, 0].max(), lower[:, 1].min(), upper[:, 1].max()]
    aspect = (extent[3] - extent[2]) / (extent[1] - extent[0])
    panel_height = 4.5 * min(max(aspect, 0.4), 1.8)
    figure, axes = plt.subplots(1, 2, figsize=(11, panel_height + 1.0),
                                constrained_layout=True)
    draw_field(axes[0], figure, triangulation, xi_values, xi_values, PHASE_FIELD, extent)
    axes[0].set_title("Li metal (black: $\\xi$ = 0.5)")
    draw_field(axes[1], figure, triangulation, field_values, xi_values, field, extent)
    axes[1].set_title(FIELD_LABELS.get(field, field))
    for a in axes:
        a.set_xlabel("x [µm]")
        a.set_ylabel("y (height above collector) [µm]")
    suptitle = title if title is not None else "DeadLi 2D"
    label = time_label(time)
    figure.suptitle(suptitle + (", " + label if label else ""))
    figure.savefig(output, dpi=110)
    plt.close(figure)


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Render a DeadLi .pvtu (or one step of solution.pvd) as a PNG: "
                    "slice and deposit height in 3D, the whole domain in 2D.")
    parser.add_argument("input", help=".pvtu record or .pvd series")
    parser.add_argument("output", help="PNG file to write")
    parser.add_argument("field", nargs="?", default=None,
                        help="field for the second panel (default %s; also phi_V, "
                             "current_density_mA_per_cm2, subdomain)" % DEFAULT_FIELD)
    parser.add_argument("--field", dest="field_option", default=None,
                        help="same as the positional FIELD")
    parser.add_argument("--index", type=int, default=None,
                        help="with a .pvd: which data set (0-based, negative from the "
                             "end; default: the last)")
    parser.add_argument("--slice-y", type=float, default=None,
                        help="3D: y of the vertical slice in µm (default: through "
                             "the tallest point of the deposit)")
    parser.add_argument("--resolution", type=int, default=200,
                        help="3D: samples per lateral direction of the height map")
    parser.add_argument("--title", default=None, help="figure title")
    arguments = parser.parse_intermixed_args(argv)
    field = arguments.field_option or arguments.field or DEFAULT_FIELD

    try:
        pvtu, time = resolve_input(arguments.input, arguments.index)
        if not pvtu.endswith(".pvtu") and pvtu.endswith(".vtu"):
            mesh = merge_pieces([read_vtu(pvtu)])
        else:
            mesh = read_pvtu(pvtu)
        if time is None:
            time = read_time_from_vtu(pvtu) if pvtu.endswith(".pvtu") else None
        available = sorted(mesh["point_data"])
        if PHASE_FIELD not in mesh["point_data"]:
            raise SnapshotError("%s has no field %r (fields: %s)"
                                % (pvtu, PHASE_FIELD, ", ".join(available)))
        if field not in mesh["point_data"]:
            raise SnapshotError("%s has no field %r; choose one of: %s"
                                % (pvtu, field, ", ".join(available)))
        dim = 3 if np.ptp(mesh["points"][:, 2]) > 0 else 2
        directory = os.path.dirname(os.path.abspath(arguments.output))
        os.makedirs(directory, exist_ok=True)
        if dim == 3:
            render_3d(mesh, field, arguments.output, time, arguments.slice_y,
                      arguments.resolution, arguments.title)
        else:
            render_2d(mesh, field, arguments.output, time, arguments.title)
    except SnapshotError as error:
        sys.exit("render_snapshot.py: error: %s" % error)
    print("wrote %s (%s, %dD, %s)" % (arguments.output, os.path.basename(pvtu), dim,
                                      time_label(time) or "time unknown"))


if __name__ == "__main__":
    main()
