#!/usr/bin/env python3
"""The command people run, side by side with CPython, in one run (issue 13): whole processes, best of N.

  - `alarmbridge format` on one Lambda SNS event of 2 400 records (the Records of the three perf samples
    alarmbridge-sns-metric-3kb.json, -metric-seoul.json and -anomaly-detection.json, repeated: 5.5 MB);
  - `alarmbridge format --lines` on 20 000 events, one per line (NDJSON, the three samples in turn);
  - against a fresh `python3` process doing the AWS blueprint's work with the Block Kit message
    alarmbridge writes (bench/compare_blueprint.py's same_message, imported, not copied), reading the
    same file and printing the payloads (a JSON array; one payload per line for NDJSON).

    python3 bench/compare_cli.py build/rel/alarmbridge [--runs 5] [--callgrind] [--format-bench PATH]

Build Release first (the figures of a debug build mean nothing):

    cmake -S . -B build/rel -G Ninja -DCMAKE_BUILD_TYPE=Release -DALARMBRIDGE_BUILD_BENCH=ON \\
          -DCMAKE_CXX_COMPILER_LAUNCHER=ccache
    cmake --build build/rel -j2 --target alarmbridge_cli format_bench

The inputs are generated into a temporary directory that is removed at the end. The runs of the two
programs alternate, so both see the same machine; each figure is the best (least) of the runs: wall
time, user+sys CPU time and peak RSS from os.wait4. Both outputs go to a file and are checked to hold
one payload per event. Before timing, alarmbridge's payloads for the three samples are checked equal,
as JSON, to the Python formatter's, so the ratio compares like with like.

--callgrind adds instructions per event (valgrind --tool=callgrind; total instructions of the process
divided by the events): alarmbridge on both inputs, Python on the 2 400-record event; and, with the
format_bench built next to the command (or --format-bench PATH), in-process format::payloads(bytes) on
the 3 KB sample: the inclusive instructions of its calls from the benchmark loop divided by their count.
Every valgrind command is printed as run, so it can be rerun by hand. Figures for a note; it asserts
nothing about speed.

A binary without --lines (older than issue 13) is said to lack it and its NDJSON row is skipped.
"""
import argparse
import json
import os
import pathlib
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time

BENCH = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
from compare_blueprint import same_message  # noqa: E402  (the formatter is compare_blueprint's, not a copy)

EVENTS = BENCH.parent / "tests" / "data" / "events"
SAMPLES = ("alarmbridge-sns-metric-3kb.json", "alarmbridge-sns-metric-seoul.json",
           "alarmbridge-sns-anomaly-detection.json")
SAMPLE_3KB = EVENTS / SAMPLES[0]
MARK = b"view_alarm"  # one per payload (its button's action_id), however the payload is printed

# The Python process: the blueprint's work for a whole file, as a fresh interpreter does it.
PYTHON_SIDE = r"""
import sys
sys.path.insert(0, sys.argv[1])
from compare_blueprint import same_message
out = sys.stdout.buffer
if sys.argv[3] == "lines":
    with open(sys.argv[2], "rb") as f:
        for line in f:
            if line.strip():
                for payload in same_message(line):
                    out.write(payload + b"\n")
else:
    with open(sys.argv[2], "rb") as f:
        out.write(b"[" + b",".join(same_message(f.read())) + b"]\n")
"""


def sample_records():
    records = []
    for name in SAMPLES:
        records += json.loads((EVENTS / name).read_bytes())["Records"]
    return records


def write_inputs(tmp, records, events):
    """The one big Lambda SNS event and the NDJSON file of one-record events."""
    samples = sample_records()
    big = tmp / f"event-{records}-records.json"
    big.write_text(json.dumps({"Records": [samples[i % len(samples)] for i in range(records)]}, ensure_ascii=False))
    lines = [json.dumps({"Records": [r]}, ensure_ascii=False) for r in samples]
    ndjson = tmp / f"events-{events}.ndjson"
    with ndjson.open("w") as f:
        for i in range(events):
            f.write(lines[i % len(lines)] + "\n")
    small = tmp / "three-samples.json"
    small.write_text(json.dumps({"Records": samples}, ensure_ascii=False))
    return big, ndjson, small


def alarmbridge_argv(binary, path, size, records, lines):
    argv = [binary, "format", "--max-input-bytes", str(max(size, 1)), "--max-records", str(max(records, 1))]
    return argv + (["--lines"] if lines else []) + [str(path)]


def python_argv(path, lines):
    return [sys.executable, "-c", PYTHON_SIDE, str(BENCH), str(path), "lines" if lines else "event"]


