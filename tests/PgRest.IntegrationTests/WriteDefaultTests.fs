/// "Leave this column to its default" against the live server (issue 15 §4): in insert, upsert and update bodies a
/// null property (F# None/ValueNone, C# null) is left out — the column takes its DEFAULT on insert and keeps its
/// value on update — and an explicit NULL is `DBNull.Value` or a property marked
/// `[<JsonIgnore(Condition = JsonIgnoreCondition.Never)>]`. Every test reads the rows back from the database
/// (api.defaults_rows: identity id, label NOT NULL DEFAULT 'unnamed', note DEFAULT 'dflt', n).
module PgRest.IntegrationTests.WriteDefaultTests

open System
open System.Collections.Generic
open System.Text.Json.Serialization
open System.Threading
open Expecto
open PgRest
open PgRest.FSharp

/// One record type for reads and writes: the identity key is `None` until the database assigns it.
type DefaultsRow =
    {
        Id: int64 option
        Tag: string
        Label: string option
        Note: string option
        N: int option
    }

/// The same row where a `None` note is sent as NULL.
type NullNoteRow =
    {
        Id: int64 option
        Tag: string
        [<JsonIgnore(Condition = JsonIgnoreCondition.Never)>]
        Note: string option
    }

/// A C#-style class: Nullable and null properties.
type DefaultsClass() =
    member val Id = Nullable<int64>() with get, set
    member val Tag = "" with get, set
    member val Label: string | null = null with get, set
    member val N = Nullable<int>() with get, set

/// The explicit NULL of a write.
let private sqlNull = DBNull.Value

let private client () = Server.client.Value

let private table () = client().From("defaults_rows")

/// The rows of a tag in the database, ordered by id: "id-is-set|label|note|n" (NULL shown as <null>).
let private stored (tag: string) =
    Server.sql
        $"select (id is not null)::text || '|' || label || '|' || coalesce(note, '<null>') || '|' || coalesce(n::text, '<null>')
          from api.defaults_rows where tag = '{tag}' order by id"
    |> fun s -> s.Split('\n', StringSplitOptions.RemoveEmptyEntries) |> List.ofArray

let private cleanup (tag: string) =
    Server.sql $"delete from api.defaults_rows where tag = '{tag}'" |> ignore

/// Seeds one row and returns its id.
let private seed (tag: string) (label: string) (note: string) (n: int) =
    Server.sql
        $"insert into api.defaults_rows (tag, label, note, n) values ('{tag}', '{label}', '{note}', {n}) returning id"
    |> int64

let private row (pairs: (string * (obj | null)) list) =
    let d = Dictionary<string, obj | null>()

    for k, v in pairs do
        d[k] <- v

    d

