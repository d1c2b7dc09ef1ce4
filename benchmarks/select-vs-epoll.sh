#!/usr/bin/env bash
# select-vs-epoll.sh: does the event loop's cost grow with the descriptors it watches?
#
# The same aeredis twice, once with --ae-backend select and once with --ae-backend epoll.
# For each count of idle connections (held open by benchmarks/idle-clients.py) it runs
# redis-benchmark with 50 active clients and reports throughput, p50/p99 latency, and the
# server's CPU use (utime+stime from /proc/PID/stat over the benchmark's wall time, as % of
# one core, and per request). Tests the claim of /work/shared/CONTEXT.md section 2: select's
# cost grows with the watched descriptors, epoll's with the ready ones only.
# select(2) cannot watch fds >= FD_SETSIZE (1024): rows that need more are shown as such.
# Prints Markdown tables (medians over rounds), saves them under benchmarks/results/.
# Nothing is asserted. Run it from anywhere; see --help.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PROG="benchmarks/select-vs-epoll.sh"
PROG_NAME="select-vs-epoll"
# shellcheck source=lib/bench-common.sh
. "$ROOT/benchmarks/lib/bench-common.sh"

CMDLINE=$(shell_quote "$0" "$@")

# ---- defaults (those of the options all the scripts take are in lib/bench-common.sh) -------
IDLE_LIST="0 500 950 1000 10000"
IDLE_SET=0
BACKENDS="select epoll"
TESTS="get,set"
SETTLE=3
FD_SETSIZE=1024

usage() {
  cat <<EOF
Usage: $PROG [options]

Starts two aeredis servers (bin/aeredis-server), one per event-loop backend (select, epoll),
and for each idle-connection count N: opens N idle connections (each PINGs once, then stays
silent), runs redis-benchmark -t $TESTS -n $REQUESTS -c $CLIENTS, and records rps, p50, p99 and
the server's CPU use (utime+stime of the whole JVM from /proc/PID/stat over the run's wall
time: % of one core, and microseconds of CPU per request). Backends alternate within each
round (A B, then B A in the next round); tables show medians over rounds.

select(2) cannot watch file descriptors >= FD_SETSIZE (1024), in aeredis as in Redis's
ae_select.c: a connection whose fd is too high is closed at once. An N that does not fit
next to the active clients is therefore not benchmarked on select; the script opens the idle
connections once to show how many select had to refuse, and says so in the table.
Results go to benchmarks/results/select-vs-epoll-<UTC timestamp>.md. Nothing is asserted.

Options:
  --idle "LIST"        idle connection counts (default: "$IDLE_LIST")
  --quick              smoke test: --idle "0 500 950 1000", -n 20000, 1 round
  --backends "LIST"    backends to compare (default: "$BACKENDS")
  --tests LIST         redis-benchmark -t tests (default: $TESTS)
  --requests N         redis-benchmark -n per test (default: $REQUESTS)
  --clients N          active clients, redis-benchmark -c (default: $CLIENTS)
  --rounds N           measured rounds; tables show the median (default: $ROUNDS)
  --settle S           seconds between opening the idle connections and the benchmark (default: $SETTLE)
  --aeredis-opts "..." extra arguments for both servers
  --bench-opts "..."   extra redis-benchmark arguments
  --results-dir DIR    where select-vs-epoll-*.md goes (default: benchmarks/results)
  --start-timeout S    seconds a server may take to answer PING (default: 60, 900 if the
                       aeredis jar must be built first)
  --run-timeout S      seconds one redis-benchmark run may take (default: $RUN_TIMEOUT)
  --keep-logs          keep the temp dir with logs and raw data even on success
  -h, --help           this text

The script raises its open-files limit (ulimit -n) for the largest N and prints what it got.
EOF
}

