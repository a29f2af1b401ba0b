#!/bin/bash
# Session 23: the hour's last 10 minutes with 32 guided mixes a step at weight 0.3 (GuidedMixLoss.ROWS = 32, the code of
# c997715, in frozen32), from session 22's 50-minute plain checkpoint (plain-50.zip, step 4 408). Alone on the machine.
cd /work/exp/s22/frozen32
out=/work/exp/s23/hour32
cache=/work/exp/s20/frozen/run/data-cache
cp /work/exp/s22/hour/plain-50.zip $out/hour32-0.3.zip; date > $out/started
./tvae train --data python-lines --preset small --resume --minutes 10 --steps 5500 --bucket-batches 16 --checkpoint $out/hour32-0.3.zip \
  --probe-items 0 --data-cache $cache --report $out/hour32-0.3.json --hp guidedMixWeight=0.3 > $out/hour32-0.3.log 2>&1
date > $out/trained
./tvae score $out/hour32-0.3.zip --beam-width 16 --probe-items 0 --data-cache $cache --report $out/hour32-0.3-beam-16.json > $out/hour32-0.3-beam-16.log 2>&1
date > $out/finished
