J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java; F="-XX:+UseParallelGC -XX:+UseCondCardMark --add-opens java.base/java.lang=ALL-UNNAMED -Djava.lang.ScopedValue.cacheSize=2 -Djdk.trackAllThreads=false -Xmx4g -Xmn2g"; CP=loombook-runtime-0.1.0-SNAPSHOT.jar:loombook-bench-0.1.0-SNAPSHOT.jar
for i in 1 2 3; do for pin in yes no; do
  echo "== pin=$pin"
  BENCH_JIT_WAIT_MS=0 RUNS=3 $J $F -cp $CP loombook.bench.Bench spawn_exit fanin genserver_call timeout parallel_cpu parallel_pingpong > out.$$ 2>&1 &
  jp=$!
  if [ $pin = yes ]; then
    for k in $(seq 1 200); do
      tids=$(for t in /proc/$jp/task/*; do c=$(cat $t/comm 2>/dev/null); case "$c" in loombook-schedu*) echo ${t##*/};; esac; done)
      n=$(echo $tids | wc -w); [ "$n" -ge 2 ] && break; sleep 0.05
    done
    c=0; for tid in $tids; do taskset -p -c $c $tid > /dev/null; c=$((c+1)); done; echo "# pinned $tids"
  fi
  wait $jp; grep "^workload=" out.$$ | sed 's/ n=[0-9]*//; s/unit=//; s/spread_pct=[0-9.]* //; s/min=.*runs=/runs=/'
done; done
rm -f out.$$
