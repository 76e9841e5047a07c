#!/usr/bin/env python3
"""Check the rows of a csv file written by scripts/sweep or
scripts/convergence, for the tests in tests/studies.

Usage: check_csv.py FILE EXPRESSION...

Each EXPRESSION is a Python expression that must be true, evaluated with
  rows    the data rows, as dicts column name -> cell text,
  header  the column names,
  num     cell text -> float (None for an empty cell),
  row     row(column, value) -> the first row whose column has that value,
  read    read(path) -> the rows of another csv file.
Prints every check with PASS or FAIL; exit status 1 if any fails.
"""

import csv
import sys


def read_csv(path):
    """(header, rows as dicts) of a csv file."""
    with open(path, newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        return header, [dict(zip(header, cells)) for cells in reader]


def main(path, expressions):
    header, rows = read_csv(path)

    def num(text):
        return float(text) if text != "" else None

    def row(column, value):
        return next(r for r in rows if r[column] == value)

    names = {"rows": rows, "header": header, "num": num, "row": row,
             "read": lambda other: read_csv(other)[1]}
    failed = 0
    for expression in expressions:
        try:
            ok = bool(eval(expression, names))
        except Exception as error:  # a missing column or row fails the check
            ok = False
            expression += f"  ({type(error).__name__}: {error})"
        print(f"{'PASS' if ok else 'FAIL'}: {path}: {expression}")
        failed += not ok
    return 1 if failed else 0


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__.strip())
    sys.exit(main(sys.argv[1], sys.argv[2:]))
