#!/usr/bin/env bash
# jmh.sh: the JMH microbenchmarks of io.aeredis.benchmarks.jmh (RESP parsing, reply encoding,
# keyspace get/set, one empty event-loop turn per ae backend), built into
# benchmarks/target/benchmarks.jar and run with sensible defaults. JMH prints its progress;
# the script ends with a Markdown table, saved with a machine header under benchmarks/results/.
# Every argument it does not know goes to JMH unchanged; see --help.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PROG="benchmarks/jmh.sh"
JAR="$ROOT/benchmarks/target/benchmarks.jar"

QUICK=0
BUILD=auto              # auto: when the jar is missing or older than a source; always; never
GC_PROF=1
RESULTS_DIR="$ROOT/benchmarks/results"
JMH_ARGS=()

usage() {
  cat <<EOF
Usage: $PROG [options] [JMH arguments...]

Builds benchmarks/target/benchmarks.jar if needed (mvn -Pjmh -pl benchmarks -am package) and
runs the JMH benchmarks. Defaults, each used only when you do not pass the JMH option yourself:
  -f 1 -wi 3 -w 1s -i 5 -r 1s        (one fork; 3 warm-up and 5 measured 1-second iterations)
  -prof gc                           (allocation per operation: gc.alloc.rate.norm)
  -p backend=epoll,select            (ae backends of this OS: kqueue,select on macOS/FreeBSD)
  -rf json -rff benchmarks/results/jmh-<UTC timestamp>.json

Options:
  --quick              smoke run: -wi 2 -w 1s -i 2 -r 500ms (numbers not to be trusted)
  --no-gc-prof         do not add -prof gc
  --build              rebuild the jar even if it looks up to date
  --no-build           use the jar as it is
  --results-dir DIR    where jmh-*.json, jmh-*.md and jmh-latest.md go (default: benchmarks/results)
  --                   everything after it goes to JMH, even words that look like the options above
  -h, --help           this text

JMH arguments, for example:
  $PROG RespParse                          only the benchmarks whose name matches a regexp
  $PROG Keyspace -p keys=1000000           one parameter value
  $PROG AeProcessEvents -p idleFds=0,1000  ...
  $PROG -- -l                              list the benchmarks (java -jar $JAR -h: all options)
  $PROG ReplyEncode -prof stack            another profiler (added to -prof gc)
EOF
}

say() { printf '[jmh] %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

parse_args() {
  while [ $# -gt 0 ]; do
    case "$1" in
      --quick) QUICK=1;;
      --no-gc-prof) GC_PROF=0;;
      --build) BUILD=always;;
      --no-build) BUILD=never;;
      --results-dir) [ $# -ge 2 ] || die "--results-dir needs a directory"; RESULTS_DIR=$2; shift;;
      --results-dir=*) RESULTS_DIR=${1#*=};;
      -h|--help) usage; exit 0;;
      --) shift; JMH_ARGS+=("$@"); break;;
      *) JMH_ARGS+=("$1");;
    esac
    shift
  done
}

# Whether the user passed JMH option $1 (as "-f 2" or "-f2"; "-f" is not "-foe").
has_opt() {
  local want=$1 a
  for a in "${JMH_ARGS[@]+"${JMH_ARGS[@]}"}"; do
    case "$a" in
      "$want") return 0;;
      "$want"[0-9]*) return 0;;
    esac
  done
  return 1
}

# Whether the user passed -p NAME=... for parameter $1.
has_param() {
  local name=$1 prev="" a
  for a in "${JMH_ARGS[@]+"${JMH_ARGS[@]}"}"; do
    [ "$prev" = "-p" ] && case "$a" in "$name="*) return 0;; esac
    prev=$a
  done
  return 1
}

# The jar is stale when a source or pom of a module it contains is newer.
jar_is_stale() {
  [ -f "$JAR" ] || return 0
  local newer
  newer=$(find "$ROOT/pom.xml" "$ROOT/benchmarks/pom.xml" "$ROOT/benchmarks/src" \
            "$ROOT/ae/pom.xml" "$ROOT/ae/src/main" "$ROOT/resp-protocol/pom.xml" "$ROOT/resp-protocol/src/main" \
            "$ROOT/commands/pom.xml" "$ROOT/commands/src/main" -newer "$JAR" -type f 2>/dev/null | head -n 1 || true)
  [ -n "$newer" ]
}

