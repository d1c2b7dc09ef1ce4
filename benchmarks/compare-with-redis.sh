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

# Quotes one word for display the way a person would type it: bare when safe, in double
# quotes when that is enough (--aeredis-cmd "redis-server --save ''"), else printf %q.
quote_word() {
  case "$1" in
    '') printf "''";;
    *[!A-Za-z0-9_./=:,+@%-]*)
      case "$1" in
        *[\"\$\`\\!]*) printf '%q' "$1";;
        *) printf '"%s"' "$1";;
      esac;;
    *) printf '%s' "$1";;
  esac
}

shell_quote() {
  local out="" a
  for a in "$@"; do out+="${out:+ }$(quote_word "$a")"; done
  printf '%s' "$out"
}

# The exact command line, shell-quoted, so the results file says how to reproduce it.
CMDLINE=$(shell_quote "$0" "$@")

# ---- defaults ----------------------------------------------------------------------------
TESTS="ping,set,get,incr,mset"
REQUESTS=100000
REQUESTS_SET=0          # 1 when --requests was given, so --quick does not override it
CLIENTS=50
PIPELINES="1 16"
ROUNDS=3
ROUNDS_SET=0
QUICK=0
QUICK_REQUESTS=10000
AEREDIS_PORT=""         # non-empty: use an already-running aeredis, start nothing
REDIS_PORT=""
AEREDIS_OPTS=""
AEREDIS_CMD=""          # non-empty: replaces "bin/aeredis-server --save ''" (for testing the script)
BENCH_OPTS=""
TASKSET=0
RESULTS_DIR="$ROOT/benchmarks/results"
START_TIMEOUT=""        # seconds; default depends on whether the launcher must build the jar
RUN_TIMEOUT=900         # seconds per redis-benchmark run: it retries forever if a server is gone
KEEP_LOGS=0

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

# ---- small helpers -----------------------------------------------------------------------
die() { echo "compare-with-redis: error: $*" >&2; exit 1; }
say() { echo "compare-with-redis: $*" >&2; }

# Values of options that take one must be present and, for counts, positive integers.
need_value() { [ "$#" -ge 2 ] || die "option $1 needs a value (see --help)"; }
positive_int() {
  case "$2" in ''|*[!0-9]*|0) die "$1 must be a positive integer, got '$2'";; esac
}

# Splits a user-supplied string into the named array with shell quoting rules. eval is what
# gives '' and "a b" their usual meaning; the string comes from the user's own command line.
split_words() {
  local name=$1 words=$2
  eval "$name=($words)"
}

# ---- argument parsing --------------------------------------------------------------------
parse_args() {
  while [ "$#" -gt 0 ]; do
    case "$1" in
      --tests)          need_value "$@"; TESTS=$2; shift 2;;
      --requests)       need_value "$@"; REQUESTS=$2; REQUESTS_SET=1; shift 2;;
      --clients)        need_value "$@"; CLIENTS=$2; shift 2;;
      --pipeline|--pipelines) need_value "$@"; PIPELINES=$2; shift 2;;
      --rounds)         need_value "$@"; ROUNDS=$2; ROUNDS_SET=1; shift 2;;
      --quick)          QUICK=1; shift;;
      --aeredis-port)   need_value "$@"; AEREDIS_PORT=$2; shift 2;;
      --redis-port)     need_value "$@"; REDIS_PORT=$2; shift 2;;
      --aeredis-opts)   need_value "$@"; AEREDIS_OPTS=$2; shift 2;;
      --aeredis-cmd)    need_value "$@"; AEREDIS_CMD=$2; shift 2;;
      --bench-opts)     need_value "$@"; BENCH_OPTS=$2; shift 2;;
      --taskset)        TASKSET=1; shift;;
      --results-dir)    need_value "$@"; RESULTS_DIR=$2; shift 2;;
      --start-timeout)  need_value "$@"; START_TIMEOUT=$2; shift 2;;
      --run-timeout)    need_value "$@"; RUN_TIMEOUT=$2; shift 2;;
      --keep-logs)      KEEP_LOGS=1; shift;;
      -h|--help)        usage; exit 0;;
      *)                die "unknown option '$1' (see --help)";;
    esac
  done

  if [ "$QUICK" = 1 ]; then
    [ "$REQUESTS_SET" = 1 ] || REQUESTS=$QUICK_REQUESTS
    [ "$ROUNDS_SET" = 1 ] || ROUNDS=1
  fi
  # Accept "set get" as well as "set,get"; redis-benchmark wants commas and no spaces.
  TESTS=$(printf '%s' "$TESTS" | tr -s ' ,' ',,' | sed 's/^,//; s/,$//')
  [ -n "$TESTS" ] || die "--tests is empty"
  positive_int --requests "$REQUESTS"
  positive_int --clients "$CLIENTS"
  positive_int --rounds "$ROUNDS"
  positive_int --run-timeout "$RUN_TIMEOUT"
  [ -z "$START_TIMEOUT" ] || positive_int --start-timeout "$START_TIMEOUT"
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
  local t
  for t in redis-benchmark redis-cli python3 timeout setsid; do
    command -v "$t" >/dev/null 2>&1 || die "'$t' not found on PATH"
  done
  if [ -z "$REDIS_PORT" ]; then
    command -v redis-server >/dev/null 2>&1 || die "'redis-server' not found on PATH (or pass --redis-port)"
  fi
  if [ "$TASKSET" = 1 ]; then
    command -v taskset >/dev/null 2>&1 || die "--taskset needs 'taskset' (util-linux)"
    [ "$(nproc)" -ge 2 ] || die "--taskset needs at least 2 CPUs, this machine has $(nproc)"
  fi
}

