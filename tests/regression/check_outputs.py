#!/usr/bin/env python3
"""Check the output files of a DeadLi run (standard library only).

Usage: check_outputs.py DEADLI MPIEXEC SOURCE_DIR OUTPUT_DIR N_RANKS

  * statistics.csv has exactly the documented columns, in order, a value in
    every column of every row and no NaN or inf; steps count up from 0, time
    increases by dt;
  * under galvanostatic control the cell current equals the applied current
    to 1e-6 relative in every plate/strip row after the initial one, up to
    the step-to-step change of the SEI current (the metal follows the set
    current minus the previous step's SEI current);
  * the Li balance error, the residue of the potential's Newton tolerance,
    stays below 1e-8 of the Li metal, VALIDATION.md's bound (6.8e-10
    measured on partition and 2.1e-10 on dead_li_3d with 1e-7 V; round-off
    with the earlier 1e-10 V);
  * cycles.csv has the documented columns and one row per cycle;
  * parameters.prm exists and passes 'deadli --validate' (which writes
    nothing);
  * solution.pvd exists, every .pvtu it references exists (and no other
    solution_*.pvtu), every .vtu piece of each .pvtu exists, one per rank;
  * no temporary '*.partial' file is left anywhere in OUTPUT_DIR.
Prints every check; exits 1 if any fails.
"""

import csv
import math
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ElementTree

COLUMNS = [
    "time [s]", "step", "cycle", "stage", "dt [s]",
    "applied current density [mA/cm2]", "cell current density [mA/cm2]",
    "collector potential [V]", "Li metal volume [um3]",
    "Li metal capacity [mAh/cm2]", "charge passed [mAh/cm2]",
    "plated [mAh/cm2]", "stripped [mAh/cm2]", "active Li0 [mAh/cm2]",
    "dead Li0 [mAh/cm2]", "dead Li0 volume [um3]", "SEI Li+ [mAh/cm2]",
    "mediator-dissolved Li0 [mAh/cm2]", "dead fragments", "largest dead fragment [um3]",
    "reactive surface area [um2]", "remeshing change [mAh/cm2]",
    "Li balance error [mAh/cm2]",
    "deposit thickness [um]", "deposit porosity [-]", "surface area ratio [-]",
    "electrolyte salt [mol/m2]", "dofs", "newton iterations",
    "potential iterations", "phase field iterations", "transport iterations",
    "wall time [s]",
]
CYCLE_COLUMNS = [
    "cycle", "plated [mAh/cm2]", "stripped [mAh/cm2]",
    "Coulombic efficiency [%]", "average CE with initial Li [%]",
    "loss [mAh/cm2]", "dead Li0 formed [mAh/cm2]",
    "SEI Li+ formed [mAh/cm2]", "active Li0 change [mAh/cm2]",
    "mediator-dissolved Li0 [mAh/cm2]", "remeshing change [mAh/cm2]", "loss to dead Li0 [%]",
    "loss to SEI Li+ [%]", "dead Li0 [mAh/cm2]", "SEI Li+ [mAh/cm2]",
    "active Li0 [mAh/cm2]", "dead fragments", "largest dead fragment [um3]",
]
TEXT_COLUMNS = {"stage"}
CURRENT_RTOL = 1e-6

failures = []


def check(condition, message):
    print(("ok:   " if condition else "FAIL: ") + message)
    if not condition:
        failures.append(message)
    return condition


