#!/usr/bin/env python3
"""Plot a DeadLi statistics.csv: collector potential, current densities and
Li metal capacity against time.

Usage:
    python3 scripts/plot_statistics.py STATISTICS_CSV [OUTPUT_PNG]

OUTPUT_PNG defaults to statistics.png next to the csv.  Time is shown in hours
when the run is longer than 2 h, in seconds otherwise.  The background is
shaded by stage (plate / strip / rest).

Needs matplotlib (Debian: python3-matplotlib, installed for /usr/bin/python3).
"""

import csv
import math
import os
import sys

TIME = "time [s]"
STAGE = "stage"
POTENTIAL = "collector potential [V]"
APPLIED = "applied current density [mA/cm2]"
CELL = "cell current density [mA/cm2]"
CAPACITY = "Li metal capacity [mAh/cm2]"

STAGE_COLOURS = {"plate": "tab:blue", "strip": "tab:orange", "rest": "tab:gray"}


def import_pyplot():
    """Import matplotlib.pyplot with the Agg backend.

    If this interpreter has no matplotlib (e.g. a pyenv or venv python3 first
    on PATH) but Debian's /usr/bin/python3 exists, run this script again with
    that one, which is where python3-matplotlib installs.
    """
    try:
        import matplotlib
    except ImportError:
        system_python = "/usr/bin/python3"
        if (os.path.exists(system_python)
                and os.path.realpath(sys.executable) != os.path.realpath(system_python)
                and not os.environ.get("DEADLI_PLOT_REEXEC")):
            os.environ["DEADLI_PLOT_REEXEC"] = "1"
            os.execv(system_python, [system_python] + sys.argv)
        sys.exit("plot_statistics.py: matplotlib not found "
                 "(Debian: apt-get install python3-matplotlib)")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    return plt


def to_float(text):
    try:
        return float(text)
    except (TypeError, ValueError):
        return math.nan


def read_statistics(path):
    """Return (header, dict column name -> list of values).

    Numeric columns are lists of float (nan where a cell is empty or not a
    number); the stage column stays a list of str.
    """
    with open(path, newline="") as f:
        reader = csv.reader(f)
        try:
            header = [name.strip() for name in next(reader)]
        except StopIteration:
            sys.exit(f"plot_statistics.py: {path} is empty")
        rows = [row for row in reader if row and any(cell.strip() for cell in row)]

    if not rows:
        sys.exit(f"plot_statistics.py: {path} has a header but no data rows yet")

    columns = {}
    for index, name in enumerate(header):
        cells = [row[index].strip() if index < len(row) else "" for row in rows]
        columns[name] = cells if name == STAGE else [to_float(c) for c in cells]
    return header, columns


def stage_intervals(time, stages):
    """Contiguous (start, end, stage) runs of equal stage along time.

    A run ends where the next one starts, so the shading has no gaps.
    """
    intervals = []
    start = 0
    for i in range(1, len(time) + 1):
        if i == len(time) or stages[i] != stages[start]:
            end = time[i] if i < len(time) else time[-1]
            intervals.append((time[start], end, stages[start]))
            start = i
    return intervals


def main(argv):
    if len(argv) not in (2, 3) or argv[1] in ("-h", "--help"):
        print(__doc__.strip(), file=sys.stderr)
        return 2

    csv_path = argv[1]
    png_path = argv[2] if len(argv) == 3 else os.path.join(
        os.path.dirname(os.path.abspath(csv_path)), "statistics.png")

    header, columns = read_statistics(csv_path)
    if TIME not in columns:
        sys.exit(f"plot_statistics.py: no '{TIME}' column in {csv_path}; "
                 f"columns are: {', '.join(header)}")

    plt = import_pyplot()

    time_s = columns[TIME]
    finite_times = [t for t in time_s if math.isfinite(t)]
    in_hours = bool(finite_times) and max(finite_times) > 2 * 3600.0
    scale, time_label = (1 / 3600.0, "time [h]") if in_hours else (1.0, "time [s]")
    time = [t * scale for t in time_s]

    # Markers make a short run (even a single step) visible.
    style = {"marker": "o", "markersize": 3} if len(time) < 30 else {}

    fig, axes = plt.subplots(3, 1, sharex=True, figsize=(8, 8), constrained_layout=True)

    def plot(ax, column, **kwargs):
        if column in columns:
            ax.plot(time, columns[column], **style, **kwargs)
            return True
        ax.text(0.5, 0.5, f"no column '{column}'", ha="center", va="center",
                transform=ax.transAxes)
        return False

    plot(axes[0], POTENTIAL, color="black")
    axes[0].set_ylabel("collector\npotential [V]")

    plotted = plot(axes[1], APPLIED, color="tab:red", linestyle="--", label="applied")
    plotted = plot(axes[1], CELL, color="tab:green", label="cell") or plotted
    axes[1].set_ylabel("current density\n[mA/cm²]")
    if plotted:
        axes[1].legend(loc="best", fontsize="small")

    plot(axes[2], CAPACITY, color="tab:purple")
    axes[2].set_ylabel("Li metal\ncapacity [mAh/cm²]")
    axes[2].set_xlabel(time_label)

    # Shade the stages so plating and stripping are told apart at a glance.
    if STAGE in columns and len(time) > 1:
        from matplotlib.patches import Patch

        handles = {}
        for start, end, stage in stage_intervals(time, columns[STAGE]):
            if not (math.isfinite(start) and math.isfinite(end)) or end <= start:
                continue
            colour = STAGE_COLOURS.get(stage.lower(), "tab:olive")
            for ax in axes:
                ax.axvspan(start, end, color=colour, alpha=0.08, linewidth=0)
            handles.setdefault(stage, Patch(color=colour, alpha=0.3, label=stage))
        if handles:
            axes[0].legend(handles=list(handles.values()), loc="best",
                           fontsize="small", title="stage")

    for ax in axes:
        ax.grid(True, alpha=0.3)

    fig.suptitle(os.path.basename(os.path.dirname(os.path.abspath(csv_path))) or csv_path)
    fig.savefig(png_path, dpi=150)
    print(f"wrote {png_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
