#!/usr/bin/env bash
# Whole-process ingest benchmark (docs/bench.md): CPU and memory per camera stream of
#   (a) the floor    ../shared/bench/rtsp-floor.c: copies each RTSP/TCP session's bytes to a file, no parsing;
#   (b) the NVR      org.nvr.bench.RecordBenchMain (phase nvr-record): N CameraIngests -> StreamHubs -> the real
#                    Recorders -> Fmp4SegmentSink (fdatasync per 1 s fragment, 10 s segments) + H2 index, as
#                    `nvr run` assembles them; at the end every segment file is scanned and checked against the
#                    index, and one segment's frames are counted by ffprobe;
#                    org.nvr.bench.IngestBenchMain: the same ingest with one draining reader per hub, which writes
#                    the units to one flat file with fdatasync per 512 KiB as the floor does (phase nvr: a minimal
#                    Java writer, the stand-in used before the recorder existed) or only counts them (phase
#                    nvr-nowrite: the ingest's own cost);
#   (c) ffmpeg       one `ffmpeg -rtsp_transport tcp -i URL -c copy -f segment ...` per camera,
# one after another in ONE run, against the same camera server (a separate process serving /cam1../camN of a
# 4 Mbit/s 1280x720 clip). The three are not run at once: on a 2-core machine they would compete with each
# other and with the camera for the cores, and the order would decide who gets them.
#
# CPU is read from /proc/PID/stat (utime+stime) at the start and end of a steady-state window that begins
# WARMUP seconds after the measured process started (the NVR: after it printed READY, i.e. every stream plays),
# so connection set-up and JIT warm-up are excluded. RSS is VmRSS from /proc/PID/status at the end of the window.
# Right after each of the two CPU readings the script creates WORK/window/start and WORK/window/end; the NVR JVMs
# (and the re-stream clients) poll for them, so their WINDOW figures (fsync latency, GC pauses, drops) cover the
# same window. Write MB/s is the recordings' file growth in the window, summed here from the file sizes.
# Exits 1, after the table, with a FAIL line when nvr-record dropped a frame or lost a packet in the window (or a
# re-stream client missed units), or when VERIFY or ffprobe found a problem.
#
# usage: bench/ingest-vs-floor.sh [-n STREAMS] [-d SECONDS] [-w WARMUP_SECONDS] [-f FFMPEG_MAX]
#                                 [-c sim|demo|gst] [-j JITTER_MS] [-l LOSS_PERCENT] [-o phases]
#                                 [-s SEGMENT_SECONDS] [-m CLIENTS]
#   -n  camera streams (default 40)              -d  measured window per phase, seconds (default 30)
#   -w  warm-up before the window (default 10)   -f  most ffmpeg processes; above it ffmpeg records only the
#                                                    first F streams and its figures are per stream (default 40)
#   -c  camera: sim  = the camera simulator org.nvr.bench.sim.SimCameraMain in its own JVM (the clip packetized
#                      once, one gathering write per picture; cheap enough for 200+ streams; default);
#               demo = DemoCameraServer in its own JVM (one write per picture, re-packetized per session);
#               gst  = GStreamer camera in file mode (one write per RTP packet; needs python3-gi, PEERS.md)
#   -j  sim only: each picture sent at its due time + uniform random 0..JITTER_MS ms (default 0)
#   -l  sim only: each RTP packet dropped with probability LOSS_PERCENT % (seeded per stream; default 0)
#   -o  phases to run, comma-separated, from floor,nvr-record,nvr,nvr-nowrite,ffmpeg (default all five)
#   -s  segment duration of nvr-record, seconds (default 10, so the window holds segment turnover; 10..600)
#   -m  re-stream clients during nvr-record (default 0): the NVR also runs its RTSP server, and M clients in
#       another JVM play /cam1 from it; their units are compared with the camera's pictures in the window
# environment: SHARED_DIR (default: ../shared beside the repository), OUT_DIR (where the recordings go; default
#              /tmp, use /dev/shm to take the disk out), NVR_JAVA_OPTS (default -Xmx1g),
#              CAMERA_JAVA_OPTS (default -Xmx2g), CLIENT_JAVA_OPTS (default -Xmx256m),
#              KEEP_WORK=1 keeps the work directory.
set -euo pipefail

