#!/usr/bin/env bash
# Fault injection, long versions (docs/reliability.md, "Fault injection"; issue #12). Runs, one after another:
#   1. DiskFaultTest            ENOSPC/EIO/EROFS injected at the segment FileChannel under a real recorder
#   2. ClockStepIT              the NVR's and the camera's wall clock stepped forward and back
#   3. IngestFaultIT            link faults through FaultProxy (stall, half-open, trickle, drop, reset) for SOAK
#                               seconds, sampling heap and FDs, and the camera closed/restarted RESTARTS times
#   4. KillLoopIT               `nvr run` SIGKILLed at ROUNDS seeded random moments (a third at segment turnover)
#   5. a real full disk         `nvr run` on a 20 MiB tmpfs filled with a filler file until ENOSPC, then freed:
#                               recording must resume and `nvr check --hashes` must be clean (skipped with a
#                               message when mount is not permitted)
#   6. AdminTlsSettingsTest     old protocols, weak suites, plain HTTP, renegotiation against the admin TLS port
#      SecretsInLogsIT          every secret through every path at DEBUG, then all output scanned for it
# and prints the table of docs/reliability.md (fault, how injected, rounds, checked, data lost, result).
#
# usage: bench/reliability.sh [-r ROUNDS] [-s SOAK_SECONDS] [-c RESTARTS] [-k SEED] [-o PARTS]
#   -r  SIGKILL rounds (default 100)        -s  link-fault soak, seconds (default 600; 4 s per fault cycle)
#   -c  camera restarts (default 50)        -k  seed of the kill moments (default 12)
#   -o  parts to run, comma-separated, from tests,kill,disk,security (default all four)
# Offline Maven (the repository's usual -o); it never installs into ~/.m2.
set -euo pipefail

ROUNDS=100
SOAK_SECONDS=600
RESTARTS=50
SEED=12
PARTS=tests,kill,disk,security
while getopts "r:s:c:k:o:" opt; do
    case "$opt" in
        r) ROUNDS=$OPTARG ;;
        s) SOAK_SECONDS=$OPTARG ;;
        c) RESTARTS=$OPTARG ;;
        k) SEED=$OPTARG ;;
        o) PARTS=$OPTARG ;;
        *) sed -n '2,20p' "$0"; exit 2 ;;
    esac
done

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
WORK=$(mktemp -d /tmp/nvr-reliability.XXXXXX)
TABLE="$WORK/table.tsv"
: > "$TABLE"
CYCLES=$(( SOAK_SECONDS / 4 ))
[ "$CYCLES" -ge 5 ] || CYCLES=5
MVN=(mvn -B -q -o -Dnvr.reliability.out="$TABLE" -Dsurefire.failIfNoSpecifiedTests=false
     -Dfailsafe.failIfNoSpecifiedTests=false -DfailIfNoTests=false)

step() { printf '\n== %s\n' "$*" >&2; }
part() { [[ ",$PARTS," == *",$1,"* ]]; }

