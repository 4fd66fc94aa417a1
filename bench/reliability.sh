#!/usr/bin/env bash
# The reliability report of docs/reliability.md (issue #12): the long versions of the fault, soak, attack and fuzz
# tests. Runs, one after another:
#   1. DiskFaultTest            ENOSPC/EIO/EROFS injected at the segment FileChannel under a real recorder
#   2. ClockStepIT              the NVR's and the camera's wall clock stepped forward and back
#   3. IngestFaultIT            link faults through FaultProxy (stall, half-open, trickle, drop, reset) for SOAK
#                               seconds, sampling heap and FDs, and the camera closed/restarted RESTARTS times
#   4. FlappingSoakIT           `nvr run` recording CAMERAS cameras for FLAP_SOAK_SECONDS, each behind its own
#                               FaultProxy and flapping every FLAP_SECONDS on average, the demo camera as control
#   5. KillLoopIT               `nvr run` SIGKILLed at ROUNDS seeded random moments (a third at segment turnover)
#   6. a real full disk         `nvr run` on a 20 MiB tmpfs filled with a filler file until ENOSPC, then freed:
#                               recording must resume and `nvr check --hashes` must be clean (skipped with a
#                               message when mount is not permitted)
#   6b. a disk that fails       ext4 (errors=remount-ro) on a loop device whose image file is made immutable
#                               while `nvr run` records: writes fail with EIO and the kernel turns the file system
#                               read-only under the NVR; then stopped, repaired (e2fsck), mounted and restarted
#   7. the attack tests         RtspServerConnectionLimitsTest, AdminServerConnectionLimitsTest (per-address limits,
#                               slowloris), AdminTlsSettingsTest, SecretsInLogsIT, AuditCompletenessIT and
#                               VideoRoutesAuditedIT (every way footage leaves the NVR is audited once)
#   8. ShortFuzzIT              Jazzer on every fuzz target for FUZZ_SECONDS each
# and prints the table of docs/reliability.md (fault, how injected, rounds, checked, data lost, result).
#
# usage: bench/reliability.sh [-r ROUNDS] [-s SOAK_SECONDS] [-c RESTARTS] [-k SEED] [-n CAMERAS]
#                             [-t FLAP_SOAK_SECONDS] [-f FLAP_SECONDS] [-z FUZZ_SECONDS] [-o PARTS]
#   -r  SIGKILL rounds (default 100)        -s  link-fault soak, seconds (default 600; 4 s per fault cycle)
#   -c  camera restarts (default 50)        -k  seed of the kill moments (default 12)
#   -n  flapping cameras (default 16)       -t  flapping soak, seconds (default 7200)
#   -f  mean seconds between one camera's faults (default 180)
#   -z  fuzzing seconds per target (default 60)
#   -o  parts to run, comma-separated, from tests,soak,kill,disk,security,fuzz (default all)
#   -h  this help
# Offline Maven (the repository's usual -o); it never installs into ~/.m2.
set -euo pipefail

ROUNDS=100
SOAK_SECONDS=600
RESTARTS=50
SEED=12
FLAP_CAMERAS=16
FLAP_SOAK_SECONDS=7200
FLAP_SECONDS=180
FUZZ_SECONDS=60
PARTS=tests,soak,kill,disk,security,fuzz
while getopts "r:s:c:k:n:t:f:z:o:h" opt; do
    case "$opt" in
        r) ROUNDS=$OPTARG ;;
        s) SOAK_SECONDS=$OPTARG ;;
        c) RESTARTS=$OPTARG ;;
        k) SEED=$OPTARG ;;
        n) FLAP_CAMERAS=$OPTARG ;;
        t) FLAP_SOAK_SECONDS=$OPTARG ;;
        f) FLAP_SECONDS=$OPTARG ;;
        z) FUZZ_SECONDS=$OPTARG ;;
        o) PARTS=$OPTARG ;;
        h) sed -n '2,/^set -euo/p' "$0" | sed '$d'; exit 0 ;;
        *) sed -n '2,/^set -euo/p' "$0" | sed '$d'; exit 2 ;;
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
# nvr.yaml of the real-disk parts: data (and index) on the disk under test, 10 s segments, no free-space floor.
disk_config() {
    printf 'dataDir: %s\nrtsp:\n  port: 0\nadmin:\n  port: 0\nstorage:\n  minFreeBytes: 0\nrecord:\n  segmentDuration: 10s\n' "$1"
}
part() { [[ ",$PARTS," == *",$1,"* ]]; }

