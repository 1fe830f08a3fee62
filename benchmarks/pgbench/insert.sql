-- One journal-like row per transaction (pgbench -f): the bound for a persist of one event.
\set seq random(1, 9000000000000000000)
INSERT INTO journal_like (persistence_id, sequence_number, writer, write_timestamp, event_ser_id, event_ser_manifest, event_payload)
VALUES ('Bench|' || :client_id, :seq, 'w', 0, 1, 'm', '\x000102030405060708090a0b0c0d0e0f000102030405060708090a0b0c0d0e0f000102030405060708090a0b0c0d0e0f000102030405060708090a0b0c0d0e0f');