if part tests; then
    step "disk faults, clock steps, link faults ($CYCLES cycles), camera restarts ($RESTARTS)"
    "${MVN[@]}" -pl nvr-storage -am verify -Dtest=DiskFaultTest -Dit.test='ClockStepIT,IngestFaultIT' \
        -Dnvr.fault.cycles="$CYCLES" -Dnvr.fault.restarts="$RESTARTS" >&2
    grep -h "heap after GC" nvr-storage/target/failsafe-reports/*IngestFaultIT-output.txt >&2 || true
fi

if part kill; then
    step "SIGKILL loop ($ROUNDS rounds, seed $SEED)"
    "${MVN[@]}" -pl nvr-cli -am verify -Dtest=none -Dit.test=KillLoopIT -Dnvr.kill.rounds="$ROUNDS" \
        -Dnvr.kill.seed="$SEED" >&2
fi

if part security; then
    step "admin TLS settings, secrets in logs"
    "${MVN[@]}" -pl nvr-cli -am verify -Dtest=AdminTlsSettingsTest -Dit.test=SecretsInLogsIT >&2
fi

JAR="$ROOT/nvr-cli/target/nvr.jar"
if part disk && [ ! -f "$JAR" ]; then
    step "packaging nvr-cli (no tests)"
    mvn -B -q -o -pl nvr-cli -am package -DskipTests >&2
fi
if ! part disk; then
    :
else
step "a real full disk (20 MiB tmpfs)"
MNT="$WORK/disk"
mkdir -p "$MNT"
if ! mount -t tmpfs -o size=20m tmpfs "$MNT" 2>"$WORK/mount.err"; then
    echo "SKIPPED: mount -t tmpfs is not permitted here ($(cat "$WORK/mount.err")); run as root" >&2
    printf 'disk full (real)\t20 MiB tmpfs filled by a filler file\t0\tskipped: mount not permitted\t-\tskipped\n' \
        >> "$TABLE"
else
    trap 'umount -l "$MNT" 2>/dev/null || true' EXIT
    cat > "$WORK/nvr.yaml" <<EOF
dataDir: $MNT/data
rtsp:
  port: 0
admin:
  port: 0
storage:
  minFreeBytes: 0
record:
  segmentDuration: 10s
EOF
    java -Xmx256m -jar "$JAR" run -c "$WORK/nvr.yaml" > "$WORK/full.log" 2>&1 &
    NVR=$!
    sleep 12
    # Fill what is left; dd stops at ENOSPC.
    dd if=/dev/zero of="$MNT/filler" bs=64k status=none 2>/dev/null || true
    sleep 15
    rm -f "$MNT/filler"
    sleep 15
    kill -TERM "$NVR"
    wait "$NVR" || true
    RESUMED=$(grep -c "recording resumed after" "$WORK/full.log" || true)
    FAILED=$(grep -c "failed; recording paused" "$WORK/full.log" || true)
    # H2 shares the disk: it may fail too, lose its last commits (whose files startup recovery indexes again) and be
    # reopened (Database#connection). Count what the index lost, restart once, and check everything.
    java -jar "$JAR" check -c "$WORK/nvr.yaml" > "$WORK/check-before.txt" 2>&1 || true
    LOST_ROWS=$(grep -c "^ORPHAN_FILE" "$WORK/check-before.txt" || true)
    java -Xmx256m -jar "$JAR" run -c "$WORK/nvr.yaml" --run-for 3 > "$WORK/restart.log" 2>&1 || true
    if java -jar "$JAR" check -c "$WORK/nvr.yaml" --hashes > "$WORK/check.txt" 2>&1; then CHECK=clean; else CHECK=dirty; fi
    echo "write failures logged: $FAILED, resumed: $RESUMED, rows the index lost: $LOST_ROWS," \
        "nvr check --hashes after a restart: $CHECK (logs in $WORK)" >&2
    RESULT=fail
    if [ "$FAILED" -ge 1 ] && [ "$RESUMED" -ge 1 ] && [ "$CHECK" = clean ]; then RESULT=pass; fi
    printf 'disk full (real)\tnvr run on a 20 MiB tmpfs (index on the same disk), a filler file written until ENOSPC for 15 s, then removed\t1\twrite error logged, DISK gap, recording resumed; index rows H2 lost on the full disk: %s (files kept, indexed by startup recovery at the next start); nvr check --hashes after a restart %s\t0 s beyond the full span\t%s\n' \
        "$LOST_ROWS" "$CHECK" "$RESULT" >> "$TABLE"
    umount "$MNT"
    trap - EXIT
fi
fi

step "table"
printf '| Fault | How injected | Rounds | What was checked | Data lost | Result |\n'
printf '| --- | --- | --- | --- | --- | --- |\n'
awk -F'\t' '{ printf "| %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6 }' "$TABLE"
