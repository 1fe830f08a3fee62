#!/usr/bin/env bash
# pgbench's single-row insert rate on the local PostgreSQL: the journal's bound (see docs/benchmarks.md).
# Usage: benchmarks/pgbench/run.sh [seconds]
set -euo pipefail
T=${1:-20}
H="-h 127.0.0.1 -U postgres"
DB=agora_pgbench
psql $H -q -c "DROP DATABASE IF EXISTS $DB" postgres
psql $H -q -c "CREATE DATABASE $DB" postgres
# the columns and indexes of pekko-persistence-jdbc's event_journal (ordering identity, unique pid+seq)
psql $H -q $DB -c "CREATE TABLE journal_like (ordering BIGSERIAL, persistence_id VARCHAR(255) NOT NULL,
  sequence_number BIGINT NOT NULL, deleted BOOLEAN DEFAULT FALSE NOT NULL, writer VARCHAR(255) NOT NULL,
  write_timestamp BIGINT, adapter_manifest VARCHAR(255), event_ser_id INTEGER NOT NULL,
  event_ser_manifest VARCHAR(255) NOT NULL, event_payload BYTEA NOT NULL, meta_ser_id INTEGER,
  meta_ser_manifest VARCHAR(255), meta_payload BYTEA, PRIMARY KEY (persistence_id, sequence_number));
  CREATE UNIQUE INDEX journal_like_ordering_idx ON journal_like (ordering);"
for c in 1 8 32; do
  echo "== $c client(s), one INSERT per transaction, $T s"
  pgbench $H -n -f "$(dirname "$0")/insert.sql" -c $c -j 2 -T "$T" $DB 2>&1 | grep -E 'tps|latency average'
done
psql $H -q -c "DROP DATABASE $DB" postgres
