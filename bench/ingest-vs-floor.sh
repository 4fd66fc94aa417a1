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
#
# usage: bench/ingest-vs-floor.sh [-n STREAMS] [-d SECONDS] [-w WARMUP_SECONDS] [-f FFMPEG_MAX]
#                                 [-c sim|demo|gst] [-j JITTER_MS] [-l LOSS_PERCENT] [-o phases]
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
# environment: SHARED_DIR (default: ../shared beside the repository), OUT_DIR (where the recordings go; default
#              /tmp, use /dev/shm to take the disk out), NVR_JAVA_OPTS (default -Xmx1g),
#              CAMERA_JAVA_OPTS (default -Xmx2g), KEEP_WORK=1 keeps the work directory.
set -euo pipefail

REPO="$(cd "$(dirname "$0")/.." && pwd)"
SHARED_DIR="${SHARED_DIR:-$REPO/../shared}"
NVR_JAVA_OPTS="${NVR_JAVA_OPTS:--Xmx1g}"
CAMERA_JAVA_OPTS="${CAMERA_JAVA_OPTS:--Xmx2g}"
STREAMS=40
SECONDS_MEASURED=30
WARMUP=10
FFMPEG_MAX=40
CAMERA=sim
JITTER_MS=0
LOSS_PERCENT=0
PHASES=floor,nvr-record,nvr,nvr-nowrite,ffmpeg
SEGMENT_SECONDS=10

while getopts "n:d:w:f:c:j:l:o:s:h" opt; do
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
    *) sed -n '2,36p' "$0"; exit 2 ;;
  esac
done
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

