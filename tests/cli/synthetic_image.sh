#!/bin/bash
# cli/synthetic_image: scripts/make_synthetic_image writes a 2D image (one
# x-z slice) in every format it knows, and deadli --validate reads each of
# them as Geometry/Type = voxel image.
# Usage: synthetic_image.sh DEADLI MPIEXEC SOURCE_DIR
. "$(dirname "$0")/common.sh"

"$SOURCE_DIR/scripts/make_synthetic_image" --output slice --format all \
  --size 40 1 30 > script_output || fail "make_synthetic_image failed"
cat script_output
grep -q '^image volume fractions: Cu 0\.[0-9]*, Li 0\.[0-9]*$' script_output ||
  fail "no volume fractions printed"

for entry in "slice.raw raw8 180 90" "slice_16.raw raw16 46080 23040" \
  "slice.tif tiff 180 90" "slice_16.tif tiff 46080 23040"; do
  read -r file format copper lithium <<< "$entry"
  [ -s "$file" ] || fail "$file not written"
  prm=${file%.*}_${format}.prm
  cp "$SOURCE_DIR/tests/cli/small.prm" "$prm"
  cat >> "$prm" << END
subsection Geometry
  set Type = voxel image
  subsection Voxel image
    set File              = $file
    set Format            = $format
    set Dimensions        = 40, 1, 30
    set Voxel size [um]   = 0.25
    set Coarse cell size [um] = 1.25
    set Copper threshold  = $copper
    set Lithium threshold = $lithium
  end
end
END
  run_deadli 1 --validate "$prm"
  [ $rc -eq 0 ] || fail "--validate rejected $file ($format)"
done
echo PASSED
