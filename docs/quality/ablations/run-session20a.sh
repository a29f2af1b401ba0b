#!/bin/bash
# Session 20: compact 2400-step ablations on python-lines, code of dbbf518 (frozen copy).
cd /work/exp/s20/frozen
out=/work/exp/s20/runs
run() {
  name=$1; data=$2; shift 2
  [ -f $out/$name.json ] && return
  ./tvae train --data $data --preset compact --steps 2400 --minutes 90 --bucket-batches 16 \
     --data-cache run/data-cache --checkpoint $out/$name.zip --report $out/$name.json "$@" > $out/$name.log 2>&1
}
run py-critic-0.5 python-lines --hp criticWeight=0.5
run py-mmd10-ramp800 python-lines --hp mmdWeight=10 --hp mmdRampMidpoint=800 --hp mmdRampSteps=200
