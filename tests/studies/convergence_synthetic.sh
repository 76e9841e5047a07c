#!/bin/bash
# cli/convergence_synthetic: the Richardson analysis of scripts/convergence
# on synthetic values (--from-values) with known limits and orders, at cell
# sizes h = 1, 1/2, 1/4, 1/8 (levels 3-6):
#   q = 1 + 0.3 h^2  -> order 2.00 +- 0.01, extrapolated 1 within 1e-6;
#   q = 2 - 0.1 h    -> order 1.00 +- 0.01, extrapolated 2 within 1e-6;
#   q = 5            -> no order, 5, error 0, noted;
#   oscillating and diverging series -> no extrapolated value, noted;
#   q = 1 + 0.1 h^0.2 -> order 0.20, below 0.5: no extrapolated value, noted;
# error estimate = |q_fine - q_ext| and GCI = 1.25 x that. Levels that are
# not equally spaced are refused with exit code 2.
# Usage: convergence_synthetic.sh DEADLI MPIEXEC SOURCE_DIR
. "$(dirname "$0")/../cli/common.sh"
. "$(dirname "$0")/study_common.sh"

mkdir synthetic uneven || fail "cannot create directories"
python3 - > synthetic/values.csv <<'PY'
print("level,cell size [um],quadratic,linear,constant,oscillating,diverging,slow")
for level, h in zip(range(3, 7), (1, 0.5, 0.25, 0.125)):
    oscillating = 1 + 0.2 * h * (-1) ** level
    print(f"{level},{h},{1 + 0.3 * h * h!r},{2 - 0.1 * h!r},5,{oscillating!r},{1 + 0.1 / h!r},"
          f"{1 + 0.1 * h ** 0.2!r}")
PY
show values.csv synthetic/values.csv

run_tool convergence.log "$CONVERGENCE" --from-values synthetic/values.csv
[ $rc -eq 0 ] || fail "exit code $rc"
expect_in convergence.log "## Observed order and Richardson extrapolation" \
  "wrote synthetic/convergence.csv" "wrote synthetic/convergence.md" \
  "wrote synthetic/convergence.png"
expect_png synthetic/convergence.png
[ -s synthetic/convergence.md ] || fail "synthetic/convergence.md missing"
check_csv synthetic/convergence.csv \
  'len(rows) == 12' \
  '[r["levels"] for r in rows[:2]] == ["3-4-5", "4-5-6"]' \
  'all(num(r["refinement ratio"]) == 2 for r in rows)' \
  'all(abs(num(r["observed order p"]) - 2) <= 0.01 for r in rows if r["observable"] == "quadratic")' \
  'all(abs(num(r["extrapolated"]) - 1) <= 1e-6 for r in rows if r["observable"] == "quadratic")' \
  'all(abs(num(r["observed order p"]) - 1) <= 0.01 for r in rows if r["observable"] == "linear")' \
  'all(abs(num(r["extrapolated"]) - 2) <= 1e-6 for r in rows if r["observable"] == "linear")' \
  'all(abs(num(r["error estimate"]) - abs(num(r["q fine"]) - num(r["extrapolated"]))) <= 1e-9 for r in rows if r["extrapolated"])' \
  'all(abs(num(r["GCI"]) - 1.25 * num(r["error estimate"])) <= 1e-9 for r in rows if r["extrapolated"])' \
  'abs(num(row("levels", "4-5-6")["error estimate"]) - 0.3 / 64) <= 1e-9' \
  'all(r["observed order p"] == "" and num(r["extrapolated"]) == 5 and num(r["error estimate"]) == 0 and "no change" in r["note"] for r in rows if r["observable"] == "constant")' \
  'all(r["extrapolated"] == "" and "oscillating" in r["note"] for r in rows if r["observable"] == "oscillating")' \
  'all(r["extrapolated"] == "" and "not converging" in r["note"] for r in rows if r["observable"] == "diverging")' \
  'all(abs(num(r["observed order p"]) - 0.2) <= 0.01 and r["extrapolated"] == "" and "asymptotic range" in r["note"] for r in rows if r["observable"] == "slow")'

# Levels 3, 4, 6: h = 1, 1/2, 1/8 is not one refinement ratio.
sed '/^5,/d' synthetic/values.csv > uneven/values.csv
run_tool uneven.log "$CONVERGENCE" --from-values uneven/values.csv
[ $rc -eq 2 ] || fail "uneven levels: exit code $rc, expected 2"
expect_in uneven.log "convergence: error:" "do not refine by one constant ratio"
echo PASSED
