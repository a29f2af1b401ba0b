#!/bin/bash
# Session 21: the guarded guided-mix loss at weight 0.3, 600 steps from session 20's reference checkpoint (frozen3).
cd /work/exp/s21/frozen3
out=/work/exp/s21/gm
cache=/work/exp/s20/frozen/run/data-cache
name=guarded-0.3
date > $out/$name.started
./tvae train --data python-lines --preset small --resume --checkpoint $out/$name.zip --minutes 100 --steps 5802 \
  --bucket-batches 16 --probe-items 0 --data-cache $cache --report $out/$name.json --hp guidedMixWeight=0.3 > $out/$name.log 2>&1
date > $out/$name.finished
