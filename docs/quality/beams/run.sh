#!/bin/bash
# issue 13: guided validity against beam width on the 60-minute small reference checkpoint (frozen jars of a54689c)
cd /work/main
for k in 4 8 16; do
  [ -f /work/exp/s10/beams/beam-$k.json ] && continue
  nice -n 10 java -Dai.djl.offline=true -cp "/work/exp/s10/new-deploy-classes:$(cat /work/exp/s10/newclasspath)" tvae.deploy.cli.ScoreCommand \
    run/train/reference-small-60min.zip --beam-width $k --report /work/exp/s10/beams/beam-$k.json > /work/exp/s10/beams/beam-$k.log 2>&1
done
