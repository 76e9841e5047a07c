#!/bin/bash
# cli/bad_*: a full run (not --validate) on faulty input must exit with code 1
# (2 for command-line misuse), print one 'deadli: error:' message on stderr
# that names the offending parameter, its range or pattern and the file, and
# create nothing: in particular not the output directory.
#
# Usage: bad_input.sh DEADLI MPIEXEC SOURCE_DIR CASE NPROCS
#
# The input is tests/cli/small.prm (valid; it is checked with --validate
# first) with one faulty entry appended; a later entry overrides an earlier
# one, so the fault is the only change.
. "$(dirname "$0")/common.sh"
[ $# -eq 2 ] || fail "usage: bad_input.sh DEADLI MPIEXEC SOURCE_DIR CASE NPROCS"
case_name=$1
nprocs=$2

prm=$case_name.prm
expected_rc=1
args=("$prm")
fragments=() # fixed strings that the message must contain
patterns=()  # extended regular expressions that the message must match
fault=""
input_files=() # name=content pairs written next to the prm file first

case $case_name in
  unknown_key)
    fault=$'subsection Phase field\n  set Interface widht [um] = 1\nend'
    fragments=("Interface widht [um]" "$prm")
    ;;
  value_pattern)
    fault=$'subsection Material\n  set Charge transfer coefficient = 1.5\nend'
    fragments=("Charge transfer coefficient" "1.5" "$prm")
    # deal.II's pattern text or an explicit range.
    patterns=('0\.\.\.1|[[(]0, *1[])]')
    ;;
  nonphysical_concentration)
    fault=$'subsection Material\n  set Bulk salt concentration [mol/L] = -1\nend'
    fragments=("Bulk salt concentration [mol/L]" "-1" "$prm")
    patterns=('0\.\.\.MAX_DOUBLE|[[(]0, *inf|> *0|positive')
    ;;
  nonphysical_resolution)
    # Cells of 2 um / 2^1 = 1 um across a 2 um wide interface (needs <= 0.5).
    fault=$'subsection Mesh refinement\n  set Maximum level = 1\nend'
    fragments=("Mesh refinement/Maximum level" "Interface width" "$prm")
    patterns=('Interface width[^=]*= *2(\.0*)?([^0-9.]|$)')
    ;;
  schedule_word)
    fault=$'subsection Cycling\n  set Schedule = plate 2 mA/cm2 for 10 s; strip 1 mA/cm2 untill 1 V\nend'
    fragments=("Cycling/Schedule" "strip 1 mA/cm2 untill 1 V" "'untill' is not 'for' or 'to'" "$prm")
    ;;
  schedule_without_end)
    fault=$'subsection Cycling\n  set Schedule = plate 2 mA/cm2 for 10 s; strip 0.05 V\nend'
    fragments=("Cycling/Schedule" "strip 0.05 V" "needs a time" "$prm")
    ;;
  schedule_with_entries)
    # small.prm sets the plating current density: it must not be dropped.
    fault=$'subsection Cycling\n  set Schedule = plate 2 mA/cm2 for 10 s; strip 2 mA/cm2 for 10 s\nend'
    fragments=("Cycling/Plating current density [mA/cm2]" "Cycling/Schedule" "$prm")
    ;;
  foam_porosity_above_one)
    fault=$'subsection Geometry\n  set Type = copper foam\n  subsection Copper foam\n    set Foam height [um] = 6\n    set Porosity = 1.2\n  end\nend'
    fragments=("Geometry/Copper foam/Porosity" "1.2" "(0, 1)" "$prm")
    ;;
  foam_porosity_zero)
    fault=$'subsection Geometry\n  set Type = copper foam\n  subsection Copper foam\n    set Foam height [um] = 6\n    set Porosity = 0\n  end\nend'
    fragments=("Geometry/Copper foam/Porosity" "= 0 " "(0, 1)" "$prm")
    ;;
  pits_deeper_than_foil)
    # small.prm's foil is 2 um thick.
    fault=$'subsection Geometry\n  set Type = pitted foil\n  set Surface roughness amplitude [um] = 0\n  subsection Pits\n    set Number of pits = 1\n    set Pit depth [um] = 2.5\n  end\nend'
    fragments=("Geometry/Pits/Pit depth [um]" "2.5" "(0, 2)" "larger than the foil" "$prm")
    ;;
  pit_positions_malformed)
    fault=$'subsection Geometry\n  set Type = pitted foil\n  set Surface roughness amplitude [um] = 0\n  subsection Pits\n    set Number of pits = 2\n    set Pit positions [um] = 2; six\n  end\nend'
    fragments=("Geometry/Pits/Pit positions [um]" "2; six" "malformed" "$prm")
    ;;
  missing_mesh_file)
    fault=$'subsection Geometry\n  set Type = gmsh\n  subsection Gmsh\n    set Mesh file = no_such_mesh.msh\n  end\nend'
    fragments=("Geometry/Gmsh/Mesh file" "no_such_mesh.msh" "does not exist" "$prm")
    ;;
  malformed_mesh_file)
    # Named groups, then nodes that are not numbers.
    input_files=("malformed.msh=\$MeshFormat
4.1 0 8
\$EndMeshFormat
\$PhysicalNames
2
1 1 \"collector\"
1 2 \"counter_electrode\"
\$EndPhysicalNames
\$Nodes
these are not nodes
\$EndNodes")
    fault=$'subsection Geometry\n  set Type = gmsh\n  subsection Gmsh\n    set Mesh file = malformed.msh\n  end\nend'
    fragments=("Geometry/Gmsh/Mesh file" "malformed.msh" "could not be read as a 2D Gmsh mesh" "$prm")
    ;;
  missing_image_file)
    fault=$'subsection Geometry\n  set Type = voxel image\n  subsection Voxel image\n    set File = no_such_image.raw\n    set Dimensions = 10, 1, 10\n  end\nend'
    fragments=("Geometry/Voxel image/File" "no_such_image.raw" "does not exist" "$prm")
    ;;
  image_size_mismatch)
    # 50 bytes where 10 x 1 x 10 voxels of 8 bits need 100.
    input_files=("short_image.raw=$(printf '%050d' 0)")
    fault=$'subsection Geometry\n  set Type = voxel image\n  subsection Voxel image\n    set File = short_image.raw\n    set Dimensions = 10, 1, 10\n  end\nend'
    fragments=("Geometry/Voxel image/File" "short_image.raw" "has 50 bytes" "need 100 bytes" "$prm")
    ;;
  missing_file)
    prm=$PWD/no_such_directory/missing.prm
    args=("$prm")
    fragments=("$prm")
    patterns=('[Cc]annot open')
    ;;
  command_line)
    expected_rc=2
    args=(--no-such-option "$prm")
    fragments=("--no-such-option")
    ;;
  *)
    fail "unknown case '$case_name'"
    ;;
