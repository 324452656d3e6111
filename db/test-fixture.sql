-- PgRest integration-test fixture for PostgREST 12.0.2 on PostgreSQL 15 (+ PostGIS 3).
-- Adapted from the spec-verification fixture (sections 1-9 unchanged); sections 10+ are additions.
-- Loaded into database pgrest_test by scripts/server-start.sh BEFORE PostgREST starts
-- (so no "notify pgrst, 'reload schema'" is needed). If you re-load it while PostgREST runs,
-- send that notify afterwards. Drops and recreates everything it owns; safe to re-run.
-- Roles are cluster-wide and created idempotently.

drop schema if exists api cascade;
drop schema if exists v2 cascade;
drop schema if exists private cascade;

do $$ begin
  if not exists (select from pg_roles where rolname = 'authenticator') then
    create role authenticator login noinherit password 'authpass';
  end if;
  if not exists (select from pg_roles where rolname = 'anon') then
    create role anon nologin;
  end if;
  if not exists (select from pg_roles where rolname = 'web_user') then
    create role web_user nologin;
  end if;
end $$;
grant anon, web_user to authenticator;

create schema api;
create schema v2;
create schema private;           -- NOT exposed via db-schemas
grant usage on schema api, v2, private to anon, web_user;

------------------------------------------------------------------------------
-- 1. string values for query-string encoding tests
------------------------------------------------------------------------------
create table api.strs (id int primary key, label text, v text);
insert into api.strs (id, label, v) values
  ( 1, 'comma',          'a,b'),
  ( 2, 'period',         'a.b'),
  ( 3, 'colon',          'a:b'),
  ( 4, 'parens',         'a(b)'),
  ( 5, 'dquote',         'a"b'),
  ( 6, 'backslash',      'a\b'),
  ( 7, 'space',          'a b'),
  ( 8, 'percent',        '50%'),
  ( 9, 'ampersand',      'a&b'),
  (10, 'plus',           'a+b'),
  (11, 'hash',           'a#b'),
  (12, 'question',       'a?b'),
  (13, 'equals',         'a=b'),
  (14, 'slash',          'a/b'),
  (15, 'asterisk',       'a*b'),
  (16, 'emoji',          '😀'),
  (17, 'cjk',            '日本語'),
  (18, 'leading space',  ' lead'),
  (19, 'trailing space', 'trail '),
  (20, 'empty',          ''),
  (21, 'word null',      'null'),
  (22, 'word true',      'true'),
  (23, 'word false',     'false'),
  (24, 'SQL NULL',       null),
  (25, 'quote+comma',    'x"y,z'),
  (26, 'backslash+quote','p\"q'),
  (27, 'braces',         '{c}'),
  (28, 'single quote',   'it''s'),
  (29, 'underscore',     'a_b'),
  (30, 'semicolon',      'a;b'),
  (31, 'only dquotes',   '"q"'),
  (32, 'word NULL upper','NULL'),
  (33, 'close paren',    'a)b'),
  (34, 'plain',          'abc'),
  (35, 'tab',            E'a\tb'),
  (36, 'percent-2B',     'a%2Bb');

------------------------------------------------------------------------------
-- 2. arrays for cs/cd/ov
------------------------------------------------------------------------------
create table api.arrs (id int primary key, tags text[], nums int[]);
insert into api.arrs values
  (1, array['a,b','c'],        '{1,2}'),
  (2, array['a"b','d'],        '{2,3}'),
  (3, array['a\b'],            '{3}'),
  (4, array['a b','e'],        '{4}'),
  (5, array['null'],           '{5}'),
  (6, array[null::text],       '{6}'),
  (7, array['x}','{y'],        '{7}'),
  (8, array['', 'f'],          '{8}'),
  (9, array['a(b)','a.b:c'],   '{9}');

