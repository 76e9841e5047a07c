#!/bin/bash
# cli/plot_statistics: scripts/plot_statistics.py on synthetic csv files.
#  - statistics.csv with the Li inventory columns (2 cycles) and a cycles.csv
#    with 2 rows: statistics.png and cycles.png are written, valid PNGs;
#  - a single-cycle cycles.csv and the default output path: both written;
#  - a cycles.csv with a header only (first cycle still running): only
#    statistics.png;
#  - an older statistics.csv without the inventory columns and no cycles.csv:
#    only statistics.png.
# Needs no deadli executable; the csv files go to a temporary directory,
# which is removed on success and kept for inspection on failure.
#
# Usage: plot_statistics.sh [DEADLI MPIEXEC SOURCE_DIR]
# (the arguments that ctest gives every CLI test; only SOURCE_DIR is used and
# it defaults to the checkout that holds this script)
set -u

fail() {
  echo "FAIL: $*"
  [ -n "${tmp:-}" ] && echo "(files kept in $tmp)"
  exit 1
}

source_dir=${3:-$(cd "$(dirname "$0")/../.." && pwd)}
script=$source_dir/scripts/plot_statistics.py
[ -f "$script" ] || fail "$script not found"

# The interpreter with matplotlib: python3 on PATH, else Debian's.
python=
for candidate in python3 /usr/bin/python3; do
  if "$candidate" -c 'import matplotlib' > /dev/null 2>&1; then
    python=$candidate
    break
  fi
done
[ -n "$python" ] ||
  fail "no python3 with matplotlib (Debian: apt-get install python3-matplotlib)"
echo "python: $(command -v "$python")"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/deadli_plot_statistics.XXXXXX") ||
  fail "cannot create a temporary directory"
tmp=$(cd "$tmp" && pwd) # absolute, as the script prints the cycles.png path
export MPLCONFIGDIR=$tmp/mplconfig # no writes to $HOME, fresh font cache

# run_plot ARGS...: run the script, output in $out, exit code in $rc.
run_plot() {
  out=$tmp/output.txt
  "$python" "$script" "$@" > "$out" 2>&1
  rc=$?
  echo "ran: plot_statistics.py $* -> exit code $rc"
  sed 's/^/  | /' "$out"
  [ $rc -eq 0 ] || fail "plot_statistics.py exited with $rc"
  ! grep -q 'Traceback' "$out" || fail "plot_statistics.py raised an exception"
  ! grep -qi 'glyph .* missing' "$out" || fail "a label uses a missing glyph"
}

# expect_png FILE: FILE exists, is non-empty, starts with the PNG signature
# and was reported as written.
expect_png() {
  [ -s "$1" ] || fail "$1 missing or empty"
  [ "$(head -c 8 "$1" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] ||
    fail "$1 is not a PNG (no PNG signature)"
  grep -qxF "wrote $1" "$out" || fail "'wrote $1' not printed"
}

expect_no_png() {
  [ ! -e "$1" ] || fail "$1 written, but it should not be"
  ! grep -qF "wrote $1" "$out" || fail "'wrote $1' printed"
}

# statistics.csv in the current format: 2 cycles of plate 0.5 mAh/cm2 at
# 1 mA/cm2 on a 0.6 mAh/cm2 foil, strip, rest; each cycle leaves dead Li and
# SEI behind, and the first dead fragment appears in cycle 1.
write_statistics() {
  awk 'BEGIN {
    OFS = ","
    print "time [s]", "step", "cycle", "stage", "dt [s]",
          "applied current density [mA/cm2]", "cell current density [mA/cm2]",
          "collector potential [V]", "Li metal volume [um3]",
          "Li metal capacity [mAh/cm2]", "charge passed [mAh/cm2]",
          "plated [mAh/cm2]", "stripped [mAh/cm2]", "active Li0 [mAh/cm2]",
          "dead Li0 [mAh/cm2]", "dead Li0 volume [um3]", "SEI Li+ [mAh/cm2]",
          "dead fragments", "largest dead fragment [um3]",
          "reactive surface area [um2]", "remeshing change [mAh/cm2]",
          "Li balance error [mAh/cm2]"
    t = 0; step = 0; plated = 0; stripped = 0; active = 0.6; dead = 0; sei = 0
    fragments = 0; largest = 0; area = 100
    for (cycle = 1; cycle <= 2; ++cycle)
      for (k = 0; k < 9; ++k) {
        if (k < 4)      { stage = "plate"; i = -1; v = -0.05 - 0.01 * k }
        else if (k < 8) { stage = "strip"; i = 1;  v = 0.04 + 0.01 * (k - 4) }
        else            { stage = "rest";  i = 0;  v = 0.001 }
        dt = (k < 8) ? 450 : 600
        t += dt; ++step
        q = dt / 3600 * (i < 0 ? -i : i)
        if (i < 0) { plated += q; active += q - 0.004; sei += 0.004; area += 15 }
        if (i > 0) {
          stripped += q; active -= q
          if (k >= 6) { active -= 0.015; dead += 0.015; fragments += 1
                        largest = dead * 48.5 / fragments }
          area -= 12
        }
        print t, step, cycle, stage, dt, i, i * 0.998, v,
              (active + dead) * 48.5, active + dead, plated + stripped,
              plated, stripped, active, dead, dead * 48.5, sei,
              fragments, largest, area, 0, 1e-6
      }
  }' > "$1"
}

