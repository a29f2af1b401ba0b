#!/usr/bin/env bash
# usage: watchdog.sh OWNER_PID STOP_SIGNAL COMMAND...
# Runs COMMAND and ends it when the JVM that started it dies, even by SIGKILL, so a killed test run leaves no broker
# or database behind. A TERM/INT to this script stops COMMAND with STOP_SIGNAL, then KILL after 20 s.
owner=$1; signal=$2; shift 2
"$@" &
child=$!
stop() {
  kill "-$signal" "$child" 2>/dev/null
  for _ in $(seq 1 200); do kill -0 "$child" 2>/dev/null || exit 0; sleep 0.1; done
  kill -KILL "$child" 2>/dev/null
  exit 0
}
trap stop TERM INT HUP
while kill -0 "$owner" 2>/dev/null && kill -0 "$child" 2>/dev/null; do
  sleep 0.5 & wait $!
done
if kill -0 "$child" 2>/dev/null; then stop; fi
wait "$child"