------------------------------------------------------------------------------
-- 3. general-purpose table: ordering, is, json, fts, like, ranges
------------------------------------------------------------------------------
create table api.items (
  id       int primary key,
  name     text not null,
  qty      int,
  price    numeric(10,2),
  active   boolean,
  category text,
  meta     jsonb,
  body     text,
  tsv      tsvector generated always as (to_tsvector('english', coalesce(body,''))) stored
);
insert into api.items values
  (1, 'apple',   10, 1.50, true,  'fruit', '{"a":{"b":"x1"},"n":1,"arr":[10,20]}', 'The quick brown foxes jumped'),
  (2, 'banana',  null, 0.25, false, 'fruit', '{"a":{"b":"x2"},"n":2,"arr":[30]}',   'Lazy dogs are sleeping'),
  (3, 'carrot',  5, null, null,  'veg',   '{"a":{"b":"x3"},"n":3}',             'Rabbits love carrots'),
  (4, 'date',    null, 3.00, true,  null,    null,                                 'A date with destiny'),
  (5, 'eggplant',7, 2.10, false, 'veg',   '{"a":{"b":null},"n":5,"key with space":"ks"}', 'Purple vegetables'),
  (6, 'Apple pie',2, 4.00, null, 'dessert', '{"n":6}', 'Sweet apples baked');
create table api.events (id int primary key, at timestamptz, d date, t time, amount numeric(10,2));
insert into api.events values
  (1, '2024-01-01 10:00:00+00', '2024-01-01', '10:30:00', 1.50),
  (2, '2024-06-15 23:59:59.5+02', '2024-06-15', '23:59:59', 2.00);
create table api.big (id int primary key);
insert into api.big select g from generate_series(1,25) g;

------------------------------------------------------------------------------
-- 4. awkward identifiers
------------------------------------------------------------------------------
create table api."Weird Table" (
  id          int primary key,
  "Full Name" text,
  "UPPER"     int,
  "a,b"       text,
  "x.y"       text,
  "c:d"       text,
  "p(q)"      text,
  "dash-col"  text,
  lower_mixedcase text,
  "q""uote"   text
);
insert into api."Weird Table" values
  (1, 'Ann Lee', 10, 'ab1', 'xy1', 'cd1', 'pq1', 'dc1', 'm1', 'qu1'),
  (2, 'Bob Ray', 20, 'ab2', 'xy2', 'cd2', 'pq2', 'dc2', 'm2', 'qu2');
create table api."CamelTable" ("Id" int primary key, "Name" text);
insert into api."CamelTable" values (1,'one'),(2,'two');

------------------------------------------------------------------------------
-- 5. embedding
------------------------------------------------------------------------------
create table api.publishers (id int primary key, name text);
create table api.authors (id int primary key, name text, country text);
create table api.books (
  id int primary key,
  title text,
  year int,
  author_id int references api.authors(id),
  editor_id int references api.authors(id),     -- 2nd FK to authors -> ambiguity
  publisher_id int references api.publishers(id)
);
create table api.reviews (id int primary key, book_id int references api.books(id), stars int);
insert into api.publishers values (1,'Penguin'),(2,'Tor');
insert into api.authors values (1,'Ursula','US'),(2,'Terry','UK'),(3,'Nobody','XX');
insert into api.books values
  (1,'Earthsea',1968,1,2,1),
  (2,'Dispossessed',1974,1,2,2),
  (3,'Mort',1987,2,1,2),
  (4,'Orphan',2000,null,null,null);
insert into api.reviews values (1,1,5),(2,1,4),(3,3,2);

------------------------------------------------------------------------------
-- 6. mutation targets
------------------------------------------------------------------------------
create table api.kv (k text primary key, v text, n int default 42, note text default 'dflt');
create table api.people (id serial primary key, email text unique not null, name text, age int);
insert into api.people (email, name, age) values ('a@x.io','A',30),('b@x.io','B',40);
create table api.chk (id int primary key, v int check (v > 0));

------------------------------------------------------------------------------
-- 7. second exposed schema (profiles) and a private one
------------------------------------------------------------------------------
create table v2.items (id int primary key, name text);
insert into v2.items values (100,'v2-only');
create table private.secret_stuff (id int primary key);

------------------------------------------------------------------------------
-- 8. auth: a table only web_user can read
------------------------------------------------------------------------------
create table api.secrets (id int primary key, s text);
insert into api.secrets values (1,'top');

------------------------------------------------------------------------------
-- 9. RPC
------------------------------------------------------------------------------
create function api.add(a int, b int) returns int language sql immutable as $$ select a + b $$;
create function api.items_by_cat(cat text) returns setof api.items language sql stable as
  $$ select * from api.items where category = cat $$;
create function api.all_items() returns setof api.items language sql stable as
  $$ select * from api.items $$;
