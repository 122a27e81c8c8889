#!/usr/bin/env python3
"""Makes a Lambda deployment zip for provided.al2023 from a native executable.

    lambda_zip.py --binary build/dev/alarmbridge-bootstrap --output alarmbridge-lambda.zip [--strip strip]

The zip carries the binary, every shared library it loads (as the build machine's loader resolves
them, `ldd`), and that loader (lib/ld-linux-x86-64.so.2). Its `bootstrap` is a /bin/sh script that
starts the binary through the shipped loader with --library-path lib, so nothing of the Lambda
image's own glibc or libstdc++ is used and their versions do not matter (the approach of
aws-lambda-cpp's packager). deploy/check_lambda_zip.py checks the result.

The zip is reproducible: fixed timestamps, sorted entries.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile

BOOTSTRAP = """#!/bin/sh
# alarmbridge's Lambda bootstrap: the binary runs on the glibc and libraries shipped beside it.
case "$0" in */*) here=${0%/*} ;; *) here=. ;; esac
# Amazon Linux keeps its CA bundle where Debian-built libcurl does not look.
if [ -z "${ALARMBRIDGE_CA_FILE:-}" ] && [ -r /etc/pki/tls/certs/ca-bundle.crt ]; then
  ALARMBRIDGE_CA_FILE=/etc/pki/tls/certs/ca-bundle.crt
  export ALARMBRIDGE_CA_FILE
fi
exec "$here/lib/ld-linux-x86-64.so.2" --library-path "$here/lib" "$here/bin/{name}" "$@"
"""

FIXED_TIME = (2020, 1, 1, 0, 0, 0)


def shared_libraries(binary):
    """(soname, path) of every library the loader maps for `binary`, and the loader's path."""
    out = subprocess.run(["ldd", binary], check=True, capture_output=True, text=True).stdout
    libs, loader = [], None
    for line in out.splitlines():
        line = line.strip()
        m = re.match(r"(\S+) => (\S+) \(0x[0-9a-f]+\)$", line)
        if m:
            libs.append((m.group(1), m.group(2)))
            continue
        m = re.match(r"(/\S*ld-linux[^ ]*) \(0x[0-9a-f]+\)$", line)
        if m:
            loader = m.group(1)
    if loader is None:
        sys.exit(f"lambda_zip.py: ldd names no loader for {binary}")
    return libs, loader


def add(zf, arcname, data, mode):
    info = zipfile.ZipInfo(arcname, FIXED_TIME)
    info.external_attr = (0o100000 | mode) << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    zf.writestr(info, data, compresslevel=9)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--binary", required=True)
    p.add_argument("--output", required=True)
    p.add_argument("--strip", default="", help="the strip program; empty: ship the binaries as built")
    a = p.parse_args()

    name = os.path.basename(a.binary)
    libs, loader = shared_libraries(a.binary)
    with tempfile.TemporaryDirectory() as tmp:
        files = {f"bin/{name}": a.binary, "lib/ld-linux-x86-64.so.2": loader}
        for soname, path in libs:
            files[f"lib/{soname}"] = path
        staged = {}
        for arcname, path in files.items():
            copy = os.path.join(tmp, arcname.replace("/", "_"))
            shutil.copyfile(os.path.realpath(path), copy)
            if a.strip:
                subprocess.run([a.strip, "--strip-debug", copy], check=True)
            staged[arcname] = copy
        partial = a.output + ".part"
        with zipfile.ZipFile(partial, "w") as zf:
            add(zf, "bootstrap", BOOTSTRAP.replace("{name}", name).encode(), 0o755)
            for arcname in sorted(staged):
                with open(staged[arcname], "rb") as f:
                    add(zf, arcname, f.read(), 0o755)
        os.replace(partial, a.output)
    print(f"{a.output}: bootstrap, bin/{name}, {len(libs)} libraries and the loader")


if __name__ == "__main__":
    main()
