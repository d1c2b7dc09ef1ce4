#!/usr/bin/env bash
# compare-with-redis.sh: side-by-side redis-benchmark runs, aeredis vs a reference redis-server.
#
# Runs the SAME redis-benchmark tests against both servers, alternating aeredis, redis,
# aeredis, redis ... for N rounds (this machine has 2 noisy cores: alternating spreads the
# noise over both servers instead of letting one server get all the quiet minutes), and
# prints a Markdown table of the MEDIAN over rounds. Run it from anywhere; see --help.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PROG="benchmarks/compare-with-redis.sh"
PROG_NAME="compare-with-redis"
# shellcheck source=lib/bench-common.sh
. "$ROOT/benchmarks/lib/bench-common.sh"

# The exact command line, shell-quoted, so the results file says how to reproduce it.
CMDLINE=$(shell_quote "$0" "$@")

# ---- defaults (those of the options all the scripts take are in lib/bench-common.sh) -------
TESTS="ping,set,get,incr,mset"
PIPELINES="1 16"
QUICK_REQUESTS=10000
AEREDIS_PORT=""         # non-empty: use an already-running aeredis, start nothing
REDIS_PORT=""
AEREDIS_CMD=""          # non-empty: replaces "bin/aeredis-server --save ''" (for testing the script)
TASKSET=0

usage() {
  cat <<EOF
Usage: $PROG [options]

Starts a reference redis-server and aeredis on free ports, runs the same redis-benchmark
tests against each (one untimed warm-up pass against both, then N rounds alternating
aeredis, redis), and prints a Markdown table of median rps and p50/p99 latency per test and
pipeline setting, with the ratio aeredis rps / redis rps. The table and a header describing
the machine go to benchmarks/results/compare-<UTC timestamp>.md and benchmarks/results/latest.md.

Options:
  --tests LIST         redis-benchmark -t tests, comma-separated (default: $TESTS)
  --requests N         requests per test, redis-benchmark -n (default: $REQUESTS)
  --clients N          parallel connections, redis-benchmark -c (default: $CLIENTS)
  --pipeline "LIST"    pipeline depths to run, redis-benchmark -P (default: "$PIPELINES")
  --rounds N           measured rounds per server; the table shows the median (default: $ROUNDS)
  --quick              smoke test: -n $QUICK_REQUESTS and 1 round unless --requests/--rounds are given
  --aeredis-port P     benchmark an aeredis already listening on P instead of starting one
  --redis-port P       benchmark a redis-server already listening on P instead of starting one
  --aeredis-opts "..." extra server arguments for aeredis, e.g. "--ae-backend select"
  --aeredis-cmd "CMD"  start CMD instead of "bin/aeredis-server --save ''" (the script appends
                       --aeredis-opts and --port P). For testing this script without aeredis,
                       e.g. --aeredis-cmd "redis-server --save ''". The results header says so.
  --bench-opts "..."   extra redis-benchmark arguments for every run, e.g. "-r 100000 -d 64"
  --taskset            pin each server this script starts to CPU 0 and redis-benchmark to CPU 1
  --results-dir DIR    where to write compare-*.md and latest.md (default: benchmarks/results)
  --start-timeout S    seconds to wait for a started server to answer PING
                       (default: 60, or 900 when the launcher has to build the aeredis jar first)
  --run-timeout S      seconds one redis-benchmark run may take before it counts as hung
                       (default: $RUN_TIMEOUT)
  --keep-logs          keep the temp dir with server logs and raw CSV even on success
  -h, --help           this text

Quoted option values (--aeredis-opts, --aeredis-cmd, --bench-opts) are split with shell
quoting rules, so --aeredis-cmd "redis-server --save ''" passes an empty save argument.
Exit status is non-zero if a server fails to start or dies, or any redis-benchmark run
reports an error, times out, or produces no results.
EOF
}

