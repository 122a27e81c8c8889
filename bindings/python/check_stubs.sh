#!/usr/bin/env bash
# The stub check of the Python package (issue 15), run by bindings/python/ci.sh:
#   1. regenerates the stubs of alarmbridge._core with pybind11-stubgen and fails on any difference
#      from the committed bindings/python/alarmbridge/_core.pyi (run with --update to rewrite it);
#   2. runs mypy --strict on bindings/python/typed_usage.py against the installed package.
# usage: check_stubs.sh [--update] PYTHON    (PYTHON: an interpreter with alarmbridge, pybind11-stubgen
#                                             and mypy installed)
set -euo pipefail
update=0
if [[ "${1:-}" == "--update" ]]; then update=1; shift; fi
python=${1:?usage: check_stubs.sh [--update] PYTHON}
here=$(cd "$(dirname "$0")" && pwd)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# From a folder outside the source tree, so that the installed package is the one imported.
(cd "$out" && "$python" -m pybind11_stubgen --exit-code -o "$out/stubs" alarmbridge._core)
generated="$out/stubs/alarmbridge/_core.pyi"
committed="$here/alarmbridge/_core.pyi"
if [[ $update == 1 ]]; then
  cp "$generated" "$committed"
  echo "check_stubs: wrote $committed"
elif ! diff -u "$committed" "$generated"; then
  echo "check_stubs: alarmbridge/_core.pyi differs from what pybind11-stubgen generates (run with --update)" >&2
  exit 1
fi
(cd "$out" && "$python" -m mypy --config-file "$here/mypy.ini" --no-incremental --cache-dir=/dev/null "$here/typed_usage.py")
echo "check_stubs: stubs match, mypy --strict passes on typed_usage.py"
