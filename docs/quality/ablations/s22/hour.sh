#!/bin/bash
# Session 22: the reference recipe (small, 60 minutes, cosine over 5 500 steps) spending its last 10 minutes on the
# guided mix (expert iteration): 50 minutes plain, then --resume 10 minutes with --hp guidedMixWeight=1. Frozen copy of ea31bc2.
cd /work/exp/s22/frozen
out=/work/exp/s22/hour
cache=/work/exp/s20/frozen/run/data-cache
while ! grep -aq "rc=" /tmp/ci/LOG; do sleep 10; done
date > $out/plain.started
./tvae train --data python-lines --preset small --minutes 50 --steps 5500 --bucket-batches 16 --checkpoint $out/hour.zip \
  --pairs 0 --score-pairs 0 --probe-items 0 --data-cache $cache --report $out/plain-50.json > $out/plain-50.log 2>&1
cp $out/hour.zip $out/plain-50.zip
date > $out/guided.started
./tvae train --data python-lines --preset small --resume --minutes 10 --steps 5500 --bucket-batches 16 --checkpoint $out/hour.zip \
  --probe-items 0 --data-cache $cache --report $out/hour.json --hp guidedMixWeight=1 > $out/hour.log 2>&1
date > $out/guided.finished
./tvae score $out/hour.zip --beam-width 16 --probe-items 0 --data-cache $cache --report $out/hour-beam-16.json > $out/hour-beam-16.log 2>&1
date > $out/finished
