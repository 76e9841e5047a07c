#!/usr/bin/env python3
"""Plot a DeadLi statistics.csv: collector potential, current densities, Li
metal capacity and the lithium inventory (active Li0, dead Li0, SEI Li+ and
the number of dead fragments) against time.  If a cycles.csv lies next to
the statistics.csv, also plot the Coulombic efficiency and the split of the
lost lithium per cycle.

Usage:
    python3 scripts/plot_statistics.py STATISTICS_CSV [OUTPUT_PNG]

OUTPUT_PNG defaults to statistics.png next to the csv.  Time is shown in hours
when the run is longer than 2 h, in seconds otherwise.  The background is
shaded by stage (plate / strip / rest).  Columns a csv does not have (e.g. the
inventory columns in the statistics.csv of an older run) leave a note in their
panel instead of a curve.

If the directory of STATISTICS_CSV contains a cycles.csv (one row per finished
cycle), cycles.png is written next to OUTPUT_PNG:
  top     Coulombic efficiency [%] per cycle, with a 100 % reference line;
  bottom  the loss (plated - stripped) of each cycle as stacked bars: dead Li0
          formed, SEI Li+ formed and the rest ("active Li0 left / other"),
          with the cumulative dead Li0 and SEI Li+ as lines, in mAh/cm2.
A cycles.csv without rows yet (first cycle still running) is skipped.

Needs matplotlib (Debian: python3-matplotlib, installed for /usr/bin/python3).
"""

import csv
import math
import os
import sys

# statistics.csv
TIME = "time [s]"
STAGE = "stage"
POTENTIAL = "collector potential [V]"
APPLIED = "applied current density [mA/cm2]"
CELL = "cell current density [mA/cm2]"
CAPACITY = "Li metal capacity [mAh/cm2]"
ACTIVE = "active Li0 [mAh/cm2]"
DEAD = "dead Li0 [mAh/cm2]"
SEI = "SEI Li+ [mAh/cm2]"
FRAGMENTS = "dead fragments"

# cycles.csv (also has DEAD and SEI: the cumulative amounts at the cycle end)
CYCLE = "cycle"
EFFICIENCY = "Coulombic efficiency [%]"
LOSS = "loss [mAh/cm2]"
DEAD_FORMED = "dead Li0 formed [mAh/cm2]"
SEI_FORMED = "SEI Li+ formed [mAh/cm2]"

STAGE_COLOURS = {"plate": "tab:blue", "strip": "tab:orange", "rest": "tab:gray"}
ACTIVE_COLOUR = "tab:green"
DEAD_COLOUR = "black"
SEI_COLOUR = "tab:brown"
OTHER_COLOUR = "tab:olive"
FRAGMENTS_COLOUR = "tab:red"


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


def read_table(path):
    """Return (header, dict column name -> list of values) of a csv file.

    Numeric columns are lists of float (nan where a cell is empty or not a
    number); the stage column stays a list of str.  Without a header the
    header is empty; without data rows the columns are empty lists.
    """
    with open(path, newline="") as f:
        reader = csv.reader(f)
        try:
            header = [name.strip() for name in next(reader)]
        except StopIteration:
            return [], {}
        rows = [row for row in reader if row and any(cell.strip() for cell in row)]

    columns = {}
    for index, name in enumerate(header):
        cells = [row[index].strip() if index < len(row) else "" for row in rows]
        columns[name] = cells if name == STAGE else [to_float(c) for c in cells]
    return header, columns


def read_statistics(path):
    """read_table() that stops with a message on an empty file."""
    header, columns = read_table(path)
    if not header:
        sys.exit(f"plot_statistics.py: {path} is empty")
    if not columns[header[0]]:
        sys.exit(f"plot_statistics.py: {path} has a header but no data rows yet")
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


def note_missing(ax, names, y=0.5):
    """Say in the panel which columns the csv does not have."""
    if names:
        ax.text(0.5, y, "\n".join(f"no column '{name}'" for name in names),
                ha="center", va="center", transform=ax.transAxes)


