#!/usr/bin/env python3
"""Compare DeadLi statistics.csv files from runs on different numbers of MPI
ranks (standard library only).

Usage: compare_statistics.py REFERENCE.csv OTHER.csv [OTHER.csv ...]

Checks, for every OTHER against REFERENCE:
  * identical header and number of rows,
  * identical text columns (stage) and integer bookkeeping columns
    (step, cycle, dofs),
  * every other numeric column agrees to
        |a - b| <= RTOL * max(|a|, |b|) + ATOL
    except 'wall time [s]' (timing) and the solver iteration counts, which
    depend on the partition by design (BoomerAMG coarsening, parallel
    smoothers, Krylov round-off), and the Li balance error, the residue of
    the potential's Newton tolerance: these are only reported,
  * the Li balance error of every file (REFERENCE included) is below
    BALANCE_BOUND times the largest Li metal capacity (VALIDATION.md's
    1e-8), so that no rank count goes unchecked.
Prints the largest relative deviation of every column (with the absolute
difference there: near 0 a large relative deviation can be within ATOL),
exits 1 on mismatch.
"""

import csv
import math
import sys

RTOL = 1e-6
ATOL = 1e-12
BALANCE_BOUND = 1e-8
BALANCE = "Li balance error [mAh/cm2]"
METAL = "Li metal capacity [mAh/cm2]"

# Must be bit-identical (as text).
EXACT = {"step", "cycle", "stage", "dofs"}
# Reported, never compared.
IGNORED = {
    "wall time [s]",
    "newton iterations",
    "jacobian factorizations",
    "gmres iterations",
    "potential iterations",
    "phase field iterations",
    "transport iterations",
    "Li balance error [mAh/cm2]",
}


def read(path):
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    if not rows:
        raise SystemExit(f"FAIL: {path} is empty")
    return rows[0], rows[1:]


def to_float(text, path, row, column):
    try:
        value = float(text)
    except ValueError:
        raise SystemExit(f"FAIL: {path} row {row} column '{column}': "
                         f"'{text}' is not a number")
    if not math.isfinite(value):
        raise SystemExit(f"FAIL: {path} row {row} column '{column}': "
                         f"non-finite value '{text}'")
    return value


def check_balance(path):
    """The Li balance of one run against its metal; [] if the file has no
    balance column (cycles.csv)."""
    header, rows = read(path)
    if BALANCE not in header or METAL not in header:
        return []
    balance, metal = header.index(BALANCE), header.index(METAL)
    worst = max((abs(to_float(r[balance], path, i + 1, BALANCE))
                 for i, r in enumerate(rows)), default=0.0)
    largest_metal = max((abs(to_float(r[metal], path, i + 1, METAL))
                         for i, r in enumerate(rows)), default=0.0)
    print(f"{path}: largest Li balance error {worst:.2e} mAh/cm2 against "
          f"{largest_metal:.3g} mAh/cm2 of metal")
    if worst > BALANCE_BOUND * largest_metal:
        return [f"Li balance error {worst:.2e} mAh/cm2 exceeds "
                f"{BALANCE_BOUND:g} of the metal ({largest_metal:.3g} mAh/cm2)"]
    return []


def compare(reference, other):
    ref_header, ref_rows = read(reference)
    header, rows = read(other)
    failures = []
    if header != ref_header:
        return [f"header differs:\n  {reference}: {ref_header}\n"
                f"  {other}: {header}"]
    if len(rows) != len(ref_rows):
        failures.append(f"{len(ref_rows)} data rows in {reference} but "
                        f"{len(rows)} in {other}")
    print(f"{other} vs {reference}: {len(rows)} vs {len(ref_rows)} rows")
    n = min(len(rows), len(ref_rows))
    for j, column in enumerate(header):
        worst = 0.0
        worst_row = None
        worst_abs = 0.0
        mismatches = 0
        for i in range(n):
            a, b = ref_rows[i][j], rows[i][j]
            if column in EXACT:
                if a != b:
                    mismatches += 1
                    if mismatches == 1:
                        failures.append(f"column '{column}' row {i + 1}: "
                                        f"'{a}' vs '{b}' (must be identical)")
                continue
            x = to_float(a, reference, i + 1, column)
            y = to_float(b, other, i + 1, column)
            scale = max(abs(x), abs(y))
            deviation = abs(x - y)
            relative = deviation / scale if scale > 0 else 0.0
            if relative > worst:
                worst, worst_row, worst_abs = relative, i + 1, deviation
            if column in IGNORED:
                continue
            if deviation > RTOL * scale + ATOL:
                mismatches += 1
                if mismatches == 1:
                    failures.append(
                        f"column '{column}' row {i + 1} (step "
                        f"{ref_rows[i][header.index('step')]}): {a} vs {b}, "
                        f"relative deviation {relative:.3e} > {RTOL:g}")
        if column in EXACT:
            status = "identical" if mismatches == 0 else \
                f"MISMATCH in {mismatches} rows"
            print(f"  {column:40s} {status}")
        else:
            note = " (not compared)" if column in IGNORED else ""
            where = (f" at row {worst_row} (|a - b| = {worst_abs:.2e})"
                     if worst_row is not None else "")
            status = "" if mismatches == 0 else \
                f"  MISMATCH in {mismatches} rows"
            print(f"  {column:40s} max rel. deviation {worst:.3e}{where}"
                  f"{note}{status}")
    return failures


def main():
    arguments = sys.argv[1:]
    if len(arguments) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    reference = arguments[0]
    failed = False
    for failure in check_balance(reference):
        print(f"FAIL: {reference}: {failure}")
        failed = True
    for other in arguments[1:]:
        failures = check_balance(other) + compare(reference, other)
        for failure in failures:
            print(f"FAIL: {other}: {failure}")
        failed = failed or bool(failures)
    print("FAILED" if failed else "PASSED")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
