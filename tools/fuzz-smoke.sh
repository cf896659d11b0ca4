#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan + UBSan) into build-hardening/ (the build shared with
# tools/sanitize-tests.sh: see tools/hardening-build.sh) and runs each for a while, seeded with
# examples/, the hostile corpus and the shipped catalog (cut into complete books of at most 1 KB by
# tools/fuzz-catalog-seeds.py). Fails on any finding (crash, sanitizer report, timeout,
# out-of-memory); the reproducer is left in build-hardening/findings/.
#   tools/fuzz-smoke.sh [seconds per target, default 30]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
tools/hardening-build.sh fuzz_scenario_yaml fuzz_scenario_json fuzz_catalog fuzz_catalog_json

# Seed corpora: copied, because libFuzzer adds what it finds to the first corpus directory.
seed() { # seed TARGET FILES...
  local dir=build-hardening/corpus/$1
  shift
  mkdir -p "$dir"
  cp -f "$@" "$dir"/
}
seed scenario_yaml examples/*.yaml tests/hostile/scenarios/*.yaml tests/hostile/finite/*.yaml
seed scenario_json fuzz/seeds/json/*.json tests/hostile/scenarios/*.json
seed catalog fuzz/seeds/catalog/*.json tests/hostile/catalogs/* fuzz/regressions/catalog-*
seed catalog_json fuzz/seeds/catalog/*.json tests/hostile/catalogs/*.json

mkdir -p build-hardening/findings
status=0
for target in scenario_yaml scenario_json catalog catalog_json; do
  echo "== fuzz_$target for ${seconds}s"
  if ! build-hardening/fuzz/fuzz_$target build-hardening/corpus/$target -dict=fuzz/ftcost.dict \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=16384 \
        -artifact_prefix=build-hardening/findings/$target- -print_final_stats=1 \
        2>build-hardening/fuzz_$target.log; then
    echo "FINDING in fuzz_$target: see build-hardening/fuzz_$target.log and build-hardening/findings/"
    grep -E "ERROR|SUMMARY|runtime error|terminate" build-hardening/fuzz_$target.log | head -5
    status=1
  else
    grep -E "stat::number_of_executed_units|stat::peak_rss_mb" build-hardening/fuzz_$target.log | tr '\n' ' '
    echo
  fi
done
exit $status
