#!/usr/bin/env bash
# Side-by-side table of benchmark outputs, with ratios and the runtime's performance targets
# (those of issues 2 and 10).
# Usage: bench/compare.sh beam.txt loombook.txt [loombook-other.txt ...]
#        bench/compare.sh loombook.txt             (no BEAM: values and absolute targets only)
# The first file is the baseline when there are two or more. Per metric: the median
# (± spread = (max-min)/median over the runs), "better" says which way is better, "x/base" is the
# plain ratio other/baseline, "×base" is normalised so that > 1 always means the other is better
# (other/base for rates, base/other for times and bytes), then the target and whether it is met.
set -euo pipefail
[ $# -ge 1 ] || { sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
awk '
  function better(m, u) { return (u ~ /\/s$/ || u == "x") ? "higher" : "lower" }
  # normalised ratio: > 1 means file j is better than the baseline
  function norm(m, j,   b, o) {
    b = val[m, 1]; o = val[m, j]
    if (b == 0 || o == 0) return ""
    return (better(m, unit[m]) == "higher") ? o / b : b / o
  }
  function target(m) {
    if ((m in rel) && (m in absmin)) return reltext[m] " and ≥ " absmin[m]
    if (m in rel) return reltext[m]
    if (m in absmax) return "≤ " absmax[m] " " absunit[m]
    return ""
  }
  # met / NOT met / "" (no target, or no baseline for a relative one)
  function met(m, j,   r) {
    if (m in absmax) return (val[m, j] <= absmax[m]) ? "met" : "**NOT met**"
    if ((m in absmin) && val[m, j] < absmin[m]) return "**NOT met**"
    if (m in rel) {
      if (!base) return (m in absmin) ? "met (absolute; ratio needs BEAM)" : "(needs BEAM)"
      r = norm(m, j); if (r == "") return ""
      return (r >= rel[m]) ? "met" : "**NOT met**"
    }
    return ""
  }
  # 1234567 -> 1,234,567 (integers only; the suites print decimals only below 1,000)
  function commas(s,   out) {
    if (s !~ /^-?[0-9]+$/) return s
    out = ""
    while (length(s) > 3) { out = "," substr(s, length(s) - 2) out; s = substr(s, 1, length(s) - 3) }
    return s out
  }
  function cell(m, j) { return ((m, j) in val) ? commas(vtext[m, j]) " " unit[m] " (±" spread[m, j] "%)" : "–" }
  BEGIN {
    # the performance targets of the runtime: relative ones as a minimum of the normalised ratio, absolute ones as a maximum
    rel["spawn"] = 3;            reltext["spawn"] = "≥ 3× BEAM"
    rel["spawn_exit"] = 3;       reltext["spawn_exit"] = "≥ 3× BEAM"
    rel["pingpong_rtt"] = 1;     reltext["pingpong_rtt"] = "≤ BEAM"
    rel["ring"] = 1;             reltext["ring"] = "≥ BEAM"
    rel["fanin"] = 3;            reltext["fanin"] = "≥ 3× BEAM"
    rel["selective_k10000"] = 2; reltext["selective_k10000"] = "≤ 0.5× BEAM time"
    rel["genserver_call_1client"] = 1;    reltext["genserver_call_1client"] = "≥ BEAM"
    rel["genserver_call_100clients"] = 1; reltext["genserver_call_100clients"] = "≥ BEAM"
    # issue 10: every core at work
    rel["parallel_cpu_speedup"] = 0.95; reltext["parallel_cpu_speedup"] = "≥ 0.95× BEAM"
    rel["parallel_cpu_ms"] = 1;         reltext["parallel_cpu_ms"] = "≤ BEAM"
    rel["parallel_pingpong"] = 1.5;     reltext["parallel_pingpong"] = "≥ 1.5× BEAM"
    absmax["spawn_mem"] = 1000;       absunit["spawn_mem"] = "bytes"
    absmax["timeout_wait_mean"] = 12; absunit["timeout_wait_mean"] = "ms"
    absmax["timeout_wait_max"] = 20;  absunit["timeout_wait_max"] = "ms"
  }
  FNR == 1 { f++; name[f] = FILENAME; sub(/.*\//, "", name[f]); sub(/\.txt$/, "", name[f]) }
  # the speedup a machine allows: 0.85 per scheduler of the first suite (1.7 on 2 cores, issue 10)
  f == 1 && /^# suite=/ && !("parallel_cpu_speedup" in absmin) {
    for (i = 1; i <= NF; i++) if ($i ~ /^schedulers=[0-9]+$/) { split($i, p, "="); absmin["parallel_cpu_speedup"] = 0.85 * p[2] }
  }
  /^workload=/ {
    delete kv
    for (i = 1; i <= NF; i++) { split($i, p, "="); kv[p[1]] = p[2] }
    m = kv["workload"]
    if (!(m in seen)) { seen[m] = 1; order[++nm] = m }
    unit[m] = kv["unit"]; val[m, f] = kv["value"] + 0; vtext[m, f] = kv["value"]; spread[m, f] = kv["spread_pct"]
  }
  END {
    base = (f >= 2)
    b = name[1]
    printf "| metric | better | %s |", b
    for (j = 2; j <= f; j++) printf " %s | %s/%s | ×%s (>1: %s better) | target | met? |", name[j], name[j], b, b, name[j]
    if (!base) printf " target | met? |"
    printf "\n|---|---|---|"
    for (j = 2; j <= f; j++) printf "---|---|---|---|---|"
    if (!base) printf "---|---|"
    printf "\n"
    for (i = 1; i <= nm; i++) {
      m = order[i]
      printf "| %s | %s | %s |", m, better(m, unit[m]), cell(m, 1)
      for (j = 2; j <= f; j++) {
        if ((m, j) in val && (m, 1) in val && val[m, 1] != 0) {
          r = norm(m, j)
          printf " %s | %.2f | %s | %s | %s |", cell(m, j), val[m, j] / val[m, 1], (r == "" ? "–" : sprintf("%.2f", r)), target(m), met(m, j)
        } else {
          printf " %s | – | – | %s | %s |", cell(m, j), target(m), ((m, j) in val ? met(m, j) : "")
        }
      }
      if (!base) printf " %s | %s |", target(m), met(m, 1)
      printf "\n"
    }
    if (base) {
      printf "\n×%s > 1 means the other suite is better than %s on that metric (its rate / %s rate, or %s time or bytes / its own).\n", b, b, b, b
      for (j = 2; j <= f; j++) {
        n = 0; ok = 0
        for (i = 1; i <= nm; i++) { m = order[i]; if (((m in rel) || (m in absmax)) && (m, j) in val) { n++; if (met(m, j) == "met") ok++ } }
        printf "%s: %d of %d targets met.\n", name[j], ok, n
      }
    }
  }' "$@"
