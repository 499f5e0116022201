#!/bin/bash
# alternate base/new runs of the pingpong and ring workloads; print per-round values and medians
# base/ and new/ hold the runtime and bench jars of b856efd and of this change (./mvnw package -pl bench -am in each checkout)
cd "${BENCH_AB_DIR:-/tmp/benchcmp}"
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
FLAGS="-XX:+UseParallelGC -Djdk.virtualThreadScheduler.parallelism=1 -Djava.lang.ScopedValue.cacheSize=2 -Djdk.trackAllThreads=false -Xmx4g -Xmn2g"
N=${1:-6}
: > results.txt
for i in $(seq 1 $N); do
  if [ $((i % 2)) = 1 ]; then order="base new"; else order="new base"; fi
  for v in $order; do
    echo "# round $i $v load=$(cut -d' ' -f1 /proc/loadavg)" >> results.txt
    RUNS=${RUNS:-3} $J $FLAGS -cp $v/loombook-runtime-0.1.0-SNAPSHOT.jar:$v/loombook-bench-0.1.0-SNAPSHOT.jar loombook.bench.Bench pingpong ring \
      | grep '^workload' | sed "s/^/$v round=$i /" >> results.txt
  done
done
python3 - <<'PY'
import re, statistics
rows=[l for l in open("results.txt") if l.startswith(('base','new'))]
d={}
for l in rows:
    v=l.split()[0]; r=int(re.search(r'round=(\d+)',l).group(1)); w=re.search(r'workload=(\S+)',l).group(1); val=float(re.search(r' value=(\S+)',l).group(1))
    d.setdefault(w,{}).setdefault(v,{})[r]=val
for w,vs in d.items():
    b=vs.get('base',{}); n=vs.get('new',{})
    rounds=sorted(set(b)&set(n))
    ratios=[n[r]/b[r] for r in rounds]
    print(f"{w}: base median {statistics.median(b.values()):.1f}, new median {statistics.median(n.values()):.1f}, new/base per round {[round(x,3) for x in ratios]}, median ratio {statistics.median(ratios):.3f}")
PY
