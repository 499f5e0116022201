import re,statistics,sys
rows={}
for l in open(sys.argv[1]):
    m=re.search(r'round=(\d+) variant=(\w) load=([\d.]+) wall_ns_per_rt=([\d.]+) cpu_ns_per_rt=([\d.]+)',l)
    if m: rows.setdefault((int(m.group(1)),m.group(2)),[]).append((float(m.group(4)),float(m.group(5)),float(m.group(3))))
for v,name in (('a','trace points present'),('b','trace points removed')):
    w=[x[0] for k,xs in rows.items() if k[1]==v for x in xs]; c=[x[1] for k,xs in rows.items() if k[1]==v for x in xs]
    ld=[x[2] for k,xs in rows.items() if k[1]==v for x in xs]
    print(f'{v} ({name}): {len(w)} runs in {len([k for k in rows if k[1]==v])} JVMs; CPU ns/round trip median {statistics.median(c):.0f} min {min(c):.0f}; wall ns/round trip median {statistics.median(w):.0f} min {min(w):.0f}; load {min(ld):.1f}-{max(ld):.1f}')
rounds=sorted(set(k[0] for k in rows))
rw=[];rc=[]
for r in rounds:
    if (r,'a') in rows and (r,'b') in rows:
        rw.append(statistics.median(x[0] for x in rows[(r,'a')])/statistics.median(x[0] for x in rows[(r,'b')]))
        rc.append(statistics.median(x[1] for x in rows[(r,'a')])/statistics.median(x[1] for x in rows[(r,'b')]))
print(f'paired (same round) a/b, median over {len(rc)} rounds: CPU {statistics.median(rc):.3f}, wall {statistics.median(rw):.3f}')
print('per-round CPU a/b:', ' '.join(f'{x:.3f}' for x in rc))