REPO="$(cd "$(dirname "$0")/.." && pwd)"
SHARED_DIR="${SHARED_DIR:-$REPO/../shared}"
NVR_JAVA_OPTS="${NVR_JAVA_OPTS:--Xmx1g}"
CAMERA_JAVA_OPTS="${CAMERA_JAVA_OPTS:--Xmx2g}"
CLIENT_JAVA_OPTS="${CLIENT_JAVA_OPTS:--Xmx256m}"
STREAMS=40
SECONDS_MEASURED=30
WARMUP=10
FFMPEG_MAX=40
CAMERA=sim
JITTER_MS=0
LOSS_PERCENT=0
PHASES=floor,nvr-record,nvr,nvr-nowrite,ffmpeg
SEGMENT_SECONDS=10
CLIENTS=0

while getopts "n:d:w:f:c:j:l:o:s:m:h" opt; do
  case "$opt" in
    n) STREAMS="$OPTARG" ;;
    d) SECONDS_MEASURED="$OPTARG" ;;
    w) WARMUP="$OPTARG" ;;
    f) FFMPEG_MAX="$OPTARG" ;;
    c) CAMERA="$OPTARG" ;;
    j) JITTER_MS="$OPTARG" ;;
    l) LOSS_PERCENT="$OPTARG" ;;
    o) PHASES="$OPTARG" ;;
    s) SEGMENT_SECONDS="$OPTARG" ;;
    m) CLIENTS="$OPTARG" ;;
    *) sed -n '2,45p' "$0"; exit 2 ;;
  esac
done
case "$CLIENTS" in ''|*[!0-9]*) echo "-m takes a number of clients" >&2; exit 2 ;; esac
case "$CAMERA" in sim|demo|gst) ;; *) echo "camera must be sim, demo or gst" >&2; exit 2 ;; esac
if [ "$CAMERA" != sim ] && { [ "$JITTER_MS" != 0 ] || [ "$LOSS_PERCENT" != 0 ]; }; then
  echo "-j and -l need the simulator (-c sim)" >&2; exit 2
fi

CLK_TCK="$(getconf CLK_TCK)"
WORK="$(mktemp -d /tmp/nvr-ingest-bench.XXXXXX)"
# Recordings go under OUT_DIR (default: the work directory on /tmp). On a slow or shared disk the floor's one
# thread waits in fdatasync and falls behind at high N (the camera then skips frames, see "cam skipped"):
# OUT_DIR=/dev/shm takes the disk out and leaves the CPU cost of the writes.
OUT="$(mktemp -d "${OUT_DIR:-$WORK}/nvr-ingest-out.XXXXXX")"
PIDS=()

cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  PIDS=()
  if [ "${KEEP_WORK:-0}" = 1 ]; then
    echo "work directory kept: $WORK" >&2
  else
    rm -rf "$WORK"
  fi
  rm -rf "$OUT"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Stops the given processes (TERM, then KILL after 5 s) and forgets them.
stop_pids() {
  local pid keep=()
  for pid in "$@"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "$@"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]}"; do
    case " $* " in *" $pid "*) ;; *) keep+=("$pid") ;; esac
  done
  PIDS=("${keep[@]+"${keep[@]}"}")
}

# "utime stime" in clock ticks, summed over the given PIDs (fields 14 and 15 of /proc/PID/stat; the command
# name in field 2 may hold spaces, so count from the closing parenthesis).
cpu_ticks() {
  local pid user=0 sys=0 u s
  for pid in "$@"; do
    read -r u s < <(sed 's/^.*) //' "/proc/$pid/stat" | awk '{print $12, $13}')
    user=$((user + u))
    sys=$((sys + s))
  done
  echo "$user $sys"
}

# VmRSS in KiB, summed over the given PIDs.
rss_kib() {
  local pid total=0 r
  for pid in "$@"; do
    r="$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status")"
    total=$((total + r))
  done
  echo "$total"
}

# Bytes of every file under a directory.
dir_bytes() {
  find "$1" -type f -printf '%s\n' 2>/dev/null | awk '{s += $1} END {printf "%.0f\n", s}'
}

# Waits up to $2 seconds for a line matching $3 in file $1; with a PID $4, gives up as soon as that process ended.
wait_for_line() {
  local file="$1" timeout="$2" pattern="$3" pid="${4:-}" i
  for i in $(seq $((timeout * 10))); do
    if grep -q "$pattern" "$file" 2>/dev/null; then return 0; fi
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then
      echo "process $pid ended without printing '$pattern' in $file:" >&2
      tail -20 "$file" >&2
      return 1
    fi
    sleep 0.1
  done
  echo "timed out after ${timeout}s waiting for '$pattern' in $file:" >&2
  tail -20 "$file" >&2
  return 1
}

