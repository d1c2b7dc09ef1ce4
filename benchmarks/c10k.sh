#!/usr/bin/env bash
# c10k.sh: what 10,000 idle connections cost aeredis and redis-server: memory per connection,
# and the throughput and latency of 50 busy clients while the idle ones are held.
#
# For each server (aeredis and a reference redis-server, alternating A B A B over rounds):
# a redis-benchmark GET/SET baseline, then N idle connections opened and held by
# benchmarks/idle-clients.py (each sends one PING, as a connection pool does, then stays
# silent), the server's RSS (VmRSS) and heap/used_memory before and after, and the same
# benchmark again with the idle connections held. Finally a maxclients check: with
# maxclients = N, connection N+1 must get "-ERR max number of clients reached".
# Prints Markdown tables (medians over rounds) and saves them under benchmarks/results/.
# Nothing is asserted. Run it from anywhere; see --help.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PROG="benchmarks/c10k.sh"
PROG_NAME="c10k"
# shellcheck source=lib/bench-common.sh
. "$ROOT/benchmarks/lib/bench-common.sh"

CMDLINE=$(shell_quote "$0" "$@")

# ---- defaults (those of the options all the scripts take are in lib/bench-common.sh) -------
IDLE=10000
IDLE_SET=0
TESTS="get,set"
SETTLE=5
REJECT_EXTRA=5
PING_MODE=--ping
SERVERS="aeredis,redis"

usage() {
  cat <<EOF
Usage: $PROG [options]

Starts aeredis (bin/aeredis-server) and redis-server on free ports and measures, for each:
  1. redis-benchmark -t $TESTS -n $REQUESTS -c $CLIENTS: rps, p50, p99 (baseline, no idle connections);
  2. RSS (VmRSS from /proc) and heap before and after opening N idle connections
     (aeredis: JVM heap in use after a full GC, jcmd GC.run; redis: used_memory),
     divided by the idle connections the server accepted;
  3. the same redis-benchmark while the N idle connections are held;
  4. once per server, with CONFIG SET maxclients N: N connections accepted, the next
     $REJECT_EXTRA refused with "-ERR max number of clients reached".
Rounds alternate the servers (aeredis, redis, aeredis, redis ...); tables show medians.
Results go to benchmarks/results/c10k-<UTC timestamp>.md. Nothing is asserted.

Options:
  --idle N             idle connections to hold (default: $IDLE)
  --quick              smoke test: --idle 1000, -n 20000, 1 round (unless given explicitly)
  --tests LIST         redis-benchmark -t tests (default: $TESTS)
  --requests N         redis-benchmark -n per test (default: $REQUESTS)
  --clients N          busy clients, redis-benchmark -c (default: $CLIENTS)
  --rounds N           measured rounds per server; tables show the median (default: $ROUNDS)
  --settle S           seconds to wait after opening the idle connections before reading
                       memory, so that both servers' crons have resized the buffers of the
                       now idle clients (default: $SETTLE)
  --no-ping            idle connections send nothing at all (default: one PING each)
  --reject-extra K     connections beyond maxclients in the maxclients check (default: $REJECT_EXTRA)
  --servers LIST       aeredis,redis (default) or just one of them
  --aeredis-opts "..." extra aeredis arguments, e.g. "--ae-backend select"
  --bench-opts "..."   extra redis-benchmark arguments, e.g. "-d 64"
  --results-dir DIR    where c10k-*.md goes (default: benchmarks/results)
  --start-timeout S    seconds a server may take to answer PING (default: 60, 900 if the
                       aeredis jar must be built first)
  --run-timeout S      seconds one redis-benchmark run may take (default: $RUN_TIMEOUT)
  --keep-logs          keep the temp dir with logs and raw data even on success
  -h, --help           this text

The script raises its own open-files limit (ulimit -n) to what N connections need and prints
what it got; the servers, the holder and redis-benchmark inherit it. Both servers get
maxclients = N + clients + 16, so that the idle connections, the benchmark and this script's
redis-cli probes all fit; the maxclients check lowers it to N with CONFIG SET.
EOF
}

