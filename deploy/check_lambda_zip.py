#!/usr/bin/env python3
"""Checks that a Lambda zip runs on provided.al2023 (glibc 2.34, GLIBCXX_3.4.29), by its contents.

    check_lambda_zip.py alarmbridge-lambda.zip [--report]

Two ways pass:
  * self-contained (what deploy/lambda_zip.py makes): `bootstrap` is a script that execs the
    shipped lib/ld-linux-x86-64.so.2 with --library-path lib; then every ELF in the zip must find
    every library it needs (DT_NEEDED) in lib/, and every symbol version it needs (GLIBC_2.36,
    GLIBCXX_3.4.30, OPENSSL_3.0.0, ...) must be defined by the shipped library it names. Nothing
    resolves from the Lambda image, so the image's versions do not matter.
  * image-linked: `bootstrap` is an ELF; then no ELF in the zip may need a symbol version newer
    than the image has (GLIBC_2.34, GLIBCXX_3.4.29, CXXABI_1.3.13).
It prints, for every ELF, the highest GLIBC_ and GLIBCXX_ versions it needs, and exits 1 on the
first rule broken (all of them are listed). Needs readelf (binutils).
"""
import os
import re
import stat
import subprocess
import sys
import tempfile
import zipfile

IMAGE_LIMITS = {"GLIBC": (2, 34), "GLIBCXX": (3, 4, 29), "CXXABI": (1, 3, 13)}
LOADER = "lib/ld-linux-x86-64.so.2"


def readelf(flag, path):
    return subprocess.run(["readelf", "-W", flag, path], check=True, capture_output=True, text=True).stdout


def needed(path):
    return re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", readelf("-d", path))


def versions(path):
    """({file: {version, ...}} needed, {version, ...} defined)."""
    text = readelf("-V", path)
    needs, defines, section = {}, set(), None
    current = None
    for line in text.splitlines():
        if line.startswith("Version needs section"):
            section = "needs"
        elif line.startswith("Version definition section"):
            section = "defs"
        elif line.startswith("Version symbols section"):
            section = None
        elif section == "needs":
            m = re.search(r"File: (\S+)", line)
            if m:
                current = needs.setdefault(m.group(1), set())
            m = re.search(r"Name: (\S+)", line)
            if m and current is not None:
                current.add(m.group(1))
        elif section == "defs":
            m = re.search(r"Index: \d+\s+Cnt: \d+\s+Name: (\S+)", line)
            if m:
                defines.add(m.group(1))
    return needs, defines


def version_key(name):
    m = re.match(r"([A-Z]+)_([0-9.]+)$", name)
    if not m:
        return None
    return m.group(1), tuple(int(x) for x in m.group(2).split(".") if x)


def highest(needs, family):
    found = [version_key(v) for vs in needs.values() for v in vs]
    found = [k[1] for k in found if k and k[0] == family]
    return ".".join(map(str, max(found))) if found else "-"


def is_elf(path):
    with open(path, "rb") as f:
        return f.read(4) == b"\x7fELF"


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    problems = []
    with tempfile.TemporaryDirectory() as tmp, zipfile.ZipFile(sys.argv[1]) as zf:
        names = zf.namelist()
        if "bootstrap" not in names:
            sys.exit("FAIL: no bootstrap at the zip's root")
        modes = {i.filename: (i.external_attr >> 16) for i in zf.infolist()}
        if not modes["bootstrap"] & stat.S_IXUSR:
            problems.append("bootstrap is not executable")
        zf.extractall(tmp)
        elves = sorted(n for n in names if not n.endswith("/") and is_elf(os.path.join(tmp, n)))
        boot = os.path.join(tmp, "bootstrap")
        self_contained = not is_elf(boot)
        if self_contained:
            script = open(boot, encoding="utf-8", errors="replace").read()
            if not re.search(r'exec "\$here/' + re.escape(LOADER) + r'" --library-path "\$here/lib" ', script):
                problems.append(f"bootstrap does not exec the shipped {LOADER} with --library-path lib")
            if LOADER not in names:
                problems.append(f"{LOADER} is not in the zip")
        shipped = {os.path.basename(n): n for n in names if n.startswith("lib/")}
        defined = {n: versions(os.path.join(tmp, n))[1] for n in elves}
        print(f"{'ELF':44} {'GLIBC':>7} {'GLIBCXX':>9}  mode: {'own loader' if self_contained else 'image libraries'}")
        for n in elves:
            path = os.path.join(tmp, n)
            needs, _ = versions(path)
            print(f"{n:44} {highest(needs, 'GLIBC'):>7} {highest(needs, 'GLIBCXX'):>9}")
            if self_contained:
                for lib in needed(path):
                    if lib not in shipped:
                        problems.append(f"{n} needs {lib}, which the zip does not ship")
                for lib, vs in needs.items():
                    provider = shipped.get(lib)
                    for v in sorted(vs):
                        if provider is not None and v not in defined.get(provider, set()):
                            problems.append(f"{n} needs {lib} {v}, which the shipped {provider} does not define")
            else:
                for vs in needs.values():
                    for v in vs:
                        k = version_key(v)
                        if k and k[0] in IMAGE_LIMITS and k[1] > IMAGE_LIMITS[k[0]]:
                            problems.append(f"{n} needs {v}, newer than provided.al2023 has")
    for p in problems:
        print("FAIL:", p)
    if problems:
        sys.exit(1)
    print(f"OK: {sys.argv[1]} runs on provided.al2023 ({len(elves)} ELF files checked)")


if __name__ == "__main__":
    main()
