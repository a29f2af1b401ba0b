#!/bin/bash
# Session 21: the guided-mix loss with its length guard (targets between their ends' lengths), weight 1, 600 steps
# from session 20's reference checkpoint, after the control run; code: working tree after 98910eb (frozen3).
cd /work/exp/s21/frozen3
out=/work/exp/s21/gm
cache=/work/exp/s20/frozen/run/data-cache
while pgrep -f "s21/gm.sh" > /dev/null; do sleep 10; done
t() { name=$1; shift; date > $out/$name.started; ./tvae train --data python-lines --preset small --resume --checkpoint $out/$name.zip \
  --minutes 100 --steps 5802 --bucket-batches 16 --probe-items 0 --data-cache $cache --report $out/$name.json "$@" > $out/$name.log 2>&1; date > $out/$name.finished; }
t guarded-1 --hp guidedMixWeight=1
