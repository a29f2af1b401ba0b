#!/bin/bash
# Session 23: the reference hour as one command: 4 400 plain steps, then the guided mix (32 mixes a step, weight 0.3)
# to the 60-minute mark. Frozen copy of 21dc262, alone on the machine. Then beam 16 on the same pairs.
cd /work/exp/s23/frozen
out=/work/exp/s23/ref
cache=/work/exp/s20/frozen/run/data-cache
date > $out/started
./tvae train --data python-lines --preset small --minutes 60 --steps 5500 --bucket-batches 16 \
  --hp guidedMixWeight=0.3 --hp guidedMixStart=4400 --data-cache $cache \
  --checkpoint $out/reference-small-60min.zip --report $out/small-60min-session23.json > $out/small-60min-session23.log 2>&1
date > $out/trained
./tvae score $out/reference-small-60min.zip --beam-width 16 --probe-items 0 --data-cache $cache \
  --report $out/session23-beam-16.json > $out/session23-beam-16.log 2>&1
date > $out/finished