# The value of NAME=VALUE in a result line ("" when absent): field LINE NAME.
field() {
  grep -o " $2=[^ ]*" <<<" $1" | head -1 | cut -d= -f2 || true
}

# The camera's frames skipped (slow readers or an overloaded camera), from its last stats line.
camera_skipped() {
  if [ "$CAMERA" != gst ]; then
    grep -o 'framesSkipped=[0-9]*' "$WORK/camera.log" | tail -1 | cut -d= -f2
  else
    echo "n/a"
  fi
}

# ---- build what runs ---------------------------------------------------------------------------------------
if [ ! -f "$REPO/bench/target/bench.jar" ]; then
  echo "building bench/target/bench.jar ..." >&2
  (cd "$REPO" && mvn -B -q -pl bench -am package -DskipTests)
fi
CP="$REPO/bench/target/bench.jar:$REPO/bench/target/lib/*"

FLOOR_SRC="$SHARED_DIR/bench/rtsp-floor.c"
if [ ! -f "$FLOOR_SRC" ]; then
  echo "no $FLOOR_SRC: set SHARED_DIR to the shared/ directory" >&2
  exit 1
fi
gcc -O2 -o "$WORK/rtsp-floor" "$FLOOR_SRC"

# The clip BenchClips encodes (same name, same command), so the JMH benchmarks and this script share it.
CLIP="${TMPDIR:-/tmp}/nvr-bench-720p25-4M-g50.264"
if [ ! -s "$CLIP" ]; then
  echo "encoding $CLIP ..." >&2
  ffmpeg -y -v error -f lavfi -i testsrc2=size=1280x720:rate=25 -t 10 -c:v libx264 -g 50 -bf 0 \
    -b:v 4M -maxrate 4M -bufsize 8M -f h264 "$WORK/clip.264"
  mv "$WORK/clip.264" "$CLIP"
fi

# ---- the camera ---------------------------------------------------------------------------------------------
if [ "$CAMERA" = sim ]; then
  # shellcheck disable=SC2086
  java $CAMERA_JAVA_OPTS -cp "$CP" org.nvr.bench.sim.SimCameraMain --port 0 --clip "$CLIP" --stats-seconds 1 \
    --jitter-ms "$JITTER_MS" --loss-percent "$LOSS_PERCENT" >"$WORK/camera.log" 2>&1 &
  CAMERA_PID=$!
  PIDS+=("$CAMERA_PID")
  wait_for_line "$WORK/camera.log" 60 'READY port='
  PORT="$(grep -o 'READY port=[0-9]*' "$WORK/camera.log" | head -1 | cut -d= -f2)"
  CAMERA_DESC="camera simulator JVM (packetized once, one write per picture; jitter ${JITTER_MS} ms, loss ${LOSS_PERCENT} %)"
elif [ "$CAMERA" = demo ]; then
  # shellcheck disable=SC2086
  java $CAMERA_JAVA_OPTS -cp "$CP" org.nvr.bench.CameraBenchMain --port 0 --clip "$CLIP" --stats-seconds 1 \
    >"$WORK/camera.log" 2>&1 &
  CAMERA_PID=$!
  PIDS+=("$CAMERA_PID")
  wait_for_line "$WORK/camera.log" 60 'READY port='
  PORT="$(grep -o 'READY port=[0-9]*' "$WORK/camera.log" | head -1 | cut -d= -f2)"
  CAMERA_DESC="DemoCameraServer JVM (one write per picture)"
else
  /usr/bin/python3 "$REPO/nvr-core/src/test/resources/peers/gst_rtsp_camera.py" --port 0 --count "$STREAMS" \
    --source file --file "$CLIP" --protocols tcp >"$WORK/camera.log" 2>&1 &
  CAMERA_PID=$!
  PIDS+=("$CAMERA_PID")
  wait_for_line "$WORK/camera.log" 60 'READY port='
  PORT="$(grep -o 'READY port=[0-9]*' "$WORK/camera.log" | head -1 | cut -d= -f2)"
  CAMERA_DESC="GStreamer camera, file mode (one write per RTP packet)"
fi
PREFIX="rtsp://127.0.0.1:$PORT/cam"
echo "camera: $CAMERA_DESC on port $PORT, clip $CLIP; $STREAMS streams; warm-up ${WARMUP}s, window ${SECONDS_MEASURED}s"

declare -A CPU SYS MBPS RSS CAMCPU SKIP STREAMS_OF HEAP_KIB LOAD WRITE WINDOW_OF DROPPED
FAILURES=()
CLIENTS_PID=""
RESTREAM_LINE=""

