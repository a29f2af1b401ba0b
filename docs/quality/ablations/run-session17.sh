#!/bin/bash
# Session 17: word dropout (hyperParameters.wordDropout), code of the commit that adds it; frozen copy.
cd /work/exp/s17/frozen2
out=/work/exp/s17/runs
while pgrep -f malloc.sh > /dev/null; do sleep 20; done
run() {
  name=$1; data=$2; shift 2
  [ -f $out/$name.json ] && return
  ./tvae train --data $data --preset compact --steps 2400 --minutes 90 --bucket-batches 16 \
     --data-cache run/data-cache --checkpoint $out/$name.zip --report $out/$name.json "$@" > $out/$name.log 2>&1
}
run500() {
  name=$1; shift
  [ -f $out/$name.json ] && return
  ./tvae train --data mnist --preset compact --steps 500 --minutes 40 --bucket-batches 16 --pairs 2 --score-pairs 16 \
     --data-cache run/data-cache --checkpoint $out/$name.zip --report $out/$name.json "$@" > $out/$name.log 2>&1
}
run500 mnist-attention-wd05 --set latentPooling=attention --hp wordDropout=0.5
run py-wd03 python-lines --hp wordDropout=0.3
run texts-wd03 probe-texts --hp wordDropout=0.3
