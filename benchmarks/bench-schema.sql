-- The benchmark schema, separate from the test fixture's: scripts/bench.sh loads it into the test database with
--   psql -v rows=N -f benchmarks/bench-schema.sql
-- and serves it with a PostgREST instance of its own (db-schemas = "bench"), so the test instance never sees it.
-- bench.rows holds N rows of about 160 bytes of JSON each; it is rebuilt only when it holds fewer rows.
-- bench.bulk is the bulk-insert target, truncated by the load harness before each run.
\set ON_ERROR_STOP on
set client_min_messages = warning;

create schema if not exists bench;
grant usage on schema bench to anon;

create table if not exists bench.rows (
  id         bigint primary key,
  name       text not null,
  category   text not null,
  amount     numeric(12,2) not null,
  qty        int not null,
  active     boolean not null,
  created_at timestamptz not null,
  note       text
);

create table if not exists bench.bulk (
  id     bigint primary key,
  name   text not null,
  qty    int not null,
  amount numeric(12,2) not null
);

grant select on bench.rows to anon;
grant select, insert, delete on bench.bulk to anon;

select count(*) < :rows as rebuild from bench.rows \gset
\if :rebuild
  truncate bench.rows;
  insert into bench.rows
  select g,
         'row-' || g,
         'category-' || (g % 10),
         (g % 100000) / 100.0,
         g % 1000,
         g % 2 = 0,
         timestamptz '2024-01-01 00:00:00+00' + g * interval '1 second',
         'note ' || md5(g::text)
  from generate_series(1, :rows) g;
  vacuum analyze bench.rows;
\endif