# ---- argument parsing --------------------------------------------------------------------
parse_args() {
  while [ "$#" -gt 0 ]; do
    case "$1" in
      --pipeline|--pipelines) need_value "$@"; PIPELINES=$2; shift 2;;
      --aeredis-port)   need_value "$@"; AEREDIS_PORT=$2; shift 2;;
      --redis-port)     need_value "$@"; REDIS_PORT=$2; shift 2;;
      --aeredis-cmd)    need_value "$@"; AEREDIS_CMD=$2; shift 2;;
      --taskset)        TASKSET=1; shift;;
      *)                parse_common_option "$@"; shift "$OPT_SHIFT";;
    esac
  done

  check_common_options "$QUICK_REQUESTS"
  [ -z "$AEREDIS_PORT" ] || positive_int --aeredis-port "$AEREDIS_PORT"
  [ -z "$REDIS_PORT" ] || positive_int --redis-port "$REDIS_PORT"
  local p
  for p in $PIPELINES; do positive_int --pipeline "$p"; done
  [ -n "${PIPELINES// /}" ] || die "--pipeline is empty"
  if [ -n "$AEREDIS_PORT" ] && [ "$AEREDIS_PORT" = "$REDIS_PORT" ]; then
    die "--aeredis-port and --redis-port are the same port"
  fi
}

check_tools() {
  need_tools redis-benchmark redis-cli python3 timeout setsid
  if [ -z "$REDIS_PORT" ]; then
    command -v redis-server >/dev/null 2>&1 || die "'redis-server' not found on PATH (or pass --redis-port)"
  fi
  if [ "$TASKSET" = 1 ]; then
    command -v taskset >/dev/null 2>&1 || die "--taskset needs 'taskset' (util-linux)"
    [ "$(nproc)" -ge 2 ] || die "--taskset needs at least 2 CPUs, this machine has $(nproc)"
  fi
}

# ---- servers -----------------------------------------------------------------------------

AEREDIS_PID=""
REDIS_PID=""
AEREDIS_LOG=""
REDIS_LOG=""
AEREDIS_DESC=""
REDIS_DESC=""

# For cleanup: stops the servers this script started.
stop_servers() {
  stop_process aeredis "$AEREDIS_PID"
  stop_process redis "$REDIS_PID"
}

start_servers() {
  local used=""
  local -a pin_server=()
  [ "$TASKSET" = 1 ] && pin_server=(taskset -c 0)

  if [ -z "$REDIS_PORT" ]; then
    REDIS_PORT=$(free_port "$AEREDIS_PORT")
    REDIS_LOG="$WORK/redis-server.log"
    say "starting redis-server on port $REDIS_PORT (log: $REDIS_LOG)"
    # --save '' and --appendonly no: nothing touches the disk, as for aeredis.
    start_in_background "$REDIS_LOG" ${pin_server[@]+"${pin_server[@]}"} \
      redis-server --port "$REDIS_PORT" --save '' --appendonly no --daemonize no
    REDIS_PID=$STARTED_PID
    REDIS_DESC="started by this script: \`redis-server --port $REDIS_PORT --save '' --appendonly no --daemonize no\`"
  else
    [ "$(ping_port "$REDIS_PORT")" = PONG ] || die "nothing answers PING on --redis-port $REDIS_PORT"
    REDIS_DESC="already running on port $REDIS_PORT, not started by this script"
  fi
  used=$REDIS_PORT

  if [ -z "$AEREDIS_PORT" ]; then
    local -a cmd=() opts=()
    local limit
    if [ -n "$AEREDIS_CMD" ]; then
      split_words cmd "$AEREDIS_CMD"
      [ "${#cmd[@]}" -gt 0 ] || die "--aeredis-cmd is empty"
      limit=${START_TIMEOUT:-60}
    else
      cmd=("$ROOT/bin/aeredis-server" --save '')
      limit=$(aeredis_start_limit)
    fi
    [ -z "$AEREDIS_OPTS" ] || split_words opts "$AEREDIS_OPTS"
    AEREDIS_PORT=$(free_port "$used")
    cmd+=(${opts[@]+"${opts[@]}"} --port "$AEREDIS_PORT")
    AEREDIS_LOG="$WORK/aeredis.log"
    say "starting aeredis on port $AEREDIS_PORT: $(shell_quote "${cmd[@]}") (log: $AEREDIS_LOG)"
    start_in_background "$AEREDIS_LOG" ${pin_server[@]+"${pin_server[@]}"} "${cmd[@]}"
    AEREDIS_PID=$STARTED_PID
    AEREDIS_DESC="started by this script: \`$(shell_quote "${cmd[@]}")\`"
    [ -z "$AEREDIS_CMD" ] || AEREDIS_DESC="**NOT aeredis: --aeredis-cmd replaced it with** \`$(shell_quote "${cmd[@]}")\`"
    wait_for_pong aeredis "$AEREDIS_PORT" "$AEREDIS_PID" "$AEREDIS_LOG" "$limit"
  else
    [ "$(ping_port "$AEREDIS_PORT")" = PONG ] || die "nothing answers PING on --aeredis-port $AEREDIS_PORT"
    AEREDIS_DESC="already running on port $AEREDIS_PORT, not started by this script"
  fi

  if [ -n "$REDIS_PID" ]; then
    wait_for_pong redis-server "$REDIS_PORT" "$REDIS_PID" "$REDIS_LOG" "${START_TIMEOUT:-60}"
  fi
  say "both servers answer PING (aeredis :$AEREDIS_PORT, redis :$REDIS_PORT)"
}

