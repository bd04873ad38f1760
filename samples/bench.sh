#!/usr/bin/env bash
# Runs the standard benchmark workloads on DistArray and prints RESULT lines (see ../shared/bench/README.md).
# Usage, from the project root: bash samples/bench.sh [--quick] [--engines N] [--mode embedded]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -DskipTests install >/dev/null
cp_file="$PWD/samples/target/bench.classpath"
mvn -q -B -f samples/pom.xml dependency:build-classpath -Dmdep.outputFile="$cp_file" >/dev/null
exec java -Xmx12g -XX:+UseG1GC -cp "samples/target/classes:$(cat "$cp_file")" org.distarray.samples.Bench "$@"