# The window markers the NVR JVMs poll for (WindowMarkers): measure_window creates start and end in it.
WINDOW_DIR="$WORK/window"
new_window() {
  rm -rf "$WINDOW_DIR"
  mkdir -p "$WINDOW_DIR"
}

# The 1-minute load average now: the machine is shared, so each phase prints it before it starts.
load_now() {
  cut -d' ' -f1-3 /proc/loadavg
}

# Measures the window for the given PIDs; sets W_CPU_PCT (per stream, of one core), W_RSS_KIB, W_CAM_PCT, the
# camera's frames skipped during the window (W_SKIP), W_MBPS (Mbit/s per stream) and W_WRITE_MBS (MB/s in all) from
# the growth of the files under $2 ("" for none: both "-"). Creates the window markers right after each CPU reading.
measure_window() {
  local streams="$1" dir="$2"; shift 2
  local u0 s0 u1 s1 ku0 ks0 ku1 ks1 b0=0 b1=0 skip0 skip1
  sleep "$WARMUP"
  read -r u0 s0 < <(cpu_ticks "$@"); read -r ku0 ks0 < <(cpu_ticks "$CAMERA_PID"); skip0="$(camera_skipped)"
  : >"$WINDOW_DIR/start"
  [ -n "$dir" ] && b0="$(dir_bytes "$dir")"
  sleep "$SECONDS_MEASURED"
  read -r u1 s1 < <(cpu_ticks "$@"); read -r ku1 ks1 < <(cpu_ticks "$CAMERA_PID"); skip1="$(camera_skipped)"
  : >"$WINDOW_DIR/end"
  [ -n "$dir" ] && b1="$(dir_bytes "$dir")"
  W_RSS_KIB="$(rss_kib "$@")"
  W_CPU_PCT="$(awk -v d=$((u1 - u0 + s1 - s0)) -v hz="$CLK_TCK" -v s="$SECONDS_MEASURED" -v n="$streams" \
    'BEGIN {printf "%.3f", 100 * d / hz / s / n}')"
  W_SYS_SHARE="$(awk -v u=$((u1 - u0)) -v k=$((s1 - s0)) 'BEGIN {printf "%.0f", (u + k > 0) ? 100 * k / (u + k) : 0}')"
  W_CAM_PCT="$(awk -v d=$((ku1 - ku0 + ks1 - ks0)) -v hz="$CLK_TCK" -v s="$SECONDS_MEASURED" \
    'BEGIN {printf "%.0f", 100 * d / hz / s}')"
  W_MBPS="$(awk -v b=$((b1 - b0)) -v s="$SECONDS_MEASURED" -v n="$streams" \
    'BEGIN {printf "%.2f", b * 8 / s / n / 1e6}')"
  W_WRITE_MBS="$(awk -v b=$((b1 - b0)) -v s="$SECONDS_MEASURED" 'BEGIN {printf "%.1f", b / s / 1e6}')"
  [ -n "$dir" ] || W_WRITE_MBS=-
  if [ "$skip0" = n/a ]; then W_SKIP=n/a; else W_SKIP=$((skip1 - skip0)); fi
}

record() {
  local name="$1" streams="$2"
  CPU[$name]="$W_CPU_PCT"; SYS[$name]="$W_SYS_SHARE"; RSS[$name]="$W_RSS_KIB"; CAMCPU[$name]="$W_CAM_PCT"; SKIP[$name]="$W_SKIP"
  WRITE[$name]="$W_WRITE_MBS"
  LOAD[$name]="$PHASE_LOAD"
  STREAMS_OF[$name]="$streams"
}

run_floor() {
  PHASE_LOAD="$(load_now)"
  echo "--- floor: rtsp-floor on $STREAMS sessions (load average $PHASE_LOAD) ..."
  mkdir -p "$OUT/floor"
  new_window
  "$WORK/rtsp-floor" "$PREFIX" "$STREAMS" $((WARMUP + SECONDS_MEASURED + 30)) "$OUT/floor" \
    >"$WORK/floor.log" 2>&1 &
  local pid=$!
  PIDS+=("$pid")
  measure_window "$STREAMS" "$OUT/floor" "$pid"
  MBPS[floor]="$W_MBPS"; record floor "$STREAMS"
  stop_pids "$pid"
  rm -rf "$OUT/floor"
}

