#!/bin/bash
# Session 16: latent codes by attention (model field latentPooling) against by position, compact, 2 400 steps, same
# base command as run.sh, python lines and probe-texts. Ran from a frozen copy of 080d51e (its jars copied aside so
# builds could not change them under a running JVM); from the repository root this is the same:
set -u
out=docs/quality/ablations
run() {
  name=$1; data=$2; shift 2
  [ -f $out/$name.json ] && return
  ./tvae train --data $data --preset compact --steps 2400 --minutes 90 --bucket-batches 16 \
     --data-cache run/data-cache --checkpoint run/ablations/$name.zip --report $out/$name.json "$@" > $out/$name.log 2>&1
}
run py-attention python-lines --set latentPooling=attention
run py-positions python-lines
run texts-attention probe-texts --set latentPooling=attention
run texts-positions probe-texts
# digits: 500 steps each (about 28 minutes each on the 2 cores)
run500() {
  name=$1; shift
  [ -f $out/$name.json ] && return
  ./tvae train --data mnist --preset compact --steps 500 --minutes 40 --bucket-batches 16 --pairs 2 \
     --data-cache run/data-cache --checkpoint run/ablations/$name.zip --report $out/$name.json "$@" > $out/$name.log 2>&1
}
run500 mnist-attention --set latentPooling=attention
run500 mnist-positions
# the bag-of-words loss (code of the commit that adds BagOfWordsLoss)
run texts-bow-1 probe-texts --hp bagOfWordsWeight=1.0
# py-attention ran on the code before tvae train printed the probe; its probe is from
# ./tvae score run/ablations/py-attention.zip --report docs/quality/ablations/py-attention-score.json
