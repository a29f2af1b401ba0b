#!/bin/bash
# Session 18: more latent capacity on Python lines (latentDim 154 = 2 x 77, latentTokens 8 = every pooled token of
# compact), same budget and base command as the session-16 table; frozen copy of the code, allocator settings of ./tvae.
cd /work/exp/s18/frozen
out=/work/exp/s18/runs
run() {
  name=$1; data=$2; shift 2
  [ -f $out/$name.json ] && return
  ./tvae train --data $data --preset compact --steps 2400 --minutes 90 --bucket-batches 16 \
     --data-cache run/data-cache --checkpoint $out/$name.zip --report $out/$name.json "$@" > $out/$name.log 2>&1
}
run py-latent-dim-154 python-lines --set latentDim=154
run py-latent-tokens-8 python-lines --set latentTokens=8