# Reads the WINDOW line the NVR JVM of phase $1 printed at the end of the window: WINDOW_OF[$1] is the line,
# DROPPED[$1] the frames lost in the window (the JVM's dropped_frames plus the camera's frames skipped).
read_window() {
  local name="$1" line skip
  wait_for_line "$WORK/$name.log" 30 '^WINDOW'
  line="$(grep -m1 '^WINDOW' "$WORK/$name.log")"
  echo "$line"
  WINDOW_OF[$name]="$line"
  skip="${SKIP[$name]}"
  [ "$skip" = n/a ] && skip=0
  DROPPED[$name]=$(($(field "$line" dropped_frames) + skip))
}

# $1: nvr (each reader writes its units to a file, fdatasync per 512 KiB, as the floor does) or nvr-nowrite
# (the readers only count: the ingest's own cost).
run_nvr() {
  local name="$1" write=() dir=""
  if [ "$name" = nvr ]; then
    mkdir -p "$OUT/nvr-out"
    write=(--write-dir "$OUT/nvr-out")
    dir="$OUT/nvr-out"
  fi
  PHASE_LOAD="$(load_now)"
  echo "--- $name: IngestBenchMain with $STREAMS streams ($NVR_JAVA_OPTS; load average $PHASE_LOAD) ..."
  new_window
  # shellcheck disable=SC2086
  java $NVR_JAVA_OPTS -cp "$CP" org.nvr.bench.IngestBenchMain --url-prefix "$PREFIX" --streams "$STREAMS" \
    --seconds $((WARMUP + SECONDS_MEASURED + 2)) --window-dir "$WINDOW_DIR" "${write[@]}" >"$WORK/$name.log" 2>&1 &
  local pid=$!
  PIDS+=("$pid")
  wait_for_line "$WORK/$name.log" 120 '^READY'
  grep '^READY' "$WORK/$name.log"
  measure_window "$STREAMS" "$dir" "$pid"
  record "$name" "$STREAMS"
  read_window "$name"
  wait_for_line "$WORK/$name.log" $((SECONDS_MEASURED + 60)) '^HEAP'
  grep -E '^(RESULT|HEAP)' "$WORK/$name.log"
  MBPS[$name]="$(grep -o 'mbps_per_stream=[0-9.]*' "$WORK/$name.log" | cut -d= -f2)"
  HEAP_KIB[$name]="$(grep -o ' per_stream_kib=[-0-9]*' "$WORK/$name.log" | cut -d= -f2)"
  for _ in $(seq 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  stop_pids "$pid"
  rm -rf "$OUT/nvr-out"
}

# Starts the re-stream clients (-m) on the NVR's RTSP server once it printed RESTREAM; sets CLIENTS_PID.
start_clients() {
  local port
  port="$(field "$(grep -m1 '^RESTREAM' "$WORK/nvr-record.log")" rtsp_port)"
  # shellcheck disable=SC2086
  java $CLIENT_JAVA_OPTS -cp "$CP" org.nvr.bench.RestreamBenchMain count --port "$port" --clients "$CLIENTS" \
    --path /cam1 --window-dir "$WINDOW_DIR" --seconds $((WARMUP + SECONDS_MEASURED + 10)) \
    >"$WORK/clients.log" 2>&1 &
  CLIENTS_PID=$!
  PIDS+=("$CLIENTS_PID")
  wait_for_line "$WORK/clients.log" 60 '^ALL_PLAYING' "$CLIENTS_PID"
  grep '^ALL_PLAYING' "$WORK/clients.log"
}

# After the window: each client's units against the pictures the camera sent on cam1 in the window (the NVR's
# cam1_frames; the two JVMs see the markers up to one 10 ms poll apart, so one unit either way is the same
# stream), the NVR's CPU with the clients, and a FAILURE for a client that missed units or packets.
report_clients() {
  local window pictures line units short=0 summary
  wait_for_line "$WORK/clients.log" 30 '^CLIENTS' "$CLIENTS_PID"
  window="${WINDOW_OF[nvr-record]}"
  pictures="$(field "$window" cam1_frames)"
  summary="$(grep -m1 '^CLIENTS' "$WORK/clients.log")"
  echo "$summary"
  while read -r line; do
    units="$(field "$line" units)"
    if [ $((units < pictures - 1 || units > pictures + 1)) = 1 ] || [ "$(field "$line" lost_packets)" != 0 ]; then
      short=$((short + 1))
      echo "  $line (camera sent $pictures pictures on cam1 in the window)"
    fi
  done < <(grep '^CLIENT ' "$WORK/clients.log")
  RESTREAM_LINE="$(awk -v m="$CLIENTS" -v n="$STREAMS" -v c="${CPU[nvr-record]}" -v p="$pictures" \
    -v lo="$(field "$summary" units_min)" -v hi="$(field "$summary" units_max)" \
    -v lost="$(field "$summary" lost_packets)" -v d="$(field "$window" restream_dropped_units)" \
    -v cc="$(field "$summary" cpu_pct)" -v s="$short" 'BEGIN {
      printf "restream: %d clients of cam1 during nvr-record: units per client %d..%d against %d pictures from the", m, lo, hi, p
      printf " camera; %d RTP packets lost, %d units dropped by the hub for them; %d client(s) off by more than 1", lost, d, s
      printf "\nrestream: NVR CPU with them %.1f %% of one core in all (%.3f %% per stream); the clients JVM %.1f %%", c * n, c, cc }')"
  echo "$RESTREAM_LINE"
  if [ "$short" != 0 ] || [ "$(field "$window" restream_dropped_units)" != 0 ] \
      || [ "$(field "$summary" reader_failures)" != 0 ]; then
    FAILURES+=("nvr-record: re-stream clients missed units: $short of $CLIENTS off by more than 1 from the camera's $pictures pictures, $(field "$window" restream_dropped_units) units dropped by the hub for them, $(field "$summary" reader_failures) reader failures")
  fi
}

