# bench-common.sh: helpers shared by benchmarks/c10k.sh and benchmarks/select-vs-epoll.sh.
# Sourced, not run. Expects the caller to define PROG_NAME (for messages) and ROOT (repo root).
# Conventions follow compare-with-redis.sh: servers run in their own session (setsid) so that
# cleanup can stop the whole tree, progress goes to stderr, results to a Markdown file.

die() { echo "$PROG_NAME: error: $*" >&2; exit 1; }
say() { echo "$PROG_NAME: $*" >&2; }

need_value() { [ "$#" -ge 2 ] || die "option $1 needs a value (see --help)"; }
positive_int() {
  case "$2" in ''|*[!0-9]*|0) die "$1 must be a positive integer, got '$2'";; esac
}
nonneg_int() {
  case "$2" in ''|*[!0-9]*) die "$1 must be a non-negative integer, got '$2'";; esac
}

# Quotes one word for display the way a person would type it.
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

# Splits a user-supplied string into the named array with shell quoting rules.
split_words() {
  local name=$1 words=$2
  eval "$name=($words)"
}

# Prints a TCP port nobody listens on, from 20000-29999 (below Linux's ephemeral range, so the
# thousands of client connections these scripts open never take it).
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

ping_port() {
  timeout 5 redis-cli -h 127.0.0.1 -p "$1" ping 2>/dev/null || true
}

# True while the process is alive (a zombie child counts as dead).
is_alive() {
  local state
  state=$(ps -o stat= -p "$1" 2>/dev/null || true)
  [ -n "$state" ] && [ "${state#Z}" = "$state" ]
}

# Starts "$@" in the background in its own session, output to the log file given first; sets
# STARTED_PID (the command's own pid: setsid does not fork for a background child).
start_in_background() {
  local logf=$1; shift
  setsid "$@" >"$logf" 2>&1 </dev/null &
  STARTED_PID=$!
}

server_log_tail() {
  [ -n "$2" ] && [ -f "$2" ] || return 0
  echo "---- last lines of $1 log ($2) ----" >&2
  tail -n 20 "$2" >&2 || true
  echo "----" >&2
}

wait_for_pong() {
  local name=$1 port=$2 pid=$3 logf=$4 limit=$5
  local deadline=$((SECONDS + limit)) reply
  while :; do
    reply=$(ping_port "$port")
    [ "$reply" = PONG ] && return 0
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
# to at least $1: the hard limit first (root only), then the soft one; falls back to the hard
# limit. Sets NOFILE_SOFT / NOFILE_HARD to what it got.
raise_nofile() {
  local want=$1 hard
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

# A server's INFO field.
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

# Starts the idle-connection holder (benchmarks/idle-clients.py) against a port; sets
# HOLDER_PID and waits for its JSON report, which it leaves in HOLDER_REPORT. Extra
# arguments go to the holder (--extra 5, --no-ping ...).
HOLDER_PID=""
HOLDER_REPORT=""
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

stop_holder() {
  [ -n "$HOLDER_PID" ] || return 0
  stop_process holder "$HOLDER_PID"
  HOLDER_PID=""
}

# One field of the holder's JSON report.
report_field() {
  python3 -c 'import json,sys; v=json.loads(sys.argv[1]).get(sys.argv[2]); print("" if v is None else v)' "$1" "$2"
}

# The machine lines of a results header.
machine_lines() {
  local java cpu bench_ver java_bin="java"
  [ -n "${JAVA_HOME:-}" ] && java_bin="$JAVA_HOME/bin/java"
  java=$("$java_bin" -version 2>&1 | head -n 1 || true)
  cpu=$(grep -m 1 '^model name' /proc/cpuinfo 2>/dev/null | sed 's/^[^:]*: *//' || true)
  bench_ver=$(redis-benchmark --version 2>/dev/null | head -n 1 || true)
  echo "- Machine: $(nproc) cores (nproc), CPU: ${cpu:-unknown}, kernel $(uname -r), $(awk '/MemTotal/ {printf "%.1f GB RAM", $2/1048576}' /proc/meminfo)"
  echo "- JDK: ${java:-n/a}"
  echo "- redis-benchmark: ${bench_ver:-unknown}"
  echo "- Open-files limit of this run (ulimit -n, inherited by servers, holder and redis-benchmark): soft $NOFILE_SOFT, hard $NOFILE_HARD"
}
