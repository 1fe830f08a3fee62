-- Where the latency scenario's time went, hop by hop: joins the samples that AgentLoad wrote with
-- -Dagora.load.samples=FILE (account, candle open ms, sent epoch ms, latency ms) to the journal's write_timestamp,
-- the moment each agent's write reached its journal. Each hop's figure is the time from one agent's write to the
-- next one's: that write's commit plus the asks in between. The meta agent's vote, the desk's intent and the capital
-- reservation are written at the same time (the desk decides on the meta agent's tentative answer and drives an
-- intent while writing it), so all three are measured from the strategy's write, and the execution agent's from the
-- later of the desk's and capital's (the placement waits for those two).
--
--   psql -h 127.0.0.1 -U postgres -d <the latency run's agora_load_… database> -v samples=/tmp/samples.csv \
--        -f benchmarks/sql/latency-hops.sql
--
-- (the harness leaves its databases behind on PostgreSQL; the latency run's is the newest)
create index if not exists event_journal_pid_ts on event_journal (persistence_id, write_timestamp);
drop table if exists latency_samples;
create table latency_samples (account text, candle bigint, sent bigint, lat double precision);
\set copy '\\copy latency_samples from ' :'samples' ' csv'
:copy
drop table if exists latency_hops;
create table latency_hops as
select s.*, st.ts strategy, me.ts meta, de.ts desk, ca.ts capital, ex.ts execution
from latency_samples s
cross join lateral (select min(write_timestamp) ts from event_journal
  where persistence_id = 'StrategyAgent|load|ls' || substr(s.account, 2) and write_timestamp >= s.sent) st
cross join lateral (select min(write_timestamp) ts from event_journal
  where persistence_id = 'MetaDecision|load|' || s.account and write_timestamp >= st.ts) me
cross join lateral (select min(write_timestamp) ts from event_journal
  where persistence_id = 'TradingDesk|load|' || s.account and write_timestamp >= st.ts) de
cross join lateral (select min(write_timestamp) ts from event_journal
  where persistence_id = 'Capital|load|' || s.account and write_timestamp >= st.ts) ca
cross join lateral (select min(write_timestamp) ts from event_journal
  where persistence_id = 'ExecutionAgent|load|' || s.account || '|paper'
    and write_timestamp >= greatest(de.ts, ca.ts)) ex;
-- mean ms per hop: the slowest 2 %, the 90th–98th percentiles and the rest
with h as (
  select lat, strategy - sent a, meta - strategy b, desk - strategy c, capital - strategy d,
         execution - greatest(desk, capital) e,
         sent + lat - execution f, ntile(50) over (order by lat) q
  from latency_hops where execution is not null)
select case when q = 50 then 'slowest 2%' when q >= 45 then 'p90-p98' else 'rest' end as samples, count(*),
       round(avg(lat)::numeric, 1) as "latency", round(avg(a), 1) as "sent → strategy", round(avg(b), 1) as "→ meta",
       round(avg(c), 1) as "→ desk", round(avg(d), 1) as "→ capital",
       round(avg(e), 1) as "→ execution",
       round(avg(f)::numeric, 1) as "execution → notice"
from h group by 1 order by 3;