parse_args() {
  while [ "$#" -gt 0 ]; do
    case "$1" in
      --idle)          need_value "$@"; IDLE_LIST=$2; IDLE_SET=1; shift 2;;
      --backends)      need_value "$@"; BACKENDS=$2; shift 2;;
      --settle)        need_value "$@"; SETTLE=$2; shift 2;;
      *)               parse_common_option "$@"; shift "$OPT_SHIFT";;
    esac
  done
  if [ "$QUICK" = 1 ]; then
    [ "$IDLE_SET" = 1 ] || IDLE_LIST="0 500 950 1000"
  fi
  IDLE_LIST=$(printf '%s' "$IDLE_LIST" | tr -s ', ' '  ')
  BACKENDS=$(printf '%s' "$BACKENDS" | tr -s ', ' '  ')
  local n b
  for n in $IDLE_LIST; do nonneg_int --idle "$n"; done
  [ -n "${IDLE_LIST// /}" ] || die "--idle is empty"
  for b in $BACKENDS; do
    case "$b" in select|epoll|kqueue) ;; *) die "--backends: unknown backend '$b' (select, epoll, kqueue)";; esac
  done
  [ -n "${BACKENDS// /}" ] || die "--backends is empty"
  check_common_options 20000
  nonneg_int --settle "$SETTLE"
}

check_tools() {
  need_tools redis-benchmark redis-cli python3 timeout setsid getconf
  [ -r /proc/self/stat ] || die "needs /proc (Linux) to read the server's CPU time"
}

# ---- servers -----------------------------------------------------------------------------
declare -A PORT PID LOG DESC BASE_FDS
MAXCLIENTS=0

# For cleanup: stops the servers this script started.
stop_servers() {
  local b
  for b in $BACKENDS; do stop_process "aeredis-$b" "${PID[$b]:-}"; done
}

start_servers() {
  local used="" b limit
  local -a cmd opts
  for b in $BACKENDS; do
    PORT[$b]=$(free_port $used)
    used="$used ${PORT[$b]}"
    LOG[$b]="$WORK/aeredis-$b.log"
    limit=$(aeredis_start_limit)
    opts=()
    [ -z "$AEREDIS_OPTS" ] || split_words opts "$AEREDIS_OPTS"
    cmd=("$ROOT/bin/aeredis-server" --save '' --ae-backend "$b" ${opts[@]+"${opts[@]}"} --maxclients "$MAXCLIENTS" --port "${PORT[$b]}")
    say "starting aeredis ($b) on port ${PORT[$b]}: $(shell_quote "${cmd[@]}")"
    start_in_background "${LOG[$b]}" "${cmd[@]}"
    PID[$b]=$STARTED_PID
    DESC[$b]="\`$(shell_quote "${cmd[@]}")\`"
    wait_for_pong "aeredis-$b" "${PORT[$b]}" "${PID[$b]}" "${LOG[$b]}" "$limit"
    local api
    api=$(info_field "${PORT[$b]}" server multiplexing_api)
    [ "$api" = "$b" ] || die "aeredis on port ${PORT[$b]} reports multiplexing_api:$api, expected $b"
  done
}

# Dies when the server of backend $1 has died or no longer answers PING.
check_server() {
  check_server_up "aeredis-$1" "${PORT[$1]}" "${PID[$1]}" "${LOG[$1]}"
}

open_fds() { ls "/proc/$1/fd" 2>/dev/null | wc -l; }

# How many idle connections select can hold next to the active clients: the fds must stay
# below FD_SETSIZE, counting those the server already has open (listeners, pipes, jars), the
# active clients, and three for connections that come and go (this script's redis-cli
# probes, redis-benchmark's own CONFIG GET connection).
select_capacity() {
  echo $((FD_SETSIZE - BASE_FDS[$1] - CLIENTS - 3))
}

# ---- measurements ------------------------------------------------------------------------

CLK_TCK=100

