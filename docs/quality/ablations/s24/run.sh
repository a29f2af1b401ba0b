#!/bin/bash
# Session 24: parallel decoding (model field decoding=parallel), one at a time on the 2-core VM, from a frozen copy
# of 9f96974 (its jars copied aside so builds could not change them under a running JVM). From the repository root:
set -u
out=docs/quality/ablations/s24
# digits: the same 500 steps as session 16's mnist-attention (token by token), attention pooling
./tvae train --data mnist --preset compact --steps 500 --minutes 60 --bucket-batches 16 --pairs 4 --score-pairs 64 \
    --data-cache run/data-cache --checkpoint run/ablations/par-attention-500.zip --report $out/par-attention-500.json \
    --set latentPooling=attention --set decoding=parallel > $out/par-attention-500.log 2>&1
# glosses: the same 2 400 steps as session 16's texts-positions
./tvae train --data probe-texts --preset compact --steps 2400 --minutes 90 --bucket-batches 16 \
    --data-cache run/data-cache --checkpoint run/ablations/texts-parallel.zip --report $out/texts-parallel.json \
    --set decoding=parallel > $out/texts-parallel.log 2>&1
# digits with the learning-rate schedule finished inside the run (--steps is the schedule's length; session 18's hour
# set 20 000 and stopped at 2 222 with the rate still at 97 % of its peak). 1 100 steps, alone, 32.5 minutes.
./tvae train --data mnist --preset compact --steps 1100 --minutes 35 --bucket-batches 16 --pairs 4 --score-pairs 32 \
    --data-cache run/data-cache --checkpoint run/ablations/mnist-1100.zip --report $out/mnist-1100.json \
    --set latentPooling=attention > $out/mnist-1100.log 2>&1
