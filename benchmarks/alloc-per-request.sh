#!/usr/bin/env bash
# alloc-per-request.sh: heap bytes the event-loop thread allocates per request (PING, GET,
# SET, INCR, EXISTS), measured in-process with the loop thread's allocation counter.
# The design goal: nothing beyond the argument byte arrays (and a new value where the command
# creates one). Prints a Markdown table; asserts nothing.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
echo "alloc-per-request: building (mvn -DskipTests package) ..." >&2
mvn -q -B -ntp -Dstyle.color=never -DskipTests -pl benchmarks -am package >&2
CP="benchmarks/target/classes:$(ls server/target/aeredis-server.jar)"
JAVA="java"
[ -n "${JAVA_HOME:-}" ] && JAVA="$JAVA_HOME/bin/java"
echo "alloc-per-request: 20 warm-up + 200 measured batches of 1000 pipelined requests per command" >&2
exec "$JAVA" --enable-native-access=ALL-UNNAMED -XX:+UseParallelGC -Xms256m -cp "$CP" io.aeredis.benchmarks.AllocationPerRequest
