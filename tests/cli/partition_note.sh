#!/bin/bash
# cli/partition_note: on 2 ranks, a uniform mesh in a box 4 um wide and
# 16 um high puts the whole interface on one rank (p4est's curve runs from
# the bottom up), and deadli must say so once, naming the rank and the
# share; the same mesh in a box 16 um wide and 4 um high splits the
# interface and must run without the note.
# Usage: partition_note.sh DEADLI MPIEXEC SOURCE_DIR
. "$(dirname "$0")/common.sh"

# box WIDTH HEIGHT: small.prm with that box and a uniform mesh (0.5 um cells).
box() {
  sed -e "s/^\(\s*set Domain width \[um\]\s*=\).*/\1 $1/" \
      -e "s/^\(\s*set Domain height \[um\]\s*=\).*/\1 $2/" \
      -e "s/^\(\s*set Initial global refinement\s*=\).*/\1 2/" \
      -e "s/^\(\s*set Refinement interval\s*=\).*/\1 0/" \
      "$SOURCE_DIR/tests/cli/small.prm" > box.prm || fail "cannot write box.prm"
  grep -q "Domain width \[um\] *= $1\$" box.prm || fail "width not set"
  grep -q "Domain height \[um\] *= $2\$" box.prm || fail "height not set"
}

box 4 16
run_deadli 2 box.prm
[ $rc -eq 0 ] || fail "tall box: exit code $rc"
expect_in "$OUT" "Note: rank 0 holds 100 % of the" "an even share is 50 %" \
  "Running on a cluster"
[ "$(grep -c 'Note: rank' "$OUT")" -eq 1 ] || fail "tall box: note not printed once"

rm -rf out
box 16 4
run_deadli 2 box.prm
[ $rc -eq 0 ] || fail "flat box: exit code $rc"
! grep -q 'Note: rank' "$OUT" || fail "flat box: note printed"
echo PASSED
