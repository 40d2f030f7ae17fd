"""Plain Python loops doing the benchmark jobs' work: the floors Spate is measured against."""
import sys
from collections import Counter

job, n = sys.argv[1], int(sys.argv[2])
if job == "j2":
    f = lambda x: x * 2 + 1  # noqa: E731
    g = lambda y: y % 3 == 0  # noqa: E731
    count = total = 0
    for x in range(n):
        y = f(x)
        if g(y):
            count += 1
            total += y
    print(f"CHECK j2 count={count} sum={total}")
elif job == "t3":
    f = lambda x: x * 2 + 1  # noqa: E731
    count = total = 0
    for x in range(n):
        total += f(x)
        count += 1
    print(f"CHECK t3 count={count} sum={total}")
elif job == "j3":
    # Event time as integer milliseconds, as Spate's J3 carries it (a datetime per event would be
    # work Spate does not do, and flatter Spate's ratio); the window is the time // its length.
    keys = int(sys.argv[3]) if len(sys.argv) > 3 else 1000
    window = int(sys.argv[4]) if len(sys.argv) > 4 else 1000
    sums = {}
    for i in range(n):
        key = (i % keys, i // window)
        sums[key] = sums.get(key, 0) + i % 97
    print(f"CHECK j3 rows={len(sums)} total={sum(sums.values())}")
elif job == "j5":
    state = {}
    for i in range(n):
        k = i % 10000
        state[k] = state.get(k, 0) + 1
    print(f"CHECK j5 keys={len(state)} total={sum(state.values())}")
elif job == "j4":
    lines = [' '.join(f"word_{(i * 7919 + j * 104729) % 5000}" for j in range(10)) for i in range(n)]
    c = Counter()
    for line in lines:
        c.update(line.split())
    print(f"CHECK j4 distinct={len(c)} max={max(c.values())} total={sum(c.values())}")