def plot_statistics(plt, csv_path, png_path, columns):
    time_s = columns[TIME]
    finite_times = [t for t in time_s if math.isfinite(t)]
    in_hours = bool(finite_times) and max(finite_times) > 2 * 3600.0
    scale, time_label = (1 / 3600.0, "time [h]") if in_hours else (1.0, "time [s]")
    time = [t * scale for t in time_s]

    # Markers make a short run (even a single step) visible.
    style = {"marker": "o", "markersize": 3} if len(time) < 30 else {}

    fig, axes = plt.subplots(4, 1, sharex=True, figsize=(8, 10.5),
                             constrained_layout=True)

    def plot(ax, column, **kwargs):
        if column in columns:
            ax.plot(time, columns[column], **style, **kwargs)
            return True
        note_missing(ax, [column])
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

    # Lithium inventory, stacked so that the top edge is all the lithium at
    # the negative electrode: dead Li0 at the bottom, SEI Li+ on it, active
    # Li0 on top; and into how many dead pieces the metal has broken (right
    # axis).
    inventory = axes[3]
    handles = []
    base = [0.0] * len(time)
    for column, label, colour in ((DEAD, "dead Li⁰", DEAD_COLOUR),
                                  (SEI, "SEI Li⁺", SEI_COLOUR),
                                  (ACTIVE, "active Li⁰", ACTIVE_COLOUR)):
        if column in columns:
            top = [b + v for b, v in zip(base, columns[column])]
            handles.append(inventory.fill_between(
                time, base, top, color=colour, alpha=0.45, linewidth=0,
                label=label))
            inventory.plot(time, top, color=colour, linewidth=1)
            base = top
    if handles:
        finite = [v for v in base if math.isfinite(v)]
        # Headroom for the legend above the curves.
        inventory.set_ylim(0, max(finite + [0]) * 1.3 or 1)
    if FRAGMENTS in columns:
        fragments = inventory.twinx()
        handles += fragments.plot(time, columns[FRAGMENTS], color=FRAGMENTS_COLOUR,
                                  linewidth=1.5, drawstyle="steps-post",
                                  label="dead fragments (right axis)")
        fragments.set_ylabel("dead fragments", color=FRAGMENTS_COLOUR)
        fragments.tick_params(axis="y", colors=FRAGMENTS_COLOUR)
        from matplotlib.ticker import MaxNLocator
        fragments.yaxis.set_major_locator(MaxNLocator(integer=True))
        finite = [n for n in columns[FRAGMENTS] if math.isfinite(n)]
        fragments.set_ylim(0, max(finite + [0]) * 1.3 + 1)
    note_missing(inventory, [c for c in (ACTIVE, DEAD, SEI, FRAGMENTS)
                             if c not in columns])
    inventory.set_ylabel("Li inventory, stacked\n[mAh/cm²]")
    inventory.set_xlabel(time_label)
    if handles:
        inventory.legend(handles=handles, loc="upper left", fontsize="small",
                         ncol=len(handles))

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

    fig.suptitle(run_title(csv_path))
    fig.savefig(png_path, dpi=150)
    plt.close(fig)
    print(f"wrote {png_path}")


def stacked_bars(ax, x, parts, width):
    """Bars of several parts per x, stacked away from zero: positive parts
    upwards, negative ones downwards, so that mixed signs do not overlap.
    Returns the legend handles."""
    up = [0.0] * len(x)
    down = [0.0] * len(x)
    handles = []
    for values, label, colour in parts:
        bottoms = []
        heights = []
        for i, value in enumerate(values):
            value = value if math.isfinite(value) else 0.0
            if value >= 0:
                bottoms.append(up[i])
                up[i] += value
            else:
                bottoms.append(down[i])
                down[i] += value
            heights.append(value)
        handles.append(ax.bar(x, heights, width, bottom=bottoms, color=colour,
                              alpha=0.6, label=label, edgecolor="white",
                              linewidth=0.5))
    return handles


