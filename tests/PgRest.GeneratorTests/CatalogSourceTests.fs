/// The catalog source (`CatalogSource.read`) on the live test database: what only the catalog knows (identity,
/// generated columns, every default, return types, variadic, comments), relations and functions as PostgREST selects
/// them, and clear failures. The database comes from .run/env (scripts/server-start.sh); a missing server fails.
module PgRest.GeneratorTests.CatalogSourceTests

open System
open System.IO
open Expecto
open Npgsql
open PgRest.Generator
open PgRest.Generator.Model

/// The live servers' settings and the repository, for the catalog/C# test files.
module Live =
    let repoRoot =
        let rec up (dir: DirectoryInfo | null) =
            match dir with
            | null -> failwith "Could not find the repository root (PgRest.sln) above the test binaries."
            | d when File.Exists(Path.Combine(d.FullName, "PgRest.sln")) -> d.FullName
            | d -> up d.Parent

        up (DirectoryInfo AppContext.BaseDirectory)

    /// A setting of .run/env (or the environment); fails loudly when the servers were not started.
    let setting (key: string) =
        match Environment.GetEnvironmentVariable key with
        | null
        | "" ->
            let file = Path.Combine(repoRoot, ".run", "env")

            let line =
                if File.Exists file then
                    File.ReadAllLines file
                    |> Array.tryFind (fun l -> l.StartsWith(key + "=", StringComparison.Ordinal))
                else
                    None

            match line with
            | Some l -> l.Substring(key.Length + 1)
            | None -> failwithf "%s is not set: start the servers with scripts/server-start.sh." key
        | value -> value

    /// The test database as a `postgresql://` URI (superuser on loopback).
    let pgUri () = setting "PGREST_PG_URI_TEST"

    let private builder () =
        let uri = Uri(pgUri ())

        NpgsqlConnectionStringBuilder(
            Host = uri.Host,
            Port = uri.Port,
            Database = uri.AbsolutePath.TrimStart '/',
            Username = uri.UserInfo.Split(':')[0]
        )

    /// The test database as an Npgsql connection string.
    let connectionString () = (builder ()).ConnectionString

    /// Runs SQL statements on the test database.
    let exec (sql: string) =
        use conn = new NpgsqlConnection(connectionString ())
        conn.Open()
        use cmd = new NpgsqlCommand(sql, conn)
        cmd.ExecuteNonQuery() |> ignore

    /// Schema `gen` from the catalog (read once).
    let gen = lazy (CatalogSource.read (pgUri ()) "gen")

    /// The origin with what varies between machines (port, PostgreSQL minor version) fixed, for golden files.
    let normalized (schema: Schema) =
        let b = NpgsqlConnectionStringBuilder(connectionString ())

        { schema with
            Origin =
                {
                    Source = schema.Origin.Source
                    Location = sprintf "postgresql://%s@localhost/%s" b.Username b.Database
                    ServerVersion = Some "PostgreSQL 15"
                }
        }

let relation (schema: Schema) name =
    schema.Relations |> List.find (fun r -> r.Name = name)

let column (schema: Schema) table name =
    (relation schema table).Columns |> List.find (fun c -> c.Name = name)

let func (schema: Schema) name =
    schema.Functions |> List.find (fun f -> f.Name = name)

/// The exception `f` throws (the test fails when it throws none).
let failure (f: unit -> unit) : exn =
    let outcome =
        try
            f ()
            None
        with e ->
            Some e

    match outcome with
    | Some e -> e
    | None -> failtest "expected an exception, got none"

let private statusType =
    Enum("gen.status", [ "draft"; "published"; "out of print" ])