def check_statistics(output_dir, control):
    path = os.path.join(output_dir, "statistics.csv")
    if not check(os.path.isfile(path), f"{path} exists"):
        return None
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    header, data = rows[0], rows[1:]
    check(header == COLUMNS,
          "statistics.csv header is exactly the documented columns"
          + ("" if header == COLUMNS else f"; got {header}"))
    check(len(data) >= 2, f"statistics.csv has {len(data)} data rows")

    column = {name: j for j, name in enumerate(header)}
    bad_fields = []
    values = []
    for i, row in enumerate(data, start=1):
        if len(row) != len(header):
            bad_fields.append(f"row {i} has {len(row)} fields")
            values.append(None)
            continue
        record = {}
        for name, text in zip(header, row):
            if name in TEXT_COLUMNS:
                if text.strip().lower() in ("", "nan", "inf", "-inf"):
                    bad_fields.append(f"row {i} '{name}' = '{text}'")
                record[name] = text
                continue
            try:
                value = float(text)
            except ValueError:
                value = math.nan
            if not math.isfinite(value):
                bad_fields.append(f"row {i} '{name}' = '{text}'")
            record[name] = value
        values.append(record)
    check(not bad_fields,
          "every field is present and finite (no NaN/inf)"
          + ("" if not bad_fields else ": " + "; ".join(bad_fields[:5])))
    if bad_fields or "step" not in column or "time [s]" not in column:
        return None

    steps = [int(r["step"]) for r in values]
    check(steps == list(range(len(steps))), "steps count 0, 1, 2, ...")
    jumps = [
        i + 1 for i in range(1, len(values))
        if abs(values[i]["time [s]"] - values[i - 1]["time [s]"]
               - values[i]["dt [s]"])
        > 1e-9 * max(1.0, abs(values[i]["time [s]"]))
        or values[i]["dt [s]"] <= 0
    ]
    check(not jumps, "time increases by dt > 0 in every row"
          + ("" if not jumps else f" (not in rows {jumps[:5]})"))

    # SEI current of each row, mA/cm2 (mAh/cm2 per s times 3600 s/h).
    sei_current = [0.0] + [
        (values[i]["SEI Li+ [mAh/cm2]"] - values[i - 1]["SEI Li+ [mAh/cm2]"])
        / values[i]["dt [s]"] * 3600.0 for i in range(1, len(values))
    ]
    if control == "galvanostatic":
        worst, worst_row, checked, off = 0.0, None, 0, []
        for i, r in enumerate(values[1:], start=2):
            if r["stage"] not in ("plate", "strip"):
                continue
            applied = r["applied current density [mA/cm2]"]
            cell = r["cell current density [mA/cm2]"]
            checked += 1
            sei_lag = sei_current[i - 1] - sei_current[i - 2]
            deviation = abs(cell - sei_lag - applied)
            relative = deviation / abs(applied) if applied != 0 else math.inf
            if relative > worst:
                worst, worst_row = relative, i
            if applied == 0 or deviation > CURRENT_RTOL * abs(applied):
                off.append(f"row {i}: cell {cell} vs applied {applied}")
        check(checked > 0 and not off,
              f"galvanostatic: |cell - SEI lag - applied| <= {CURRENT_RTOL:g} |applied| "
              f"in {checked} plate/strip rows (largest relative deviation "
              f"{worst:.2e}" + (f" in row {worst_row})" if worst_row else ")")
              + ("" if not off else ": " + "; ".join(off[:5])))

    metal = max(abs(r["Li metal capacity [mAh/cm2]"]) for r in values)
    worst_balance = max(abs(r["Li balance error [mAh/cm2]"]) for r in values)
    check(worst_balance <= 1e-8 * metal,
          f"Li balance error below 1e-8 of the metal: largest {worst_balance:.2e} "
          f"mAh/cm2 against {metal:.3g} mAh/cm2 of metal")
    return values


def check_cycles(path, n_cycles):
    """cycles.csv: the documented columns, one row per cycle, CE in range."""
    check(os.path.isfile(path), f"{path} exists")
    if not os.path.isfile(path):
        return
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    header, data = rows[0], rows[1:]
    check(header == CYCLE_COLUMNS,
          "cycles.csv header is exactly the documented columns"
          + ("" if header == CYCLE_COLUMNS else f"; got {header}"))
    check(len(data) == n_cycles,
          f"cycles.csv has one row per cycle ({len(data)} for {n_cycles})")
    column = {name: j for j, name in enumerate(header)}
    if "Coulombic efficiency [%]" in column:
        efficiencies = [float(r[column["Coulombic efficiency [%]"]])
                        for r in data]
        check(all(math.isfinite(e) and e > 0 for e in efficiencies),
              f"Coulombic efficiencies are positive numbers: {efficiencies}")


def read_control(prm_path):
    """The Cycling/Control value of a parameter file (galvanostatic by
    default)."""
    section, control = [], "galvanostatic"
    with open(prm_path) as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if line.startswith("subsection "):
                section.append(line[len("subsection "):].strip())
            elif line == "end" and section:
                section.pop()
            elif (line.startswith("set ") and section == ["Cycling"]
                  and line[4:].split("=")[0].strip() == "Control"):
                control = line.split("=", 1)[1].strip()
    return control


