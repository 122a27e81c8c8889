#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan) into build/fuzz and runs each for a
# bounded time, seeded from tests/data; exits non-zero on any crash, leak, timeout, out-of-memory,
# sanitizer report or invariant violation, printing the reproducer's path.
#
#   tests/fuzz/run.sh [SECONDS] [TARGET...]     # SECONDS per target, default 60; all targets by default
#   ALARMBRIDGE_FUZZ_BUILD=build/asan tests/fuzz/run.sh 30
#                       # a build folder already configured with clang and -DALARMBRIDGE_FUZZ=ON
#                       # (CI's sanitizer build): its targets are built there, nothing configured
#
# The targets, their -max_len, dictionaries and seed folders are in tests/fuzz/targets.txt. Seeds
# are copied into a temporary corpus that is removed on exit; reproducers are kept in
# build/fuzz/artifacts/<target>/ and each run's log in build/fuzz/logs/<target>.log.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
seconds=${1:-60}
shift || true
case $seconds in '' | *[!0-9]*) echo "usage: $0 [SECONDS] [TARGET...]" >&2; exit 2 ;; esac
if [ -n "${ALARMBRIDGE_FUZZ_BUILD:-}" ]; then
  build=$(cd "$ALARMBRIDGE_FUZZ_BUILD" && pwd)
  grep -q '^ALARMBRIDGE_FUZZ:BOOL=ON' "$build/CMakeCache.txt" 2>/dev/null ||
    { echo "$build is not configured with -DALARMBRIDGE_FUZZ=ON" >&2; exit 2; }
  echo "== the fuzz targets of $build"
else
  build=$root/build/fuzz
  launcher=()
  command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  echo "== configure and build the fuzz targets (clang, ASan + UBSan + libFuzzer) in $build"
  CXX=${CXX:-clang++} cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DALARMBRIDGE_WERROR=ON \
    -DALARMBRIDGE_FUZZ=ON -DALARMBRIDGE_BUILD_TESTS=OFF -DALARMBRIDGE_BUILD_BENCH=OFF \
    -DALARMBRIDGE_BUILD_EXAMPLES=OFF -DALARMBRIDGE_BUILD_TOOLS=OFF -DALARMBRIDGE_INSTALL=OFF \
    "${launcher[@]}" >/dev/null
fi

mapfile -t lines < <(grep -E '^[a-z]' tests/fuzz/targets.txt)
selected=()
for line in "${lines[@]}"; do
  read -r name _ <<<"$line"
  if [ $# -eq 0 ] || printf '%s\n' "$@" | grep -qx "$name"; then selected+=("$line"); fi
done
[ ${#selected[@]} -gt 0 ] || { echo "no such target: $*" >&2; exit 2; }
targets=()
for line in "${selected[@]}"; do read -r name _ <<<"$line"; targets+=("${name}_fuzz"); done
cmake --build "$build" -j "$(nproc)" --target "${targets[@]}"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$build/logs"
export ASAN_OPTIONS=detect_leaks=1:detect_stack_use_after_return=1:strict_string_checks=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

failed=0
for line in "${selected[@]}"; do
  read -r name max_len dict seeds <<<"$line"
  corpus=$work/$name
  artifacts=$build/artifacts/$name
  log=$build/logs/$name.log
  mkdir -p "$corpus" "$artifacts"
  for folder in $seeds; do
    [ -d "$folder" ] || continue
    find "$folder" -maxdepth 1 -type f -exec cp -t "$corpus" {} +
  done
  args=(-max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -max_len="$max_len"
        -artifact_prefix="$artifacts/" -print_final_stats=1)
  [ "$dict" != "-" ] && args+=(-dict="tests/fuzz/$dict")
  echo "== $name: ${seconds}s, $(find "$corpus" -type f | wc -l) seeds, max_len $max_len"
  before=$(find "$artifacts" -type f | wc -l)
  touch "$work/$name.start"
  if "$build/tests/fuzz/${name}_fuzz" "${args[@]}" "$corpus" >"$log" 2>&1; then
    grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -1 || true
    grep -E 'stat::average_exec_per_sec' "$log" || true
  else
    failed=1
    echo "!! $name failed; the end of its log ($log):"
    grep -vE '^#[0-9]+[[:space:]]+(NEW|REDUCE|pulse|INITED)' "$log" | tail -40
    find "$artifacts" -type f -newer "$work/$name.start" | while read -r reproducer; do
      echo "!! reproducer: $reproducer (run: $build/tests/fuzz/${name}_fuzz $reproducer)"
    done
  fi
  after=$(find "$artifacts" -type f | wc -l)
  [ "$after" -gt "$before" ] && failed=1
done
exit $failed
