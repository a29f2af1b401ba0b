#!/bin/bash
# before (a frozen build of bdf309f) vs after (an uncommitted change of SequenceDecoder: the rows that chose EOS leave
# the batch and the KV cache through DecoderCache.keepRows; -Dx.noscope=true switched its per-step NDScope off, which
# leaked). Decode of 11 greedy points with docs/quality/latency-s24/Dec.java. Not kept: docs/benchmarks.md, session 25.
Z=/work/exp/s23/ref/reference-small-60min.zip
for k in 1 2 3 4; do
  for side in before after; do
    R=/work/exp/s25/before; [ $side = after ] && R=/work/main
    cd $R
    export GLIBC_TUNABLES="$(cat deploy/glibc-tunables)"
    CP="deploy/target/classes:$(cat deploy/target/launcher.classpath)"
    echo "$side $k $(java -Dx.noscope=true -Dai.djl.offline=true -cp "$CP" /work/main/docs/quality/latency-s24/Dec.java $Z 300 2>&1 | grep 'decode 11')"
  done
done
