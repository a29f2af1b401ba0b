#!/bin/bash
# Issue 13 ablations: compact preset, 2 400 steps, the 64 fixed held-out pairs; one lever per run.
# Run from the repository root; a run whose JSON exists is skipped, so the script can be started again.
set -u
out=docs/quality/ablations
run() {
  name=$1; shift
  [ -f $out/$name.json ] && return
  ./tvae train --data python-lines --preset compact --steps 2400 --minutes 90 --bucket-batches 16 \
     --data-cache run/data-cache --checkpoint run/ablations/$name.zip --report $out/$name.json "$@" > $out/$name.log 2>&1
}
run baseline
run mmd-midpoint-800 --hp mmdRampMidpoint=800 --hp mmdRampSteps=200
run latent-noise-0.1 --latent-noise 0.1
run bucket-1 --bucket-batches 1
run latent-dim-32 --set latentDim=32
run smoothness-1 --hp smoothnessWeight=1.0
