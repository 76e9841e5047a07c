#!/bin/bash
# cli/convergence_tiny_run: scripts/convergence end to end with deadli, on a
# 2D case of a few seconds (tests/cli/small.prm with one nucleus, 4 s of
# plating and stripping at 10 mA/cm2) at levels 2, 3, 4 (h = 0.5, 0.25,
# 0.125 um): all levels run, values.csv has their cell sizes, the plated
# capacity of cycle 1 (i t, set by the protocol) has no change between the
# levels, max |collector potential| converges with a positive order; a
# second call runs nothing.
# Usage: convergence_tiny_run.sh DEADLI MPIEXEC SOURCE_DIR
. "$(dirname "$0")/../cli/common.sh"
. "$(dirname "$0")/study_common.sh"

cp "$SOURCE_DIR/tests/cli/small.prm" tiny.prm || fail "cannot copy small.prm"
cat >> tiny.prm <<'PRM'

subsection Geometry
  set Number of nuclei     = 1
  set Nucleus radius [um]  = 1.5
end
subsection Cycling
  set Plating time [s]   = 4
  set Stripping time [s] = 4
end
PRM

arguments=(tiny.prm --levels 2 3 4 --output convergence --deadli "$DEADLI" --mpiexec "$MPIEXEC")
run_tool convergence1.log "$CONVERGENCE" "${arguments[@]}"
[ $rc -eq 0 ] || fail "exit code $rc"
expect_in convergence1.log "3 case(s) valid: level-2, level-3, level-4" "ok      level-4"
check_csv convergence/summary.csv '[r["status"] for r in rows] == ["ok"] * 3'
check_csv convergence/values.csv \
  '[r["level"] for r in rows] == ["2", "3", "4"]' \
  '[num(r["cell size [um]"]) for r in rows] == [0.5, 0.25, 0.125]' \
  'all(abs(num(r["plated cycle 1 [mAh/cm2]"]) - 10 * 4 / 3600) < 1e-9 for r in rows)'
check_csv convergence/convergence.csv \
  'len(rows) == 6' \
  '"no change" in row("observable", "plated cycle 1 [mAh/cm2]")["note"]' \
  'num(row("observable", "max |collector potential| [V]")["observed order p"]) > 0' \
  'num(row("observable", "max |collector potential| [V]")["extrapolated"]) > 0'
expect_png convergence/convergence.png

run_tool convergence2.log "$CONVERGENCE" "${arguments[@]}"
[ $rc -eq 0 ] || fail "second call: exit code $rc"
expect_in convergence2.log "3 case(s), 0 to run" "skip    level-2" "skip    level-3" "skip    level-4"
echo PASSED