build() {
  say "building $JAR (mvn -Pjmh -DskipTests -pl benchmarks -am package) ..."
  (cd "$ROOT" && mvn -q -B -ntp -Dstyle.color=never -Pjmh -DskipTests -pl benchmarks -am package) >&2 \
    || die "the build failed"
  [ -f "$JAR" ] || die "the build did not produce $JAR"
}

os_backends() {
  case "$(uname -s)" in
    Linux) echo "epoll,select";;
    Darwin|FreeBSD) echo "kqueue,select";;
    *) echo "select";;
  esac
}

cpu_count() { nproc 2>/dev/null || getconf _NPROCESSORS_ONLN 2>/dev/null || sysctl -n hw.ncpu 2>/dev/null || echo "?"; }

cpu_model() {
  local m
  m=$(grep -m 1 '^model name' /proc/cpuinfo 2>/dev/null | sed 's/^[^:]*: *//' || true)
  [ -n "$m" ] || m=$(sysctl -n machdep.cpu.brand_string 2>/dev/null || true)
  echo "${m:-unknown}"
}

# Markdown report from JMH's JSON: header (machine, JDK, command, method), then one row per
# benchmark and parameter set. For RespParseBenchmark (a "batch" parameter) the time and the
# allocation are also given per command.
write_report() {
  local json=$1 stamp=$2 cmdline=$3 java_version=$4
  python3 - "$json" "$stamp" "$cmdline" "$java_version" "$(cpu_count)" "$(cpu_model)" "$(uname -sr)" "$QUICK" <<'PY'
import json, math, sys
path, stamp, cmdline, java_version, cores, cpu, kernel, quick = sys.argv[1:9]
with open(path) as f:
    runs = json.load(f)

def val(v):
    """JMH writes NaN (an error from one iteration) as the string "NaN"."""
    try:
        v = float(v)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(v) else v

def num(v):
    v = val(v)
    if v is None:
        return "n/a"
    a = abs(v)
    if a >= 100:
        return f"{v:,.0f}"
    if a >= 10:
        return f"{v:.1f}"
    return f"{v:.2f}"

def alloc(v):
    v = val(v)
    if v is None:
        return ""
    return "0" if abs(v) < 0.5 else f"{v:,.0f}"

def norm(run):
    for k, m in run.get("secondaryMetrics", {}).items():
        if k.lstrip("\u00b7") == "gc.alloc.rate.norm":
            return val(m.get("score"))
    return None

first = runs[0] if runs else {}
out = []
out.append("# aeredis JMH microbenchmarks\n")
if quick == "1":
    out.append("**Quick smoke run (--quick): too few and too short iterations to draw conclusions from.**\n")
out.append(f"- Date (UTC): {stamp}")
out.append(f"- Command: `{cmdline}`")
out.append(f"- Machine: {cores} cores, CPU: {cpu}, kernel {kernel}")
jvm = {}
for r in runs:
    cls = r["benchmark"].split(".")[-2]
    jvm.setdefault(cls, " ".join(r.get("jvmArgs", [])))
opts = "; ".join(f"{c}: `{a}`" if a else f"{c}: none" for c, a in jvm.items())
out.append(f"- JDK: {java_version}; JMH {first.get('jmhVersion', '?')}")
out.append(f"- Forked JVM options: {opts or 'none'}")
if first:
    out.append(f"- Method: {first.get('forks')} fork(s) per benchmark, {first.get('warmupIterations')} warm-up iteration(s) of "
               f"{first.get('warmupTime')}, {first.get('measurementIterations')} measured iteration(s) of {first.get('measurementTime')}; "
               f"score = mean time per operation, error = the 99.9% confidence half-width (n/a with too few iterations); "
               f"alloc = bytes allocated per operation (`-prof gc`'s gc.alloc.rate.norm; 0 = none).")
out.append("")
out.append("| benchmark | parameters | score | ± error | unit | alloc B/op | per command | alloc B/command |")
out.append("|---|---|--:|--:|---|--:|--:|--:|")
for r in runs:
    name = r["benchmark"].split(".")
    bench = ".".join(name[-2:])  # as JMH prints it, so it can be pasted back as a regexp
    params = r.get("params", {}) or {}
    p = " ".join(f"{k}={v}" for k, v in params.items())
    pm = r["primaryMetric"]
    score, err, unit = pm["score"], pm.get("scoreError"), pm["scoreUnit"]
    a = norm(r)
    per_cmd = per_alloc = ""
    if "batch" in params:
        n = int(params["batch"])
        u = unit.split("/")[0]
        per_cmd = f"{num(score / n)} {u}"
        per_alloc = alloc(a / n) if a is not None else ""
    out.append(f"| {bench} | {p} | {num(score)} | {num(err)} | {unit} | {alloc(a)} | {per_cmd} | {per_alloc} |")
print("\n".join(out))
PY
}