def check_parameters(deadli, output_dir):
    path = os.path.abspath(os.path.join(output_dir, "parameters.prm"))
    if not check(os.path.isfile(path), f"{path} exists"):
        return "galvanostatic"
    with tempfile.TemporaryDirectory(dir=".") as scratch:
        result = subprocess.run([deadli, "--validate", path], cwd=scratch,
                                capture_output=True, text=True, timeout=60)
        created = os.listdir(scratch)
    print(result.stdout + result.stderr, end="")
    check(result.returncode == 0 and "valid" in result.stdout,
          f"deadli --validate parameters.prm succeeds "
          f"(exit code {result.returncode})")
    check(not created, "--validate parameters.prm writes nothing"
          + ("" if not created else f" (created {created})"))
    return read_control(path)


def check_paraview(output_dir, n_ranks, final_time):
    pvd = os.path.join(output_dir, "solution.pvd")
    if not check(os.path.isfile(pvd), f"{pvd} exists"):
        return
    try:
        datasets = ElementTree.parse(pvd).getroot().iter("DataSet")
        datasets = [(float(d.get("timestep")), d.get("file"))
                    for d in datasets]
    except (ElementTree.ParseError, TypeError, ValueError) as error:
        check(False, f"solution.pvd is a valid collection ({error})")
        return
    check(len(datasets) >= 2,
          f"solution.pvd lists {len(datasets)} data sets (>= 2: initial "
          "and final state)")
    times = [t for t, _ in datasets]
    check(times == sorted(times), "solution.pvd time steps are ordered")
    if datasets and final_time is not None:
        check(times[0] == 0 and
              abs(times[-1] - final_time) <= 1e-5 * max(1, final_time),
              f"solution.pvd spans t = 0 ... {final_time} "
              f"(got {times[0]} ... {times[-1]})")

    referenced = set()
    for _, name in datasets:
        pvtu = os.path.join(output_dir, name)
        referenced.add(os.path.normpath(pvtu))
        if not check(os.path.isfile(pvtu), f"{name} exists"):
            continue
        try:
            pieces = [p.get("Source") for p in
                      ElementTree.parse(pvtu).getroot().iter("Piece")]
        except ElementTree.ParseError as error:
            check(False, f"{name} is valid XML ({error})")
            continue
        missing = [p for p in pieces if not os.path.isfile(
            os.path.join(os.path.dirname(pvtu), p))]
        empty = [p for p in pieces if p not in missing and os.path.getsize(
            os.path.join(os.path.dirname(pvtu), p)) == 0]
        check(len(pieces) == n_ranks and not missing and not empty,
              f"{name}: {len(pieces)} .vtu pieces (expected {n_ranks}), "
              f"all present and non-empty"
              + (f"; missing {missing}" if missing else "")
              + (f"; empty {empty}" if empty else ""))
    orphans = sorted(
        f for f in os.listdir(output_dir)
        if f.endswith(".pvtu")
        and os.path.normpath(os.path.join(output_dir, f)) not in referenced)
    check(not orphans, "every .pvtu is listed in solution.pvd"
          + ("" if not orphans else f" (not listed: {orphans})"))


def main():
    if len(sys.argv) != 6:
        print(__doc__, file=sys.stderr)
        return 2
    deadli, _mpiexec, _source_dir, output_dir, n_ranks = sys.argv[1:]
    print(f"checking {os.path.abspath(output_dir)}")

    partial = [os.path.join(d, f) for d, _, files in os.walk(output_dir)
               for f in files if f.endswith(".partial")]
    check(not partial, "no '*.partial' temporary files"
          + ("" if not partial else f" (found {partial})"))

    control = check_parameters(deadli, output_dir)
    check(control in ("galvanostatic", "potentiostatic"),
          f"Cycling/Control = {control} read from parameters.prm")
    values = check_statistics(output_dir, control)
    final_time = values[-1]["time [s]"] if values else None
    if values:
        check_cycles(os.path.join(output_dir, "cycles.csv"),
                     int(values[-1]["cycle"]))
    check_paraview(output_dir, int(n_ranks), final_time)

    print("FAILED" if failures else "PASSED")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