# ---- ports and servers -------------------------------------------------------------------

# Prints a TCP port nobody listens on. Picks from 20000-29999, below Linux's ephemeral range
# (32768+), so redis-benchmark's own outgoing connections never compete for it.
free_port() {
  python3 - "$@" <<'PY'
import random, socket, sys
avoid = {int(a) for a in sys.argv[1:] if a}
for _ in range(200):
    port = random.randint(20000, 29999)
    if port in avoid:
        continue
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        s.bind(("127.0.0.1", port))
    except OSError:
        continue
    finally:
        s.close()
    print(port)
    sys.exit(0)
sys.exit("no free port found in 20000-29999")
PY
}

# "PONG" when something answers PING on the port. The timeout guards against a server that
# accepts connections but never replies (a hung event loop), which would block redis-cli.
ping_port() {
  timeout 5 redis-cli -h 127.0.0.1 -p "$1" ping 2>/dev/null || true
}

# True while the process is alive. A server we started stays our child, so after it exits it
# lingers as a zombie until reaped: kill -0 alone would still report it alive.
is_alive() {
  local state
  state=$(ps -o stat= -p "$1" 2>/dev/null || true)
  [ -n "$state" ] && [ "${state#Z}" = "$state" ]
}

# Starts "$@" in the background in its own session, output to the log file given first, and
# sets STARTED_PID. Its own session (and so process group) lets cleanup stop the whole tree
# (e.g. the launcher's mvn build) and keeps Ctrl-C from hitting the servers before the trap
# has stopped them in order. setsid does not fork here (a background child of a script is
# never a group leader), so $! is the server's pid.
start_in_background() {
  local logf=$1; shift
  setsid "$@" >"$logf" 2>&1 </dev/null &
  STARTED_PID=$!
}

# Polls PING until PONG, failing fast if the process dies, with the tail of its log.
wait_for_pong() {
  local name=$1 port=$2 pid=$3 logf=$4 limit=$5
  local deadline=$((SECONDS + limit))
  local reply
  while :; do
    reply=$(ping_port "$port")
    [ "$reply" = PONG ] && return 0
    # Anything but silence (connection refused) means it is up and answering wrongly,
    # e.g. NOAUTH: waiting longer will not help. LOADING is redis still reading a dataset.
    case "$reply" in
      ''|LOADING*) ;;
      *) server_log_tail "$name" "$logf"; die "$name answered PING on port $port with: $reply";;
    esac
    if ! is_alive "$pid"; then
      server_log_tail "$name" "$logf"
      die "$name exited before answering PING on port $port"
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      server_log_tail "$name" "$logf"
      die "$name did not answer PING on port $port within ${limit}s (see --start-timeout)"
    fi
    sleep 0.2
  done
}

server_log_tail() {
  [ -n "$2" ] && [ -f "$2" ] || return 0
  echo "---- last lines of $1 log ($2) ----" >&2
  tail -n 20 "$2" >&2 || true
  echo "----" >&2
}