create function api.bump() returns int language sql volatile as $$ select 1 $$;
create function api.bump_write() returns int language sql volatile as
  $$ insert into api.kv(k) values ('w' || clock_timestamp()::text) returning 1 $$;
create function api.echo_json(json) returns json language sql immutable as $$ select $1 $$;
create function api.echo_text(text) returns text language sql immutable as $$ select 'got:' || $1 $$;
create function api.sum_arr(xs int[]) returns int language sql immutable as $$ select sum(x)::int from unnest(xs) x $$;
create function api.vsum(variadic xs int[]) returns int language sql immutable as $$ select sum(x)::int from unnest(xs) x $$;
create function api.noop() returns void language sql volatile as $$ select $$;
create function api.tbl(n int) returns table(i int, sq int) language sql stable as
  $$ select g, g*g from generate_series(1,n) g $$;
create function api.one_item(p_id int) returns api.items language sql stable as
  $$ select * from api.items where id = p_id $$;
create function api.raise_custom() returns int language plpgsql as $$
begin
  raise sqlstate 'PT402' using message = 'Payment Required', detail = 'Quota exceeded', hint = 'Upgrade your plan';
end $$;
create function api.raise_plain() returns int language plpgsql as $$
begin
  raise exception 'boom %', 1 using hint = 'a hint', detail = 'a detail';
end $$;
create function api.whoami() returns json language sql stable as $$
  select json_build_object('role', current_user,
                           'claims', current_setting('request.jwt.claims', true)::json)
$$;