# ---- benchmark runs ----------------------------------------------------------------------

# One redis-benchmark run (run_csv_bench): all tests, one pipeline depth, one server; CSV to
# $out. Dies, saying why, when it fails or measures nothing, or when the server died.
run_bench() {
  local label=$1 name=$2 port=$3 pid=$4 logf=$5 pipe=$6 out=$7
  local t0=$SECONDS
  printf '%-14s %-8s -P %-3s tests=%s -n %s -c %s ... ' \
    "[$label]" "$name" "$pipe" "$TESTS" "$REQUESTS" "$CLIENTS" >&2
  run_csv_bench "$out" "$port" "$TESTS" -P "$pipe"
  if [ "$BENCH_RC" != 0 ]; then
    echo "FAILED" >&2
    [ "$BENCH_RC" = 124 ] && say "redis-benchmark against $name timed out after ${RUN_TIMEOUT}s (server hung or gone?)"
    say "redis-benchmark against $name exited with status $BENCH_RC; its stderr:"
    sed 's/^/  /' "$out.err" >&2
    check_server_up "$name" "$port" "$pid" "$logf"
    die "redis-benchmark reported an error against $name ($label, -P $pipe)"
  fi
  if [ "$(bench_rows "$out")" = 0 ]; then
    echo "FAILED" >&2
    sed 's/^/  /' "$out" "$out.err" >&2
    die "redis-benchmark printed no results against $name (check --tests '$TESTS')"
  fi
  echo "done in $((SECONDS - t0))s" >&2
  check_server_up "$name" "$port" "$pid" "$logf"
}

# One pass of every pipeline setting against both servers, aeredis first, then redis.
run_pass() {
  local label=$1 dir=$2 round=$3 pipe
  for pipe in $PIPELINES; do
    run_bench "$label" aeredis "$AEREDIS_PORT" "$AEREDIS_PID" "$AEREDIS_LOG" "$pipe" \
      "$dir/r$round-aeredis-P$pipe.csv"
    run_bench "$label" redis "$REDIS_PORT" "$REDIS_PID" "$REDIS_LOG" "$pipe" \
      "$dir/r$round-redis-P$pipe.csv"
  done
}

# ---- report ------------------------------------------------------------------------------