# Stops one server we started: SIGTERM to its process group, SIGKILL after 10 s, then reap.
stop_server() {
  local name=$1 pid=$2 i
  [ -n "$pid" ] || return 0
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 1 100); do
    is_alive "$pid" || break
    [ "$i" = 100 ] && { say "$name (pid $pid) ignored SIGTERM, killing it"; kill -KILL -- "-$pid" 2>/dev/null || true; }
    sleep 0.1
  done
  wait "$pid" 2>/dev/null || true
}

AEREDIS_PID=""
REDIS_PID=""
AEREDIS_LOG=""
REDIS_LOG=""
AEREDIS_DESC=""
REDIS_DESC=""
WORK=""
PROGRESS_OPEN=0

cleanup() {
  local rc=$?
  set +e
  trap - INT TERM
  # Ctrl-C in the middle of a run leaves its progress line open.
  [ "$PROGRESS_OPEN" = 1 ] && echo "interrupted" >&2
  stop_server aeredis "$AEREDIS_PID"
  stop_server redis "$REDIS_PID"
  if [ -n "$WORK" ] && [ -d "$WORK" ]; then
    if [ "$rc" != 0 ] || [ "$KEEP_LOGS" = 1 ]; then
      say "server logs and raw CSV kept in $WORK"
    else
      rm -rf "$WORK"
    fi
  fi
  exit "$rc"
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
    local limit=60
    if [ -n "$AEREDIS_CMD" ]; then
      split_words cmd "$AEREDIS_CMD"
      [ "${#cmd[@]}" -gt 0 ] || die "--aeredis-cmd is empty"
    else
      cmd=("$ROOT/bin/aeredis-server" --save '')
      if [ ! -f "$ROOT/server/target/aeredis-server.jar" ]; then
        say "server/target/aeredis-server.jar is missing: bin/aeredis-server builds it first (minutes)"
        limit=900
      fi
    fi
    [ -z "$AEREDIS_OPTS" ] || split_words opts "$AEREDIS_OPTS"
    [ -n "$START_TIMEOUT" ] && limit=$START_TIMEOUT
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

# Fails loudly when a server we started has died or no longer answers PING.
check_server() {
  local name=$1 port=$2 pid=$3 logf=$4
  if [ -n "$pid" ] && ! is_alive "$pid"; then
    server_log_tail "$name" "$logf"
    die "$name (pid $pid) died"
  fi
  if [ "$(ping_port "$port")" != PONG ]; then
    server_log_tail "$name" "$logf"
    die "$name no longer answers PING on port $port"
  fi
}

# ---- benchmark runs ----------------------------------------------------------------------

# One redis-benchmark invocation: all tests, one pipeline depth, one server; CSV to $out.
# redis-benchmark 7.0 exits 1 on an error reply or a closed connection (-e is a no-op now),
# but retries forever while the port refuses connections, hence the timeout.
run_bench() {
  local label=$1 name=$2 port=$3 pid=$4 logf=$5 pipe=$6 out=$7
  local errf="$out.err" rc=0 t0=$SECONDS
  local -a pin_bench=() extra=()
  [ "$TASKSET" = 1 ] && pin_bench=(taskset -c 1)
  [ -z "$BENCH_OPTS" ] || split_words extra "$BENCH_OPTS"

  printf '%-14s %-8s -P %-3s tests=%s -n %s -c %s ... ' \
    "[$label]" "$name" "$pipe" "$TESTS" "$REQUESTS" "$CLIENTS" >&2
  PROGRESS_OPEN=1
  timeout "$RUN_TIMEOUT" ${pin_bench[@]+"${pin_bench[@]}"} \
    redis-benchmark -h 127.0.0.1 -p "$port" -t "$TESTS" -n "$REQUESTS" -c "$CLIENTS" -P "$pipe" \
    ${extra[@]+"${extra[@]}"} --csv -q >"$out" 2>"$errf" || rc=$?
  PROGRESS_OPEN=0
  if [ "$rc" != 0 ]; then
    echo "FAILED" >&2
    [ "$rc" = 124 ] && say "redis-benchmark against $name timed out after ${RUN_TIMEOUT}s (server hung or gone?)"
    say "redis-benchmark against $name exited with status $rc; its stderr:"
    sed 's/^/  /' "$errf" >&2
    check_server "$name" "$port" "$pid" "$logf"
    die "redis-benchmark reported an error against $name ($label, -P $pipe)"
  fi
  # A run that printed no result rows measured nothing (e.g. no test name matched).
  if [ "$(grep -c '^"[^"]*","[0-9]' "$out" || true)" = 0 ]; then
    echo "FAILED" >&2
    sed 's/^/  /' "$out" "$errf" >&2
    die "redis-benchmark printed no results against $name (check --tests '$TESTS')"
  fi
  echo "done in $((SECONDS - t0))s" >&2
  check_server "$name" "$port" "$pid" "$logf"
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
  python3 - "$1" "$ROUNDS" "$PIPELINES" <<'PY'
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

print("| test | -P | aeredis rps | redis rps | ratio | aeredis p50 ms | redis p50 ms | aeredis p99 ms | redis p99 ms |")
print("|---|--:|--:|--:|--:|--:|--:|--:|--:|")
for pipe in pipelines:
    for test in order:
        d = data.get((pipe, test))
        if d is None:
            continue
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
    for pipe in pipelines:
        for test in order:
            d = data.get((pipe, test))
            if d is None:
                continue
            print(f"| {test} | {pipe} | {' / '.join(rps(x[0]) for x in d['aeredis'])} "
                  f"| {' / '.join(rps(x[0]) for x in d['redis'])} |")
PY
}

# The machine and method header of the results file.
write_header() {
  local stamp=$1 java cpu redis_ver bench_ver pinning
  local java_bin="java"
  [ -n "${JAVA_HOME:-}" ] && java_bin="$JAVA_HOME/bin/java"
  java=$("$java_bin" -version 2>&1 | head -n 1 || true)
  [ -n "$java" ] || java="n/a"
  cpu=$(grep -m 1 '^model name' /proc/cpuinfo 2>/dev/null | sed 's/^[^:]*: *//' || true)
  [ -n "$cpu" ] || cpu="unknown"
  # Ask the running server, not the binary on PATH: with --redis-port they may differ.
  redis_ver=$(timeout 5 redis-cli -h 127.0.0.1 -p "$REDIS_PORT" info server 2>/dev/null \
    | tr -d '\r' | sed -n 's/^redis_version://p' || true)
  bench_ver=$(redis-benchmark --version 2>/dev/null | head -n 1 || true)
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
- Machine: $(nproc) cores (nproc), CPU: $cpu, kernel $(uname -r)
- JDK: $java
- redis-server: ${redis_ver:-unknown} ($REDIS_DESC)
- aeredis: $AEREDIS_DESC
- redis-benchmark: ${bench_ver:-unknown}
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
  WORK=$(mktemp -d "${TMPDIR:-/tmp}/compare-with-redis.XXXXXX")
  trap cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  mkdir -p "$WORK/warmup" "$WORK/raw"
  if [ "$TASKSET" = 1 ] && [ -n "$AEREDIS_PORT$REDIS_PORT" ]; then
    say "warning: --taskset cannot pin a server started elsewhere (--aeredis-port/--redis-port)"
  fi

  start_servers

  say "warm-up pass (untimed, both servers)"
  run_pass warm-up "$WORK/warmup" 1
  local r
  for r in $(seq 1 "$ROUNDS"); do
    run_pass "round $r/$ROUNDS" "$WORK/raw" "$r"
  done

  local now stamp file tmp
  # One date call for both spellings, so the file name and the header agree to the second.
  now=$(date -u '+%Y%m%dT%H%M%SZ|%Y-%m-%d %H:%M:%S')
  stamp=${now%%|*}
  mkdir -p "$RESULTS_DIR"
  file="$RESULTS_DIR/compare-$stamp.md"
  tmp="$file.tmp"
  { write_header "${now#*|}"; aggregate "$WORK/raw"; } >"$tmp"
  mv "$tmp" "$file"
  cp "$file" "$RESULTS_DIR/latest.md.tmp"
  mv "$RESULTS_DIR/latest.md.tmp" "$RESULTS_DIR/latest.md"

  echo
  cat "$file"
  echo
  say "wrote $file and $RESULTS_DIR/latest.md"
}

main "$@"