# The real recorder: RecordBenchMain, recordings in $OUT/nvr-record/recordings, the H2 index beside them. Mbit/s
# per stream is from the segment files' growth in the window (as for the floor and ffmpeg), so it includes the
# fMP4 boxes. After the run it prints VERIFY (every file scanned, compared with its index row) and SAMPLE (one
# full segment), whose frames ffprobe counts here. With -m, re-stream clients play cam1 from it meanwhile.
run_record() {
  local name=nvr-record data="$OUT/nvr-record" restream=off
  [ "$CLIENTS" -gt 0 ] && restream=on
  PHASE_LOAD="$(load_now)"
  echo "--- $name: RecordBenchMain with $STREAMS streams, ${SEGMENT_SECONDS}s segments, fsync per fragment," \
    "$CLIENTS re-stream clients ($NVR_JAVA_OPTS; load average $PHASE_LOAD) ..."
  mkdir -p "$data/recordings"
  new_window
  # shellcheck disable=SC2086
  java $NVR_JAVA_OPTS -cp "$CP" org.nvr.bench.RecordBenchMain --url-prefix "$PREFIX" --streams "$STREAMS" \
    --seconds $((WARMUP + SECONDS_MEASURED + 2)) --data-dir "$data" --segment-seconds "$SEGMENT_SECONDS" \
    --window-dir "$WINDOW_DIR" --restream "$restream" >"$WORK/$name.log" 2>&1 &
  local pid=$!
  PIDS+=("$pid")
  wait_for_line "$WORK/$name.log" 120 '^READY'
  grep -E '^(RESTREAM|READY)' "$WORK/$name.log"
  if [ "$CLIENTS" -gt 0 ]; then start_clients; fi
  measure_window "$STREAMS" "$data/recordings" "$pid"
  MBPS[$name]="$W_MBPS"; record "$name" "$STREAMS"
  read_window "$name"
  if [ "$CLIENTS" -gt 0 ]; then report_clients; fi
  wait_for_line "$WORK/$name.log" $((SECONDS_MEASURED + 60)) '^HEAP'
  grep -E '^(RESULT|HEAP)' "$WORK/$name.log"
  HEAP_KIB[$name]="$(grep -o ' per_stream_kib=[-0-9]*' "$WORK/$name.log" | cut -d= -f2)"
  # Stopping finishes and indexes every open segment, then every file is scanned: allow for a slow disk.
  wait_for_line "$WORK/$name.log" 300 '^VERIFY'
  grep -E '^(VERIFY|SAMPLE)' "$WORK/$name.log"
  grep -E 'WARN|ERROR|Exception' "$WORK/$name.log" | head -5 || true
  local window="${WINDOW_OF[$name]}" problems
  problems="$(field "$(grep -m1 '^VERIFY' "$WORK/$name.log")" problems)"
  [ "$problems" = 0 ] || FAILURES+=("nvr-record: VERIFY found $problems problem(s): $(grep -m1 '^VERIFY' "$WORK/$name.log")")
  [ "${DROPPED[$name]}" = 0 ] || FAILURES+=("nvr-record: ${DROPPED[$name]} frames dropped in the window (hub for the recorder $(field "$window" hub_dropped_units), recorder skipped $(field "$window" recorder_skipped_units), depacketizer $(field "$window" depacketizer_dropped_frames), camera skipped ${SKIP[$name]})")
  [ "$(field "$window" lost_packets)" = 0 ] || FAILURES+=("nvr-record: $(field "$window" lost_packets) RTP packets lost in the window")
  [ "$(($(field "$window" write_errors) + $(field "$window" index_errors)))" = 0 ] || FAILURES+=("nvr-record: $(field "$window" write_errors) write and $(field "$window" index_errors) index errors in the window")
  # With fsync per fragment every stream fsyncs about once a second: none means the fsync timer was not captured.
  [ "$(field "$window" fsync_n)" != 0 ] || FAILURES+=("nvr-record: no nvr.storage.fsync timed in the window (FsyncWindowRegistry no longer sees the timer?)")
  local sample frames probed
  sample="$(grep -o '^SAMPLE path=[^ ]*' "$WORK/$name.log" | cut -d= -f2 || true)"
  if [ -n "$sample" ] && command -v ffprobe >/dev/null; then
    frames="$(grep -o '^SAMPLE .* frames=[0-9]*' "$WORK/$name.log" | grep -o 'frames=[0-9]*$' | cut -d= -f2)"
    probed="$(ffprobe -v error -count_frames -select_streams v:0 -show_entries stream=nb_read_frames \
      -of csv=p=0 "$sample" 2>"$WORK/ffprobe.log" || echo failed)"
    echo "ffprobe $(basename "$sample"): $probed frames decoded, the scan says $frames$( \
      [ "$probed" = "$frames" ] && echo " (agree)" || echo " (DISAGREE: $(head -3 "$WORK/ffprobe.log"))")"
    [ "$probed" = "$frames" ] || FAILURES+=("nvr-record: ffprobe decoded $probed frames of $(basename "$sample"), the scan counted $frames")
  else
    echo "ffprobe check skipped (no full segment or no ffprobe)"
  fi
  for _ in $(seq 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  stop_pids "$pid" ${CLIENTS_PID:+"$CLIENTS_PID"}
  rm -rf "$data"
}

run_ffmpeg() {
  local count=$((STREAMS < FFMPEG_MAX ? STREAMS : FFMPEG_MAX)) i pids=()
  PHASE_LOAD="$(load_now)"
  echo "--- ffmpeg: $count copy-recording processes (load average $PHASE_LOAD) ..."
  new_window
  for i in $(seq "$count"); do
    mkdir -p "$OUT/ffmpeg/cam$i"
    ffmpeg -nostdin -loglevel error -rtsp_transport tcp -i "$PREFIX$i" -c copy -f segment -segment_time 60 \
      -reset_timestamps 1 "$OUT/ffmpeg/cam$i/out%03d.mp4" >"$OUT/ffmpeg/cam$i.log" 2>&1 &
    pids+=("$!")
    PIDS+=("$!")
  done
  measure_window "$count" "$OUT/ffmpeg" "${pids[@]}"
  MBPS[ffmpeg]="$W_MBPS"; record ffmpeg "$count"
  stop_pids "${pids[@]}"
  rm -rf "$OUT/ffmpeg"
}

IFS=, read -r -a PHASE_LIST <<<"$PHASES"
for phase in "${PHASE_LIST[@]}"; do
  case "$phase" in
    floor) run_floor ;;
    nvr-record) run_record ;;
    nvr|nvr-nowrite) run_nvr "$phase" ;;
    ffmpeg) run_ffmpeg ;;
    *) echo "unknown phase $phase" >&2; exit 2 ;;
  esac
