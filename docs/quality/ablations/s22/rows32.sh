#!/bin/bash
# Session 22: the guided mix with 32 mixes a step instead of 8 (GuidedMixLoss.ROWS = 32 in frozen32, otherwise ea31bc2),
# weight 1, 600 steps from session 20's reference checkpoint: compare with session 21's guarded-1 (8 mixes, 66.5 % raw).
cd /work/exp/s22/frozen32
out=/work/exp/s22/rows32
cache=/work/exp/s20/frozen/run/data-cache
while [ ! -f /work/exp/s22/hour/finished ]; do sleep 10; done
cp /work/exp/s20/ref/reference-small-60min.zip $out/rows32.zip
date > $out/rows32.started
./tvae train --data python-lines --preset small --resume --checkpoint $out/rows32.zip \
  --minutes 100 --steps 5802 --bucket-batches 16 --probe-items 0 --data-cache $cache --report $out/rows32.json \
  --hp guidedMixWeight=1 > $out/rows32.log 2>&1
date > $out/rows32.finished
