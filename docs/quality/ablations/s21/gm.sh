#!/bin/bash
# Session 21: fine-tune session 20's reference checkpoint (small, 60 min, step 5202) for 600 more steps with the
# guided-mix loss (weight 1), and the same 600 steps without it as the control; code: working tree after 4643c89 (frozen2).
cd /work/exp/s21/frozen2
out=/work/exp/s21/gm
cache=/work/exp/s20/frozen/run/data-cache
while pgrep -f "s21/score.sh" > /dev/null; do sleep 10; done
t() { name=$1; shift; date > $out/$name.started; ./tvae train --data python-lines --preset small --resume --checkpoint $out/$name.zip \
  --minutes 100 --steps 5802 --bucket-batches 16 --probe-items 0 --data-cache $cache --report $out/$name.json "$@" > $out/$name.log 2>&1; date > $out/$name.finished; }
t guided-mix-1 --hp guidedMixWeight=1
t control
