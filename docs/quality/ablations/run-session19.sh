#!/bin/bash
# Session 19: the interpolation critic (ACAI, weight 0.5 as in Berthelot et al.), the one lever of issue 13's list
# never trained; same budget and base command as the session-16 table; frozen copy of the code, allocator settings of ./tvae.
cd /work/exp/s19/frozen
out=/work/exp/s19/runs
run() {
  name=$1; data=$2; shift 2
  [ -f $out/$name.json ] && return
  ./tvae train --data $data --preset compact --steps 2400 --minutes 90 --bucket-batches 16 \
     --data-cache run/data-cache --checkpoint $out/$name.zip --report $out/$name.json "$@" > $out/$name.log 2>&1
}
run py-critic-0.5 python-lines --hp criticWeight=0.5
