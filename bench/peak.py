"""Runs one benchmark program in this process and reports this process's own peak memory.

usage: peak.py spate SCRIPT [ARGS...]   (as `spate run SCRIPT ARGS...`)
       peak.py python SCRIPT [ARGS...]  (as `python SCRIPT ARGS...`)

A child's ru_maxrss counts the process it was forked from (Linux keeps the high-water mark across
exec), so every figure held bench/run.py's 15 MB. VmHWM of /proc/self/status is this program's
memory alone; it is written to stderr as `PEAK_KIB n` as the process exits."""
import atexit
import runpy
import sys


def report_peak() -> None:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                print(f"PEAK_KIB {line.split()[1]}", file=sys.stderr, flush=True)


def main() -> None:
    runner, script, *args = sys.argv[1:]
    atexit.register(report_peak)
    if runner == "spate":
        from spate.cli import run_script
        sys.exit(run_script(script, args))
    sys.argv = [script, *args]
    runpy.run_path(script, run_name="__main__")


if __name__ == "__main__":
    main()