def run_once(argv, out_path):
    """One process, its output to a file: (wall s, user+sys CPU s, peak RSS KiB, exit code)."""
    with open(out_path, "wb") as out, open(str(out_path) + ".err", "wb") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, proc.returncode


def check_output(label, out_path, events):
    text = pathlib.Path(out_path).read_bytes()
    found = text.count(MARK)
    if found != events:
        err = pathlib.Path(str(out_path) + ".err").read_text(errors="replace")[:2000]
        sys.exit(f"compare_cli.py: {label} printed {found} payloads for {events} events\n{err}")


def best_of(runs, programs, tmp, events):
    """programs: [(label, argv)]; the runs alternate between them. Returns {label: (wall, cpu, rss)}."""
    results = {label: [] for label, _ in programs}
    for _ in range(runs):
        for label, argv in programs:
            out = tmp / "out.txt"
            wall, cpu, rss, rc = run_once(argv, out)
            if rc != 0:
                err = pathlib.Path(str(out) + ".err").read_text(errors="replace")[:2000]
                sys.exit(f"compare_cli.py: {label} exited {rc}: {shlex.join(argv[:8])}\n{err}")
            check_output(label, out, events)
            results[label].append((wall, cpu, rss))
    return {label: tuple(min(r[i] for r in rows) for i in range(3)) for label, rows in results.items()}


def check_same(binary, small, tmp):
    """alarmbridge's payloads for the three samples equal the Python formatter's, or the ratio is moot."""
    out = subprocess.run([binary, "format", str(small)], capture_output=True, check=False)
    if out.returncode != 0:
        sys.exit(f"compare_cli.py: alarmbridge format failed on the samples:\n{out.stderr.decode(errors='replace')}")
    ours = json.loads(out.stdout)
    theirs = [json.loads(p) for p in same_message(small.read_bytes())]
    for i, (a, b) in enumerate(zip(ours, theirs)):
        if a != b:
            sys.exit(f"compare_cli.py: the Python formatter no longer writes alarmbridge's message for "
                     f"{SAMPLES[i]}:\n{json.dumps(a, indent=1, ensure_ascii=False)}\n"
                     f"{json.dumps(b, indent=1, ensure_ascii=False)}")
    if len(ours) != len(theirs):
        sys.exit(f"compare_cli.py: {len(ours)} payloads from alarmbridge, {len(theirs)} from Python")


def has_lines(binary, tmp):
    """Whether the binary takes --lines; (False, why) when it does not."""
    probe = tmp / "probe.ndjson"
    probe.write_text(json.dumps({"Records": sample_records()[:1]}) + "\n")
    out = subprocess.run([binary, "format", "--lines", str(probe)], capture_output=True, check=False)
    if out.returncode == 0 and out.stdout.count(MARK) == 1:
        return True, ""
    first = (out.stderr.decode(errors="replace").strip().splitlines() or ["(no message)"])[0]
    return False, f"exit {out.returncode}: {first}"


def callgrind_instructions(argv, tmp):
    """Instructions of the whole process (valgrind's 'Collected'), its output thrown away."""
    cmd = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={tmp}/callgrind.out"] + argv
    shown = ["<PYTHON_SIDE of compare_cli.py>" if a == PYTHON_SIDE else a for a in cmd]
    print("  $", shlex.join(shown), "> /dev/null", flush=True)
    out = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=False)
    found = re.search(r"Collected : (\d+)", out.stderr)
    if out.returncode != 0 or not found:
        sys.exit(f"compare_cli.py: callgrind failed ({out.returncode}):\n{out.stderr[-2000:]}")
    return int(found.group(1))


def callgrind_payloads(format_bench, tmp):
    """Instructions per call of format::payloads(bytes) on the 3 KB sample, in process: the inclusive
    cost of the calls the benchmark loop makes, divided by their count (callgrind's call arcs)."""
    cg = tmp / "callgrind.bench.out"
    cmd = ["valgrind", "--tool=callgrind", "--compress-strings=no", "--compress-pos=no",
           f"--callgrind-out-file={cg}", format_bench, "--benchmark_filter=^event_to_slack_body/0/0$",
           "--benchmark_min_time=0.5"]
    print("  $", shlex.join(cmd), flush=True)
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    calls = cost = 0
    caller = callee = ""
    take_next = False
    for line in cg.read_text(errors="replace").splitlines():
        if take_next:
            cost += int(line.split()[1])
            take_next = False
        elif line.startswith("fn="):
            caller = line[3:]
        elif line.startswith("cfn="):
            callee = line[4:]
        elif line.startswith("calls=") and "event_to_slack_body" in caller \
                and callee.startswith("alarmbridge::format::payloads") and "(std::basic_string_view" in callee:
            calls += int(line[6:].split()[0])
            take_next = True
    if not calls:
        sys.exit(f"compare_cli.py: no call of format::payloads(string_view) found in {cg}")
    return cost / calls, calls