def plot_cycles(plt, cycles_path, png_path, title):
    """cycles.png from cycles.csv; returns False if there is nothing to plot."""
    header, columns = read_table(cycles_path)
    if not header or CYCLE not in columns or not columns[CYCLE]:
        print(f"plot_statistics.py: {cycles_path} has no finished cycle yet; "
              "no cycles plot", file=sys.stderr)
        return False

    from matplotlib.ticker import MaxNLocator

    cycles = columns[CYCLE]
    n = len(cycles)
    style = {"marker": "o", "markersize": 5}

    fig, (top, bottom) = plt.subplots(2, 1, sharex=True, figsize=(9, 7),
                                      constrained_layout=True)

    # Coulombic efficiency, always with 100 % in view.
    top.axhline(100.0, color="tab:gray", linestyle="--", linewidth=1,
                label="100 %")
    if EFFICIENCY in columns:
        efficiency = columns[EFFICIENCY]
        top.plot(cycles, efficiency, color="tab:blue",
                 label="Coulombic efficiency", **style)
        finite = [e for e in efficiency if math.isfinite(e)] + [100.0]
        low, high = min(finite), max(finite)
        pad = max(0.1 * (high - low), 0.5)
        top.set_ylim(low - pad, high + pad)
        if n <= 15:
            for c, e in zip(cycles, efficiency):
                if math.isfinite(c) and math.isfinite(e):
                    top.annotate(f"{e:.1f} %", (c, e), textcoords="offset points",
                                 xytext=(0, -14), ha="center", fontsize="small")
        top.legend(loc="best", fontsize="small")
    else:
        note_missing(top, [EFFICIENCY])
    top.set_ylabel("Coulombic\nefficiency [%]")

    # Where the lost lithium went: per-cycle bars on the left axis; the
    # cumulative amounts, which outgrow the bars over many cycles, as lines on
    # the right axis.
    handles = []
    missing = [c for c in (LOSS, DEAD_FORMED, SEI_FORMED) if c not in columns]
    if not missing:
        rest = [loss - dead - sei for loss, dead, sei in
                zip(columns[LOSS], columns[DEAD_FORMED], columns[SEI_FORMED])]
        handles += stacked_bars(bottom, cycles, [
            (columns[DEAD_FORMED], "dead Li⁰ formed", DEAD_COLOUR),
            (columns[SEI_FORMED], "SEI Li⁺ formed", SEI_COLOUR),
            (rest, "active Li⁰ left / other", OTHER_COLOUR)], width=0.6)
        # The loss as a bar-wide mark: the top of the stack if all parts
        # are positive.
        handles.append(bottom.hlines(
            columns[LOSS], [c - 0.36 for c in cycles], [c + 0.36 for c in cycles],
            color="tab:red", linewidth=2, label="loss = plated − stripped"))
    cumulative = [c for c in (DEAD, SEI) if c in columns]
    missing += [c for c in (DEAD, SEI) if c not in columns]
    if cumulative:
        right = bottom.twinx()
        for column, label, colour in ((DEAD, "dead Li⁰, cumulative (right)", DEAD_COLOUR),
                                      (SEI, "SEI Li⁺, cumulative (right)", SEI_COLOUR)):
            if column in columns:
                handles += right.plot(cycles, columns[column], color=colour,
                                      linestyle="--", marker="D", markersize=6,
                                      markeredgecolor="white", label=label)
        right.set_ylabel("cumulative [mAh/cm²]")
    note_missing(bottom, missing, y=0.5)
    bottom.axhline(0.0, color="black", linewidth=0.8)
    bottom.set_ylabel("lost Li per cycle\n[mAh/cm²]")
    bottom.set_xlabel("cycle")

    # Zero at the same height on both axes, and the same scale on both unless
    # the cumulative amounts are much larger than the bars; headroom for the
    # legend on top.
    def extent(ax):
        low, high = ax.get_ylim()
        return min(low, 0.0), max(high, 0.0)
    low, high = extent(bottom)
    high = high if high > 0 else 1.0
    scale = 1.0
    if cumulative:
        right_low, right_high = extent(right)
        scale = max(right_high / high, -right_low / low if low < 0 else 0.0)
        if scale <= 3.0:
            high, low, scale = high * max(scale, 1.0), low * max(scale, 1.0), 1.0
        right.set_ylim(low * scale, high * scale * 1.5)
    bottom.set_ylim(low, high * 1.5)
    if handles:
        bottom.legend(handles=handles, loc="upper left", fontsize="small", ncol=3)

    finite_cycles = [c for c in cycles if math.isfinite(c)]
    if finite_cycles:
        if len(finite_cycles) <= 20:
            bottom.set_xticks(sorted(set(int(round(c)) for c in finite_cycles)))
        else:
            bottom.xaxis.set_major_locator(MaxNLocator(integer=True))
        bottom.set_xlim(min(finite_cycles) - 0.6, max(finite_cycles) + 0.6)

    for ax in (top, bottom):
        ax.grid(True, alpha=0.3)
    bottom.grid(False, axis="x")

    fig.suptitle(f"{title}: per cycle" if title else "per cycle")
    fig.savefig(png_path, dpi=150)
    plt.close(fig)
    print(f"wrote {png_path}")
    return True


def run_title(csv_path):
    return os.path.basename(os.path.dirname(os.path.abspath(csv_path))) or csv_path


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
    plot_statistics(plt, csv_path, png_path, columns)

    cycles_csv = os.path.join(os.path.dirname(os.path.abspath(csv_path)), "cycles.csv")
    if os.path.isfile(cycles_csv):
        cycles_png = os.path.join(os.path.dirname(os.path.abspath(png_path)), "cycles.png")
        if os.path.abspath(png_path) == cycles_png:
            print(f"plot_statistics.py: {png_path} is where the cycles plot "
                  "would go; no cycles plot", file=sys.stderr)
        else:
            plot_cycles(plt, cycles_csv, cycles_png, run_title(csv_path))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
