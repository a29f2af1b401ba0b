#!/bin/bash
# Session 22: the hour's last 10 minutes two more ways from the same 50-minute plain checkpoint (plain-50.zip, step 4 408):
# the guided mix at weight 0.3, and plain (the control: the reference recipe's own hour). Frozen copy of ea31bc2, alone.
cd /work/exp/s22/frozen
out=/work/exp/s22/hour
cache=/work/exp/s20/frozen/run/data-cache
while [ ! -f /work/exp/s22/rows32/rows32.finished ]; do sleep 10; done
p() { name=$1; shift; cp $out/plain-50.zip $out/$name.zip; date > $out/$name.started
  ./tvae train --data python-lines --preset small --resume --minutes 10 --steps 5500 --bucket-batches 16 --checkpoint $out/$name.zip \
    --probe-items 0 --data-cache $cache --report $out/$name.json "$@" > $out/$name.log 2>&1; date > $out/$name.finished; }
p hour-0.3 --hp guidedMixWeight=0.3
p hour-plain
./tvae score $out/hour-0.3.zip --beam-width 16 --probe-items 0 --data-cache $cache --report $out/hour-0.3-beam-16.json > $out/hour-0.3-beam-16.log 2>&1
./tvae score $out/hour-plain.zip --beam-width 16 --probe-items 0 --data-cache $cache --report $out/hour-plain-beam-16.json > $out/hour-plain-beam-16.log 2>&1
date > $out/phase2.finished