parse_args() {
  while [ "$#" -gt 0 ]; do
    case "$1" in
      --idle)          need_value "$@"; IDLE=$2; IDLE_SET=1; shift 2;;
      --settle)        need_value "$@"; SETTLE=$2; shift 2;;
      --no-ping)       PING_MODE=--no-ping; shift;;
      --reject-extra)  need_value "$@"; REJECT_EXTRA=$2; shift 2;;
      --servers)       need_value "$@"; SERVERS=$2; shift 2;;
      *)               parse_common_option "$@"; shift "$OPT_SHIFT";;
    esac
  done
  if [ "$QUICK" = 1 ]; then
    [ "$IDLE_SET" = 1 ] || IDLE=1000
  fi
  check_common_options 20000
  positive_int --idle "$IDLE"
  nonneg_int --settle "$SETTLE"
  nonneg_int --reject-extra "$REJECT_EXTRA"
  SERVERS=$(comma_list "$SERVERS")
  local s
  for s in ${SERVERS//,/ }; do
    case "$s" in aeredis|redis) ;; *) die "--servers: unknown server '$s' (aeredis, redis)";; esac
  done
  [ -n "$SERVERS" ] || die "--servers is empty"
}

check_tools() {
  need_tools redis-benchmark redis-cli python3 timeout setsid
  case ",$SERVERS," in *,redis,*) command -v redis-server >/dev/null 2>&1 || die "'redis-server' not found on PATH";; esac
  case ",$SERVERS," in *,aeredis,*) command -v jcmd >/dev/null 2>&1 || die "'jcmd' (JDK) not found on PATH: it reads aeredis's heap";; esac
}

# ---- servers -----------------------------------------------------------------------------
declare -A PORT PID LOG DESC

# For cleanup: stops the servers this script started.
stop_servers() {
  local s
  for s in aeredis redis; do stop_process "$s" "${PID[$s]:-}"; done
}

MAXCLIENTS=0

