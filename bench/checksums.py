"""The checksums each benchmark job must print, worked out apart from both Spate and the floors
(closed forms; J4's word counts counted directly), and the check that stops `make bench` when a
job or a floor prints anything else: a fast wrong answer is not a result."""
from collections import Counter


class ChecksumMismatch(SystemExit):
    """A job printed a checksum other than the expected one: the benchmark exits non-zero with this message."""


def fields_of(line: str) -> dict:
    """`CHECK j2 count=1 sum=2 seconds=0.1` -> {'count': '1', 'sum': '2', 'seconds': '0.1'}."""
    return dict(item.split("=", 1) for item in line.split()[2:] if "=" in item)


def verify(name: str, line: str, expected: dict) -> None:
    """Raises ChecksumMismatch naming `name` unless `line` (a job's CHECK line) holds every expected field."""
    if not line.startswith("CHECK"):
        raise ChecksumMismatch(f"{name}: printed no CHECK line (expected {expected})")
    found = fields_of(line)
    wrong = [f"{key}={found.get(key, '(missing)')} where {value} was expected" for key, value in expected.items()
             if found.get(key) != str(value)]
    if wrong:
        raise ChecksumMismatch(f"{name}: wrong checksum: {'; '.join(wrong)} (it printed: {line})")


def _sum(numbers: range) -> int:
    return len(numbers) * (numbers[0] + numbers[-1]) // 2 if numbers else 0


def j1() -> dict:
    """10 ints, each + 1, collected."""
    return {"n": 10, "sum": _sum(range(1, 11))}


def j2(n: int) -> dict:
    """y = 2x + 1 for x < n, kept when y % 3 == 0, that is when x % 3 == 1."""
    kept = range(1, n, 3)
    return {"count": len(kept), "sum": 2 * _sum(kept) + len(kept)}


def j2n(n: int) -> dict:
    """A running sum per key emits one record per input record."""
    return {"n": n}


def j3(n: int, keys: int = 1000, window: int = 1000) -> dict:
    """Key i % keys, value i % 97, event time i ms, tumbling windows: one row per key and window
    (a window of L consecutive i's holds min(L, keys) keys); the total is the sum of i % 97."""
    rows = sum(min(keys, min(window, n - start)) for start in range(0, n, window))
    return {"rows": rows, "total": (n // 97) * _sum(range(97)) + _sum(range(n % 97))}


def j4(lines: int) -> dict:
    """The word count of J4's generated lines, counted directly."""
    counts = Counter(f"word_{(i * 7919 + j * 104729) % 5000}" for i in range(lines) for j in range(10))
    return {"distinct": len(counts), "max": max(counts.values()), "total": lines * 10}


def j5(n: int) -> dict:
    """A counter per key i % 10000."""
    return {"keys": min(n, 10_000), "total": n}


def conversion(n: int) -> dict:
    return {"n": n}


def t2(n: int) -> dict:
    """x < n kept when x % 3 == 1: their count and the sum of 2x + 1."""
    kept = range(1, n, 3)
    return {"count": len(kept), "sum": 2 * _sum(kept) + len(kept)}


def t3(n: int) -> dict:
    """2x + 1 for every x < n."""
    return {"count": n, "sum": 2 * _sum(range(n)) + n}
