#!/bin/bash
# Session 21: the second look of the beam's pruning (DeadEndPruning, 4k continuations offered), scored on session 20's checkpoints.
cd /work/exp/s21/frozen
out=/work/exp/s21/score
cache=/work/exp/s20/frozen/run/data-cache
while ! grep -aq "rc=" /tmp/ci/LOG; do sleep 10; done
s() { name=$1; shift; date > $out/$name.started; ./tvae score "$@" --probe-items 0 --data-cache $cache --report $out/$name.json > $out/$name.log 2>&1; date > $out/$name.finished; }
s ref-b4 /work/exp/s20/ref/reference-small-60min.zip --beam-width 4
s ref-b16 /work/exp/s20/ref/reference-small-60min.zip --beam-width 16
s critic-b4 /work/exp/s20/runs/py-critic-0.5.zip --beam-width 4