esac

if [ "$case_name" != missing_file ]; then
  cp "$SOURCE_DIR/tests/cli/small.prm" "$prm" || fail "cannot copy small.prm"
  # The unchanged input is valid, so that the fault is what gets reported.
  run_deadli 1 --validate "$prm"
  [ $rc -eq 0 ] || fail "the unchanged tests/cli/small.prm does not validate"
  [ -z "$fault" ] || printf '\n%s\n' "$fault" >> "$prm"
  for input_file in "${input_files[@]}"; do
    printf '%s' "${input_file#*=}" > "${input_file%%=*}"
  done
  echo "---- input $prm (tail) ----"
  tail -n 4 "$prm" | sed 's/^/  | /'
fi
grep -q 'Output directory *= *out/run' "$prm" 2> /dev/null ||
  [ "$case_name" = missing_file ] || fail "unexpected Output directory in $prm"
ls -A > ../files_before

run_deadli "$nprocs" "${args[@]}"

[ $rc -eq $expected_rc ] || fail "exit code $rc, expected $expected_rc"
cat "$OUT" "$ERR" > ../message
for fragment in "${fragments[@]}"; do
  grep -qF -- "$fragment" ../message ||
    fail "the message does not name '$fragment'"
done
for pattern in "${patterns[@]}"; do
  grep -qE -- "$pattern" ../message ||
    fail "the message does not match /$pattern/"
done
if [ "$case_name" = command_line ]; then
  grep -q '^deadli: ' "$ERR" || fail "no 'deadli: ' message on stderr"
else
  n_errors=$(grep -c 'deadli: error:' "$ERR")
  [ "$n_errors" -eq 1 ] ||
    fail "'deadli: error:' printed $n_errors times on stderr, expected once"
  ! grep -q 'deadli: error:' "$OUT" || fail "error message on stdout"
fi
# A clean exit, not an abort or a crash.
! grep -qiE 'MPI_ABORT|signal [0-9]|segmentation|core dumped|terminate called' \
  ../message || fail "deadli did not exit cleanly"

[ ! -e out ] || fail "the output directory was created"
ls -A > ../files_after
diff ../files_before ../files_after > /dev/null || {
  diff ../files_before ../files_after
  fail "the failed run created files"
}
echo PASSED