main() {
  local cmdline stamp json md java_bin java_version
  cmdline=$(printf '%q ' "$PROG" "$@"); cmdline=${cmdline% }
  parse_args "$@"
  command -v python3 >/dev/null || die "python3 is needed for the results table"

  case "$BUILD" in
    always) build;;
    auto) if jar_is_stale; then build; else say "using $JAR (up to date; --build rebuilds it)"; fi;;
    never) [ -f "$JAR" ] || die "$JAR does not exist: run without --no-build";;
  esac

  java_bin="java"
  [ -n "${JAVA_HOME:-}" ] && java_bin="$JAVA_HOME/bin/java"

  # Listing and help modes of JMH: run them as they are, no defaults, no report.
  local a
  for a in "${JMH_ARGS[@]+"${JMH_ARGS[@]}"}"; do
    case "$a" in -l|-lp|-lrf|-lprof|-h|-help|--help) exec "$java_bin" -jar "$JAR" "${JMH_ARGS[@]}";; esac
  done

  java_version=$("$java_bin" -version 2>&1 | head -n 1 || true)

  stamp=$(date -u +%Y%m%dT%H%M%SZ)
  mkdir -p "$RESULTS_DIR"
  json="$RESULTS_DIR/jmh-$stamp.json"
  md="$RESULTS_DIR/jmh-$stamp.md"

  local defaults=()
  local wi=3 w=1s i=5 r=1s
  [ "$QUICK" = 1 ] && { wi=2; w=1s; i=2; r=500ms; }
  has_opt -f || defaults+=(-f 1)
  has_opt -wi || defaults+=(-wi "$wi")
  has_opt -w || defaults+=(-w "$w")
  has_opt -i || defaults+=(-i "$i")
  has_opt -r || defaults+=(-r "$r")
  [ "$GC_PROF" = 1 ] && defaults+=(-prof gc)
  has_param backend || defaults+=(-p "backend=$(os_backends)")
  if has_opt -rf || has_opt -rff; then
    json=""
  else
    defaults+=(-rf json -rff "$json")
  fi

  say "running: $java_bin -jar benchmarks/target/benchmarks.jar ${defaults[*]} ${JMH_ARGS[*]+"${JMH_ARGS[*]}"}"
  local rc=0
  "$java_bin" -jar "$JAR" "${defaults[@]}" "${JMH_ARGS[@]+"${JMH_ARGS[@]}"}" || rc=$?
  if [ -z "$json" ]; then
    say "results written where -rf/-rff said; no table"
    exit "$rc"
  fi
  if [ ! -s "$json" ]; then
    say "JMH wrote no results (exit status $rc)"
    exit $(( rc == 0 ? 1 : rc ))
  fi
  write_report "$json" "$(date -u '+%Y-%m-%d %H:%M:%S')" "$cmdline" "$java_version" >"$md"
  cp "$md" "$RESULTS_DIR/jmh-latest.md"
  echo
  cat "$md"
  echo
  say "saved ${md#"$ROOT"/} (also jmh-latest.md) and ${json#"$ROOT"/}"
  exit "$rc"
}

main "$@"
