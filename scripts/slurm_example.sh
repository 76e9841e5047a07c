#!/usr/bin/env bash
#
# Example SLURM job script for DeadLi.  Copy it and adapt the #SBATCH lines,
# the module/Spack lines and the paths to your cluster.
#
#   sbatch scripts/slurm_example.sh                  # runs prm/quickstart.prm
#   sbatch scripts/slurm_example.sh prm/planar.prm   # any other parameter file
#
# Submit from the repository root (or wherever the relative paths in the .prm
# file should be resolved): the job changes into $SLURM_SUBMIT_DIR.
#
# Sizing: keep at least ~100k degrees of freedom per MPI rank (the usual rule
# of thumb for deal.II/PETSc codes; with fewer, communication dominates).
# The `dofs` column of statistics.csv tells the size of a run; a short run on
# a few ranks tells you what to expect before you submit a big one.
#
#SBATCH --job-name=deadli
#SBATCH --nodes=2
#SBATCH --ntasks=64
#SBATCH --time=24:00:00
#SBATCH --output=deadli-%j.out
#SBATCH --requeue
#
# --requeue lets SLURM put the job back in the queue after a node failure or
# preemption.  A requeued job resumes from the newest checkpoint in the output
# directory if there is one (set 'Checkpoint/Interval [steps]' in the .prm so
# that there is; the last two are kept, and a crash while writing one never
# destroys the previous one).  Without checkpoints it starts over from t = 0.
#
# For time limits, 'Checkpoint/Stop after step' ends a run cleanly with a
# checkpoint; submit the same script again and it continues.

set -euo pipefail

# --- Software environment (examples; use whichever your cluster provides) ---
# DeadLi needs deal.II >= 9.4 configured with MPI, p4est and PETSc (+hypre).
# module load dealii
# spack load dealii

PRM="${1:-prm/quickstart.prm}"
# The binary: `deadli` on PATH if installed there, else the build tree.
DEADLI="${DEADLI:-$(command -v deadli || echo build/deadli)}"
# Must match the output directory set in the .prm file; the quickstart writes
# to output/quickstart, and the shipped .prm files follow output/<name>.
OUTPUT="${DEADLI_OUTPUT:-output/$(basename "$PRM" .prm)}"

cd "${SLURM_SUBMIT_DIR:-.}"

if [[ ! -f "$PRM" ]]; then
  echo "error: parameter file '$PRM' not found (relative to $PWD)" >&2
  exit 1
fi

# Resume if an earlier attempt of this job (or an earlier job) left a
# checkpoint: deadli --resume takes the parameters from $OUTPUT/parameters.prm
# and may run on a different number of ranks than the first attempt.
if compgen -G "$OUTPUT/checkpoint-*/state.bin" > /dev/null; then
  echo "$(date): resuming $OUTPUT from its newest checkpoint on ${SLURM_NTASKS:-?} ranks"
  srun "$DEADLI" --resume "$OUTPUT"
else
  echo "$(date): running $DEADLI $PRM on ${SLURM_NTASKS:-?} ranks, output in $OUTPUT"
  srun "$DEADLI" "$PRM"
fi
echo "$(date): done"