write_cycles() {
  cat > "$1" <<'CSV'
cycle,plated [mAh/cm2],stripped [mAh/cm2],Coulombic efficiency [%],loss [mAh/cm2],dead Li0 formed [mAh/cm2],SEI Li+ formed [mAh/cm2],active Li0 change [mAh/cm2],remeshing change [mAh/cm2],loss to dead Li0 [%],loss to SEI Li+ [%],dead Li0 [mAh/cm2],SEI Li+ [mAh/cm2],active Li0 [mAh/cm2],dead fragments,largest dead fragment [um3]
1,0.5,0.454,90.8,0.046,0.03,0.016,-0.046,0,65.2173913043,34.7826086957,0.03,0.016,0.554,2,0.7275
2,0.5,0.47,94,0.03,0.018,0.01,0.002,0,60,33.3333333333,0.048,0.026,0.556,3,0.776
CSV
}

# 1. Current format, 2 cycles, explicit output path.
mkdir "$tmp/new" "$tmp/png" || fail "cannot create directories"
write_statistics "$tmp/new/statistics.csv"
write_cycles "$tmp/new/cycles.csv"
run_plot "$tmp/new/statistics.csv" "$tmp/png/statistics.png"
expect_png "$tmp/png/statistics.png"
expect_png "$tmp/png/cycles.png"
expect_no_png "$tmp/new/cycles.png"

# 2. A single finished cycle, default output path (next to the csv).
mkdir "$tmp/single" || fail "cannot create a directory"
write_statistics "$tmp/single/statistics.csv"
write_cycles "$tmp/single/all_cycles.csv"
head -n 2 "$tmp/single/all_cycles.csv" > "$tmp/single/cycles.csv"
run_plot "$tmp/single/statistics.csv"
expect_png "$tmp/single/statistics.png"
expect_png "$tmp/single/cycles.png"

# 3. cycles.csv with the header only: no cycles.png, no error.
mkdir "$tmp/running" || fail "cannot create a directory"
write_statistics "$tmp/running/statistics.csv"
write_cycles "$tmp/running/all_cycles.csv"
head -n 1 "$tmp/running/all_cycles.csv" > "$tmp/running/cycles.csv"
run_plot "$tmp/running/statistics.csv"
expect_png "$tmp/running/statistics.png"
expect_no_png "$tmp/running/cycles.png"

# 4. An older statistics.csv without the inventory columns, no cycles.csv.
mkdir "$tmp/old" || fail "cannot create a directory"
cat > "$tmp/old/statistics.csv" <<'CSV'
time [s],step,cycle,stage,dt [s],applied current density [mA/cm2],cell current density [mA/cm2],collector potential [V],Li metal volume [um3],Li metal capacity [mAh/cm2],charge passed [mAh/cm2]
450,1,1,plate,450,-1,-0.998,-0.05,36.4,0.725,0.125
900,2,1,plate,450,-1,-0.998,-0.06,42.4,0.85,0.25
1350,3,1,strip,450,1,0.998,0.04,36.4,0.725,0.375
1800,4,1,strip,450,1,0.998,0.05,30.4,0.6,0.5
CSV
run_plot "$tmp/old/statistics.csv"
expect_png "$tmp/old/statistics.png"
expect_no_png "$tmp/old/cycles.png"

rm -rf "$tmp"
echo PASSED
