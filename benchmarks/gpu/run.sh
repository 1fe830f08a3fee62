#!/usr/bin/env bash
# ONNX inference on CUDA, and on the same node's CPU for comparison: InferenceBenchmark with the GPU build of ONNX
# Runtime. See benchmarks/gpu/README.md.
# Needs: an NVIDIA GPU with CUDA 12.x and cuDNN 9.x libraries (ONNX Runtime 1.29's CUDA provider), JDK 17 to build
# (a JRE is enough with --no-build and a jar built with -Pcuda elsewhere).
# Usage: benchmarks/gpu/run.sh [--no-build] [extra JMH options, e.g. -f 1 -wi 1 -i 3 -p kind=mlp]
#   BATCHES    rows per predict for onnxBatchN (default 16,256,1024,4096,16384,65536)
#   PROVIDERS  ONNX Runtime providers measured (default cuda,cpu)
#   RESULTS    output directory (default benchmarks/gpu/results/<UTC time>-<host>)
set -euo pipefail
cd "$(dirname "$0")/../.."

build=1
if [[ "${1:-}" == "--no-build" ]]; then
  build=0
  shift
fi
BATCHES=${BATCHES:-16,256,1024,4096,16384,65536}
PROVIDERS=${PROVIDERS:-cuda,cpu}
RESULTS=${RESULTS:-benchmarks/gpu/results/$(date -u +%Y%m%dT%H%M%SZ)-$(uname -n)}
JAR=benchmarks/target/benchmarks.jar

if ((build)); then
  ./mvnw -q -B -Pcuda -Pbench -pl benchmarks -am package -DskipTests
fi
if [[ ! -f $JAR ]]; then
  echo "no $JAR: run without --no-build, or build it with -Pcuda -Pbench first" >&2
  exit 1
fi
mkdir -p "$RESULTS"

# The GPU jar otherwise unpacks its ~600 MB of native libraries into /tmp in every JVM, and JMH forks one per
# benchmark and parameter set. Later -D options win, so this also overrides the gpu image's path, whose libraries
# come from another jar (the launcher's) and could be of another version.
NATIVE=$PWD/benchmarks/target/ort-native
rm -rf "$NATIVE" && mkdir -p "$NATIVE"
if command -v unzip >/dev/null; then
  unzip -q -j -o "$JAR" 'ai/onnxruntime/native/linux-x64/*' -d "$NATIVE"
else
  (cd "$NATIVE" && jar xf "$OLDPWD/$JAR" ai/onnxruntime/native/linux-x64 && mv ai/onnxruntime/native/linux-x64/* . \
    && rm -rf ai)
fi
export JAVA_TOOL_OPTIONS="${JAVA_TOOL_OPTIONS:-} -Donnxruntime.native.path=$NATIVE"

# What ran where, for docs/benchmarks.md.
{
  echo "date: $(date -u +%FT%TZ)"
  echo "host: $(uname -n), $(uname -srm)"
  echo "commit: $(git rev-parse HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD 2>/dev/null || echo ' (working tree differs)')"
  echo "command: $0 $*  BATCHES=$BATCHES PROVIDERS=$PROVIDERS"
  lscpu 2>/dev/null | grep -E '^(Model name|CPU\(s\)|Thread\(s\) per core|Socket\(s\))' || true
  grep -E '^MemTotal' /proc/meminfo || true
  if command -v nvidia-smi >/dev/null; then
    nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.sm --format=csv || true
    nvidia-smi | grep -o 'CUDA Version: [0-9.]*' || true
  else
    echo "nvidia-smi: not found"
  fi
  echo "CUDA libraries: $(ldconfig -p 2>/dev/null | grep -oE 'lib(cudart|cublas|cudnn)\.so\.[0-9.]+' | sort -u | tr '\n' ' ')"
  java -version 2>&1 | grep -v JAVA_TOOL_OPTIONS
  echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$RESULTS/env.txt"

# A CUDA setup that does not load fails here in seconds with one line, not once per JMH fork.
for p in ${PROVIDERS//,/ }; do
  java -cp "$JAR" io.agora.bench.InferenceProbe "$p" 2>&1 | grep -v JAVA_TOOL_OPTIONS | tee -a "$RESULTS/probe.txt"
done

# -foe: a failed setup (CUDA gone, a graph that disagrees with its trainer) stops the run with a non-zero status
# instead of leaving holes in the table.
java -jar "$JAR" InferenceBenchmark -p provider="$PROVIDERS" -p batch="$BATCHES" -foe true \
  -rf json -rff "$RESULTS/inference.json" "$@" 2>&1 | tee "$RESULTS/jmh.log"

echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$RESULTS/env.txt"
echo "== where each model ran (from the [setup] lines)"
grep -o '\[setup\].*runs on.*' "$RESULTS/jmh.log" | sort -u
if [[ ",$PROVIDERS," == *,cuda,* ]] && ! grep -q 'runs on cuda' "$RESULTS/jmh.log"; then
  echo "FAILED: provider cuda was asked for but no benchmark reports running on cuda" >&2
  exit 1
fi
echo "results: $RESULTS (inference.json, jmh.log, env.txt, probe.txt)"
