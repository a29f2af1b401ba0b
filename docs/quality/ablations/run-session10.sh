#!/bin/bash
# session 10: issue 13 follow-up ablations (frozen jars of 068707a), compact, 2 400 steps, 64 pairs; nice 19 so builds win
cd /work/main
out=/work/exp/s10/runs
run() {
  name=$1; shift
  [ -f $out/$name.json ] && return
  nice -n 19 java -Dai.djl.offline=true -cp "/work/exp/s10/deploy-classes:$(cat /work/exp/s10/classpath)" tvae.deploy.cli.TrainCommand \
     --data python-lines --preset compact --steps 2400 --minutes 240 --bucket-batches 16 \
     --data-cache run/data-cache --checkpoint /work/exp/s10/runs/$name.zip --report $out/$name.json "$@" > $out/$name.log 2>&1
}
run smooth1-noise01 --set smoothnessWeight=1.0 --latent-noise 0.1
run cycle-1 --set cycleWeight=1.0
run critic-1 --set criticWeight=1.0
run smooth3 --set smoothnessWeight=3.0
