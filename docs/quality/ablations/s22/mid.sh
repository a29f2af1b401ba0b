#!/bin/bash
# Session 22: 32 mixes a step drawn from the middle of the path (ratios 0.3-0.7 instead of 0.1-0.9; frozenmid = ea31bc2 with
# ROWS 32 and those ratios), weight 1, 600 steps from session 20's reference checkpoint: compare with rows32.
cd /work/exp/s22/frozenmid
out=/work/exp/s22/mid
cache=/work/exp/s20/frozen/run/data-cache
cp /work/exp/s20/ref/reference-small-60min.zip $out/mid.zip
date > $out/mid.started
./tvae train --data python-lines --preset small --resume --checkpoint $out/mid.zip \
  --minutes 100 --steps 5802 --bucket-batches 16 --probe-items 0 --data-cache $cache --report $out/mid.json \
  --hp guidedMixWeight=1 > $out/mid.log 2>&1
date > $out/mid.finished