start_servers() {
  local used="" s limit
  local -a cmd opts
  for s in ${SERVERS//,/ }; do
    PORT[$s]=$(free_port $used)
    used="$used ${PORT[$s]}"
    LOG[$s]="$WORK/$s.log"
    limit=${START_TIMEOUT:-60}
    if [ "$s" = aeredis ]; then
      opts=()
      [ -z "$AEREDIS_OPTS" ] || split_words opts "$AEREDIS_OPTS"
      cmd=("$ROOT/bin/aeredis-server" --save '' ${opts[@]+"${opts[@]}"} --maxclients "$MAXCLIENTS" --port "${PORT[$s]}")
      limit=$(aeredis_start_limit)
    else
      cmd=(redis-server --port "${PORT[$s]}" --save '' --appendonly no --daemonize no --maxclients "$MAXCLIENTS")
    fi
    say "starting $s on port ${PORT[$s]}: $(shell_quote "${cmd[@]}")"
    start_in_background "${LOG[$s]}" "${cmd[@]}"
    PID[$s]=$STARTED_PID
    DESC[$s]="\`$(shell_quote "${cmd[@]}")\`"
    wait_for_pong "$s" "${PORT[$s]}" "${PID[$s]}" "${LOG[$s]}" "$limit"
  done
}

# Dies when server $1 has died or no longer answers PING.
check_server() {
  check_server_up "$1" "${PORT[$1]}" "${PID[$1]}" "${LOG[$1]}"
}

# ---- measurements ------------------------------------------------------------------------

# One redis-benchmark run, CSV to $out.
run_bench() {
  local label=$1 s=$2 out=$3 t0=$SECONDS
  printf '%-16s %-8s redis-benchmark -t %s -n %s -c %s ... ' "[$label]" "$s" "$TESTS" "$REQUESTS" "$CLIENTS" >&2
  run_csv_bench "$out" "${PORT[$s]}" "$TESTS"
  bench_ok "$out" check_server "$s" || die "redis-benchmark against $s failed ($label, status $BENCH_RC)"
  echo "done in $((SECONDS - t0))s" >&2
}

# Memory the server's allocator reports as in use: aeredis's heap after a full GC (jcmd
# GC.run, then INFO's used_memory, which is the JVM's used heap); redis's used_memory.
heap_bytes() {
  local s=$1
  if [ "$s" = aeredis ]; then
    timeout 60 jcmd "${PID[$s]}" GC.run >/dev/null 2>&1 || say "warning: jcmd GC.run failed for pid ${PID[$s]}"
  fi
  info_field "${PORT[$s]}" memory used_memory
}

# One round for one server: baseline, idle connections, memory, loaded benchmark.
measure_server() {
  local r=$1 s=$2
  local label="round $r/$ROUNDS"
  local dir="$WORK/raw/r$r-$s"
  mkdir -p "$dir"
  run_bench "$label" "$s" "$dir/baseline.csv"
  local rss0 heap0 rss1 heap1
  sleep 1
  rss0=$(rss_kb "${PID[$s]}")
  heap0=$(heap_bytes "$s")
  printf '%-16s %-8s opening %s idle connections ... ' "[$label]" "$s" "$IDLE" >&2
  PROGRESS_OPEN=1
  start_holder "${PORT[$s]}" "$IDLE" "$dir/holder.log" "$dir/holder.json" "$HOLD_TIMEOUT" $PING_MODE
  PROGRESS_OPEN=0
  local accepted rejected closed
  accepted=$(report_field "$HOLDER_REPORT" accepted)
  rejected=$(report_field "$HOLDER_REPORT" rejected)
  closed=$(report_field "$HOLDER_REPORT" closed)
  echo "$accepted accepted, $rejected refused (maxclients), $closed closed, in $(report_field "$HOLDER_REPORT" connect_seconds)s; settling ${SETTLE}s" >&2
  sleep "$SETTLE"
  check_server "$s"
  rss1=$(rss_kb "${PID[$s]}")
  heap1=$(heap_bytes "$s")
  local clients
  clients=$(info_field "${PORT[$s]}" clients connected_clients)
  printf '%-16s %-8s RSS %s -> %s kB, heap/used_memory %s -> %s bytes, connected_clients %s\n' \
    "[$label]" "$s" "$rss0" "$rss1" "$heap0" "$heap1" "$clients" >&2
  run_bench "$label" "$s" "$dir/idle.csv"
  stop_holder
  wait_for_clients_at_most "${PORT[$s]}" 1 60
  printf '{"server":"%s","round":%d,"rss0":%s,"rss1":%s,"heap0":%s,"heap1":%s,"accepted":%s,"rejected":%s,"closed":%s,"clients":%s}\n' \
    "$s" "$r" "$rss0" "$rss1" "${heap0:-0}" "${heap1:-0}" "$accepted" "$rejected" "$closed" "${clients:-0}" >>"$WORK/raw/memory.jsonl"
}

# With maxclients = IDLE, IDLE connections are accepted and the next REJECT_EXTRA refused.
check_maxclients() {
  local s=$1
  local dir="$WORK/raw/maxclients-$s"
  mkdir -p "$dir"
  local r
  r=$(timeout 10 redis-cli -h 127.0.0.1 -p "${PORT[$s]}" config set maxclients "$IDLE" 2>&1 || true)
  [ "$r" = OK ] || die "CONFIG SET maxclients $IDLE on $s answered: $r"
  printf '%-16s %-8s maxclients %s: opening %s + %s connections ... ' "[maxclients]" "$s" "$IDLE" "$IDLE" "$REJECT_EXTRA" >&2
  PROGRESS_OPEN=1
  start_holder "${PORT[$s]}" "$IDLE" "$dir/holder.log" "$dir/holder.json" "$HOLD_TIMEOUT" $PING_MODE --extra "$REJECT_EXTRA" --exit
  PROGRESS_OPEN=0
  wait "$HOLDER_PID" 2>/dev/null || true
  HOLDER_PID=""
  echo "$(report_field "$HOLDER_REPORT" accepted) accepted, $(report_field "$HOLDER_REPORT" extra_rejected) of the last $REJECT_EXTRA refused" >&2
  wait_for_clients_at_most "${PORT[$s]}" 1 60
  r=$(timeout 10 redis-cli -h 127.0.0.1 -p "${PORT[$s]}" config set maxclients "$MAXCLIENTS" 2>&1 || true)
  [ "$r" = OK ] || say "warning: could not restore maxclients on $s: $r"
  python3 - "$s" "$HOLDER_REPORT" >>"$WORK/raw/maxclients.jsonl" <<'PY'
import json, sys
d = json.loads(sys.argv[2]); d["server"] = sys.argv[1]; print(json.dumps(d))
PY
}

# ---- report ------------------------------------------------------------------------------

aggregate() {
  python3 - "$WORK/raw" "$ROUNDS" "$SERVERS" "$IDLE" "$REJECT_EXTRA" <<'PY'
import csv, json, os, statistics, sys

raw, rounds, servers, idle, extra = sys.argv[1], int(sys.argv[2]), sys.argv[3].split(","), int(sys.argv[4]), int(sys.argv[5])
med = statistics.median

def read_csv(path):
    out = {}
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            out[row["test"]] = (float(row["rps"]), float(row["p50_latency_ms"]), float(row["p99_latency_ms"]))
    return out

bench = {}   # (server, phase, test) -> list of (rps, p50, p99)
order = []
for s in servers:
    for r in range(1, rounds + 1):
        for phase in ("baseline", "idle"):
            for test, v in read_csv(os.path.join(raw, f"r{r}-{s}", f"{phase}.csv")).items():
                if test not in order:
                    order.append(test)
                bench.setdefault((s, phase, test), []).append(v)

mem = [json.loads(l) for l in open(os.path.join(raw, "memory.jsonl"))]
maxc = {}
if os.path.exists(os.path.join(raw, "maxclients.jsonl")):
    for l in open(os.path.join(raw, "maxclients.jsonl")):
        d = json.loads(l)
        maxc[d["server"]] = d

def fmt_rps(v): return f"{v:,.0f}"

def both_phases():
    """(server, test, baseline runs, idle runs) for each test measured both ways."""
    for s in servers:
        for t in order:
            b, i = bench.get((s, "baseline", t)), bench.get((s, "idle", t))
            if b and i:
                yield s, t, b, i

print(f"## Throughput and latency: {idle:,} idle connections held vs none")
print()
print("| server | test | rps, no idle | rps, idle held | ratio | p50 ms, no idle | p50 ms, idle held | p99 ms, no idle | p99 ms, idle held |")
print("|---|---|--:|--:|--:|--:|--:|--:|--:|")
for s, t, b, i in both_phases():
    rb, ri = med(x[0] for x in b), med(x[0] for x in i)
    print(f"| {s} | {t} | {fmt_rps(rb)} | {fmt_rps(ri)} | {ri / rb:.2f} | {med(x[1] for x in b):.3f} | {med(x[1] for x in i):.3f} "
          f"| {med(x[2] for x in b):.3f} | {med(x[2] for x in i):.3f} |")
print()
print("ratio = rps with the idle connections held / rps without (1.00: the idle connections cost nothing).")
print()
print(f"## Memory per idle connection")
print()
print("| server | idle accepted | RSS before MB | RSS after MB | RSS per idle conn | heap / used_memory per idle conn |")
print("|---|--:|--:|--:|--:|--:|")
for s in servers:
    rows = [m for m in mem if m["server"] == s]
    if not rows:
        continue
    acc = med(m["accepted"] for m in rows)
    rss_per = med((m["rss1"] - m["rss0"]) * 1024 / max(1, m["accepted"]) for m in rows)
    heap_per = med((m["heap1"] - m["heap0"]) / max(1, m["accepted"]) for m in rows)
    print(f"| {s} | {acc:,.0f} | {med(m['rss0'] for m in rows) / 1024:,.1f} | {med(m['rss1'] for m in rows) / 1024:,.1f} "
          f"| {rss_per / 1024:,.2f} KB | {heap_per / 1024:,.2f} KB |")
print()
print("RSS: VmRSS of the server process (/proc/PID/status), before opening the idle connections")
print("and after they were held for the settle time. heap: aeredis's JVM heap in use after a full")
print("GC (jcmd GC.run); for redis, used_memory (what its allocator hands out). Both divided by the")
print("idle connections the server accepted. Kernel socket buffers are not in either.")
if any(m["rejected"] or m["closed"] for m in mem):
    print()
    print("Some idle connections were refused or closed: " + ", ".join(
        f"{m['server']} round {m['round']}: {m['rejected']} refused, {m['closed']} closed" for m in mem if m["rejected"] or m["closed"]))
if maxc:
    print()
    print(f"## maxclients check (CONFIG SET maxclients {idle})")
    print()
    print(f"| server | connections 1..{idle:,} accepted | connections {idle + 1:,}..{idle + extra:,} refused with -ERR max number of clients reached | first refused |")
    print("|---|--:|--:|--:|")
    for s in servers:
        d = maxc.get(s)
        if d is None:
            continue
        first = d.get("first_rejected")
        print(f"| {s} | {d['accepted']:,} | {d['extra_rejected']} of {extra} | {'none' if first is None else f'#{first:,}'} |")
if rounds > 1:
    print()
    print("Per-round rps (round 1, 2, ...), to judge the noise behind the medians:")
    print()
    print("| server | test | no idle | idle held |")
    print("|---|---|--:|--:|")
    for s, t, b, i in both_phases():
        print(f"| {s} | {t} | {' / '.join(fmt_rps(x[0]) for x in b)} | {' / '.join(fmt_rps(x[0]) for x in i)} |")
PY
}

write_header() {
  local stamp=$1 s
  echo "# C10K: $IDLE idle connections, aeredis and redis-server"
  echo
  [ "$QUICK" = 1 ] && { printf '**Quick smoke run (--quick): too few connections, requests and rounds to draw conclusions from.**\n\n'; }
  echo "- Date (UTC): $stamp"
  echo "- Command: \`$CMDLINE\`"
  machine_lines
  for s in ${SERVERS//,/ }; do
    if [ "$s" = redis ]; then
      echo "- redis-server $(info_field "${PORT[$s]}" server redis_version): ${DESC[$s]}"
    else
      local jvm_opts="${AEREDIS_JAVA_OPTS:-}"
      [ -n "$jvm_opts" ] || jvm_opts="the launcher's default"
      echo "- aeredis: ${DESC[$s]} (JVM options: $jvm_opts)"
    fi
  done
  echo "- Benchmark: \`redis-benchmark -t $TESTS -n $REQUESTS -c $CLIENTS\`${BENCH_OPTS:+ plus \`$BENCH_OPTS\`}, once without and once with the idle connections held"
  echo "- Idle connections: $IDLE, opened one after the other by benchmarks/idle-clients.py, $([ "$PING_MODE" = --ping ] && echo "each sending one PING (multibulk) and reading +PONG, then silent" || echo "sending nothing"); memory read after ${SETTLE}s"
  echo "- Method: one untimed warm-up run per server, then $ROUNDS round(s), each measuring every server in turn (A B A B); tables show medians over rounds."
  echo
}

# ---- main --------------------------------------------------------------------------------
main() {
  parse_args "$@"
  check_tools
  MAXCLIENTS=$((IDLE + CLIENTS + 16))
  raise_nofile $((IDLE + REJECT_EXTRA + CLIENTS)) "$IDLE idle connections (use --idle, or raise the hard limit)"
  make_work_dir c10k "logs and raw data" raw warmup
  : >"$WORK/raw/memory.jsonl"

  start_servers
  local s r
  for s in ${SERVERS//,/ }; do run_bench "warm-up" "$s" "$WORK/warmup/$s.csv"; done
  for r in $(seq 1 "$ROUNDS"); do
    for s in ${SERVERS//,/ }; do measure_server "$r" "$s"; done
  done
  for s in ${SERVERS//,/ }; do check_maxclients "$s"; done

  write_results c10k
  say "wrote $RESULTS_FILE"
}

main "$@"
