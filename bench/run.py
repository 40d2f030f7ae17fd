"""Spate's benchmarks (make bench): each job several times against its floor in the same run.

Prints, per job, the median wall time and the job process's own peak memory, the checksum, and the
ratio to the floor (a plain Python loop doing the same work), measured pair by pair. Every job's
and floor's checksum is checked against its expected value (bench/checksums.py): a wrong one stops
the run with a non-zero exit naming the job.
"""
import os
import statistics
import subprocess
import sys
import time

import checksums

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
JOBS = os.path.join(HERE, "jobs")
# Each job runs through peak.py, which reports the process's own peak memory.
PEAK = [sys.executable, os.path.join(HERE, "peak.py")]
RUNS = int(os.environ.get("BENCH_RUNS", "5"))


def spate(script, *args):
    return PEAK + ["spate", os.path.join(JOBS, script), *map(str, args)]


def floor(*args):
    return PEAK + ["python", os.path.join(HERE, "floors.py"), *map(str, args)]


def measure(command):
    """(wall seconds, peak memory MiB, last CHECK line) of one whole process."""
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr}")
    peaks = [int(line.split()[1]) for line in done.stderr.splitlines() if line.startswith("PEAK_KIB ")]
    checks = [line for line in done.stdout.splitlines() if line.startswith("CHECK")]
    return wall, peaks[-1] / 1024 if peaks else float("nan"), checks[-1] if checks else ""


def bench(name, command, expected, floor_command=None, target=None):
    walls, floors, memories, check = [], [], [], ""
    for _ in range(RUNS):
        wall, memory, check = measure(command)
        checksums.verify(name, check, expected)
        walls.append(wall)
        memories.append(memory)
        if floor_command:
            floor_wall, _, floor_check = measure(floor_command)
            checksums.verify(f"{name} (floor)", floor_check, expected)
            floors.append(floor_wall)
    line = f"{name}: median {statistics.median(walls):.3f}s peak {statistics.median(memories):.0f} MiB  {check}"
    if floor_command:
        ratios = [w / f for w, f in zip(walls, floors)]
        line += f"  floor {statistics.median(floors):.3f}s ratio {statistics.median(ratios):.2f}x"
    if target:
        line += f"  (target {target})"
    print(line, flush=True)


def native_bench():
    """J2n/J3n: the runtime alone (Swift API, built by `make bench`), at parallelism 1 and 2."""
    binary = os.path.join(ROOT, ".build", "release", "SpateBench")
    if not os.path.exists(binary):
        raise SystemExit(f"{binary} is missing: build it with `swift build -c release --product SpateBench` "
                         "(make bench does)")
    n = 20_000_000
    jobs = [("J2n native keyed sum", ["j2n", n, "{p}"], checksums.j2n(n), ">= 30 M at p=1, >= 1.6x that at p=2"),
            ("J3n native window sum", ["j3n", n // 4, "{p}"], checksums.j3(n // 4),
             ">= 20 M at p=1, >= 1.6x that at p=2"),
            ("J3b native window sum", ["j3n", n // 4, "{p}", 4096, 100, 10000], checksums.j3(n // 4, 100, 10000),
             ">= 20 M at p=1")]
    for name, arguments, expected, target in jobs:
        for parallelism in (1, 2):
            rates = []
            check = ""
            for _ in range(RUNS):
                command = [binary] + [str(a).format(p=parallelism) for a in arguments]
                check = subprocess.run(command, check=True, capture_output=True, text=True).stdout.strip()
                checksums.verify(f"{name} p={parallelism}", check, expected)
                rates.append(int(checksums.fields_of(check)["records_per_s"]))
            shown = " ".join(f"{key}={value}" for key, value in expected.items())
            print(f"{name} p={parallelism}: median {statistics.median(rates) / 1e6:.1f} M records/s  {shown}  "
                  f"(target {target})", flush=True)


def conversion_bench(n=1_000_000):
    conversion = []
    for _ in range(RUNS):
        check = measure(spate("conversion.py", n))[2]
        checksums.verify("Conversion", check, checksums.conversion(n))
        conversion.append(checksums.fields_of(check))
    ratio = lambda key: statistics.median(float(c[key].rstrip("s")) for c in conversion) / \
        statistics.median(float(c["floor"].rstrip("s")) for c in conversion)
    print(f"Conversion 1M ROW<BIGINT,DOUBLE,STRING,TIMESTAMP(3)>: into Spate {ratio('in'):.2f}x, "
          f"out of Spate {ratio('out'):.2f}x of building the rows in Python (target <= 2x each)", flush=True)


def main():
    native_bench()
    bench("J1 startup", spate("j1_startup.py"), checksums.j1(), target="<= 0.15 s")
    bench("T5 Table API startup", spate("t5_table_startup.py"), checksums.j1(), target="<= 0.15 s")
    bench("J2 Python UDFs", spate("j2_udf.py", 2_000_000), checksums.j2(2_000_000), floor("j2", 2_000_000),
          target="ratio <= 1.0, peak <= 60 MiB")
    conversion_bench()
    bench("T2 Table API native select and filter, 10M rows", spate("t2_table_select.py", 10_000_000),
          checksums.t2(10_000_000), target=">= 50M rows/s")
    bench("T3 Table API Python udf", spate("t3_table_udf.py", 2_000_000), checksums.t3(2_000_000),
          floor("t3", 2_000_000), target="ratio <= 1.0")
    bench("J3 window sum, PyFlink API (Python reduce)", spate("j3_window.py", 5_000_000), checksums.j3(5_000_000),
          floor("j3", 5_000_000), target="ratio <= 1.0, peak <= 150 MiB")
    bench("J3b window sum, PyFlink API (Python reduce)", spate("j3_window.py", 5_000_000, 100, 10000),
          checksums.j3(5_000_000, 100, 10000), floor("j3", 5_000_000, 100, 10000), target="ratio <= 1.0")
    bench("J5 keyed state, Python KeyedProcessFunction", spate("j5_state.py", 1_000_000), checksums.j5(1_000_000),
          floor("j5", 1_000_000), target=">= 1.5M events/s, <= 2x the dict loop")
    words = checksums.j4(200_000)
    for mode in ("streaming", "batch"):
        bench(f"J4 word count ({mode})", spate("j4_wordcount.py", 200_000, mode), words, floor("j4", 200_000),
              target="ratio <= 2.0")


if __name__ == "__main__":
    main()
