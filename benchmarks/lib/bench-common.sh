# bench-common.sh: helpers shared by benchmarks/compare-with-redis.sh, benchmarks/c10k.sh and
# benchmarks/select-vs-epoll.sh. Sourced, not run.
#
# The sourcing script defines PROG_NAME (for messages) and ROOT (repo root) before sourcing,
# then TESTS (its default redis-benchmark tests) and these functions the helpers call back:
#   usage              the --help text (parse_common_option)
#   stop_servers       stops the servers it started (cleanup, the EXIT trap)
#   write_header DATE  the results file's header, and aggregate, its tables (write_results)
# Conventions: servers run in their own session (setsid) so that cleanup can stop the whole
# tree, progress goes to stderr, results to a Markdown file (and stdout).

die() { echo "$PROG_NAME: error: $*" >&2; exit 1; }
say() { echo "$PROG_NAME: $*" >&2; }

# ---- options -----------------------------------------------------------------------------

# Values of options that take one must be present and, for counts, (positive) integers.
need_value() { [ "$#" -ge 2 ] || die "option $1 needs a value (see --help)"; }
positive_int() {
  case "$2" in ''|*[!0-9]*|0) die "$1 must be a positive integer, got '$2'";; esac
}
nonneg_int() {
  case "$2" in ''|*[!0-9]*) die "$1 must be a non-negative integer, got '$2'";; esac
}

# The defaults of the options every script takes (parse_common_option); a script may change
# one after sourcing this file.
REQUESTS=100000
REQUESTS_SET=0          # 1 when --requests was given, so --quick does not override it
CLIENTS=50
ROUNDS=3
ROUNDS_SET=0
QUICK=0
AEREDIS_OPTS=""
BENCH_OPTS=""
RESULTS_DIR="$ROOT/benchmarks/results"
START_TIMEOUT=""        # seconds; default depends on whether the launcher must build the jar
RUN_TIMEOUT=900         # seconds per redis-benchmark run: it retries forever if a server is gone
KEEP_LOGS=0

# Parses one of the options every script takes, for the "*)" arm of the script's own option
# loop: --tests, --requests (sets REQUESTS_SET=1), --clients, --rounds (ROUNDS_SET=1), --quick,
# --aeredis-opts, --bench-opts, --results-dir, --start-timeout, --run-timeout, --keep-logs and
# -h/--help (the script's usage, then exit 0). Sets OPT_SHIFT to the words it used, for the
# caller's shift; dies on an unknown option.
parse_common_option() {
  OPT_SHIFT=2
  case "$1" in
    --tests)         need_value "$@"; TESTS=$2;;
    --requests)      need_value "$@"; REQUESTS=$2; REQUESTS_SET=1;;
    --clients)       need_value "$@"; CLIENTS=$2;;
    --rounds)        need_value "$@"; ROUNDS=$2; ROUNDS_SET=1;;
    --quick)         QUICK=1; OPT_SHIFT=1;;
    --aeredis-opts)  need_value "$@"; AEREDIS_OPTS=$2;;
    --bench-opts)    need_value "$@"; BENCH_OPTS=$2;;
    --results-dir)   need_value "$@"; RESULTS_DIR=$2;;
    --start-timeout) need_value "$@"; START_TIMEOUT=$2;;
    --run-timeout)   need_value "$@"; RUN_TIMEOUT=$2;;
    --keep-logs)     KEEP_LOGS=1; OPT_SHIFT=1;;
    -h|--help)       usage; exit 0;;
    *)               die "unknown option '$1' (see --help)";;
  esac
}

# "a b,,c" -> "a,b,c": a user's list in redis-benchmark's -t form (commas, no spaces).
comma_list() {
  printf '%s' "$1" | tr -s ' ,' ',,' | sed 's/^,//; s/,$//'
}

# After the option loop: applies --quick (REQUESTS=$1 and ROUNDS=1, each unless given
# explicitly), turns TESTS into a comma list and checks the common options' values.
check_common_options() {
  if [ "$QUICK" = 1 ]; then
    [ "$REQUESTS_SET" = 1 ] || REQUESTS=$1
    [ "$ROUNDS_SET" = 1 ] || ROUNDS=1
  fi
  TESTS=$(comma_list "$TESTS")
  [ -n "$TESTS" ] || die "--tests is empty"
  positive_int --requests "$REQUESTS"
  positive_int --clients "$CLIENTS"
  positive_int --rounds "$ROUNDS"
  positive_int --run-timeout "$RUN_TIMEOUT"
  [ -z "$START_TIMEOUT" ] || positive_int --start-timeout "$START_TIMEOUT"
}

