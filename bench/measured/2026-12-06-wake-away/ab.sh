#!/bin/bash
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
F="-XX:+UseParallelGC -XX:+UseCondCardMark --add-opens java.base/java.lang=ALL-UNNAMED --enable-native-access=ALL-UNNAMED -Djava.lang.ScopedValue.cacheSize=2 -Djdk.trackAllThreads=false -Xmx2g"
for i in 1 2 3; do
  for v in false true; do
    $J $F -Dloombook.scheduler.wakeAway=$v -cp rt.jar:. CpuProbe > out_${v}_$i.txt 2>&1
  done
done
