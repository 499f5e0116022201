#!/bin/bash
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
F="-XX:+UseParallelGC -XX:+UseCondCardMark --add-opens java.base/java.lang=ALL-UNNAMED --enable-native-access=ALL-UNNAMED -Djava.lang.ScopedValue.cacheSize=2 -Djdk.trackAllThreads=false -Xmx4g -Xmn2g"
for i in 1 2 3; do
  for v in false true; do
    RUNS=3 $J $F -Dloombook.scheduler.wakeAway=$v -cp rt.jar:bench.jar loombook.bench.Bench > suite_${v}_$i.txt 2>&1
  done
done