------------------------------------------------------------------------------
-- 10. PostGIS table for application/geo+json (PostGIS is always installed)
------------------------------------------------------------------------------
create extension if not exists postgis;   -- into public (PostgREST's default db-extra-search-path)
create table api.places (id int primary key, name text, geom geometry(Point, 4326));
insert into api.places values
  (1, 'Null Island', 'SRID=4326;POINT(0 0)'),
  (2, 'Paris',       'SRID=4326;POINT(2.35 48.85)');

------------------------------------------------------------------------------
-- 11. many-to-many: books <-> tags via book_tags (junction PK = both FKs)
------------------------------------------------------------------------------
create table api.tags (id int primary key, name text not null unique);
create table api.book_tags (
  book_id int not null references api.books(id) on delete cascade,
  tag_id  int not null references api.tags(id)  on delete cascade,
  primary key (book_id, tag_id)
);
insert into api.tags values (1,'fantasy'),(2,'sf'),(3,'humour'),(4,'unused');
insert into api.book_tags values (1,1),(2,2),(3,1),(3,3);

------------------------------------------------------------------------------
-- 12. identity key, enum, timestamptz, ranges, arrays
------------------------------------------------------------------------------
create type api.mood as enum ('sad', 'ok', 'happy');
create table api.notes (
  id         bigint generated always as identity primary key,   -- explicit id on insert -> 428C9
  title      text not null,
  mood       api.mood not null default 'ok',
  created_at timestamptz not null default now(),
  valid      tstzrange,
  pages      int4range,
  tags       text[] not null default '{}'
);
insert into api.notes (title, mood, created_at, valid, pages, tags) values
  ('first',  'happy', '2024-01-01 00:00:00+00', '[2024-01-01 00:00:00+00,2024-02-01 00:00:00+00)', '[1,10)',  '{a,b}'),
  ('second', 'sad',   '2024-03-15 12:30:00+00', '[2024-03-01 00:00:00+00,)',                       '[5,7]',   '{b}'),
  ('third',  'ok',    '2024-06-30 23:59:59.123456+00', null,                                         'empty',   '{}');

------------------------------------------------------------------------------
-- 13. upsert target: surrogate identity PK + composite unique constraint
--     (on_conflict=sku,warehouse; or merge on the PK)
------------------------------------------------------------------------------
create table api.inventory (
  id        int generated by default as identity primary key,
  sku       text not null,
  warehouse text not null,
  qty       int not null default 0,
  unique (sku, warehouse)
);
insert into api.inventory (sku, warehouse, qty) values ('A-1','north',5),('A-1','south',0),('B-2','north',12);

------------------------------------------------------------------------------
-- 14. auth: anon may only read todos; web_user (JWT role claim) may write
------------------------------------------------------------------------------
create table api.todos (
  id    bigint generated by default as identity primary key,
  task  text not null,
  done  boolean not null default false,
  owner text default current_setting('request.jwt.claims', true)::json ->> 'sub'
);
insert into api.todos (task, done, owner) values ('write tests', false, 'alice'), ('ship', false, null);

------------------------------------------------------------------------------
-- 15. property-based round-trip tests (full anon rights)
------------------------------------------------------------------------------
create table api.roundtrip (
  id   bigint generated always as identity primary key,
  run  text not null,
  v    text,
  tags text[],
  doc  jsonb
);
create index on api.roundtrip (run);
create function api.roundtrip_echo(v text) returns text language sql immutable as $$ select $1 $$;
create function api.roundtrip_find(run text, v text) returns setof api.roundtrip language sql stable as $$
  select * from api.roundtrip r
  where r.run = roundtrip_find.run and r.v is not distinct from roundtrip_find.v
  order by r.id
$$;

------------------------------------------------------------------------------
-- 16. more RPC shapes, a computed field and a view
------------------------------------------------------------------------------
-- named json argument (POST {"doc": ...})
create function api.json_info(doc json) returns json language sql immutable as
  $$ select json_build_object('type', json_typeof(doc), 'doc', doc) $$;
-- setof table rows with arguments (one with a default) -> filters/order/embedding on the result
create function api.books_by_year(from_year int, to_year int default 9999) returns setof api.books
  language sql stable as $$ select * from api.books where year between from_year and to_year $$;
-- computed field: /books?select=title,title_year
create function api.title_year(b api.books) returns text language sql stable as
  $$ select b.title || ' (' || b.year || ')' $$;
-- view (embeddable through the underlying FKs)
create view api.book_view as
  select b.id, b.title, b.year, b.author_id, a.name as author_name
  from api.books b left join api.authors a on a.id = b.author_id;

------------------------------------------------------------------------------
-- 17. write safety (tests/PgRest.IntegrationTests/WriteSafetyTests.fs): every helper on every operation; each test
--     writes rows under its own `run` tag. ws_all is for the unfiltered update/delete guard (a sequenced list).
------------------------------------------------------------------------------
create table api.write_safety (
  id  bigint generated by default as identity primary key,
  run text not null,
  v   text
);
create index on api.write_safety (run);
create table api.write_safety_child (
  id        bigint generated by default as identity primary key,
  parent_id bigint references api.write_safety(id) on delete cascade,
  v         text
);
create table api.ws_all (id int primary key, v text);
create table api.ws_all_child (id int primary key, all_id int references api.ws_all(id) on delete cascade, v text);
-- a POST-only function that writes: inserts n rows under `run` and returns them
create function api.ws_insert(run text, n int) returns setof api.write_safety language sql volatile as
  $$ insert into api.write_safety(run, v) select ws_insert.run, 'rpc' || g from generate_series(1, n) g returning * $$;
-- a read-only function over the same rows (callable with GET)
create function api.ws_rows(run text) returns setof api.write_safety language sql stable as
  $$ select * from api.write_safety w where w.run = ws_rows.run order by w.id $$;
-- review 13 (tests/PgRest.IntegrationTests/WriteSafetyReviewTests.fs): a parent/child pair reseeded by each test of a
-- sequenced list, and a slow writing function (a write that outlives the client's timeout)
create table api.ws_rv (id int primary key, v text);
create table api.ws_rv_child (id int primary key, rv_id int references api.ws_rv(id) on delete cascade, v text);
create function api.ws_slow_insert(run text, seconds float8) returns void language sql volatile as
  $$ select pg_sleep(seconds); insert into api.write_safety(run, v) values (ws_slow_insert.run, 'slow') $$;

------------------------------------------------------------------------------
-- grants
------------------------------------------------------------------------------
grant select, insert, update, delete on all tables in schema api to anon, web_user;
grant usage on all sequences in schema api to anon, web_user;
grant select on v2.items to anon, web_user;
revoke all on api.secrets from anon, web_user;
grant select on api.secrets to web_user;
revoke all on api.todos from anon;
grant select on api.todos to anon;
grant execute on all functions in schema api to anon, web_user;

------------------------------------------------------------------------------
-- 17. typed_diff: read-only rows for the differential test of typed predicates (issue 16,
--     tests/PgRest.IntegrationTests/DifferentialTests.fs). NULLs in every nullable column, LIKE and
--     regex metacharacters, quotes, commas, characters whose case mapping differs between .NET and
--     PostgreSQL, integer and bigint extremes, fractions, infinities, sub-second instants, extreme dates.
------------------------------------------------------------------------------
create table api.typed_diff (
  id int primary key, n int, b bigint, x numeric, d double precision, s text, f bool,
  at timestamptz, day date);
insert into api.typed_diff
select i,
  case when i % 7 = 0 then null when i % 53 = 1 then 2147483647 when i % 53 = 2 then -2147483648
       else ((i * 37) % 201) - 100 end,
  case when i % 9 = 0 then null when i % 61 = 1 then 9223372036854775807 when i % 61 = 2 then -9223372036854775808
       when i % 61 = 3 then 3000000000 else ((i * 7919) % 2001) - 1000 end,
  case when i % 8 = 0 then null when i % 67 = 1 then 99999999999999999999.99 when i % 67 = 2 then 0.0000000001
       else round((((i * 53) % 2001) - 1000) / 7.0, 2) end,
  case when i % 10 = 0 then null when i % 71 = 1 then 'Infinity' when i % 71 = 2 then '-Infinity'
       when i % 71 = 3 then 1e308 when i % 71 = 4 then 5e-324 when i % 71 = 5 then '-0'
       else (((i * 31) % 2001) - 1000) / 8.0 end,
  case when i % 11 = 0 then null
       else (array['', 'a', 'A', 'abc', 'ABC', 'aBc', 'a*b', 'a%b', 'a_b', 'a.b', '(x)', '[y]', 'back\slash',
                   '^caret', 'dollar$', 'pi|pe', 'quote''s', 'dq"x', 'comma,sep', 'space x', 'émile', 'ÉMILE',
                   'ſ long s', 'ı dotless i', 'K kelvin', 'k', 'S', 's', 'I', 'i', '😀 emoji', '日本', 'null', 'NULL',
                   'true', 'zebra:colon', 'a+b', '{brace}', '?q', 'Ab*', 'b%', '_', '%', '*', '.', '\',
                   'tab	x', 'new
line', 'ß strasse', 'STRASSE'])[1 + (i * 13) % 50] end,
  case when i % 5 = 0 then null else i % 2 = 0 end,
  case when i % 12 = 0 then null when i % 73 = 1 then '0001-01-01 00:00:00+00' when i % 73 = 2 then '9999-12-31 23:59:59.999999+00'
       else '2020-01-01 00:00:00+00'::timestamptz + ((i * 104729) % 100000) * interval '1 second'
            + ((i * 7) % 1000000) * interval '1 microsecond' end,
  case when i % 13 = 0 then null when i % 79 = 1 then '0001-01-01' when i % 79 = 2 then '9999-12-31'
       else '2000-01-01'::date + ((i * 17) % 20000 - 10000) end
from generate_series(1, 300) as i;
grant select on api.typed_diff to anon, web_user;

-- 20. array and variadic arguments over GET/HEAD (issue 15 §6); a set-returning function for select/filter checks
------------------------------------------------------------------------------
-- a plain text[] argument (GET reads one value as an array literal) and a variadic one (GET repeats the parameter)
create function api.tags_echo(xs text[]) returns text[] language sql immutable as $$ select xs $$;
create function api.vtags(variadic xs text[]) returns text[] language sql immutable as $$ select xs $$;
create function api.vjson(variadic xs jsonb[]) returns jsonb[] language sql immutable as $$ select xs $$;
grant execute on function api.tags_echo(text[]), api.vtags(text[]), api.vjson(jsonb[]) to anon, web_user;

------------------------------------------------------------------------------
-- 21. row mapping (issue 15 §4): writes that leave columns to their DEFAULT, and rows with uneven keys
------------------------------------------------------------------------------
-- an identity key (NOT NULL), a NOT NULL text with a default, a nullable text with a default, a plain nullable int
create table api.defaults_rows (
  id    bigint generated by default as identity primary key,
  tag   text not null,
  label text not null default 'unnamed',
  note  text default 'dflt',
  n     int
);
grant select, insert, update, delete on api.defaults_rows to anon, web_user;
grant usage on all sequences in schema api to anon, web_user;
-- returns its argument: a JSON array whose objects need not have the same keys
create function api.json_rows(rows json) returns json language sql immutable as $$ select rows $$;
grant execute on function api.json_rows(json) to anon, web_user;