done

# ---- the table ---------------------------------------------------------------------------------------------
echo
echo "ingest-vs-floor $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores; camera: $CAMERA_DESC"
echo "phases run one after another against the same camera; window ${SECONDS_MEASURED}s after ${WARMUP}s warm-up;"
echo "recordings under ${OUT_DIR:-/tmp} ($(df --output=fstype "$OUT" | tail -1))"
echo "sys % = share of the CPU spent in the kernel; camera % = the camera process, % of one core, in each window;"
echo "write MB/s = growth of the recorded files in the window, all streams; fsync p99 and GC pause = the NVR JVM's"
echo "own figures over the same window (WINDOW line); dropped = frames lost in the window (hub, recorder, depacketizer,"
echo "camera skipped); - = not measured for that program"
FMT='%-11s %7s %11s %14s %5s %8s %12s %13s %10s %12s %11s %7s %8s %11s %14s\n'
# shellcheck disable=SC2059
printf "$FMT" measured streams Mbps/stream "CPU %core/strm" "sys %" "RSS MiB" "RSS/strm KiB" "heap/strm KiB" \
  "write MB/s" "fsync p99 ms" "GC pause ms" dropped "camera %" "cam skipped" "load before"
for name in floor nvr-record nvr nvr-nowrite ffmpeg; do
  [ -n "${CPU[$name]:-}" ] || continue
  heap="${HEAP_KIB[$name]:--}"
  window="${WINDOW_OF[$name]:-}"
  fsync=-; gcms=-
  if [ -n "$window" ]; then
    [ "$(field "$window" fsync_n)" = 0 ] || fsync="$(field "$window" fsync_p99_ms)"
    gcms="$(field "$window" gc_pause_ms)"
  fi
  # shellcheck disable=SC2059
  printf "$FMT" "$name" "${STREAMS_OF[$name]}" "${MBPS[$name]}" \
    "${CPU[$name]}" "${SYS[$name]}" "$((RSS[$name] / 1024))" "$((RSS[$name] / STREAMS_OF[$name]))" "$heap" \
    "${WRITE[$name]}" "$fsync" "$gcms" "${DROPPED[$name]:--}" "${CAMCPU[$name]}" "${SKIP[$name]}" "${LOAD[$name]// /,}"