/// A throwaway schema with what db/gen-fixture.sql does not have: every kind of return, procedures and trigger
/// functions (not listed by PostgREST), an unnamed argument, always-identity, a domain, a materialized view, a view
/// that cannot be updated, overloads.
let private withScratchSchema (body: string -> unit) =
    let name = "gen_cat_" + Guid.NewGuid().ToString("N").Substring(0, 8)

    Live.exec (
        $"""
create schema {name};
create type {name}.mood as enum ('sad', 'ok');
create domain {name}.short_text as text check (length(value) < 10);
create domain {name}.code as {name}.mood;
create table {name}.things (
  id int generated always as identity primary key,
  label {name}.short_text not null,
  moods {name}.mood[] default '{{ok}}',
  m {name}.code
);
comment on column {name}.things.label is 'Line one.
Line <two> & more.';
create materialized view {name}.thing_counts as select count(*) as n from {name}.things;
create view {name}.thing_summary as select max(id) as top from {name}.things;
create function {name}.nothing() returns void language sql as 'select';
create function {name}.one_thing(i int) returns {name}.things language sql as 'select * from {name}.things where id = i';
create function {name}.pairs() returns table (a int, b text) language sql as 'select 1, ''x''';
create function {name}.outs(x int, out y int, out z text) language sql as 'select x, ''z''';
create function {name}.one_out(x int, out y int) language sql as 'select x';
create function {name}.raw_text(text) returns text language sql as 'select $1';
create function {name}.unnamed(int) returns int language sql as 'select $1';
create function {name}.over(a int) returns int language sql as 'select a';
create function {name}.over(a int, b int) returns int language sql as 'select a + b';
create procedure {name}.proc() language sql as 'select 1';
create function {name}.trig() returns trigger language plpgsql as 'begin return new; end';
"""
    )

    try
        body name
    finally
        Live.exec $"drop schema {name} cascade"

