#!/bin/bash
# cli/resume_and_samples: --resume refuses a directory that is not a run's
# output directory, and one without a complete checkpoint, with a message
# that says so; --sample-geometry writes the geometry on the requested grid
# and nothing else.
# Usage: resume_and_samples.sh DEADLI MPIEXEC SOURCE_DIR
. "$(dirname "$0")/common.sh"

run_deadli 1 --resume no_such_run
[ $rc -eq 1 ] || fail "--resume of a missing directory exited with $rc"
expect_in "$ERR" "--resume no_such_run: not the output directory of a DeadLi run"

# An output directory (parameters.prm) without checkpoints.
mkdir -p no_checkpoints
sed 's|^\( *set Output directory *=\).*$|\1 no_checkpoints|' \
  "$SOURCE_DIR/tests/cli/small.prm" > no_checkpoints/parameters.prm
mkdir -p no_checkpoints/checkpoint.partial # debris of a crash: not complete
run_deadli 1 --resume no_checkpoints
[ $rc -eq 1 ] || fail "--resume without checkpoints exited with $rc"
expect_in "$ERR" "holds no complete checkpoint"

# 2D small.prm: an 8 x 8 um box sampled with 16 points along an edge.
cp "$SOURCE_DIR/tests/cli/small.prm" small.prm
run_deadli 1 --sample-geometry 16 --samples samples.csv small.prm
[ $rc -eq 0 ] || { show stderr "$ERR"; fail "--sample-geometry exited with $rc"; }
[ "$(head -n 1 samples.csv)" = "x [um],y [um],host,lithium" ] ||
  fail "unexpected header: $(head -n 1 samples.csv)"
rows=$(($(wc -l < samples.csv) - 1))
[ "$rows" -eq 256 ] || fail "$rows samples instead of 16 x 16"
# The 2 um Li layer: about a quarter of the samples are Li.
lithium=$(awk -F, 'NR > 1 && $4 > 0.5 { n++ } END { print n + 0 }' samples.csv)
[ "$lithium" -ge 56 ] && [ "$lithium" -le 72 ] ||
  fail "$lithium Li samples, expected about 64 (2 of 8 um)"
[ ! -e out ] || fail "--sample-geometry created the output directory"
echo PASSED
