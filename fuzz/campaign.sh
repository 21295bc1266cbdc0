#!/bin/sh
# Fuzzes targets one after another, each for a while, with the settings `verify` uses
# (a 256 MB heap, 10 s per input), collecting up to 100 distinct findings per target.
#
#   fuzz/campaign.sh 10m                      every target for 10 minutes
#   fuzz/campaign.sh 30s WeightsFuzzTest#npy  one target
#
# Run it from the repository root. Progress (libFuzzer's "#N ... cov: C ... exec/s: E" lines) goes
# to fuzz/target/campaign-<target>.log; findings are written beside the target's seeds in
# fuzz/src/test/resources, where they replay as regression tests once committed.
set -eu
duration=${1:-10m}
shift || true
targets=${*:-SpecFuzzTest#compile WeightsFuzzTest#safetensors WeightsFuzzTest#npy WeightsFuzzTest#npz OnnxFuzzTest#model EditsFuzzTest#edits}
mkdir -p fuzz/target
for target in $targets; do
  log=fuzz/target/campaign-$(echo "$target" | tr '#' '-').log
  echo "fuzzing $target for $duration: $log"
  JAZZER_FUZZ=1 ./mvnw -B -o test -pl fuzz -am -Dinvoker.skip \
      -Dtest="$target" -Dsurefire.failIfNoSpecifiedTests=false \
      -Dfuzz.smoke="$duration" -Dfuzz.smoke.skip=true -Dfuzz.keepGoing=100 \
      -Djunit.jupiter.execution.timeout.mode=disabled >"$log" 2>&1 || echo "  findings: see $log"
  grep -a -E '#[0-9]+[[:space:]]+DONE' "$log" | tail -1 || true
done