[<Tests>]
let tests =
    testList
        "Integration.WriteDefaults"
        [
            testCaseTask
                "insert: None leaves the identity key, a NOT NULL default and a nullable default to the database"
                (fun () ->
                    task {
                        let tag = Server.uniqueTag "ins"

                        try
                            let! _ =
                                table()
                                    .Insert(
                                        {
                                            Id = None
                                            Tag = tag
                                            Label = None
                                            Note = None
                                            N = Some 3
                                        }
                                    )
                                    .ExecuteAsync()

                            Expect.equal (stored tag) [ "true|unnamed|dflt|3" ] "defaults filled in"
                        finally
                            cleanup tag
                    })

            testCaseTask
                "insert: an explicit NULL (DBNull.Value, or a property marked JsonIgnoreCondition.Never) stays NULL"
                (fun () ->
                    task {
                        let tag = Server.uniqueTag "null"

                        try
                            let! _ = table().Insert({ Id = None; Tag = tag; Note = None }: NullNoteRow).ExecuteAsync()
                            let! _ = table().Insert({| tag = tag; note = sqlNull; n = 1 |}).ExecuteAsync()

                            Expect.equal
                                (stored tag)
                                [ "true|unnamed|<null>|<null>"; "true|unnamed|<null>|1" ]
                                "NULL kept"
                        finally
                            cleanup tag
                    })

            testCaseTask
                "bulk insert: a key left out of some rows takes its DEFAULT, an explicit NULL stays NULL"
                (fun () ->
                    task {
                        let tag = Server.uniqueTag "bulk"

                        try
                            let records =
                                [
                                    {
                                        Id = None
                                        Tag = tag
                                        Label = Some "a"
                                        Note = None
                                        N = None
                                    }
                                    {
                                        Id = None
                                        Tag = tag
                                        Label = None
                                        Note = Some "b"
                                        N = Some 2
                                    }
                                ]

                            let! _ = table().InsertMany(records).ExecuteAsync()

                            let! _ =
                                table()
                                    .InsertMany(
                                        [
                                            row [ "tag", box tag; "label", box "c" ]
                                            row [ "tag", box tag; "note", box sqlNull; "n", box 4 ]
                                        ]
                                    )
                                    .ExecuteAsync()

                            let! _ =
                                table()
                                    .InsertMany(
                                        [
                                            DefaultsClass(Tag = tag, N = Nullable 5)
                                            DefaultsClass(Tag = tag, Label = "e")
                                        ]
                                    )
                                    .ExecuteAsync()

                            Expect.equal
                                (stored tag)
                                [
                                    "true|a|dflt|<null>"
                                    "true|unnamed|b|2"
                                    "true|c|dflt|<null>"
                                    "true|unnamed|<null>|4"
                                    "true|unnamed|dflt|5"
                                    "true|e|dflt|<null>"
                                ]
                                "rows read back"

                            let ids =
                                Server.sql $"select count(distinct id) from api.defaults_rows where tag = '{tag}'"

                            Expect.equal ids "6" "six identities"
                        finally
                            cleanup tag
                    })

            testCaseTask "update: None leaves a column unchanged, DBNull.Value sets it to NULL" (fun () ->
                task {
                    let tag = Server.uniqueTag "upd"

                    try
                        let id = seed tag "L" "keep" 5

                        let! _ =
                            table()
                                .Eq("id", id)
                                .Update(
                                    {
                                        Id = None
                                        Tag = tag
                                        Label = Some "new"
                                        Note = None
                                        N = None
                                    }
                                )
                                .ExecuteAsync()

                        Expect.equal (stored tag) [ "true|new|keep|5" ] "only the label changed"
                        let! _ = table().Eq("id", id).Update({| n = sqlNull |}).ExecuteAsync()
                        Expect.equal (stored tag) [ "true|new|keep|<null>" ] "n set to NULL"
                    finally
                        cleanup tag
                })

            testCaseTask
                "upsert: None keeps a stored value on conflict and takes the DEFAULT on insert; DBNull sets NULL"
                (fun () ->
                    task {
                        let tag = Server.uniqueTag "ups"

                        try
                            let id = seed tag "L" "keep" 5
                            let fresh = 4_000_000_000L + Random.Shared.NextInt64 1_000_000_000L

                            let rows =
                                [
                                    {
                                        Id = Some id
                                        Tag = tag
                                        Label = Some "L2"
                                        Note = None
                                        N = None
                                    }
                                    {
                                        Id = Some fresh
                                        Tag = tag
                                        Label = Some "F"
                                        Note = None
                                        N = None
                                    }
                                ]

                            let! _ = table().Upsert(rows).ExecuteAsync()
                            Expect.equal (stored tag) [ "true|L2|keep|5"; "true|F|dflt|<null>" ] "merged and inserted"

                            let! _ = table().Upsert({| id = id; tag = tag; note = sqlNull |}).ExecuteAsync()
                            Expect.equal (stored tag) [ "true|L2|<null>|5"; "true|F|dflt|<null>" ] "note set to NULL"
                        finally
                            cleanup tag
                    })

            testCaseTask "the F# builder: insert a record with Id = None, read it back with its identity" (fun () ->
                task {
                    let tag = Server.uniqueTag "ce"

                    try
                        let! inserted =
                            pgrest {
                                from "defaults_rows"

                                insert
                                    {
                                        Id = None
                                        Tag = tag
                                        Label = None
                                        Note = None
                                        N = None
                                    }

                                select "*"
                            }
                            |> Pgrest.list<DefaultsRow> (client ()) CancellationToken.None

                        match inserted with
                        | Ok [ r ] ->
                            Expect.isSome r.Id "identity assigned"
                            Expect.equal (r.Label, r.Note) (Some "unnamed", Some "dflt") "defaults returned"
                        | other -> failtestf "unexpected %A" other

                        Expect.equal (stored tag) [ "true|unnamed|dflt|<null>" ] "stored"
                    finally
                        cleanup tag
                })
        ]
