#!/usr/bin/env bash
# Re-stream, recorded playback and export benchmark (docs/bench.md, "Re-stream, playback and export (issue #5)"),
# org.nvr.bench.RestreamBenchMain in separate processes so that the server's CPU is its own:
#   1. record   the clip (1280x720, 25 fps, 4 Mbit/s) recorded by the real Recorder, Fmp4SegmentSink + H2 index;
#   2. server   RtspServer on 127.0.0.1 with live cam1 (a StreamHub fed at 25 fps by a synthetic publisher that logs
#               each unit's publish time) and the recording (IndexRecordingReader), H2AuditLog, one in-memory user;
#      idle     the server's CPU with the publisher and no client, for IDLE seconds;
#      clients  N live RTSP/TCP clients in another JVM: added latency publish -> last packet of the unit read,
#               server CPU per client ((with clients - idle) / N) and heap per client in the window;
#      playback PLAY with Range: clock=<random time> -> first RTP packet, T tries;
#   3. export   (server stopped) the whole recording by Mp4ExportService + ExportWriter vs reading the files,
#               cold (files dropped from the page cache) and warm, and through the admin HTTP endpoint.
# usage: bench/restream-bench.sh [-n CLIENTS] [-d WINDOW_SECONDS] [-w WARMUP] [-i IDLE_SECONDS] [-r RECORD_SECONDS]
#                                [-t PLAYBACK_TRIES] [-x EXPORT_REPEAT]
#   defaults: -n 100 -d 20 -w 5 -i 10 -r 120 -t 20 -x 5
# environment: SERVER_JAVA_OPTS (default -Xmx1g), CLIENT_JAVA_OPTS (default -Xmx512m), WORK_DIR (default /tmp),
#              KEEP_WORK=1 keeps the work directory.
set -euo pipefail

REPO="$(cd "$(dirname "$0")/.." && pwd)"
CP="$REPO/bench/target/bench.jar:$REPO/bench/target/lib/*"
MAIN=org.nvr.bench.RestreamBenchMain
SERVER_JAVA_OPTS="${SERVER_JAVA_OPTS:--Xmx1g}"
CLIENT_JAVA_OPTS="${CLIENT_JAVA_OPTS:--Xmx512m}"
CLIENTS=100; WINDOW=20; WARMUP=5; IDLE=10; RECORD=120; TRIES=20; REPEAT=5
while getopts "n:d:w:i:r:t:x:h" opt; do
  case "$opt" in
    n) CLIENTS="$OPTARG" ;; d) WINDOW="$OPTARG" ;; w) WARMUP="$OPTARG" ;; i) IDLE="$OPTARG" ;;
    r) RECORD="$OPTARG" ;; t) TRIES="$OPTARG" ;; x) REPEAT="$OPTARG" ;;
    *) sed -n '2,19p' "$0"; exit 2 ;;
  esac
done
[ -f "$REPO/bench/target/bench.jar" ] || { echo "build first: mvn -B -q -pl bench -am package -DskipTests" >&2; exit 2; }

CLK_TCK="$(getconf CLK_TCK)"
WORK="$(mktemp -d "${WORK_DIR:-/tmp}/nvr-restream-bench.XXXXXX")"
DATA="$WORK/data"
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ]; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  if [ "${KEEP_WORK:-0}" = 1 ]; then echo "work directory kept: $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
# Waits up to $3 seconds for a line matching $2 in file $1.
wait_line() {
  local i
  for i in $(seq $(($3 * 10))); do
    grep -q "$2" "$1" 2>/dev/null && return 0
    sleep 0.1
  done
  echo "timed out waiting for '$2' in $1:" >&2; cat "$1" >&2; exit 1
}
field() { grep -o "$2=[^ ]*" <<<"$1" | head -1 | cut -d= -f2; }

echo "--- recording ${RECORD}s of the clip (load average $(cut -d' ' -f1-3 /proc/loadavg)) ..."
RECORDED="$(java $SERVER_JAVA_OPTS -cp "$CP" $MAIN record --data-dir "$DATA" --seconds "$RECORD" | grep '^RECORDED')"
echo "$RECORDED"
FROM="$(field "$RECORDED" start)"; TO="$(field "$RECORDED" end)"

echo "--- server ..."
java $SERVER_JAVA_OPTS -cp "$CP" $MAIN server --data-dir "$DATA" --publish-log "$WORK/publish.log" \
  --heap-trigger "$WORK/heap-now" >"$WORK/server.out" 2>&1 &
SERVER_PID=$!
wait_line "$WORK/server.out" '^READY' 120
PORT="$(field "$(grep '^READY' "$WORK/server.out")" rtsp_port)"
grep '^READY' "$WORK/server.out"
sleep 3
LOAD_IDLE="$(cut -d' ' -f1 /proc/loadavg)"
T0="$(cpu_ticks "$SERVER_PID")"; sleep "$IDLE"; T1="$(cpu_ticks "$SERVER_PID")"
CPU_IDLE="$(awk -v a="$T0" -v b="$T1" -v s="$IDLE" -v hz="$CLK_TCK" 'BEGIN { printf "%.2f", (b - a) / hz / s * 100 }')"
echo "server CPU with the publisher and no client: $CPU_IDLE % of a core (load $LOAD_IDLE)"

echo "--- $CLIENTS live clients, ${WARMUP}s warm-up, ${WINDOW}s window ..."
LOAD_LIVE="$(cut -d' ' -f1 /proc/loadavg)"
java $CLIENT_JAVA_OPTS -cp "$CP" $MAIN clients --port "$PORT" --clients "$CLIENTS" --warmup "$WARMUP" \
  --seconds "$WINDOW" --hold 8 --publish-log "$WORK/publish.log" >"$WORK/clients.out" 2>&1 &