if part tests; then
    step "disk faults, clock steps, link faults ($CYCLES cycles), camera restarts ($RESTARTS)"
    "${MVN[@]}" -pl nvr-storage -am verify -Dtest=DiskFaultTest -Dit.test='ClockStepIT,IngestFaultIT' \
        -Dnvr.fault.cycles="$CYCLES" -Dnvr.fault.restarts="$RESTARTS" >&2
    grep -h "heap after GC" nvr-storage/target/failsafe-reports/*IngestFaultIT-output.txt >&2 || true
fi

if part soak; then
    step "flapping soak: $FLAP_CAMERAS cameras for $FLAP_SOAK_SECONDS s, a fault every ~$FLAP_SECONDS s each"
    "${MVN[@]}" -pl nvr-cli -am verify -Dtest=none -Dit.test=FlappingSoakIT -Dnvr.soak.cameras="$FLAP_CAMERAS" \
        -Dnvr.soak.seconds="$FLAP_SOAK_SECONDS" -Dnvr.soak.flapSeconds="$FLAP_SECONDS" >&2
    grep -h "outages" nvr-cli/target/failsafe-reports/*FlappingSoakIT-output.txt >&2 || true
fi

if part kill; then
    step "SIGKILL loop ($ROUNDS rounds, seed $SEED)"
    "${MVN[@]}" -pl nvr-cli -am verify -Dtest=none -Dit.test=KillLoopIT -Dnvr.kill.rounds="$ROUNDS" \
        -Dnvr.kill.seed="$SEED" >&2
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
    disk_config "$MNT/data" > "$WORK/nvr.yaml"
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

if part disk; then
step "a disk that fails and turns read-only mid-write (ext4 errors=remount-ro on a loop device)"
IMG="$WORK/ro.img"
RO="$WORK/rodisk"
mkdir -p "$RO"
truncate -s 256M "$IMG"
mkfs.ext4 -q "$IMG"
if ! LOOP=$(losetup -f --show "$IMG" 2>"$WORK/losetup.err"); then
    echo "SKIPPED: no loop device ($(cat "$WORK/losetup.err")); run as root" >&2
    printf 'disk fails, read-only (real)\text4 on a loop device\t0\tskipped: no loop device\t-\tskipped\n' >> "$TABLE"
else
    trap 'chattr -i "$IMG" 2>/dev/null; umount -l "$RO" 2>/dev/null; losetup -d "$LOOP" 2>/dev/null || true' EXIT
    # A loop device reused from an earlier `blockdev --setro` would mount read-only from the start.
    blockdev --setrw "$LOOP"
    mount -o errors=remount-ro "$LOOP" "$RO"
    disk_config "$RO/data" > "$WORK/ro.yaml"
    java -Xmx256m -jar "$JAR" run -c "$WORK/ro.yaml" > "$WORK/ro.log" 2>&1 &
    NVR=$!
    sleep 12
    # The loop device's writes to its image now fail: EIO at the next writeback or fdatasync, and ext4 remounts
    # itself read-only (as a failing disk does to a real server).
    chattr +i "$IMG"
    sleep 15
    # /proc/mounts keeps saying rw after ext4's emergency remount; a write says what the disk does.
    if touch "$RO/probe" 2>/dev/null; then RO_MOUNT=writable; rm -f "$RO/probe"; else RO_MOUNT=read-only; fi
    if kill -0 "$NVR" 2>/dev/null; then RO_ALIVE=yes; else RO_ALIVE=no; fi
    kill -TERM "$NVR"
    RO_EXIT=0
    wait "$NVR" || RO_EXIT=$?
    RO_FAILED=$(grep -c "failed; recording paused" "$WORK/ro.log" || true)
    # The admin's repair: stop, make the disk writable, check the file system, mount, start.
    chattr -i "$IMG"
    umount "$RO"
    e2fsck -fy "$LOOP" > "$WORK/e2fsck.txt" 2>&1 || true
    mount -o errors=remount-ro "$LOOP" "$RO"
    java -jar "$JAR" check -c "$WORK/ro.yaml" > "$WORK/ro-check-before.txt" 2>&1 || true
    RO_ORPHANS=$(grep -c "^ORPHAN_FILE" "$WORK/ro-check-before.txt" || true)
    java -Xmx256m -jar "$JAR" run -c "$WORK/ro.yaml" --run-for 5 > "$WORK/ro-restart.log" 2>&1 || true
    if java -jar "$JAR" check -c "$WORK/ro.yaml" --hashes > "$WORK/ro-check.txt" 2>&1; then RO_CHECK=clean; else RO_CHECK=dirty; fi
    echo "read-only: mount became $RO_MOUNT, NVR alive through it: $RO_ALIVE, exit on SIGTERM: $RO_EXIT," \
        "write failures logged: $RO_FAILED, files without a row before the restart: $RO_ORPHANS," \
        "nvr check --hashes after the restart: $RO_CHECK (logs in $WORK)" >&2
    RESULT=fail
    if [ "$RO_MOUNT" = read-only ] && [ "$RO_ALIVE" = yes ] && [ "$RO_EXIT" = 0 ] && [ "$RO_FAILED" -ge 1 ] \
        && [ "$RO_CHECK" = clean ]; then RESULT=pass; fi
    printf 'disk fails and turns read-only (real)\text4 (errors=remount-ro) on a loop device whose image is made immutable while nvr run records: EIO, then the kernel remounts it read-only; stopped, e2fsck, mounted, restarted\t1\tthe file system went %s, the NVR kept running and logged the write error, stopped cleanly (exit %s); after the repair startup recovery indexed the files the index missed (%s) and nvr check --hashes was %s\tat most the fragment not yet fsynced when the disk failed\t%s\n' \
        "$RO_MOUNT" "$RO_EXIT" "$RO_ORPHANS" "$RO_CHECK" "$RESULT" >> "$TABLE"
    umount "$RO"
    losetup -d "$LOOP"
    trap - EXIT
fi
fi

if part security; then
    step "attacks: connection limits and slowloris, TLS, secrets in logs, audit completeness"
    "${MVN[@]}" -pl nvr-cli -am verify \
        -Dtest='RtspServerConnectionLimitsTest,AdminServerConnectionLimitsTest,AdminTlsSettingsTest' \
        -Dit.test='SecretsInLogsIT,AuditCompletenessIT,VideoRoutesAuditedIT' >&2
fi

if part fuzz; then
    step "fuzzing every target for $FUZZ_SECONDS s"
    "${MVN[@]}" -pl nvr-cli -am verify -Dtest=none -Dit.test=ShortFuzzIT -Dnvr.fuzz.seconds="$FUZZ_SECONDS" >&2
fi

step "table"
printf '| Fault | How injected | Rounds | What was checked | Data lost | Result |\n'
printf '| --- | --- | --- | --- | --- | --- |\n'
awk -F'\t' '{ printf "| %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6 }' "$TABLE"