# redis-benchmark runs, one per test, each with the server's CPU time around it: writes
# $dir/<test>.csv and $dir/<test>.cpu ("<cpu seconds> <wall seconds>"). One test at a time, and
# only once the previous test's clients are gone from the server ($held idle ones remain):
# with select every fd counts, and redis-benchmark opens new connections for each test.
run_bench() {
  local label=$1 b=$2 n=$3 dir=$4 held=$5 t
  mkdir -p "$dir"
  for t in ${TESTS//,/ }; do
    wait_for_clients_at_most "${PORT[$b]}" $((held + 1)) 60
    local out="$dir/$t.csv"
    printf '%-16s %-7s idle %-6s redis-benchmark -t %s -n %s -c %s ... ' "[$label]" "$b" "$n" "$t" "$REQUESTS" "$CLIENTS" >&2
    local t0 t1 c0 c1
    c0=$(cpu_ticks "${PID[$b]}")
    t0=$(now_s)
    run_csv_bench "$out" "${PORT[$b]}" "$t"
    t1=$(now_s)
    c1=$(cpu_ticks "${PID[$b]}")
    bench_ok "$out" check_server "$b" || die "redis-benchmark -t $t against aeredis-$b failed ($label, $n idle, status $BENCH_RC)"
    python3 -c 'import sys; c=(int(sys.argv[2])-int(sys.argv[1]))/int(sys.argv[5]); w=float(sys.argv[4])-float(sys.argv[3]); print(f"{c:.3f} {w:.3f}")' \
      "$c0" "$c1" "$t0" "$t1" "$CLK_TCK" >"$out.cpu"
    local cpu wall
    read -r cpu wall <"$out.cpu"
    echo "done in ${wall}s, server CPU ${cpu}s ($(python3 -c "print(f'{100*$cpu/$wall:.0f}')")% of a core)" >&2
  done
}

# One measurement: hold n idle connections on backend b, benchmark, release.
measure() {
  local r=$1 b=$2 n=$3
  local label="round $r/$ROUNDS"
  local dir="$WORK/raw/r$r-$b-$n"
  mkdir -p "$dir"
  if [ "$b" = select ] && [ "$n" -gt "$(select_capacity "$b")" ]; then
    # Over FD_SETSIZE: show what select does with the connections, once; no benchmark.
    [ "$r" = 1 ] || return 0
    # Open the idle connections plus stand-ins for the active clients, all held at once.
    printf '%-16s %-7s idle %-6s over FD_SETSIZE with %s active clients: opening %s + %s to see ... ' \
      "[$label]" "$b" "$n" "$CLIENTS" "$n" "$CLIENTS" >&2
    PROGRESS_OPEN=1
    start_holder "${PORT[$b]}" $((n + CLIENTS)) "$dir/holder.log" "$dir/holder.json" "$HOLD_TIMEOUT" --ping --exit
    PROGRESS_OPEN=0
    wait "$HOLDER_PID" 2>/dev/null || true
    HOLDER_PID=""
    echo "$(report_field "$HOLDER_REPORT" accepted) accepted, $(report_field "$HOLDER_REPORT" closed) closed by the server" >&2
    cp "$dir/holder.json" "$WORK/raw/over-$b-$n.json"
    check_server "$b"
    wait_for_clients_at_most "${PORT[$b]}" 1 60
    return 0
  fi
  if [ "$n" -gt 0 ]; then
    printf '%-16s %-7s idle %-6s opening ... ' "[$label]" "$b" "$n" >&2
    PROGRESS_OPEN=1
    start_holder "${PORT[$b]}" "$n" "$dir/holder.log" "$dir/holder.json" "$HOLD_TIMEOUT" --ping
    PROGRESS_OPEN=0
    local accepted
    accepted=$(report_field "$HOLDER_REPORT" accepted)
    echo "$accepted accepted, $(report_field "$HOLDER_REPORT" closed) closed, $(report_field "$HOLDER_REPORT" rejected) refused; settling ${SETTLE}s" >&2
    [ "$accepted" = "$n" ] || say "warning: only $accepted of $n idle connections were accepted by aeredis-$b"
    sleep "$SETTLE"
  fi
  local held=0
  [ "$n" -gt 0 ] && held=$(report_field "$HOLDER_REPORT" accepted)
  run_bench "$label" "$b" "$n" "$dir" "$held"
  echo "$held" >"$dir/held"
  stop_holder
  check_server "$b"
  [ "$n" -gt 0 ] && wait_for_clients_at_most "${PORT[$b]}" 1 60
  return 0
}

# ---- report ------------------------------------------------------------------------------

aggregate() {
  python3 - "$WORK/raw" "$ROUNDS" "$BACKENDS" "$IDLE_LIST" "$CLIENTS" "$REQUESTS" "$TESTS" "$FD_SETSIZE" <<'PY'
import csv, json, os, statistics, sys

raw, rounds = sys.argv[1], int(sys.argv[2])
backends, idles = sys.argv[3].split(), [int(x) for x in sys.argv[4].split()]
clients, requests, tests, fd_setsize = int(sys.argv[5]), int(sys.argv[6]), sys.argv[7].split(","), int(sys.argv[8])
med = statistics.median

data = {}   # (backend, n) -> {"tests": {test: [(rps, p50, p99, cpu_s, wall_s)]}, "held": [int]}
order = []
for b in backends:
    for n in idles:
        for r in range(1, rounds + 1):
            d = os.path.join(raw, f"r{r}-{b}-{n}")
            if not os.path.exists(os.path.join(d, "held")):
                continue
            e = data.setdefault((b, n), {"tests": {}, "held": []})
            for t in tests:
                with open(os.path.join(d, f"{t}.csv"), newline="") as f:
                    rows = list(csv.DictReader(f))
                cpu, wall = (float(x) for x in open(os.path.join(d, f"{t}.csv.cpu")).read().split())
                for row in rows:
                    name = row["test"]
                    if name not in order:
                        order.append(name)
                    e["tests"].setdefault(name, []).append(
                        (float(row["rps"]), float(row["p50_latency_ms"]), float(row["p99_latency_ms"]), cpu, wall))
            e["held"].append(int(open(os.path.join(d, "held")).read().strip() or 0))

over = {}
for b in backends:
    for n in idles:
        p = os.path.join(raw, f"over-{b}-{n}.json")
        if os.path.exists(p):
            over[(b, n)] = json.load(open(p))

print(f"| backend | idle conns | active | test | rps | p50 ms | p99 ms | server CPU, % of one core | CPU µs per request |")
print("|---|--:|--:|---|--:|--:|--:|--:|--:|")
notes = []
for n in idles:
    for b in backends:
        e = data.get((b, n))
        if e is None:
            o = over.get((b, n))
            if o is not None:
                print(f"| {b} | {n:,} | {clients} | all | n/a (FD_SETSIZE) | | | | |")
                notes.append(
                    f"- {b}, {n:,} idle + {clients} active: not measured. select(2) takes a bitmap of FD_SETSIZE = "
                    f"{fd_setsize} bits, so fds >= {fd_setsize} cannot be watched (aeredis's AeSelect refuses them; "
                    f"Redis's ae_select.c cannot use them either), and the server already holds some fds of its own. "
                    f"Opening {n:,} + {clients} connections at once (the idle ones and stand-ins for the active "
                    f"clients): {o['accepted']:,} accepted, {o['closed']:,} closed by the server right after accept "
                    f"(logged as \"Error registering fd event for the new client\"). The most select can hold here is "
                    f"{o['accepted']:,} connections in all, i.e. {o['accepted'] - clients:,} idle next to {clients} active.")
            continue
        held = med(e["held"])
        label = f"{n:,}" if held == n else f"{n:,} ({held:,.0f} held)"
        for t in order:
            v = e["tests"].get(t)
            if not v:
                continue
            cpu_pct = med(100 * x[3] / x[4] for x in v)
            cpu_us = med(x[3] / requests * 1e6 for x in v)
            print(f"| {b} | {label} | {clients} | {t} | {med(x[0] for x in v):,.0f} | {med(x[1] for x in v):.3f} "
                  f"| {med(x[2] for x in v):.3f} | {cpu_pct:.0f}% | {cpu_us:.1f} |")
print()
print("Server CPU: the whole JVM's utime+stime (/proc/PID/stat) over the wall time of that test's")
print(f"redis-benchmark run (one run per test), as % of one core; CPU µs per request = CPU seconds / {requests:,}.")
print("The active clients run flat out, so the server is busy either way: CPU per request and rps show")
print("the cost of the loop, where the notes' claim (fixed request rate) shows up as CPU %.")
if notes:
    print()
    print("\n".join(notes))

# How the cost grows: CPU per request relative to the backend's own smallest-idle row.
lines = []
for b in backends:
    e0 = data.get((b, min(idles)))
    if e0 is None:
        continue
    cells = []
    for n in idles:
        e = data.get((b, n))
        if e is None:
            cells.append(f"{n:,}: n/a")
            continue
        per_test = []
        for t in order:
            if t in e["tests"] and t in e0["tests"]:
                us = med(x[3] / requests * 1e6 for x in e["tests"][t])
                us0 = med(x[3] / requests * 1e6 for x in e0["tests"][t])
                per_test.append(f"{t} {us:.1f} µs ({us / us0:.2f}x)" if us0 > 0 else f"{t} {us:.1f} µs")
        cells.append(f"{n:,} idle: " + ", ".join(per_test))
    lines.append(f"- {b}: " + "; ".join(cells))
if lines:
    print()
    print(f"CPU per request as the idle connections grow (relative to {min(idles):,} idle on the same backend):")
    print()
    print("\n".join(lines))
if rounds > 1:
    print()
    print("Per-round rps (round 1, 2, ...):")
    print()
    print("| backend | idle | test | rps per round |")
    print("|---|--:|---|--:|")
    for n in idles:
        for b in backends:
            e = data.get((b, n))
            if e:
                for t in order:
                    v = e["tests"].get(t)
                    if v:
                        print(f"| {b} | {n:,} | {t} | {' / '.join(f'{x[0]:,.0f}' for x in v)} |")
PY
}

write_header() {
  local stamp=$1 b
  echo "# select vs epoll: event-loop cost as idle connections grow"
  echo
  [ "$QUICK" = 1 ] && { printf '**Quick smoke run (--quick): too few requests and rounds to draw conclusions from.**\n\n'; }
  cat <<'EOF'
The claim tested (/work/shared/CONTEXT.md, section 2): select rebuilds a bitmap of every
watched descriptor before each call and both the kernel and the caller scan all of them, so
its cost grows with the descriptors watched; epoll registers each descriptor once and
epoll_wait returns only the ready ones, so its cost grows with the ready events, not the
watched ones. (The notes claim, for 10,000 connections with 100 active: select 65% CPU /
15 ms, epoll 5% / 0.5 ms.) Here: the same aeredis with each backend, a fixed number of active
clients, and a growing number of idle ones. select cannot go past FD_SETSIZE (1024
descriptors), so its rows stop there.

EOF
  echo "- Date (UTC): $stamp"
  echo "- Command: \`$CMDLINE\`"
  machine_lines
  for b in $BACKENDS; do
    echo "- aeredis ($b): ${DESC[$b]}; fds open before any client: ${BASE_FDS[$b]}"
  done
  echo "- Benchmark: \`redis-benchmark -t $TESTS -n $REQUESTS -c $CLIENTS\`${BENCH_OPTS:+ plus \`$BENCH_OPTS\`} (the active clients)"
  echo "- Idle connections: $IDLE_LIST; opened by benchmarks/idle-clients.py, each sending one PING then silent; benchmark ${SETTLE}s after"
  echo "- Method: one untimed warm-up run per backend, then $ROUNDS round(s); in each round every idle count runs on both backends, alternating which goes first (A B, B A); tables show medians over rounds."
  echo
}

# ---- main --------------------------------------------------------------------------------
main() {
  parse_args "$@"
  check_tools
  CLK_TCK=$(getconf CLK_TCK)
  local maxidle=0 n
  for n in $IDLE_LIST; do [ "$n" -gt "$maxidle" ] && maxidle=$n; done
  MAXCLIENTS=$((maxidle + CLIENTS + 16))
  raise_nofile $((maxidle + CLIENTS)) "$maxidle idle connections (use --idle)"
  make_work_dir select-vs-epoll "logs and raw data" raw warmup

  start_servers
  local b r
  for b in $BACKENDS; do
    run_bench "warm-up" "$b" 0 "$WORK/warmup/$b" 0
    wait_for_clients_at_most "${PORT[$b]}" 1 60
    BASE_FDS[$b]=$(open_fds "${PID[$b]}")
  done
  [ -z "${BASE_FDS[select]:-}" ] || say "select: the server holds ${BASE_FDS[select]} fds of its own, so it can watch $(select_capacity select) idle connections next to $CLIENTS active ones"
  local -a order
  for r in $(seq 1 "$ROUNDS"); do
    for n in $IDLE_LIST; do
      # A B in odd rounds, B A in even ones.
      order=($BACKENDS)
      if [ $((r % 2)) = 0 ]; then
        local -a rev=()
        local i
        for ((i = ${#order[@]} - 1; i >= 0; i--)); do rev+=("${order[$i]}"); done
        order=("${rev[@]}")
      fi
      for b in "${order[@]}"; do measure "$r" "$b" "$n"; done
    done
  done

  write_results select-vs-epoll
  say "wrote $RESULTS_FILE"
}

main "$@"