# Reads the raw CSVs and prints the Markdown tables: medians and the per-round rps spread.
# Exits non-zero if a test row is missing for one server or round, so a partial run cannot
# produce a table that silently compares different things.
aggregate() {
  python3 - "$WORK/raw" "$ROUNDS" "$PIPELINES" <<'PY'
import csv, os, statistics, sys

raw, rounds, pipelines = sys.argv[1], int(sys.argv[2]), sys.argv[3].split()
servers = ("aeredis", "redis")
data = {}      # (pipe, test) -> server -> list of (rps, p50, p99), one per round
order = []     # test names in redis-benchmark's output order
for pipe in pipelines:
    for server in servers:
        for r in range(1, rounds + 1):
            path = os.path.join(raw, f"r{r}-{server}-P{pipe}.csv")
            with open(path, newline="") as f:
                for row in csv.DictReader(f):
                    test = row["test"]
                    if test not in order:
                        order.append(test)
                    vals = (float(row["rps"]), float(row["p50_latency_ms"]), float(row["p99_latency_ms"]))
                    data.setdefault((pipe, test), {}).setdefault(server, []).append(vals)

for (pipe, test), by_server in data.items():
    for server in servers:
        n = len(by_server.get(server, []))
        if n != rounds:
            sys.exit(f"{test} at -P {pipe}: {server} has {n} results, expected {rounds}")

def med(xs, i):
    return statistics.median(x[i] for x in xs)

def rps(v):
    return f"{v:,.0f}"

def measured():
    """(pipe, test, {server: runs}) in table order, for each test that ran at that depth."""
    for pipe in pipelines:
        for test in order:
            d = data.get((pipe, test))
            if d is not None:
                yield pipe, test, d

print("| test | -P | aeredis rps | redis rps | ratio | aeredis p50 ms | redis p50 ms | aeredis p99 ms | redis p99 ms |")
print("|---|--:|--:|--:|--:|--:|--:|--:|--:|")
for pipe, test, d in measured():
    a, b = d["aeredis"], d["redis"]
    ratio = med(a, 0) / med(b, 0) if med(b, 0) > 0 else float("nan")
    print(f"| {test} | {pipe} | {rps(med(a, 0))} | {rps(med(b, 0))} | {ratio:.2f} "
          f"| {med(a, 1):.3f} | {med(b, 1):.3f} | {med(a, 2):.3f} | {med(b, 2):.3f} |")

if rounds > 1:
    print()
    print("Per-round rps (round 1, 2, ...), to judge the noise behind the medians:")
    print()
    print("| test | -P | aeredis | redis |")
    print("|---|--:|--:|--:|")
    for pipe, test, d in measured():
        print(f"| {test} | {pipe} | {' / '.join(rps(x[0]) for x in d['aeredis'])} "
              f"| {' / '.join(rps(x[0]) for x in d['redis'])} |")
PY
}

# The machine and method header of the results file.
write_header() {
  local stamp=$1 redis_ver pinning
  # Ask the running server, not the binary on PATH: with --redis-port they may differ.
  redis_ver=$(info_field "$REDIS_PORT" server redis_version || true)
  pinning="none (both servers and redis-benchmark share the cores)"
  [ "$TASKSET" = 1 ] && pinning="taskset: servers started by this script on CPU 0 (servers given by port are not pinned), redis-benchmark on CPU 1"

  cat <<EOF
# aeredis vs redis-server: redis-benchmark comparison

EOF
  if [ "$QUICK" = 1 ]; then
    printf '**Quick smoke run (--quick): too few requests and rounds to draw conclusions from.**\n\n'
  fi
  cat <<EOF
- Date (UTC): $stamp
- Command: \`$CMDLINE\`
- Machine: $(machine_summary)
- JDK: $(java_version)
- redis-server: ${redis_ver:-unknown} ($REDIS_DESC)
- aeredis: $AEREDIS_DESC
- redis-benchmark: $(bench_version)
- Tests: \`-t $TESTS -n $REQUESTS -c $CLIENTS\`${BENCH_OPTS:+ plus \`$BENCH_OPTS\`}, pipeline (-P): $PIPELINES
- Method: one untimed warm-up pass of the same tests against BOTH servers (the JVM's JIT needs
  it; redis gets the same treatment), then $ROUNDS round$([ "$ROUNDS" = 1 ] || echo s), each running every pipeline
  setting against aeredis then redis (A B A B ...). Numbers are the median over rounds;
  ratio = aeredis rps / redis rps (above 1: aeredis is faster).
- CPU pinning: $pinning

EOF
}

# ---- main --------------------------------------------------------------------------------
main() {
  parse_args "$@"
  check_tools
  make_work_dir compare-with-redis "server logs and raw CSV" warmup raw
  if [ "$TASKSET" = 1 ] && [ -n "$AEREDIS_PORT$REDIS_PORT" ]; then
    say "warning: --taskset cannot pin a server started elsewhere (--aeredis-port/--redis-port)"
  fi
  if [ "$TASKSET" = 1 ]; then BENCH_PIN=(taskset -c 1); fi

  start_servers

  say "warm-up pass (untimed, both servers)"
  run_pass warm-up "$WORK/warmup" 1
  local r
  for r in $(seq 1 "$ROUNDS"); do
    run_pass "round $r/$ROUNDS" "$WORK/raw" "$r"
  done

  write_results compare
  cp "$RESULTS_FILE" "$RESULTS_DIR/latest.md.tmp"
  mv "$RESULTS_DIR/latest.md.tmp" "$RESULTS_DIR/latest.md"
  say "wrote $RESULTS_FILE and $RESULTS_DIR/latest.md"
}

main "$@"
