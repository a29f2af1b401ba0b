#!/bin/bash
# Session 21: guarded-1 continued for 600 more steps (1 200 with the guided-mix loss in all), same code (frozen3).
cd /work/exp/s21/frozen3
out=/work/exp/s21/gm
cache=/work/exp/s20/frozen/run/data-cache
name=guarded-1-1200
date > $out/$name.started
./tvae train --data python-lines --preset small --resume --checkpoint $out/$name.zip --minutes 120 --steps 6402 \
  --bucket-batches 16 --probe-items 0 --data-cache $cache --report $out/$name.json --hp guidedMixWeight=1 > $out/$name.log 2>&1
date > $out/$name.finished
