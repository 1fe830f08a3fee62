#!/usr/bin/env bash
# Times a 1,000-set ensemble × 1 year of 5m candles through the HTTP API on one node (POST /api/v1/ensembles until
# the job has succeeded): the path of issue 4's ensemble target, end to end. Run from the repository root:
#   benchmarks/http/ensemble-api.sh [rounds]
# Needs the built CLI (./agora builds it) and curl; uses a fresh data dir under /tmp and port 18181.
set -euo pipefail
rounds=${1:-3}
dir=$(mktemp -d /tmp/agora-ens-XXXX)
export AGORA_JWT_SECRET=${AGORA_JWT_SECRET:-ensemble-benchmark-secret-0123456789abcdef}
./agora generate-data --pairs 1 --candles 105120 --datadir "$dir/market-data" >/dev/null
./agora node --no-demo --data-dir "$dir" --http-port 18181 --port 0 > "$dir/node.log" 2>&1 &
node=$!
trap 'kill $node 2>/dev/null; wait $node 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do curl -sf localhost:18181/api/v1/health/ready >/dev/null && break; sleep 0.5; done
token=$(./agora token --role researcher --tenant bench --data-dir "$dir")
fast=$(seq -s, 2 41); slow=$(seq -s, 50 10 290)
body=$(cat <<JSON
{"mode": "backtest", "strategy": "EmaCrossover",
 "grid": {"fast": [$fast], "slow": [$slow]},
 "pairs": ["SYN0/USDT"], "timeframe": "5m", "objective": "profit",
 "config": {"stake_currency": "USDT", "stake_amount": 100, "dry_run_wallet": 1000, "max_open_trades": 1,
            "minimal_roi": {"0": 0.05}, "stoploss": -0.05, "dataformat_ohlcv": "feather"}}
JSON
)
for r in $(seq 1 "$rounds"); do
  t0=$(date +%s.%N)
  id=$(curl -sf -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    localhost:18181/api/v1/ensembles -d "$body" | sed -E 's/.*"id":"([^"]+)".*/\1/')
  while true; do
    status=$(curl -sf -H "Authorization: Bearer $token" "localhost:18181/api/v1/ensembles/$id")
    case "$status" in
      *'"status":"succeeded"'*) break ;;
      *'"status":"failed"'*) echo "failed: $status"; exit 1 ;;
    esac
    sleep 0.05 # polling the job's status, as a client would
  done
  t1=$(date +%s.%N)
  total=$(echo "$status" | sed -E 's/.*"total":([0-9]+).*/\1/')
  printf 'round %d: %s sets in %.2f s (POST to succeeded)\n' "$r" "$total" "$(echo "$t1 - $t0" | bc)"
done
