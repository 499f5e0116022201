"""Prints the figures of an ab-cpu.sh output: per workload and variant, CPU ns per operation
(median, best) and the workload's own figure (median, best); and a/b paired by round."""
import re, statistics, sys

rows = {}
base = "b856efd"
for line in open(sys.argv[1]):
    h = re.match(r"# a=(\S+) b=(\S+)", line)
    if h:
        base = h.group(1)
    m = re.search(r"round=(\d+) variant=(\w) load=([\d.]+) workload=(\w+) cpu_ns_per_op=([\d.]+) metric=Metric\[name=(\w+),.*value=([\d.E]+)", line)
    if m:
        key = (m.group(4), int(m.group(1)), m.group(2))
        rows.setdefault(key, []).append((float(m.group(5)), float(m.group(7)), float(m.group(3))))
for wl in sorted(set(k[0] for k in rows)):
    for v, name in (("a", "before (" + base + ")"), ("b", "after (hooks in)")):
        xs = [x for k, l in rows.items() if k[0] == wl and k[2] == v for x in l]
        cpu = [x[0] for x in xs]; val = [x[1] for x in xs]; load = [x[2] for x in xs]
        print(f"{wl} {v} {name}: {len(xs)} runs; CPU ns/op median {statistics.median(cpu):.0f} best {min(cpu):.0f};"
              f" own figure median {statistics.median(val):,.0f} best {max(val) if wl != 'x' else 0:,.0f}; load {min(load):.1f}-{max(load):.1f}")
    rounds = sorted(set(k[1] for k in rows if k[0] == wl))
    rc, rv = [], []
    for r in rounds:
        a, b = rows.get((wl, r, "a")), rows.get((wl, r, "b"))
        if a and b:
            rc.append(statistics.median(x[0] for x in b) / statistics.median(x[0] for x in a))
            rv.append(statistics.median(x[1] for x in b) / statistics.median(x[1] for x in a))
    print(f"{wl} after/before, paired by round, median over {len(rc)} rounds: CPU per op {statistics.median(rc):.3f},"
          f" own figure (higher is better) {statistics.median(rv):.3f}")
    print(f"  per-round CPU after/before: " + " ".join(f"{x:.3f}" for x in rc))