# Dies unless every command named is on PATH.
need_tools() {
  local t
  for t in "$@"; do
    command -v "$t" >/dev/null 2>&1 || die "'$t' not found on PATH"
  done
}

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

# The words given, each quoted by quote_word, joined by spaces: a command line to show.
shell_quote() {
  local out="" a
  for a in "$@"; do out+="${out:+ }$(quote_word "$a")"; done
  printf '%s' "$out"
}

# Splits a user-supplied string into the named array with shell quoting rules. eval is what
# gives '' and "a b" their usual meaning; the string comes from the user's own command line.
split_words() {
  local name=$1 words=$2
  eval "$name=($words)"
}

# ---- temp dir and exit -------------------------------------------------------------------

WORK=""
WORK_CONTENTS=""
PROGRESS_OPEN=0   # 1 while a progress line on stderr waits for its end ("done ...")

# Creates the run's temp dir $WORK (${TMPDIR:-/tmp}/$1.XXXXXX) with the subdirectories named
# after $2, and makes cleanup the EXIT trap (Ctrl-C and SIGTERM exit through it too). $2 says
# what the dir will hold, for cleanup's message when it keeps it.
make_work_dir() {
  local name=$1 d
  WORK_CONTENTS=$2
  shift 2
  WORK=$(mktemp -d "${TMPDIR:-/tmp}/$name.XXXXXX")
  trap cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  for d in "$@"; do mkdir -p "$WORK/$d"; done
}

# The EXIT trap: stops the idle-connection holder and the script's servers (its stop_servers),
# then deletes $WORK, or keeps it and says where after a failure or with --keep-logs. Exits
# with the status the script was exiting with.
cleanup() {
  local rc=$?
  set +e
  trap - INT TERM
  # Ctrl-C in the middle of a run leaves its progress line open.
  [ "$PROGRESS_OPEN" = 1 ] && echo "interrupted" >&2
  stop_holder
  stop_servers
  if [ -n "$WORK" ] && [ -d "$WORK" ]; then
    if [ "$rc" != 0 ] || [ "$KEEP_LOGS" = 1 ]; then
      say "$WORK_CONTENTS kept in $WORK"
    else
      rm -rf "$WORK"
    fi
  fi
  exit "$rc"
}

# ---- ports and servers -------------------------------------------------------------------

# Prints a TCP port nobody listens on, from 20000-29999, avoiding the ports given. Below
# Linux's ephemeral range (32768+), so the client connections these scripts open
# (redis-benchmark's, the idle holder's thousands) never take it.
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
# never a group leader), so $! is the command's own pid.
start_in_background() {
  local logf=$1; shift
  setsid "$@" >"$logf" 2>&1 </dev/null &
  STARTED_PID=$!
}

# Seconds a started aeredis may take to answer PING: --start-timeout when given, else 60, or
# 900 when server/target/aeredis-server.jar is missing, as bin/aeredis-server then builds it
# first (which it says on stderr).
aeredis_start_limit() {
  local limit=${START_TIMEOUT:-60}
  if [ ! -f "$ROOT/server/target/aeredis-server.jar" ]; then
    say "server/target/aeredis-server.jar is missing: bin/aeredis-server builds it first (minutes)"
    limit=${START_TIMEOUT:-900}
  fi
  echo "$limit"
}

# The last 20 lines of a server's log ($2), on stderr, headed by its name ($1).
server_log_tail() {
  [ -n "$2" ] && [ -f "$2" ] || return 0
  echo "---- last lines of $1 log ($2) ----" >&2
  tail -n 20 "$2" >&2 || true
  echo "----" >&2
}

