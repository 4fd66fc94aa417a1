#!/usr/bin/env bash
# Where the recording NVR's CPU goes (docs/performance.md, "Method"): runs the camera and RecordBenchMain as
# bench/ingest-vs-floor.sh does (phase nvr-record), then samples the NVR process with `perf record -e cpu-clock -g`
# (a software clock: it works in VMs without PMU counters) for a window after a warm-up, with the JIT's symbols
# written by the JVM itself at exit (-XX:+DumpPerfMapAtExit, JDK 17+), and prints:
#   - CPU % of one core per stream over the window (utime+stime from /proc, as the benchmark),
#   - voluntary context switches per second (all threads),
#   - the samples by thread group (event loops, writers, GC, JIT compiler), by binary (kernel, JIT code, libjvm),
#     and the top symbols.
# The same for the floor (../shared/bench/rtsp-floor.c) with -o floor, so that the two profiles can be compared.
#
# usage: bench/profile-record.sh [-n STREAMS] [-s SEGMENT_SECONDS] [-w WARMUP] [-d SECONDS] [-o nvr|floor]
#                                [-t TOP] [-- extra JVM options for the NVR]
# environment: OUT_DIR (default /dev/shm), SHARED_DIR (default ../shared beside the repository), KEEP_WORK=1.
# Needs perf (Debian: linux-perf) and a built bench module (mvn -B -q -pl bench -am package -DskipTests).
set -euo pipefail

REPO="$(cd "$(dirname "$0")/.." && pwd)"
SHARED_DIR="${SHARED_DIR:-$REPO/../shared}"
STREAMS=200
SEGMENT_SECONDS=60
WARMUP=20
WINDOW=10
TARGET=nvr
TOP=30
while getopts "n:s:w:d:o:t:h" opt; do
  case "$opt" in
    n) STREAMS="$OPTARG" ;;
    s) SEGMENT_SECONDS="$OPTARG" ;;
    w) WARMUP="$OPTARG" ;;
    d) WINDOW="$OPTARG" ;;
    o) TARGET="$OPTARG" ;;
    t) TOP="$OPTARG" ;;
    *) sed -n '2,17p' "$0"; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
case "$TARGET" in nvr|floor) ;; *) echo "-o is nvr or floor" >&2; exit 2 ;; esac
command -v perf >/dev/null || { echo "perf is missing (apt-get install linux-perf)" >&2; exit 1; }

CP="$REPO/bench/target/bench.jar:$REPO/bench/target/lib/*"
[ -f "$REPO/bench/target/bench.jar" ] || { echo "build the bench module first (see docs/bench.md)" >&2; exit 1; }
CLIP="${TMPDIR:-/tmp}/nvr-bench-720p25-4M-g50.264"
if [ ! -s "$CLIP" ]; then
  ffmpeg -y -v error -f lavfi -i testsrc2=size=1280x720:rate=25 -t 10 -c:v libx264 -g 50 -bf 0 \
    -b:v 4M -maxrate 4M -bufsize 8M -f h264 "$CLIP"
fi
WORK="$(mktemp -d /tmp/nvr-profile.XXXXXX)"
OUT="$(mktemp -d "${OUT_DIR:-/dev/shm}/nvr-profile-out.XXXXXX")"
PIDS=()
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$OUT"
  [ "${KEEP_WORK:-0}" = 1 ] && echo "work directory kept: $WORK" || rm -rf "$WORK"
}
trap cleanup EXIT

wait_for_line() {
  local file="$1" seconds="$2" pattern="$3" i
  for i in $(seq $((seconds * 10))); do
    grep -q "$pattern" "$file" 2>/dev/null && return 0
    sleep 0.1
  done
  echo "timed out waiting for '$pattern' in $file" >&2; tail -5 "$file" >&2; exit 1
}

java -Xmx2g -cp "$CP" org.nvr.bench.CameraBenchMain --port 0 --clip "$CLIP" --stats-seconds 5 \
  >"$WORK/camera.log" 2>&1 &
PIDS+=($!)
wait_for_line "$WORK/camera.log" 60 'READY port='
PORT="$(grep -o 'READY port=[0-9]*' "$WORK/camera.log" | head -1 | cut -d= -f2)"
PREFIX="rtsp://127.0.0.1:$PORT/cam"

if [ "$TARGET" = nvr ]; then
  mkdir -p "$OUT/recordings"
  java -Xmx1g -XX:+PreserveFramePointer -XX:+UnlockDiagnosticVMOptions -XX:+DumpPerfMapAtExit "$@" -cp "$CP" \
    org.nvr.bench.RecordBenchMain --url-prefix "$PREFIX" --streams "$STREAMS" \
    --seconds $((WARMUP + WINDOW + 5)) --data-dir "$OUT" --segment-seconds "$SEGMENT_SECONDS" \
    >"$WORK/nvr.log" 2>&1 &
  PID=$!
  PIDS+=("$PID")
  wait_for_line "$WORK/nvr.log" 120 '^READY'
else
  gcc -O2 -o "$WORK/rtsp-floor" "$SHARED_DIR/bench/rtsp-floor.c"
  "$WORK/rtsp-floor" "$PREFIX" "$STREAMS" $((WARMUP + WINDOW + 5)) "$OUT" >"$WORK/floor.log" 2>&1 &
  PID=$!
  PIDS+=("$PID")
fi
sleep "$WARMUP"

switches() {
  cat /proc/"$PID"/task/*/status 2>/dev/null | awk '/^voluntary_ctxt_switches/ {v += $2} END {print v + 0}'
}
read -r u0 s0 < <(awk '{print $14, $15}' /proc/"$PID"/stat)
c0="$(switches)"
perf record -q -e cpu-clock -F 999 -g -p "$PID" -o "$WORK/perf.data" -- sleep "$WINDOW" >/dev/null 2>&1
read -r u1 s1 < <(awk '{print $14, $15}' /proc/"$PID"/stat)
c1="$(switches)"
wait "$PID" 2>/dev/null || true
HZ="$(getconf CLK_TCK)"
echo "profile-record $(date -u +%FT%RZ) target=$TARGET streams=$STREAMS segment_s=$SEGMENT_SECONDS window=${WINDOW}s" \
  "load=$(cut -d' ' -f1-3 /proc/loadavg)"
awk -v u=$((u1 - u0)) -v s=$((s1 - s0)) -v hz="$HZ" -v w="$WINDOW" -v n="$STREAMS" 'BEGIN {
  printf "cpu %%core/stream=%.3f (user %.1f %%, sys %.1f %% of one core in all)\n", 100 * (u + s) / hz / w / n,
    100 * u / hz / w, 100 * s / hz / w }'
echo "voluntary context switches/s: $(( (c1 - c0) / WINDOW ))"
[ "$TARGET" = nvr ] && grep -E '^RESULT' "$WORK/nvr.log" || true

report() {
  perf report -i "$WORK/perf.data" --no-children -g none --stdio "$@" 2>/dev/null | grep '%' | head -"$TOP"
}
echo "--- by thread (names cut by the kernel at 15 characters)"
report --sort comm | sed -E 's/(nvr-writer|multiThreadIoEv|GC Thread|G1 Conc|C[12] Compiler)[^ ]*/\1/' \
  | awk '{share[$2 " " $3] += $1} END {for (k in share) printf "%7.2f%%  %s\n", share[k], k}' | sort -rn
echo "--- by binary"
report --sort dso
echo "--- top symbols"
report --sort dso,sym
