#!/bin/bash
# cli/sweep_parallel_interrupt: scheduling, Ctrl-C and resuming of
# scripts/sweep, with tests/studies/fake_deadli.sh in place of deadli (runs
# that sleep, so that this costs no CPU, and write a checkpoint first):
#  1. a grid of 4 plating current densities, 2 cases at a time, runs of 1 s:
#     two cases start before the first ends; summary.csv has 4 ok rows with
#     each case's own values, CE of cycles 1 and 2, and an empty cell for
#     the column the fake statistics.csv lacks (largest dead fragment);
#  2. runs of 60 s, interrupted by SIGINT to the sweep (Ctrl-C) while 2
#     cases run: exit code 1, no case marked ok or failed, summary.csv says
#     interrupted / not run, and nothing of the fake runs (their shells and
#     their sleeps) is left;
#  3. a dry run of the study with changed parameters: every case is 'to
#     run', the checkpoints of the interrupted runs do not count;
#  4. the unchanged study again: the 2 interrupted cases resume from their
#     checkpoint (deadli --resume), the other 2 start, all pass.
# Usage: sweep_parallel_interrupt.sh DEADLI MPIEXEC SOURCE_DIR
. "$(dirname "$0")/../cli/common.sh"
. "$(dirname "$0")/study_common.sh"

fake=$STUDIES_TEST_DIR/fake_deadli.sh
cp "$SOURCE_DIR/tests/cli/small.prm" small.prm || fail "cannot copy small.prm"
cat > study.toml <<'TOML'
base = "small.prm"
parallel_cases = 2

[grid]
"Cycling/Plating current density [mA/cm2]" = [1, 2, 3, 4]
TOML
summary=study/summary.csv

echo "== 1. two at a time"
FAKE_DEADLI_SECONDS=1 run_tool parallel.log "$SWEEP" study.toml --deadli "$fake" --output study
[ $rc -eq 0 ] || fail "exit code $rc"
if [ "$(nproc)" -ge 2 ]; then
  expect_in parallel.log "up to 2 at a time"
  [ "$(grep -E '^\[[0-9:]+\] (start|ok)' parallel.log | head -n 2 | awk '{print $2}' | tr '\n' ' ')" = "start start " ] ||
    fail "the second case did not start before the first ended"
fi
expect_in parallel.log "case 4/4 done, ETA 0:00:00"
check_csv "$summary" \
  '[r["status"] for r in rows] == ["ok"] * 4' \
  '[r["case"] for r in rows] == [f"plating-current-density={i}" for i in range(1, 5)]' \
  'all(abs(num(r["dead Li0 [mAh/cm2]"]) - num(r["Cycling/Plating current density [mA/cm2]"]) / 100) < 1e-12 for r in rows)' \
  'all(abs(num(r["CE cycle 1 [%]"]) - (100 - num(r["Cycling/Plating current density [mA/cm2]"]))) < 1e-12 for r in rows)' \
  '"CE cycle 2 [%]" in header and all(r["CE cycle 2 [%]"] for r in rows)' \
  'all(r["largest dead fragment [um3]"] == "" for r in rows)' \
  'abs(num(rows[3]["max |collector potential| [V]"]) - 0.05) < 1e-12'
expect_png study/vs_plating-current-density.png

echo "== 2. Ctrl-C while 2 cases run"
set -m # the sweep in its own process group, like a foreground job
FAKE_DEADLI_SECONDS=60 "$SWEEP" study.toml --deadli "$fake" --output interrupted > interrupt.log 2>&1 &
group=$!
set +m
for _ in $(seq 100); do # wait until two cases run
  [ "$(ls interrupted/cases/*/fake_deadli.pid 2> /dev/null | wc -l)" -ge 2 ] && break
  sleep 0.2
done
kill -INT -- -"$group"
wait "$group"
rc=$?
show interrupt.log interrupt.log
[ $rc -eq 1 ] || fail "interrupted sweep: exit code $rc, expected 1"
expect_in interrupt.log "interrupted: stopped 2 running case(s)"
# Every case runs in a process group of its own: all of it must be gone.
for pid_file in interrupted/cases/*/fake_deadli.pid; do
  for _ in $(seq 20); do
    kill -0 -- -"$(cat "$pid_file")" 2> /dev/null || continue 2
    sleep 0.1
  done
  fail "processes of ${pid_file%/*} are left after Ctrl-C"
done
check_csv interrupted/summary.csv \
  '[r["status"] for r in rows] == ["interrupted", "interrupted", "not run", "not run"]'
! grep -lE '"status": "(ok|failed)"' interrupted/cases/*/status.json ||
  fail "an interrupted case was marked as finished"

echo "== 3. changed parameters: nothing to resume"
cp study.toml changed.toml
printf '[fixed]\n"Cycling/Stripping time [s]" = 2\n' >> changed.toml
run_tool changed.log "$SWEEP" changed.toml --deadli "$fake" --output interrupted --dry-run
[ $rc -eq 0 ] || fail "exit code $rc"
[ "$(grep -c '^  to run ' changed.log)" -eq 4 ] || fail "not all 4 cases are 'to run'"

echo "== 4. started again: resume the interrupted cases"
FAKE_DEADLI_SECONDS=0 run_tool again.log "$SWEEP" study.toml --deadli "$fake" --output interrupted
[ $rc -eq 0 ] || fail "exit code $rc"
expect_in again.log "4 case(s), 4 to run" \
  "resume  plating-current-density=1 from checkpoint-000001" \
  "resume  plating-current-density=2 from checkpoint-000001" \
  "start   plating-current-density=3" "start   plating-current-density=4"
expect_in "interrupted/cases/plating-current-density=1/log.txt" \
  "---- resumed by the sweep from checkpoint-000001 ----" "fake deadli: resumed"
check_csv interrupted/summary.csv '[r["status"] for r in rows] == ["ok"] * 4'
echo PASSED