# Polls PING until PONG, failing fast if the process dies, with the tail of its log.
wait_for_pong() {
  local name=$1 port=$2 pid=$3 logf=$4 limit=$5
  local deadline=$((SECONDS + limit)) reply
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

# Dies, with the tail of its log, when a server has died (pid given: one we started) or no
# longer answers PING. Arguments: name port pid log.
check_server_up() {
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

# Stops one process we started: SIGTERM to its process group, SIGKILL after 10 s, then reap.
stop_process() {
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

# Raises this shell's RLIMIT_NOFILE (inherited by the servers, the holder and redis-benchmark)
# to what $1 connections need, $1 + 256: the hard limit first (root only), then the soft one;
# falls back to the hard limit. Sets NOFILE_SOFT / NOFILE_HARD to what it got and says so;
# dies when the soft limit stays below $1 + 64, naming what it is too low for ($2).
raise_nofile() {
  local conns=$1 what=$2 want=$(($1 + 256)) hard
  hard=$(ulimit -Hn)
  if [ "$hard" != unlimited ] && [ "$hard" -lt "$want" ]; then
    ulimit -Hn "$want" 2>/dev/null || true
    hard=$(ulimit -Hn)
  fi
  if [ "$hard" = unlimited ] || [ "$hard" -ge "$want" ]; then
    ulimit -Sn "$want" 2>/dev/null || true
  else
    ulimit -Sn "$hard" 2>/dev/null || true
  fi
  NOFILE_SOFT=$(ulimit -Sn)
  NOFILE_HARD=$(ulimit -Hn)
  say "open-files limit (ulimit -n): soft $NOFILE_SOFT, hard $NOFILE_HARD (wanted $want)"
  if [ "$NOFILE_SOFT" != unlimited ] && [ "$NOFILE_SOFT" -lt $((conns + 64)) ]; then
    die "ulimit -n is $NOFILE_SOFT and cannot be raised: too low for $what"
  fi
}

# VmRSS of a process, in kB.
rss_kb() {
  awk '/^VmRSS:/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0
}

# utime + stime of a process (all its threads), in clock ticks; fields 14 and 15 of
# /proc/PID/stat, counted after the ")" that ends the command name (which may hold spaces).
cpu_ticks() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || { echo 0; return; }
  stat=${stat##*) }
  # After "comm)": state is field 3, so utime (14) and stime (15) are words 12 and 13 here.
  echo "$stat" | awk '{print $12 + $13}'
}

# Seconds since the epoch with nanoseconds, as a decimal string.
now_s() { date +%s.%N; }

# A server's INFO field: port, INFO section, field name.
info_field() {
  timeout 10 redis-cli -h 127.0.0.1 -p "$1" info "$2" 2>/dev/null | tr -d '\r' | sed -n "s/^$3://p" | head -n 1
}

# Waits until the server reports at most $2 connected clients (the probing redis-cli counts), so
# that closed idle connections are gone before the next measurement. Gives up after $3 s.
wait_for_clients_at_most() {
  local port=$1 max=$2 limit=$3 deadline n
  deadline=$((SECONDS + limit))
  while :; do
    n=$(info_field "$port" clients connected_clients)
    [ -n "$n" ] && [ "$n" -le "$max" ] && return 0
    [ "$SECONDS" -ge "$deadline" ] && { say "warning: still $n clients connected on port $port after ${limit}s"; return 0; }
    sleep 0.2
  done
}

# ---- idle connections --------------------------------------------------------------------

# Starts the idle-connection holder (benchmarks/idle-clients.py) against a port; sets
# HOLDER_PID and waits for its JSON report, which it leaves in HOLDER_REPORT. Extra
# arguments go to the holder (--extra 5, --no-ping ...).
HOLDER_PID=""
HOLDER_REPORT=""
HOLD_TIMEOUT=600   # seconds the holder may take to open its connections and report
start_holder() {
  local port=$1 count=$2 logf=$3 ready=$4 limit=$5; shift 5
  rm -f "$ready"
  start_in_background "$logf" python3 "$ROOT/benchmarks/idle-clients.py" --port "$port" --count "$count" \
    --ready-file "$ready" "$@"
  HOLDER_PID=$STARTED_PID
  local deadline=$((SECONDS + limit))
  while [ ! -f "$ready" ]; do
    if ! is_alive "$HOLDER_PID"; then
      sed 's/^/  holder: /' "$logf" >&2
      die "the idle-connection holder exited before reporting"
    fi
    [ "$SECONDS" -ge "$deadline" ] && die "the idle-connection holder did not report within ${limit}s"
    sleep 0.2
  done
  HOLDER_REPORT=$(cat "$ready")
}

# Stops the holder started by start_holder, if it still runs: its connections close.
stop_holder() {
  [ -n "$HOLDER_PID" ] || return 0
  stop_process holder "$HOLDER_PID"
  HOLDER_PID=""
}

# One field of the holder's JSON report.
report_field() {
  python3 -c 'import json,sys; v=json.loads(sys.argv[1]).get(sys.argv[2]); print("" if v is None else v)' "$1" "$2"
}

# ---- redis-benchmark ---------------------------------------------------------------------

BENCH_PIN=()   # words put before redis-benchmark, e.g. (taskset -c 1)
BENCH_RC=0

# One redis-benchmark run against 127.0.0.1:$2 with -t $3 -n $REQUESTS -c $CLIENTS, then the
# arguments after $3 (e.g. -P 16), --bench-opts and --csv -q; CSV to $1, stderr to $1.err.
# Sets BENCH_RC to its exit status. redis-benchmark 7.0 exits 1 on an error reply or a closed
# connection, but retries forever while the port refuses connections, hence the timeout
# (--run-timeout; status 124 when it fired).
run_csv_bench() {
  local out=$1 port=$2 tests=$3; shift 3
  local -a extra=()
  [ -z "$BENCH_OPTS" ] || split_words extra "$BENCH_OPTS"
  BENCH_RC=0
  PROGRESS_OPEN=1
  timeout "$RUN_TIMEOUT" ${BENCH_PIN[@]+"${BENCH_PIN[@]}"} \
    redis-benchmark -h 127.0.0.1 -p "$port" -t "$tests" -n "$REQUESTS" -c "$CLIENTS" "$@" \
    ${extra[@]+"${extra[@]}"} --csv -q >"$out" 2>"$out.err" || BENCH_RC=$?
  PROGRESS_OPEN=0
}

# The result rows of a redis-benchmark CSV: 0 when the run measured nothing (e.g. no test
# name matched).
bench_rows() {
  grep -c '^"[^"]*","[0-9]' "$1" || true
}

# True when the run_csv_bench that wrote the CSV $1 worked: status 0 and result rows.
# Otherwise ends the progress line with FAILED, shows the CSV and stderr, runs the server
# check given after $1 (it dies when the server is gone) and returns 1, for the caller's die.
bench_ok() {
  local out=$1; shift
  [ "$BENCH_RC" = 0 ] && [ "$(bench_rows "$out")" != 0 ] && return 0
  echo "FAILED" >&2
  sed 's/^/  /' "$out" "$out.err" >&2
  "$@"
  return 1
}

# ---- results -----------------------------------------------------------------------------

# Writes $RESULTS_DIR/$1-<UTC timestamp>.md (the path goes to RESULTS_FILE): the script's
# write_header, given the date, then its aggregate, through a .tmp file so that a failed
# report leaves no partial results file. Then prints the file on stdout between blank lines.
write_results() {
  local now stamp
  # One date call for both spellings, so the file name and the header agree to the second.
  now=$(date -u '+%Y%m%dT%H%M%SZ|%Y-%m-%d %H:%M:%S')
  stamp=${now%%|*}
  mkdir -p "$RESULTS_DIR"
  RESULTS_FILE="$RESULTS_DIR/$1-$stamp.md"
  { write_header "${now#*|}"; aggregate; } >"$RESULTS_FILE.tmp"
  mv "$RESULTS_FILE.tmp" "$RESULTS_FILE"
  echo
  cat "$RESULTS_FILE"
  echo
}

# "N cores (nproc), CPU: <model>, kernel <release>": the machine, for a results header.
machine_summary() {
  local cpu
  cpu=$(grep -m 1 '^model name' /proc/cpuinfo 2>/dev/null | sed 's/^[^:]*: *//' || true)
  echo "$(nproc) cores (nproc), CPU: ${cpu:-unknown}, kernel $(uname -r)"
}

# The first line of java -version ("n/a" without one), of $JAVA_HOME/bin/java when JAVA_HOME
# is set, else of java on PATH: the JDK bin/aeredis-server runs.
java_version() {
  local java java_bin="java"
  [ -n "${JAVA_HOME:-}" ] && java_bin="$JAVA_HOME/bin/java"
  java=$("$java_bin" -version 2>&1 | head -n 1 || true)
  echo "${java:-n/a}"
}

# redis-benchmark's version line ("unknown" without one).
bench_version() {
  local v
  v=$(redis-benchmark --version 2>/dev/null | head -n 1 || true)
  echo "${v:-unknown}"
}

# The machine lines of a c10k / select-vs-epoll results header (after raise_nofile).
machine_lines() {
  echo "- Machine: $(machine_summary), $(awk '/MemTotal/ {printf "%.1f GB RAM", $2/1048576}' /proc/meminfo)"
  echo "- JDK: $(java_version)"
  echo "- redis-benchmark: $(bench_version)"
  echo "- Open-files limit of this run (ulimit -n, inherited by servers, holder and redis-benchmark): soft $NOFILE_SOFT, hard $NOFILE_HARD"
}
