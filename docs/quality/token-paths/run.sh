#!/bin/bash
# Issue 13 experiment: paths that move the latent tokens one after another, scored like the seed score (greedy).
# Run from the repository root after a build; prints to stdout (output.txt is the 2026-12-03 run, code of 064e801).
set -eu
CP="deploy/target/classes:$(cat deploy/target/launcher.classpath)"
out=$(mktemp -d)
javac -d "$out" -cp "$CP" docs/quality/token-paths/TokenPaths.java
java -Dai.djl.offline=true -cp "$out:$CP" TokenPaths "${1:-run/train/reference-small-60min.zip}"
