#!/bin/bash
# Session 20: compact 2400-step ablations on python-lines, code of 81c9265 (frozen copy frozen2), after run1's critic run.
cd /work/exp/s20/frozen2
out=/work/exp/s20/runs
while [ ! -f $out/py-critic-0.5.json ] && pgrep -f "py-critic-0.5" > /dev/null; do sleep 20; done
run() {
  name=$1; data=$2; shift 2
  [ -f $out/$name.json ] && return
  ./tvae train --data $data --preset compact --steps 2400 --minutes 90 --bucket-batches 16 \
     --data-cache /work/exp/s20/frozen/run/data-cache --checkpoint $out/$name.zip --report $out/$name.json "$@" > $out/$name.log 2>&1
}
run py-deletion-0.15 python-lines --hp encoderDeletion=0.15
run py-deletion-0.3 python-lines --hp encoderDeletion=0.3
run py-mmd10-ramp800 python-lines --hp mmdWeight=10 --hp mmdRampMidpoint=800 --hp mmdRampSteps=200