CLIENTS_PID=$!
wait_line "$WORK/clients.out" '^WINDOW_START' 180
S0="$(cpu_ticks "$SERVER_PID")"; C0="$(cpu_ticks "$CLIENTS_PID")"; W0="$(date +%s.%N)"
wait_line "$WORK/clients.out" '^WINDOW_END' $((WINDOW + 30))
S1="$(cpu_ticks "$SERVER_PID")"; C1="$(cpu_ticks "$CLIENTS_PID")"; W1="$(date +%s.%N)"
touch "$WORK/heap-now"
wait_line "$WORK/server.out" '^HEAP' 30
wait "$CLIENTS_PID"
cat "$WORK/clients.out"
HEAP="$(grep '^HEAP' "$WORK/server.out" | tail -1)"; echo "$HEAP"
LATENCY="$(grep '^LATENCY' "$WORK/clients.out")"
read -r CPU_LIVE CPU_CLIENTS CPU_PER_CLIENT <<<"$(awk -v s0="$S0" -v s1="$S1" -v c0="$C0" -v c1="$C1" \
  -v w0="$W0" -v w1="$W1" -v hz="$CLK_TCK" -v idle="$CPU_IDLE" -v n="$CLIENTS" 'BEGIN {
    s = w1 - w0; live = (s1 - s0) / hz / s * 100; cl = (c1 - c0) / hz / s * 100
    printf "%.2f %.2f %.3f", live, cl, (live - idle) / n }')"

echo "--- recorded playback: $TRIES tries ..."
PLAYBACK="$(java $CLIENT_JAVA_OPTS -cp "$CP" $MAIN playback --port "$PORT" --tries "$TRIES" --from "$FROM" \
  --to "$TO" | grep '^FIRST_FRAME')"
echo "$PLAYBACK"
kill -TERM "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""

echo "--- export ..."
java $SERVER_JAVA_OPTS -cp "$CP" $MAIN export --data-dir "$DATA" --repeat "$REPEAT" | tee "$WORK/export.out"
mapfile -t SEGMENTS < <(find "$DATA/recordings" -type f -name '*.mp4' | sort)
cat "${SEGMENTS[@]}" >/dev/null
CAT_BYTES="$(cat "${SEGMENTS[@]}" | wc -c)"
C0="$(date +%s.%N)"
for _ in 1 2 3 4 5 6 7 8 9 10; do cat "${SEGMENTS[@]}" >/dev/null; done
C1="$(date +%s.%N)"
CAT_MBPS="$(awk -v b="$CAT_BYTES" -v a="$C0" -v z="$C1" 'BEGIN { printf "%.0f", 10 * b / (z - a) / 1e6 }')"
echo "cat of the ${#SEGMENTS[@]} segment files (warm) > /dev/null, 10 times: $CAT_MBPS MB/s"

# ---- the table ---------------------------------------------------------------------------------------------
mbps() { grep "^THROUGHPUT $1 " "$WORK/export.out" | grep -o 'best_MBps=[0-9]*' | cut -d= -f2; }
echo
echo "restream-bench $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores; load before the clients $LOAD_LIVE"
printf '%-40s %-42s %-14s %s\n' measure figure target verdict
P99="$(field "$LATENCY" p99_ms)"
printf '%-40s %-42s %-14s %s\n' "live added latency, $CLIENTS clients" \
  "p50 $(field "$LATENCY" p50_ms) / p99 $P99 / max $(field "$LATENCY" max_ms) ms" "p99 <= 5 ms" \
  "$(awk -v p="$P99" 'BEGIN { printf "%.2fx target: %s", p / 5, p <= 5 ? "met" : "MISSED" }')"
printf '%-40s %-42s %-14s %s\n' "server CPU, % of a core" "idle $CPU_IDLE, with clients $CPU_LIVE" "-" \
  "per client $CPU_PER_CLIENT % (clients' JVM $CPU_CLIENTS %)"
printf '%-40s %-42s %-14s %s\n' "server heap per client" "$(field "$HEAP" per_stream_kib) KiB" "-" \
  "sessions $(field "$HEAP" sessions)"
FP99="$(field "$PLAYBACK" p99_ms)"
printf '%-40s %-42s %-14s %s\n' "recorded playback, PLAY -> first RTP" \
  "p50 $(field "$PLAYBACK" p50_ms) / p99 $FP99 / max $(field "$PLAYBACK" max_ms) ms" "<= 200 ms" \
  "$(awk -v p="$FP99" 'BEGIN { printf "%.2fx target: %s", p / 200, p <= 200 ? "met" : "MISSED" }')"
for pair in "export-devnull-cold read-cold" "export-copy-cold read-cold" "http-raw-cold read-cold" \
            "export-devnull read" "export-copy read" "export-file copy-file" "http-raw read" "http-client read"; do
  read -r a b <<<"$pair"
  printf '%-40s %-42s %-14s %s\n' "export $a vs $b" "$(mbps "$a") vs $(mbps "$b") MB/s" ">= 1.0x" \
    "$(awk -v x="$(mbps "$a")" -v y="$(mbps "$b")" 'BEGIN { printf "%.2fx: %s", x / y, (x >= y) ? "met" : "MISSED" }')"
done
echo "cat (warm) $CAT_MBPS MB/s; cold = segment files dropped from the page cache (dd iflag=nocache) before each pass"
