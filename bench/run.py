"""Spate's benchmarks (make bench): each job several times against its floor in the same run.

Prints, per job, the median wall time and peak memory of the whole process, the checksum, and the
ratio to the floor (a plain Python loop doing the same work), measured pair by pair.
"""
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
VENV_BIN = os.path.dirname(sys.executable)
SPATE = [os.path.join(VENV_BIN, "spate"), "run"]
PYTHON = [sys.executable]
RUNS = int(os.environ.get("BENCH_RUNS", "5"))


def measure(command):
    """(wall seconds, peak RSS MiB, last CHECK line) of one whole process."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    out = process.stdout.read()
    err = process.stderr.read()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{err}")
    checks = [line for line in out.splitlines() if line.startswith("CHECK")]
    return wall, usage.ru_maxrss / 1024, checks[-1] if checks else ""


def bench(name, command, floor=None, target=None):
    walls, floors, memories, check = [], [], [], ""
    for _ in range(RUNS):
        wall, memory, check = measure(command)
        walls.append(wall)
        memories.append(memory)
        if floor:
            floors.append(measure(floor)[0])
    line = f"{name}: median {statistics.median(walls):.3f}s peak {statistics.median(memories):.0f} MiB  {check}"
    if floor:
        ratios = [w / f for w, f in zip(walls, floors)]
        line += f"  floor {statistics.median(floors):.3f}s ratio {statistics.median(ratios):.2f}x"
    if target:
        line += f"  (target {target})"
    print(line, flush=True)


def native_bench():
    """J2n: the runtime alone (Swift API), at parallelism 1 and 2."""
    root = os.path.dirname(HERE)
    subprocess.run(["swift", "build", "-c", "release", "--product", "SpateBench"], cwd=root, check=True,
                   stdout=subprocess.DEVNULL)
    binary = os.path.join(root, ".build", "release", "SpateBench")
    jobs = [("J2n native keyed sum", ["j2n", "20000000"], ">= 30 M at p=1, >= 1.6x that at p=2"),
            ("J3n native window sum", ["j3n", "5000000"], ">= 20 M at p=1, >= 1.6x that at p=2"),
            ("J3b native window sum", ["j3n", "5000000", "{p}", "4096", "100", "10000"], ">= 20 M at p=1")]
    for name, arguments, target in jobs:
        for parallelism in (1, 2):
            rates = []
            checks = ""
            for _ in range(RUNS):
                command = [binary] + [a.format(p=parallelism) for a in arguments]
                if "{p}" not in arguments:
                    command.append(str(parallelism))
                out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
                fields = dict(item.split("=") for item in out.split()[2:])
                rates.append(int(fields["records_per_s"]))
                checks = " ".join(f"{k}={fields[k]}" for k in ("rows", "total", "n") if k in fields)
            print(f"{name} p={parallelism}: median {statistics.median(rates) / 1e6:.1f} M records/s  {checks}  "
                  f"(target {target})", flush=True)


def main():
    native_bench()
    jobs = os.path.join(HERE, "jobs")
    bench("J1 startup", SPATE + [os.path.join(jobs, "j1_startup.py")], target="<= 0.15 s")
    bench("J2 Python UDFs", SPATE + [os.path.join(jobs, "j2_udf.py"), "2000000"],
          PYTHON + [os.path.join(HERE, "floors.py"), "j2", "2000000"], target="ratio <= 1.0, peak <= 60 MiB")
    conversion = []
    for _ in range(RUNS):
        out = subprocess.run(SPATE + [os.path.join(jobs, "conversion.py"), "1000000"], check=True,
                             capture_output=True, text=True).stdout
        conversion.append(dict(item.split("=") for item in out.split()[2:] if "=" in item))
    ratio = lambda key: statistics.median(float(c[key].rstrip("s")) for c in conversion) / \
        statistics.median(float(c["floor"].rstrip("s")) for c in conversion)
    print(f"Conversion 1M ROW<BIGINT,DOUBLE,STRING,TIMESTAMP(3)>: into Spate {ratio('in'):.2f}x, "
          f"out of Spate {ratio('out'):.2f}x of building the rows in Python (target <= 2x each)", flush=True)
    bench("J3 window sum, PyFlink API (Python reduce)", SPATE + [os.path.join(jobs, "j3_window.py"), "5000000"],
          PYTHON + [os.path.join(HERE, "floors.py"), "j3", "5000000"], target="ratio <= 1.0, peak <= 150 MiB")
    bench("J3b window sum, PyFlink API (Python reduce)",
          SPATE + [os.path.join(jobs, "j3_window.py"), "5000000", "100", "10000"],
          PYTHON + [os.path.join(HERE, "floors.py"), "j3", "5000000", "100", "10000"], target="ratio <= 1.0")
    bench("J5 keyed state, Python KeyedProcessFunction", SPATE + [os.path.join(jobs, "j5_state.py"), "1000000"],
          PYTHON + [os.path.join(HERE, "floors.py"), "j5", "1000000"], target=">= 1.5M events/s, <= 2x the dict loop")
    for mode in ("streaming", "batch"):
        bench(f"J4 word count ({mode})", SPATE + [os.path.join(jobs, "j4_wordcount.py"), "200000", mode],
              PYTHON + [os.path.join(HERE, "floors.py"), "j4", "200000"], target="ratio <= 2.0")


if __name__ == "__main__":
    main()