[<Tests>]
let tests =
    testList
        "Generator.Catalog"
        [
            test "relations and functions of schema gen, sorted by name (ordinal)" {
                let s = Live.gen.Value
                Expect.equal s.Name "gen" "schema"

                Expect.equal
                    (s.Relations |> List.map (fun r -> r.Name))
                    [ "authors"; "book_status_log"; "books"; "published_books" ]
                    "relations"

                Expect.equal
                    (s.Functions |> List.map (fun f -> f.Name))
                    [ "add_pages"; "book_count"; "books_by_status"; "titles" ]
                    "functions"

                Expect.equal
                    ((relation s "books").Columns |> List.take 4 |> List.map (fun c -> c.Name))
                    [ "id"; "author_id"; "co_author_id"; "title" ]
                    "columns in table order"
            }

            test "identity, generated and defaulted columns: what the OpenAPI document cannot tell" {
                let s = Live.gen.Value
                Expect.equal (column s "authors" "id").Default Identity "authors.id is identity (by default)"
                Expect.equal (column s "books" "id").Default Identity "books.id"
                Expect.equal (column s "books" "price_x2").Default Computed "price_x2 is generated always (stored)"
                let tags = column s "books" "tags"
                Expect.equal (tags.Type, tags.Default, tags.Nullable) (Array(Base "text"), HasDefault, false) "tags"
                Expect.equal (column s "books" "status").Default HasDefault "status default 'draft'"
                Expect.equal (column s "books" "pages").Default HasDefault "pages default 0"
                Expect.equal (column s "book_status_log" "at").Default HasDefault "at default now()"
                Expect.equal (column s "books" "author_id").Default NoDefault "author_id"
                Expect.equal (column s "books" "title").Nullable false "title not null"
                Expect.equal (column s "books" "price").Nullable true "price nullable"
            }

            test "types as PostgREST names them (format_type), enum labels in order, lengths" {
                let s = Live.gen.Value
                let t name = (column s "books" name).Type
                Expect.equal (t "status") statusType "enum, schema-qualified, labels in declaration order"
                Expect.equal (t "created_at") (Base "timestamp with time zone") "timestamptz"
                Expect.equal (t "local_at") (Base "timestamp without time zone") "timestamp"
                Expect.equal (t "ints") (Array(Base "integer")) "int[]"
                Expect.equal (t "code") (Base "character") "char(3)"
                Expect.equal (t "short_name") (Base "character varying") "varchar(20)"
                Expect.equal (t "price") (Base "numeric") "numeric(10,2) without modifiers"
                Expect.equal (column s "books" "code").MaxLength (Some 3) "char(3)"
                Expect.equal (column s "books" "short_name").MaxLength (Some 20) "varchar(20)"
                Expect.equal (column s "books" "title").MaxLength None "text"
                Expect.equal (column s "authors" "first name").Type (Base "text") "quoted name"
                Expect.equal (Model.enumsOf s) [ "gen.status", [ "draft"; "published"; "out of print" ] ] "enums"
            }

            test "keys: primary and foreign keys, views through their base table" {
                let s = Live.gen.Value
                Expect.isTrue (column s "books" "id").PrimaryKey "books.id"
                Expect.isTrue (column s "book_status_log" "book_id").PrimaryKey "composite key, first"
                Expect.isTrue (column s "book_status_log" "at").PrimaryKey "composite key, second"

                Expect.equal
                    (column s "books" "co_author_id").ForeignKey
                    (Some { Table = "authors"; Column = "id" })
                    "co_author_id"

                let view = relation s "published_books"
                Expect.isTrue (column s "published_books" "id").PrimaryKey "view id (books' key)"

                Expect.equal
                    (column s "published_books" "author_id").ForeignKey
                    (Some { Table = "authors"; Column = "id" })
                    "view author_id"

                Expect.isTrue (view.Columns |> List.forall (fun c -> c.Nullable)) "view columns: nullable"
                Expect.isTrue (view.Insertable && view.Updatable && view.Deletable) "auto-updatable view"
            }

            test "function return types, optional and variadic arguments" {
                let s = Live.gen.Value
                Expect.equal (func s "book_count").Returns (Single(Base "bigint")) "returns bigint"
                Expect.equal (func s "add_pages").Returns (Single(Base "integer")) "returns int"
                Expect.equal (func s "books_by_status").Returns (SetOf(Base "gen.books")) "setof a relation's rows"
                Expect.equal (func s "titles").Returns (SetOf(Base "text")) "setof text"

                Expect.equal
                    (func s "add_pages").Parameters
                    [
                        {
                            Name = "book"
                            Type = Base "bigint"
                            Required = true
                            Variadic = false
                        }
                        {
                            Name = "extra"
                            Type = Base "integer"
                            Required = false
                            Variadic = false
                        }
                    ]
                    "add_pages(book bigint, extra int default 1)"

                Expect.equal
                    (func s "titles").Parameters
                    [
                        {
                            Name = "ids"
                            Type = Array(Base "bigint")
                            Required = true
                            Variadic = true
                        }
                    ]
                    "variadic ids bigint[]"

                Expect.equal
                    (func s "books_by_status").Parameters
                    [
                        {
                            Name = "s"
                            Type = statusType
                            Required = true
                            Variadic = false
                        }
                    ]
                    "an enum argument carries its labels"

                Expect.equal (func s "book_count").Parameters [] "no arguments"
            }

            test "comments of tables, views, columns and functions" {
                let s = Live.gen.Value
                Expect.equal (relation s "authors").Comment (Some "People who write books.") "table"
                Expect.equal (relation s "published_books").Comment (Some "Books on sale.") "view"
                Expect.equal (relation s "books").Comment None "no comment"

                Expect.equal (column s "authors" "name").Comment (Some "Full name as printed on the cover.") "column"

                Expect.equal
                    (column s "books" "price_x2").Comment
                    (Some "Computed by the database: twice the price.")
                    "generated column"

                Expect.equal
                    (func s "add_pages").Comment
                    (Some "Adds pages to a book and returns the new count.")
                    "function"
            }

            test "the second schema, and the origin: catalog, no password, PostgreSQL version" {
                let b = Uri(Live.pgUri ())

                let withPassword =
                    sprintf "postgresql://%s:s3cret-pw@%s:%d%s" (b.UserInfo.Split(':')[0]) b.Host b.Port b.AbsolutePath

                let s = CatalogSource.read withPassword "gen_b"
                Expect.equal (s.Relations |> List.map (fun r -> r.Name)) [ "items" ] "relations"

                Expect.equal
                    (s.Functions |> List.map (fun f -> f.Name, f.Returns))
                    [ "ping", Single(Base "text") ]
                    "functions"

                Expect.equal s.Origin.Source "catalog" "source"
                Expect.isFalse (s.Origin.Location.Contains "s3cret") "no password in the location"
                Expect.stringStarts s.Origin.Location "postgresql://postgres@" "location"
                Expect.stringStarts (defaultArg s.Origin.ServerVersion "") "PostgreSQL 15" "server version"

                let fromNpgsql =
                    CatalogSource.read (Live.connectionString () + ";Password=s3cret-pw") "gen_b"

                Expect.equal fromNpgsql.Relations s.Relations "an Npgsql connection string reads the same"
                Expect.isFalse (fromNpgsql.Origin.Location.Contains "s3cret") "no password (Npgsql form)"
            }

            test "reading twice gives the same model" {
                Expect.equal (CatalogSource.read (Live.pgUri ()) "gen") Live.gen.Value "deterministic"
            }

            test "return kinds, argument rules and relation kinds beyond the fixture (a throwaway schema)" {
                withScratchSchema (fun name ->
                    let s = CatalogSource.read (Live.pgUri ()) name
                    let f = func s
                    Expect.equal (f "nothing").Returns Void "void"
                    Expect.equal (f "one_thing").Returns (Single(Base(name + ".things"))) "one row of a relation"

                    Expect.equal (f "pairs").Returns (Table [ "a", Base "integer"; "b", Base "text" ]) "returns table"

                    Expect.equal (f "outs").Returns (Table [ "y", Base "integer"; "z", Base "text" ]) "OUT parameters"
                    Expect.equal (f "outs").Parameters.Length 1 "OUT parameters are not arguments"
                    Expect.equal (f "one_out").Returns (Single(Base "integer")) "one OUT parameter: its type"
                    Expect.equal ((f "raw_text").Parameters |> List.map (fun p -> p.Name)) [ "" ] "one unnamed text"

                    Expect.equal
                        (s.Functions |> List.map (fun f -> f.Name, f.Parameters.Length))
                        [
                            "nothing", 0
                            "one_out", 1
                            "one_thing", 1
                            "outs", 1
                            "over", 1
                            "over", 2
                            "pairs", 0
                            "raw_text", 1
                        ]
                        "no procedure, trigger function or unnamed int argument; overloads by argument count"

                    let things = relation s "things"
                    Expect.equal (column s "things" "id").Default AlwaysIdentity "generated always as identity"
                    Expect.equal (column s "things" "label").Type (Base "text") "a domain over text is text"
                    Expect.equal (column s "things" "label").Comment (Some "Line one.\nLine <two> & more.") "comment"
                    let mood = Enum(name + ".mood", [ "sad"; "ok" ])
                    Expect.equal (column s "things" "moods").Type (Array mood) "array of an enum"
                    Expect.equal (column s "things" "moods").Default HasDefault "array default"
                    Expect.equal (column s "things" "m").Type (Base(name + ".code")) "a domain over an enum"
                    Expect.isTrue things.Insertable "table"
                    let counts = relation s "thing_counts"
                    Expect.isFalse (counts.Insertable || counts.Updatable || counts.Deletable) "materialized view"
                    let summary = relation s "thing_summary"
                    Expect.isFalse (summary.Insertable || summary.Updatable || summary.Deletable) "aggregate view")
            }

            test "a bad connection fails clearly, naming the server and never the password" {
                let e =
                    failure (fun () ->
                        CatalogSource.read "postgresql://someone:s3cret-pw@127.0.0.1:1/nodb" "gen"
                        |> ignore)

                Expect.stringContains
                    e.Message
                    "Cannot connect to PostgreSQL at postgresql://someone@127.0.0.1:1/nodb"
                    "message"

                Expect.isFalse (e.Message.Contains "s3cret") "no password in the message"

                let bad = failure (fun () -> CatalogSource.read "Host=;;=x" "gen" |> ignore)

                Expect.stringContains bad.Message "connection string" "malformed connection string"
            }

            test "a missing schema fails clearly" {
                let e =
                    failure (fun () -> CatalogSource.read (Live.pgUri ()) "no_such_schema" |> ignore)

                Expect.stringContains e.Message "The schema \"no_such_schema\" does not exist" "message"
            }
        ]