# Waits up to $2 seconds for a line matching $3 in file $1.
wait_for_line() {
  local file="$1" timeout="$2" pattern="$3" i
  for i in $(seq $((timeout * 10))); do
    if grep -q "$pattern" "$file" 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "timed out after ${timeout}s waiting for '$pattern' in $file:" >&2
  tail -20 "$file" >&2
  return 1
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

declare -A CPU SYS MBPS RSS CAMCPU SKIP STREAMS_OF HEAP_KIB LOST FPS LOAD

# The 1-minute load average now: the machine is shared, so each phase prints it before it starts.
load_now() {
  cut -d' ' -f1-3 /proc/loadavg
}

# Measures the window for the given PIDs; sets W_CPU_PCT (per stream, of one core), W_RSS_KIB, W_CAM_PCT and
# the camera's frames skipped during the window, and W_BYTES (bytes under $2, "" for none).
measure_window() {
  local streams="$1" dir="$2"; shift 2
  local u0 s0 u1 s1 ku0 ks0 ku1 ks1 b0=0 b1=0 skip0 skip1
  sleep "$WARMUP"
  read -r u0 s0 < <(cpu_ticks "$@"); read -r ku0 ks0 < <(cpu_ticks "$CAMERA_PID"); skip0="$(camera_skipped)"
  [ -n "$dir" ] && b0="$(dir_bytes "$dir")"
  sleep "$SECONDS_MEASURED"
  read -r u1 s1 < <(cpu_ticks "$@"); read -r ku1 ks1 < <(cpu_ticks "$CAMERA_PID"); skip1="$(camera_skipped)"
  [ -n "$dir" ] && b1="$(dir_bytes "$dir")"
  W_RSS_KIB="$(rss_kib "$@")"
  W_CPU_PCT="$(awk -v d=$((u1 - u0 + s1 - s0)) -v hz="$CLK_TCK" -v s="$SECONDS_MEASURED" -v n="$streams" \
    'BEGIN {printf "%.3f", 100 * d / hz / s / n}')"
  W_SYS_SHARE="$(awk -v u=$((u1 - u0)) -v k=$((s1 - s0)) 'BEGIN {printf "%.0f", (u + k > 0) ? 100 * k / (u + k) : 0}')"
  W_CAM_PCT="$(awk -v d=$((ku1 - ku0 + ks1 - ks0)) -v hz="$CLK_TCK" -v s="$SECONDS_MEASURED" \
    'BEGIN {printf "%.0f", 100 * d / hz / s}')"
  W_MBPS="$(awk -v b=$((b1 - b0)) -v s="$SECONDS_MEASURED" -v n="$streams" \
    'BEGIN {printf "%.2f", b * 8 / s / n / 1e6}')"
  if [ "$skip0" = n/a ]; then W_SKIP=n/a; else W_SKIP=$((skip1 - skip0)); fi
}

record() {
  local name="$1" streams="$2"
  CPU[$name]="$W_CPU_PCT"; SYS[$name]="$W_SYS_SHARE"; RSS[$name]="$W_RSS_KIB"; CAMCPU[$name]="$W_CAM_PCT"; SKIP[$name]="$W_SKIP"
  LOAD[$name]="$PHASE_LOAD"
  STREAMS_OF[$name]="$streams"
}

run_floor() {
  PHASE_LOAD="$(load_now)"
  echo "--- floor: rtsp-floor on $STREAMS sessions (load average $PHASE_LOAD) ..."
  mkdir -p "$OUT/floor"
  "$WORK/rtsp-floor" "$PREFIX" "$STREAMS" $((WARMUP + SECONDS_MEASURED + 30)) "$OUT/floor" \
    >"$WORK/floor.log" 2>&1 &
  local pid=$!
  PIDS+=("$pid")
  measure_window "$STREAMS" "$OUT/floor" "$pid"
  MBPS[floor]="$W_MBPS"; record floor "$STREAMS"
  stop_pids "$pid"
  rm -rf "$OUT/floor"
}

# $1: nvr (each reader writes its units to a file, fdatasync per 512 KiB, as the floor does) or nvr-nowrite
# (the readers only count: the ingest's own cost).
run_nvr() {
  local name="$1" write=()
  if [ "$name" = nvr ]; then
    mkdir -p "$OUT/nvr-out"
    write=(--write-dir "$OUT/nvr-out")
  fi
  PHASE_LOAD="$(load_now)"
  echo "--- $name: IngestBenchMain with $STREAMS streams ($NVR_JAVA_OPTS; load average $PHASE_LOAD) ..."
  # shellcheck disable=SC2086
  java $NVR_JAVA_OPTS -cp "$CP" org.nvr.bench.IngestBenchMain --url-prefix "$PREFIX" --streams "$STREAMS" \
    --seconds $((WARMUP + SECONDS_MEASURED + 2)) "${write[@]}" >"$WORK/$name.log" 2>&1 &
  local pid=$!
  PIDS+=("$pid")
  wait_for_line "$WORK/$name.log" 120 '^READY'
  grep '^READY' "$WORK/$name.log"
  measure_window "$STREAMS" "" "$pid"
  record "$name" "$STREAMS"
  wait_for_line "$WORK/$name.log" $((SECONDS_MEASURED + 60)) '^HEAP'
  grep -E '^(RESULT|HEAP)' "$WORK/$name.log"
  MBPS[$name]="$(grep -o 'mbps_per_stream=[0-9.]*' "$WORK/$name.log" | cut -d= -f2)"
  HEAP_KIB[$name]="$(grep -o ' per_stream_kib=[-0-9]*' "$WORK/$name.log" | cut -d= -f2)"
  LOST[$name]="$(grep -o 'lost_packets=[0-9]*' "$WORK/$name.log" | cut -d= -f2)"
  FPS[$name]="$(grep -o 'fps_per_stream=[0-9.]*' "$WORK/$name.log" | cut -d= -f2)"
  for _ in $(seq 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  stop_pids "$pid"
  rm -rf "$OUT/nvr-out"
}

# The real recorder: RecordBenchMain, recordings in $OUT/nvr-record/recordings, the H2 index beside them. Mbit/s
# per stream is from the segment files' growth in the window (as for the floor and ffmpeg), so it includes the
# fMP4 boxes. After the run it prints VERIFY (every file scanned, compared with its index row) and SAMPLE (one
# full segment), whose frames ffprobe counts here.
run_record() {
  local name=nvr-record data="$OUT/nvr-record"
  PHASE_LOAD="$(load_now)"
  echo "--- $name: RecordBenchMain with $STREAMS streams, ${SEGMENT_SECONDS}s segments, fsync per fragment" \
    "($NVR_JAVA_OPTS; load average $PHASE_LOAD) ..."
  mkdir -p "$data/recordings"
  # shellcheck disable=SC2086
  java $NVR_JAVA_OPTS -cp "$CP" org.nvr.bench.RecordBenchMain --url-prefix "$PREFIX" --streams "$STREAMS" \
    --seconds $((WARMUP + SECONDS_MEASURED + 2)) --data-dir "$data" --segment-seconds "$SEGMENT_SECONDS" \
    >"$WORK/$name.log" 2>&1 &
  local pid=$!
  PIDS+=("$pid")
  wait_for_line "$WORK/$name.log" 120 '^READY'
  grep '^READY' "$WORK/$name.log"
  measure_window "$STREAMS" "$data/recordings" "$pid"
  MBPS[$name]="$W_MBPS"; record "$name" "$STREAMS"
  wait_for_line "$WORK/$name.log" $((SECONDS_MEASURED + 60)) '^HEAP'
  grep -E '^(RESULT|HEAP)' "$WORK/$name.log"
  HEAP_KIB[$name]="$(grep -o ' per_stream_kib=[-0-9]*' "$WORK/$name.log" | cut -d= -f2)"
  LOST[$name]="$(grep -o 'lost_packets=[0-9]*' "$WORK/$name.log" | cut -d= -f2)"
  FPS[$name]="$(grep -o 'fps_per_stream=[0-9.]*' "$WORK/$name.log" | cut -d= -f2)"
  # Stopping finishes and indexes every open segment, then every file is scanned: allow for a slow disk.
  wait_for_line "$WORK/$name.log" 300 '^VERIFY'
  grep -E '^(VERIFY|SAMPLE)' "$WORK/$name.log"
  grep -E 'WARN|ERROR|Exception' "$WORK/$name.log" | head -5 || true
  local sample frames probed
  sample="$(grep -o '^SAMPLE path=[^ ]*' "$WORK/$name.log" | cut -d= -f2 || true)"
  if [ -n "$sample" ] && command -v ffprobe >/dev/null; then
    frames="$(grep -o '^SAMPLE .* frames=[0-9]*' "$WORK/$name.log" | grep -o 'frames=[0-9]*$' | cut -d= -f2)"
    probed="$(ffprobe -v error -count_frames -select_streams v:0 -show_entries stream=nb_read_frames \
      -of csv=p=0 "$sample" 2>"$WORK/ffprobe.log" || echo failed)"
    echo "ffprobe $(basename "$sample"): $probed frames decoded, the scan says $frames$( \
      [ "$probed" = "$frames" ] && echo " (agree)" || echo " (DISAGREE: $(head -3 "$WORK/ffprobe.log"))")"
  else
    echo "ffprobe check skipped (no full segment or no ffprobe)"
  fi
  for _ in $(seq 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  stop_pids "$pid"
  rm -rf "$data"
}

run_ffmpeg() {
  local count=$((STREAMS < FFMPEG_MAX ? STREAMS : FFMPEG_MAX)) i pids=()
  PHASE_LOAD="$(load_now)"
  echo "--- ffmpeg: $count copy-recording processes (load average $PHASE_LOAD) ..."
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
echo "sys % = share of the CPU spent in the kernel; camera % = the camera process, % of one core, in each window"
printf '%-11s %8s %12s %16s %6s %10s %12s %12s %10s %12s %16s\n' measured streams Mbps/stream "CPU %core/strm" \
  "sys %" "RSS MiB" "RSS/strm KiB" "heap/strm KiB" "camera %" "cam skipped" "load before"
for name in floor nvr-record nvr nvr-nowrite ffmpeg; do
  [ -n "${CPU[$name]:-}" ] || continue
  heap="${HEAP_KIB[$name]:--}"
  printf '%-11s %8s %12s %16s %6s %10s %12s %12s %10s %12s %16s\n' "$name" "${STREAMS_OF[$name]}" "${MBPS[$name]}" \
    "${CPU[$name]}" "${SYS[$name]}" "$((RSS[$name] / 1024))" "$((RSS[$name] / STREAMS_OF[$name]))" "$heap" "${CAMCPU[$name]}" \
    "${SKIP[$name]}" "${LOAD[$name]// /,}"
done
if [ -n "${CPU[ffmpeg]:-}" ] && [ "${STREAMS_OF[ffmpeg]}" -lt "$STREAMS" ]; then
  echo "ffmpeg ran on the first ${STREAMS_OF[ffmpeg]} of $STREAMS streams; its figures are per stream of those"
fi
for name in nvr-record nvr nvr-nowrite; do
  [ -n "${CPU[$name]:-}" ] || continue
  echo "$name: ${FPS[$name]} frames/s per stream, ${LOST[$name]} RTP packets lost in its run"
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
