#!/usr/bin/env bash
# Runs the standard benchmark workloads on DistArray and prints RESULT lines (workloads: samples/README.md).
# Usage, from the project root: bash samples/bench.sh [--quick] [--engines N]
#   [--mode embedded|cluster|cluster-tls|both|scale] [--only W,...]
# embedded: N engines in the benchmark's JVM. cluster: N JVMs with one engine each, on 127.0.0.1 and free ports:
# the benchmark's JVM (a node too, with the coordinator) and N-1 engine nodes started here from
# config/engine-node.conf and stopped at the end.
# cluster-tls: the same with TLS between all nodes (config/tls.conf, test stores made by config/make-test-certs.sh),
# system distarray-cluster-tls-<N>e; DISTARRAY_BENCH_TLS=1 makes cluster mode TLS too.
# both (the default): one after the other.
# scale: coordination costs at E = 16, 64, 256 and 1024 engines in one JVM (ScaleBench; --only takes its ops),
# RESULT <op>_<E>e distarray-embedded-<E>e; each E in a JVM of 512 MiB, the 10^8-element op in one of 3 GiB.
set -euo pipefail
cd "$(dirname "$0")/.."
# OpenBLAS (matrix products) picks its kernels for this CPU itself, as the peers' matmul runs do: these two
# variables, when a machine sets them, force older kernels
unset OPENBLAS_CORETYPE OPENBLAS_L2_SIZE
mode=both
engines=2
pass=()
while [ $# -gt 0 ]; do
  case "$1" in
    --mode) mode="$2"; shift 2 ;;
    --engines) engines="$2"; shift 2 ;;
    *) pass+=("$1"); shift ;;
  esac
done
case "$mode" in embedded|cluster|cluster-tls|both|scale) ;; *) echo "--mode must be embedded, cluster, cluster-tls, both or scale, got '$mode'" >&2; exit 2 ;; esac
tls=""
if [ "$mode" = cluster-tls ] || [ "${DISTARRAY_BENCH_TLS:-}" = 1 ]; then tls=1; fi
[ "$mode" = cluster-tls ] && mode=cluster
# the build's output goes to a log (shown if it fails), so that only RESULT lines reach stdout
build_log="$PWD/samples/target/bench-build.log"
mkdir -p samples/target
if ! { mvn -q -B -Dstyle.color=never -DskipTests install && mvn -q -B -Dstyle.color=never -f samples/pom.xml \
    dependency:build-classpath -Dmdep.outputFile="$PWD/samples/target/bench.classpath"; } >"$build_log" 2>&1; then
  cat "$build_log" >&2
  exit 1
fi
cp_file="$PWD/samples/target/bench.classpath"
# transparent huge pages (madvise mode on most Linux machines): fewer TLB misses in memory-bound kernels
# the JDK's vector API (an incubator module in Java 17): vector kernels for sums, the same values as the scalar ones
jvm_flags=(-XX:+UseG1GC -XX:+UseTransparentHugePages --add-modules jdk.incubator.vector)
if [ "$mode" = scale ]; then
  scale_cp="samples/target/classes:$(cat "$cp_file")"
  ops=""
  for ((i = 0; i < ${#pass[@]}; i++)); do [ "${pass[$i]}" = --only ] && ops="${pass[$((i + 1))]}"; done
  for e in 16 64 256 1024; do
    small="${ops:-cold_startup,startup,first_zeros,zeros,sum,small_op,get_double,redistribute_b_c}"
    small=$(echo ",$small," | sed 's/,zeros_sum_1e8,/,/; s/^,//; s/,$//')
    if [ -n "$small" ]; then
      java -Xmx512m "${jvm_flags[@]}" -cp "$scale_cp" org.distarray.samples.ScaleBench --engines "$e" --only "$small"
    fi
    if [ -z "$ops" ] || [[ ",$ops," == *,zeros_sum_1e8,* ]]; then
      java -Xmx3g "${jvm_flags[@]}" -cp "$scale_cp" org.distarray.samples.ScaleBench --engines "$e" --only zeros_sum_1e8
    fi
  done
  exit 0
fi
bench=(java -Xmx12g "${jvm_flags[@]}" -cp "samples/target/classes:$(cat "$cp_file")" org.distarray.samples.Bench)

if [ "$mode" != cluster ]; then
  "${bench[@]}" --mode embedded --engines "$engines" "${pass[@]+"${pass[@]}"}"
fi
if [ "$mode" != embedded ]; then
  # N JVMs with one engine each: the benchmark's own JVM is the first node (the seed, hosting the coordinator and
  # one engine); N-1 engine nodes join it.
  logs="$PWD/samples/target/bench-cluster"
  mkdir -p "$logs"
  free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
  seed=$(free_port)
  pids=()
  trap 'kill ${pids[@]+"${pids[@]}"} 2>/dev/null; wait ${pids[@]+"${pids[@]}"} 2>/dev/null' EXIT
  node_conf=config/engine-node.conf
  label=cluster
  if [ -n "$tls" ]; then
    bash config/make-test-certs.sh "$logs/certs" >/dev/null
    export DISTARRAY_KEYSTORE="$logs/certs/keystore.p12" DISTARRAY_TRUSTSTORE="$logs/certs/truststore.p12"
    node_conf=config/tls.conf
    label=cluster-tls
  fi
  for i in $(seq 2 "$engines"); do
    java -Xmx6g "${jvm_flags[@]}" -jar runtime/target/distarray-node.jar "$node_conf" \
      --port "$(free_port)" --seed "127.0.0.1:$seed" --engines 1 >"$logs/node-$i.log" 2>&1 &
    pids+=($!)
  done
  cat >"$logs/bench-node.conf" <<CONF
include file("$PWD/$node_conf")
pekko.remote.artery.canonical.port = $seed
pekko.cluster.seed-nodes = ["pekko://DistArray@127.0.0.1:$seed"]
distarray.node.engines = 1
distarray.client.min-engines = $engines
distarray.client.connect-timeout = 120s
# the benchmark leaves the cluster at its end; it does not stop the JVM it runs in
pekko.coordinated-shutdown.exit-jvm = off
CONF
  "${bench[@]}" --mode cluster --label "$label" --engines "$engines" --connect "$logs/bench-node.conf" \
    "${pass[@]+"${pass[@]}"}"
  if [ "$engines" = 2 ]; then
    # the floor under the cluster figures: Pekko alone moving the same bytes (or one round trip) between two JVMs
    # with the nodes' settings, RESULT <workload> pekko-alone-2jvm (pekko-alone-tls-2jvm with TLS; TransportFloor)
    floor=(java -Xmx6g "${jvm_flags[@]}" -cp "samples/target/classes:$(cat "$cp_file")" org.distarray.samples.TransportFloor)
    tcp_port=$(free_port)
    artery_port=$(free_port)
    "${floor[@]}" --serve "$tcp_port" "$artery_port" --config "$node_conf" >"$logs/floor-peer.log" 2>&1 &
    pids+=($!)
    for _ in $(seq 300); do grep -q READY "$logs/floor-peer.log" && break; sleep 0.2; done
    grep -q READY "$logs/floor-peer.log" || { echo "TransportFloor's peer did not start within 60 s:" >&2; cat "$logs/floor-peer.log" >&2; exit 1; }
    "${floor[@]}" --peer 127.0.0.1 "$tcp_port" "$artery_port" --config "$node_conf" "${pass[@]+"${pass[@]}"}"
  fi
fi
