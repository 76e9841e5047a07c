#!/bin/bash
# cli/sweep_runs: scripts/sweep with real deadli runs of tests/cli/small.prm,
# shortened to 0.5 s of plating and stripping through [fixed]:
#  1. three [[case]] tables: 'slow' and 'fast' plate at 5 and 10 mA/cm2;
#     'newton fails' passes --validate but its potentiostatic run stops
#     (1 Newton iteration cannot converge), so deadli exits with 1. The sweep
#     goes on, exits with 1, and summary.csv has 3 rows, ok/ok/failed, with
#     the observables of the ok rows (CE, plated capacity = i t) and empty
#     ones for the failed row; the failed case's log and status are kept;
#  2. the same study again: the two finished cases are skipped (their output
#     untouched), the failed one runs again;
#  3. 'fast' changed to 8 mA/cm2: only it runs again.
# Usage: sweep_runs.sh DEADLI MPIEXEC SOURCE_DIR
. "$(dirname "$0")/../cli/common.sh"
. "$(dirname "$0")/study_common.sh"

cp "$SOURCE_DIR/tests/cli/small.prm" small.prm || fail "cannot copy small.prm"
write_study() {
  cat > study.toml <<TOML
base = "small.prm"
output = "study"

[fixed]
"Cycling/Plating time [s]" = 0.5
"Cycling/Stripping time [s]" = 0.5

[[case]]
name = "slow"
"Cycling/Plating current density [mA/cm2]" = 5

[[case]]
name = "fast"
"Cycling/Plating current density [mA/cm2]" = $1

[[case]]
name = "newton fails"
"Cycling/Control" = "potentiostatic"
"Potential solver/Max Newton iterations" = 1
TOML
}
summary=study/summary.csv
density="Cycling/Plating current density [mA/cm2]"
observables='header[header.index("CE cycle 1 [%]"):]'

echo "== 1. first run"
write_study 10
run_tool sweep1.log "$SWEEP" study.toml --deadli "$DEADLI" --mpiexec "$MPIEXEC"
[ $rc -eq 1 ] || fail "exit code $rc, expected 1 (a case failed)"
expect_in sweep1.log "3 case(s) valid: slow, fast, newton-fails" \
  "ok      slow" "ok      fast" "FAILED  newton-fails" \
  "deadli: error: At t = " "case 3/3 done, ETA 0:00:00" "wrote study/summary.csv"
check_csv "$summary" \
  'len(rows) == 3' \
  '[r["case"] for r in rows] == ["slow", "fast", "newton-fails"]' \
  '[r["status"] for r in rows] == ["ok", "ok", "failed"]' \
  "[r['$density'] for r in rows] == ['5', '10', '']" \
  '[r["Cycling/Control"] for r in rows] == ["", "", "potentiostatic"]' \
  "all(r[c] != '' for r in rows[:2] for c in $observables)" \
  "all(rows[2][c] == '' for c in $observables)" \
  'all(num(r["wall time [s]"]) > 0 for r in rows)' \
  'abs(num(row("case", "fast")["CE cycle 1 [%]"]) - 100) < 1e-6' \
  'abs(num(row("case", "slow")["CE cycle 1 [%]"]) - 200) < 1e-6' \
  'abs(num(row("case", "fast")["plated cycle 1 [mAh/cm2]"]) - 10 * 0.5 / 3600) < 1e-9' \
  'abs(num(row("case", "slow")["plated cycle 1 [mAh/cm2]"]) - 5 * 0.5 / 3600) < 1e-9' \
  'num(row("case", "fast")["max |collector potential| [V]"]) > 0.01' \
  'all(0 <= num(r["deposit porosity after plating 1 [-]"]) <= 1 for r in rows[:2])' \
  'all(num(r["deposit thickness after plating 1 [um]"]) > 0 for r in rows[:2])'
expect_in study/cases/newton-fails/log.txt "deadli: error:"
expect_in study/cases/newton-fails/status.json '"status": "failed"' '"exit code": 1'
expect_in study/cases/fast/status.json '"status": "ok"'
expect_in study/cases/fast/case.prm "set Plating current density [mA/cm2] = 10" \
  "set Output directory = $PWD/study/cases/fast"
expect_png study/vs_plating-current-density.png
expect_png study/cases.png
cp "$summary" summary1.csv
slow_output_time=$(stat -c %Y.%y study/cases/slow/statistics.csv)

echo "== 2. again: finished cases are skipped"
sleep 1 # a rewritten file would get a new modification time
run_tool sweep2.log "$SWEEP" study.toml --deadli "$DEADLI" --mpiexec "$MPIEXEC"
[ $rc -eq 1 ] || fail "exit code $rc, expected 1 (a case failed)"
expect_in sweep2.log "3 case(s), 1 to run" "skip    slow" "skip    fast" \
  "start   newton-fails" "FAILED  newton-fails"
expect_not_in sweep2.log "start   slow" "start   fast"
[ "$(stat -c %Y.%y study/cases/slow/statistics.csv)" = "$slow_output_time" ] ||
  fail "the output of the skipped case 'slow' was rewritten"
check_csv "$summary" \
  'all(a == b for a, b in zip(rows, read("summary1.csv")) if a["status"] == "ok")' \
  '[r["status"] for r in rows] == ["ok", "ok", "failed"]'

echo "== 3. 'fast' changed: only it runs again"
write_study 8
run_tool sweep3.log "$SWEEP" study.toml --deadli "$DEADLI" --mpiexec "$MPIEXEC"
[ $rc -eq 1 ] || fail "exit code $rc, expected 1 (a case failed)"
expect_in sweep3.log "3 case(s), 2 to run" "skip    slow" "ok      fast"
check_csv "$summary" \
  '[r["status"] for r in rows] == ["ok", "ok", "failed"]' \
  "row('case', 'fast')['$density'] == '8'" \
  'abs(num(row("case", "fast")["plated cycle 1 [mAh/cm2]"]) - 8 * 0.5 / 3600) < 1e-9'
echo PASSED
