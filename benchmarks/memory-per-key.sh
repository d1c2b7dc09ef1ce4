#!/usr/bin/env bash
# memory-per-key.sh: bytes per key for 1,000,000 keys of each type, aeredis next to redis-server.
#   benchmarks/memory-per-key.sh [--keys N] [--types string,hash,set,zset,list]
# Starts a redis-server (from PATH) and an aeredis (bin/aeredis-server) on free ports, loads each
# type into each in turn, prints a Markdown table and saves it under benchmarks/results/.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
echo "[memory-per-key] building ..." >&2
mvn -q -B -ntp -Dstyle.color=never -DskipTests -pl benchmarks -am package >&2
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
RP=$(free_port); AP=$(free_port)
redis-server --port "$RP" --save '' --appendonly no --daemonize no --loglevel warning >/tmp/memory-per-key-redis.log 2>&1 &
REDIS_PID=$!
AEREDIS_JAVA_OPTS="${AEREDIS_JAVA_OPTS:--XX:+UseParallelGC -Xms256m}" bin/aeredis-server --port "$AP" --loglevel warning >/tmp/memory-per-key-aeredis.log 2>&1 &
AEREDIS_PID=$!
trap 'kill $REDIS_PID $AEREDIS_PID 2>/dev/null || true' EXIT
for p in "$RP" "$AP"; do
  for _ in $(seq 1 100); do redis-cli -p "$p" ping >/dev/null 2>&1 && break; sleep 0.2; done
done
# bin/aeredis-server execs java, so its pid is the JVM's.
JAVA="java"; [ -n "${JAVA_HOME:-}" ] && JAVA="$JAVA_HOME/bin/java"
HDR="$(ls ~/.m2/repository/org/hdrhistogram/HdrHistogram/2.2.2/HdrHistogram-2.2.2.jar)"
mkdir -p benchmarks/results
OUT="benchmarks/results/memory-per-key-$(date -u +%Y%m%dT%H%M%SZ).md"
{
  echo "# memory-per-key.sh $*"
  echo
  echo "Machine: $(nproc) cores, $(uname -sr), $("$JAVA" -version 2>&1 | head -1), $(redis-server --version | cut -d' ' -f1-3)"
  "$JAVA" -cp "benchmarks/target/classes:server/target/aeredis-server.jar:$HDR" io.aeredis.benchmarks.MemoryPerKey \
    --redis-port "$RP" --aeredis-port "$AP" --aeredis-pid "$AEREDIS_PID" "$@"
} | tee "$OUT"
echo "[memory-per-key] saved $OUT" >&2