done
if [ -n "${CPU[ffmpeg]:-}" ] && [ "${STREAMS_OF[ffmpeg]}" -lt "$STREAMS" ]; then
  echo "ffmpeg ran on the first ${STREAMS_OF[ffmpeg]} of $STREAMS streams; its figures are per stream of those"
fi
for name in nvr-record nvr nvr-nowrite; do
  [ -n "${CPU[$name]:-}" ] || continue
  w="${WINDOW_OF[$name]}"
  if [ "$(field "$w" fsync_n)" = 0 ]; then
    fsyncs="no fsync"
  else
    fsyncs="fsync n=$(field "$w" fsync_n) ($(field "$w" fsync_per_s)/s) p50 $(field "$w" fsync_p50_ms) / p99"
    fsyncs+=" $(field "$w" fsync_p99_ms) / max $(field "$w" fsync_max_ms) ms"
    [ "$name" != nvr-record ] || fsyncs+=" (file $(field "$w" fsync_file_n), directory $(field "$w" fsync_directory_n))"
  fi
  echo "$name window $(field "$w" seconds) s: $(field "$w" fps_per_stream) frames/s per stream; $fsyncs;" \
    "GC $(field "$w" gc_collections) collections, $(field "$w" gc_pause_ms) ms paused, longest" \
    "$(field "$w" gc_longest_pause_ms) ms"
  if [ "$name" = nvr-record ]; then
    drops="hub for the recorder $(field "$w" hub_dropped_units), recorder skipped $(field "$w" recorder_skipped_units)"
  else
    drops="hub for the reader $(field "$w" reader_dropped_units)"
  fi
  echo "$name dropped ${DROPPED[$name]} frames in the window ($drops, depacketizer" \
    "$(field "$w" depacketizer_dropped_frames), camera skipped ${SKIP[$name]}); $(field "$w" lost_packets) RTP" \
    "packets lost, $(field "$w" reconnects) reconnects"
  for base in floor ffmpeg; do
    [ -n "${CPU[$base]:-}" ] || continue
    awk -v a="${CPU[$name]}" -v b="${CPU[$base]}" -v n="$base" -v m="$name" 'BEGIN {
      printf "ratio %s/%s CPU per stream: %.2f", m, n, a / b
      if (n == "floor") printf "%s", (a / b <= 1.25) ? "  (target <= 1.25: met)" : "  (target <= 1.25: MISSED)"
      printf "\n" }'
  done
  awk -v h="${HEAP_KIB[$name]}" -v m="$name" 'BEGIN {
    printf "%s heap per stream: %.2f MiB%s\n", m, h / 1024, (h <= 4096) ? "  (target <= 4 MiB: met)" : "  (target <= 4 MiB: MISSED)" }'
done
[ -z "$RESTREAM_LINE" ] || echo "$RESTREAM_LINE"
if [ "${#FAILURES[@]}" -gt 0 ]; then
  for failure in "${FAILURES[@]}"; do
    echo "FAIL $failure"
  done
  echo "FAILED: target 0 dropped frames and a clean VERIFY (${#FAILURES[@]} failure(s) above)"
  exit 1
fi
