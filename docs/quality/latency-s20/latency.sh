#!/bin/bash
# Session 20: greedy/guided latency before (dbbf518, frozen copy) and after (04515ba, /work/main) the step-operation cuts,
# alternating, same compact checkpoint, machine otherwise idle.
ckpt=${1:-/work/exp/s20/runs/py-deletion-0.15.zip}
out=/work/exp/s20/latency
mkdir -p $out
while pgrep -f run2.sh > /dev/null; do sleep 20; done
for round in 1 2; do
  (cd /work/exp/s20/frozen && ./tvae bench checkpoint-latency $ckpt 100) > $out/before-$round.txt 2>&1
  (cd /work/main && ./tvae bench checkpoint-latency $ckpt 100) > $out/after-$round.txt 2>&1
done