def mib(kib):
    return kib / 1024


def table(rows):
    print(f"{'input':<34} {'program':<28} {'wall s':>8} {'CPU s':>8} {'peak RSS MiB':>13}")
    for title, ab_label, py_label, res in rows:
        ab, py = res[ab_label], res[py_label]
        print(f"{title:<34} {ab_label:<28} {ab[0]:>8.3f} {ab[1]:>8.3f} {mib(ab[2]):>13.1f}")
        print(f"{'':<34} {py_label:<28} {py[0]:>8.3f} {py[1]:>8.3f} {mib(py[2]):>13.1f}")
        print(f"{'':<34} {'ratio python / alarmbridge':<28} {py[0] / ab[0]:>7.1f}x {py[1] / max(ab[1], 1e-6):>7.1f}x"
              f" {py[2] / ab[2]:>12.1f}x")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("binary", help="the alarmbridge command (a Release build)")
    ap.add_argument("--runs", type=int, default=5, help="runs of each program per input (best is kept)")
    ap.add_argument("--records", type=int, default=2400, help="records in the one big event")
    ap.add_argument("--events", type=int, default=20000, help="events (lines) in the NDJSON file")
    ap.add_argument("--callgrind", action="store_true", help="also instructions per event (valgrind)")
    ap.add_argument("--format-bench", help="format_bench for the in-process figure (default: next to binary)")
    args = ap.parse_args()
    binary = str(pathlib.Path(args.binary).resolve())
    tmp = pathlib.Path(tempfile.mkdtemp(prefix="alarmbridge-compare-cli-"))
    try:
        big, ndjson, small = write_inputs(tmp, args.records, args.events)
        check_same(binary, small, tmp)
        lines_ok, why = has_lines(binary, tmp)
        print(f"alarmbridge: {binary}\npython: {sys.executable} {sys.version.split()[0]}\n"
              f"best of {args.runs}, runs alternating; inputs: {big.stat().st_size:,} B ({args.records} records), "
              f"{ndjson.stat().st_size:,} B ({args.events} lines)\n")
        ab_big = alarmbridge_argv(binary, big, big.stat().st_size, args.records, False)
        ab_lines = alarmbridge_argv(binary, ndjson, ndjson.stat().st_size, 1, True)
        rows = [(f"{args.records}-record event", "alarmbridge format", "python3 blueprint (same msg)",
                 best_of(args.runs, [("alarmbridge format", ab_big), ("python3 blueprint (same msg)",
                                                                      python_argv(big, False))], tmp, args.records))]
        if lines_ok:
            rows.append((f"{args.events} events, NDJSON", "alarmbridge format --lines", "python3 blueprint, per line",
                         best_of(args.runs, [("alarmbridge format --lines", ab_lines),
                                             ("python3 blueprint, per line", python_argv(ndjson, True))],
                                 tmp, args.events)))
        table(rows)
        if not lines_ok:
            print(f"\n{args.events} events, NDJSON: skipped, this alarmbridge has no --lines ({why})")
        if args.callgrind:
            if not shutil.which("valgrind"):
                sys.exit("compare_cli.py: --callgrind needs valgrind (apt-get install valgrind)")
            print("\ninstructions per event (callgrind):")
            figures = [(f"alarmbridge format, {args.records}-record event", ab_big, args.records),
                       (f"python3 blueprint, {args.records}-record event", python_argv(big, False), args.records)]
            if lines_ok:
                figures.insert(1, (f"alarmbridge format --lines, {args.events} events", ab_lines, args.events))
            for title, argv, n in figures:
                total = callgrind_instructions(argv, tmp)
                print(f"  {title}: {total:,} instructions, {total / n:,.0f} per event")
            bench = pathlib.Path(args.format_bench) if args.format_bench else \
                pathlib.Path(binary).parent / "bench" / "format_bench"
            if bench.exists():
                per_call, calls = callgrind_payloads(str(bench), tmp)
                print(f"  in process, format::payloads(bytes) on {SAMPLE_3KB.name}: {per_call:,.0f} per event "
                      f"({calls} calls)")
            else:
                print(f"  in process: skipped, no format_bench at {bench} (--format-bench PATH)")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
