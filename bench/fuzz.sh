#!/usr/bin/env bash
# Fuzzes one parser (or all of them) with Jazzer for a while: docs/reliability.md, "Fuzzing".
#
#   bench/fuzz.sh TARGET SECONDS     TARGET: a fuzz test class (SdpParserFuzzTest), or "all", or "list"
#
# `mvn -B verify` runs every @FuzzTest on its seeds and saved findings only (regression mode). This script
# builds the module offline, then runs Jazzer's own driver on the test class so that the time limit is SECONDS
# (the annotation's maxDuration is fixed at compile time). It keeps, under <module>/target/fuzz/:
#   corpus/<Class>/    inputs that found new coverage (reused by the next run; delete to start afresh)
#   findings/<Class>/  crash-, timeout- and oom-<sha1> inputs, with the stack trace in the log
#   <Class>.log        libFuzzer's output; the last "Done N runs in S second(s)" line is the summary
# and prints one line per target: executions, seconds, findings. Exit status 1 when anything was found.
# To keep a finding as a regression test, copy it into the module's
# src/test/resources/<package path>/<Class>Inputs/ (the crash then fails `mvn verify` until it is fixed).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

usage() {
    echo "usage: $0 TARGET SECONDS   (TARGET: a *FuzzTest class name, 'all' or 'list')" >&2
    exit 2
}

all_targets() {
    find nvr-*/src/test/java -path '*/fuzz/*FuzzTest.java' | sort
}

[ $# -ge 1 ] || usage
if [ "$1" = list ]; then
    all_targets | sed 's|.*/||; s|\.java$||'
    exit 0
fi
[ $# -eq 2 ] || usage
TARGET=$1
SECONDS_PER_TARGET=$2
case "$SECONDS_PER_TARGET" in ''|*[!0-9]*) usage ;; esac

if [ "$TARGET" = all ]; then
    FILES=$(all_targets)
else
    FILES=$(all_targets | grep "/$TARGET\.java$" || true)
    [ -n "$FILES" ] || { echo "no fuzz test class named $TARGET; try: $0 list" >&2; exit 2; }
fi

# Crashes, timeouts (-timeout, a hang) and out-of-memory inputs. libFuzzer's slow-unit-* files are not counted: on
# this shared 2-core machine a whole-machine stall makes any input "slow"; re-run one with the driver to time it.
findings() {
    find "$1" -maxdepth 1 -type f \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' \) | wc -l
}

found=0
built=""
for file in $FILES; do
    module=${file%%/*}
    class_path=${file#*/src/test/java/}
    class=$(echo "${class_path%.java}" | tr / .)
    simple=${class##*.}
    method=$(grep -A3 '@FuzzTest' "$file" | grep -o 'void [A-Za-z0-9_]*' | head -1 | cut -d' ' -f2)
    package_dir=$(dirname "$class_path")
    work="$module/target/fuzz"
    if ! echo "$built" | grep -qw "$module"; then
        # One reactor build: the modules it depends on come from their target/ directories, not from ~/.m2.
        mvn -B -q -o -Dstyle.color=never -pl "$module" -am test-compile dependency:build-classpath \
            -Dmdep.includeScope=test -Dmdep.outputFile=target/fuzz.classpath >/dev/null
        built="$built $module"
    fi
    mkdir -p "$work/corpus/$simple" "$work/findings/$simple"
    seeds="$ROOT/$module/src/test/resources/$package_dir/${simple}Inputs"
    classpath="$ROOT/$module/target/test-classes:$ROOT/$module/target/classes:$(cat "$module/target/fuzz.classpath")"
    log="$ROOT/$work/$simple.log"
    before=$(findings "$work/findings/$simple")
    set +e
    # Paranoid leak detection records a stack trace per buffer access; the fuzz tests count every allocated
    # byte themselves, so sampling detection is enough here.
    (cd "$work" && java -Xmx1g -Dio.netty.leakDetection.level=simple -cp "$classpath" \
        com.code_intelligence.jazzer.Jazzer --target_class="$class" --target_method="$method" \
        --keep_going=10 -max_total_time="$SECONDS_PER_TARGET" -timeout=10 -artifact_prefix="findings/$simple/" \
        "corpus/$simple" "$seeds") >"$log" 2>&1
    status=$?
    set -e
    runs=$(grep -o 'Done [0-9]* runs in [0-9]* second' "$log" | tail -1 | awk '{print $2" runs in "$5" s"}')
    crashes=$(( $(findings "$work/findings/$simple") - before ))
    if [ $status -ne 0 ] || [ "$crashes" -gt 0 ]; then
        found=1
        echo "$simple: FINDING after ${runs:-?} (exit $status): see $log and $work/findings/$simple/"
        grep -m1 -A12 '== Java Exception' "$log" || true
    else
        echo "$simple: ${runs:-? runs}, corpus $(ls "$work/corpus/$simple" | wc -l) inputs, no findings"
    fi
done
exit $found
