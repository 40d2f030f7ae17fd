"""The benchmark harness cannot pass off a wrong answer or another process's memory as a result:
bench/checksums.py checks every job's checksum, bench/peak.py reports a job's own peak memory."""
import os
import subprocess
import sys
from collections import Counter

import pytest

BENCH = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "bench")
sys.path.insert(0, BENCH)
import checksums  # noqa: E402


def test_a_wrong_checksum_stops_the_benchmark_naming_the_job():
    with pytest.raises(SystemExit) as caught:
        checksums.verify("J2 Python UDFs", "CHECK j2 count=666667 sum=1", checksums.j2(2_000_000))
    assert caught.value.code != 0
    assert str(caught.value.code).startswith("J2 Python UDFs: wrong checksum: sum=1 where ")
    with pytest.raises(SystemExit, match="^J1 startup: printed no CHECK line"):
        checksums.verify("J1 startup", "", checksums.j1())
    with pytest.raises(SystemExit, match="total=\\(missing\\) where 5000000 was expected"):
        checksums.verify("J5", "CHECK j5 keys=10000", checksums.j5(5_000_000))


def test_the_right_checksum_passes_whatever_else_the_job_prints():
    checksums.verify("J5", "CHECK j5 keys=10000 total=1000000 seconds=0.5 events_per_s=2000000",
                     checksums.j5(1_000_000))


def test_expected_checksums_equal_the_work_done_plainly():
    assert checksums.j1() == {"n": 10, "sum": sum(x + 1 for x in range(10))}
    kept = [2 * x + 1 for x in range(1000) if (2 * x + 1) % 3 == 0]
    assert checksums.j2(1000) == {"count": len(kept), "sum": sum(kept)}
    for n, keys, window in [(10_007, 7, 100), (5_000, 1000, 1000), (999, 1000, 10_000)]:
        sums = Counter()
        for i in range(n):
            sums[i % keys, i // window] += i % 97
        assert checksums.j3(n, keys, window) == {"rows": len(sums), "total": sum(sums.values())}
    counts = Counter(i % 10_000 for i in range(12_345))
    assert checksums.j5(12_345) == {"keys": len(counts), "total": sum(counts.values())}
    assert checksums.j4(50)["total"] == 500


def test_peak_reports_the_jobs_own_memory_not_its_parents(tmp_path):
    script = tmp_path / "small.py"
    script.write_text("print('CHECK small')\n")
    parent = bytearray(200 << 20)  # this process holds 200 MiB (touched) while the job runs
    parent[::4096] = b"x" * len(parent[::4096])
    done = subprocess.run([sys.executable, os.path.join(BENCH, "peak.py"), "python", str(script)],
                          capture_output=True, text=True, check=True)
    del parent
    peaks = [int(line.split()[1]) for line in done.stderr.splitlines() if line.startswith("PEAK_KIB ")]
    assert done.stdout.strip() == "CHECK small"
    assert len(peaks) == 1 and 1024 < peaks[0] < 100 * 1024  # a bare interpreter: some MiB, not 200
