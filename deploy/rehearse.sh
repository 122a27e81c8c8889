#!/usr/bin/env bash
# The whole chain locally, no AWS account: an alarm event -> the packaged native function under the
# Lambda emulator -> the webhook URL from moto's KMS -> the Slack message, shown.
#   bash deploy/rehearse.sh [EVENT.json]        (BUILD=build/release by default)
# Builds what is missing: lambda-package and the alarmbridge command (for the preview) in $BUILD,
# the emulator (Go module proxy, ~1 min) and moto's venv (PyPI) under $BUILD. Needs go, cmake,
# ninja, a C++17 compiler and python3 (.ci/setup installs them).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build/release}
if [ ! -f "$BUILD/CMakeCache.txt" ]; then
  launcher=()
  command -v ccache > /dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release "${launcher[@]}" > /dev/null
fi
cmake --build "$BUILD" -j2 --target lambda-package alarmbridge_cli
cmake -DGO="$(command -v go)" -DGOBIN="$PWD/$BUILD/rie/bin" -P tests/support/rie.cmake
cmake -DPYTHON="$(command -v python3)" -DVENV="$PWD/$BUILD/moto-venv" -P tests/support/moto_venv.cmake
exec "$BUILD/moto-venv/bin/python" deploy/rehearse.py --build "$BUILD" "$@"
