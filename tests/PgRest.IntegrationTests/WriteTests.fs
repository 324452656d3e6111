/// Writes against the live PostgREST: insert, upsert, update, delete, preferences, constraint errors and auth.
/// Every test seeds its own rows under a unique key (Server.uniqueTag) and removes them afterwards, or rolls
/// its transaction back, so the lists run in parallel with the rest of the suite.
module PgRest.IntegrationTests.WriteTests

open System
open System.Threading.Tasks
open Expecto
open PgRest
open PgRest.IntegrationTests.Expectations

/// A row of api.kv (n defaults to 42, note to 'dflt').
[<CLIMutable>]
type KvRow =
    {
        K: string
        V: string option
        N: int option
        Note: string option
    }

/// A row of api.inventory (unique (sku, warehouse)).
[<CLIMutable>]
type InventoryRow =
    {
        Id: int
        Sku: string
        Warehouse: string
        Qty: int
    }

/// A row of api.notes (identity id, enum mood).
[<CLIMutable>]
type NoteRow =
    {
        Id: int64
        Title: string
        Mood: string
        CreatedAt: DateTimeOffset
    }

/// A body for api.notes: `CreatedAt` must reach the server as `created_at`.
type NewNote =
    {
        Title: string
        Mood: string
        CreatedAt: DateTimeOffset
    }

/// A row of api.todos.
[<CLIMutable>]
type TodoRow =
    {
        Id: int64
        Task: string
        Done: bool
        Owner: string option
    }

let private client () = Server.client.Value

/// Runs `body`, then always runs `cleanup`.
let private withCleanup (cleanup: unit -> unit) (body: unit -> Task<unit>) : Task<unit> =
    task {
        try
            do! body ()
        finally
            cleanup ()
    }

/// A cleanup that runs SQL as the superuser.
let private sqlCleanup (statement: string) () = Server.sql statement |> ignore

/// Deletes every kv row whose key starts with `tag` (through the client: anon may delete kv rows).
let private kvCleanup (tag: string) () =
    client().From("kv").Delete().Like("k", tag + "*").Execute() |> ignore

/// The kv row with key `k` read back through the client, as `v|n|note` with `<null>` for NULL; "" when absent.
let private kvInDb (k: string) =
    let show (value: string option) = defaultArg value "<null>"

    match
        client().From("kv").Select("k,v,n,note").Eq("k", k).ToList<KvRow>()
        |> List.ofSeq
    with
    | [] -> ""
    | [ r ] -> sprintf "%s|%s|%s" (show r.V) (r.N |> Option.map string |> show) (show r.Note)
    | rows -> failwithf "%d rows with key %s" rows.Length k

/// Inserts the kv row (k, v) through the client.
let private seedKv (k: string) (v: string) =
    client().From("kv").Insert({| k = k; v = v |}).Execute() |> ignore

let private row k v n note : KvRow = { K = k; V = v; N = n; Note = note }

[<Tests>]
let tests =
    testList
        "Integration.Writes"
        [
            testCaseTask "insert of one row answers 201 with no body (return=minimal) and stores the row" (fun () ->
                task {
                    let tag = Server.uniqueTag "w-ins"

                    do!
                        withCleanup (kvCleanup tag) (fun () ->
                            task {
                                let! response =
                                    client()
                                        .From("kv")
                                        .Insert(row tag (Some "one") (Some 7) (Some "a note"))
                                        .ExecuteAsync()

                                Expect.equal response.StatusCode 201 "201 Created"
                                Expect.isTrue response.Body.IsEmpty "minimal: no body"
                                Expect.equal (kvInDb tag) "one|7|a note" "the row is in the table"

                                let! back = client().From("kv").Eq("k", tag).SingleAsync<KvRow>()

                                Expect.equal
                                    back
                                    (row tag (Some "one") (Some 7) (Some "a note"))
                                    "read back through the client"
                            })
                })

            testCaseTask "insert with Select returns the representation shaped by the select list" (fun () ->
                task {
                    let tag = Server.uniqueTag "w-rep"

                    do!
                        withCleanup (kvCleanup tag) (fun () ->
                            task {
                                let! response =
                                    client()
                                        .From("kv")
                                        .Insert({| k = tag; v = "rep" |})
                                        .Select("k,v,n")
                                        .ExecuteAsync<KvRow[]>()

                                Expect.equal response.StatusCode 201 "201 Created"

                                Expect.equal
                                    response.Value
                                    [| row tag (Some "rep") (Some 42) None |]
                                    "k, v and the defaulted n; note not selected"

                                Expect.stringContains response.BodyText "\"n\":42" "n came from the column default"
                                Expect.isFalse (response.BodyText.Contains "note") "note was not selected"
                            })
                })

            testCaseTask
                "Returning(HeadersOnly) answers 201 with a Location header for the new row and no body"
                (fun () ->
                    task {
                        let tag = Server.uniqueTag "w-loc"

                        do!
                            withCleanup (kvCleanup tag) (fun () ->
                                task {
                                    let! response =
                                        client()
                                            .From("kv")
                                            .Insert({| k = tag; v = "loc" |})
                                            .Returning(ReturnMode.HeadersOnly)
                                            .ExecuteAsync()

                                    Expect.equal response.StatusCode 201 "201 Created"

                                    Expect.equal
                                        (response.GetHeader "Location")
                                        (sprintf "/kv?k=eq.%s" tag)
                                        "Location of the row"

                                    Expect.isTrue response.Body.IsEmpty "headers only"
                                    Expect.equal (kvInDb tag) "loc|42|dflt" "stored"
                                })
                    })

            testCaseTask
                "InsertMany with rows of different keys sends the union as columns= and stores NULL for missing keys"
                (fun () ->
                    task {
                        let tag = Server.uniqueTag "w-many"
                        let k1, k2, k3 = tag + "-1", tag + "-2", tag + "-3"

                        let rows =
                            [
                                box {| k = k1; v = "first" |}
                                box {| k = k2; n = 5 |}
                                box
                                    {|
                                        k = k3
                                        note = "third"
                                        v = "third-v"
                                    |}
                            ]

                        do!
                            withCleanup (kvCleanup tag) (fun () ->
                                task {
                                    let query = client().From("kv").InsertMany(rows)

                                    Expect.stringContains
                                        (query.ToRequest().PathAndQuery)
                                        "columns=k,v,n,note"
                                        "union of keys, first-seen order"

                                    let! response = query.ExecuteAsync()
                                    Expect.equal response.StatusCode 201 "201 Created"

                                    Expect.equal
                                        (kvInDb k1)
                                        "first|42|dflt"
                                        "n and note missing: their DEFAULT (missing=default is sent with columns=)"

                                    Expect.equal
                                        (kvInDb k2)
                                        "<null>|5|dflt"
                                        "v missing: NULL (no default), note: its DEFAULT"

                                    Expect.equal (kvInDb k3) "third-v|42|third" "n missing: its DEFAULT"
                                })
                    })

            testCaseTask
                "InsertJson with keys reordered, repeated, missing and escaped stores every value in its column"
                (fun () ->
                    task {
                        let tag = Server.uniqueTag "w-json"
                        let k1, k2, k3, k4 = tag + "-1", tag + "-2", tag + "-3", tag + "-4"

                        // Row 2 swaps the order of row 1, row 3 spells `k` and `note` with JSON escapes, row 4 repeats
                        // row 1's order after the others: the columns= scan compares keys by position first.
                        let json =
                            $"""[{{"k":"{k1}","v":"a"}},{{"v":"b","k":"{k2}"}},{{"\u006b":"{k3}","n":7,"no\u0074e":"c"}},{{"k":"{k4}","v":"d"}}]"""

                        do!
                            withCleanup (kvCleanup tag) (fun () ->
                                task {
                                    let query = client().From("kv").InsertJson(json)

                                    Expect.stringContains
                                        (query.ToRequest().PathAndQuery)
                                        "columns=k,v,n,note"
                                        "union of the decoded keys, first-seen order"

                                    let! response = query.ExecuteAsync()
                                    Expect.equal response.StatusCode 201 "201 Created"
                                    Expect.equal (kvInDb k1) "a|42|dflt" "row 1"
                                    Expect.equal (kvInDb k2) "b|42|dflt" "row 2, keys swapped"
                                    Expect.equal (kvInDb k3) "<null>|7|c" "row 3, escaped keys"
                                    Expect.equal (kvInDb k4) "d|42|dflt" "row 4"
                                })
                    })

            testCaseTask
                "InsertMany with missingAsDefault gives missing columns their DEFAULT (n 42, note 'dflt')"
                (fun () ->
                    task {
                        let tag = Server.uniqueTag "w-dflt"
                        let k1, k2 = tag + "-1", tag + "-2"

                        let rows = [ box {| k = k1; v = "x"; n = 1 |}; box {| k = k2; note = "mine" |} ]

                        do!
                            withCleanup (kvCleanup tag) (fun () ->
                                task {
                                    let! inserted =
                                        client()
                                            .From("kv")
                                            .InsertMany(rows, missingAsDefault = true)
                                            .Select("k,v,n,note")
                                            .Order("k")
                                            .ToListAsync<KvRow>()

                                    Expect.equal
                                        (List.ofSeq inserted)
                                        [
                                            row k1 (Some "x") (Some 1) (Some "dflt")
                                            row k2 None (Some 42) (Some "mine")
                                        ]
                                        "missing n and note took their defaults; v has no default, so NULL"

                                    Expect.equal (kvInDb k2) "<null>|42|mine" "stored with the defaults"
                                })
                    })

            testCaseTask
                "upsert merge-duplicates on the primary key updates the row and answers 200 when every row was an update"
                (fun () ->
                    task {
                        let tag = Server.uniqueTag "w-ups"
                        seedKv tag "old"

                        do!
                            withCleanup (kvCleanup tag) (fun () ->
                                task {
                                    let! response =
                                        client().From("kv").Upsert({| k = tag; v = "new" |}).ExecuteAsync()

                                    Expect.equal response.StatusCode 200 "200: all rows were updates"

                                    Expect.stringContains
                                        (response.GetHeader "Preference-Applied" |> string)
                                        "resolution=merge-duplicates"
                                        "echoed"

                                    Expect.equal (kvInDb tag) "new|42|dflt" "value changed"

                                    let fresh = tag + "-fresh"

                                    let! mixed =
                                        client()
                                            .From("kv")
                                            .Upsert([| {| k = tag; v = "newer" |}; {| k = fresh; v = "inserted" |} |])
                                            .Select("k,v")
                                            .Order("k")
                                            .ExecuteAsync<KvRow[]>()

                                    Expect.equal mixed.StatusCode 201 "201 once any row was inserted"

                                    Expect.equal
                                        (mixed.Value |> Array.map (fun r -> r.K, r.V))
                                        [| tag, Some "newer"; fresh, Some "inserted" |]
                                        "representation of both rows"
                                })
                    })

            testCaseTask
                "upsert with onConflict on (sku, warehouse) updates the matching inventory row in place"
                (fun () ->
                    task {
                        let sku = Server.uniqueTag "w-sku"

                        do!
                            withCleanup
                                (sqlCleanup (sprintf "delete from api.inventory where sku = '%s'" sku))
                                (fun () ->
                                    task {
                                        let! seeded =
                                            client()
                                                .From("inventory")
                                                .InsertMany(
                                                    [
                                                        {|
                                                            sku = sku
                                                            warehouse = "north"
                                                            qty = 1
                                                        |}
                                                        {|
                                                            sku = sku
                                                            warehouse = "south"
                                                            qty = 2
                                                        |}
                                                    ]
                                                )
                                                .Select("id,sku,warehouse,qty")
                                                .Order("warehouse")
                                                .ToListAsync<InventoryRow>()

                                        let north = seeded[0]

                                        let query =
                                            client()
                                                .From("inventory")
                                                .Upsert(
                                                    {|
                                                        sku = sku
                                                        warehouse = "north"
                                                        qty = 99
                                                    |},
                                                    onConflict = "sku,warehouse"
                                                )
                                                .Select("id,sku,warehouse,qty")

                                        Expect.stringContains
                                            (query.ToRequest().PathAndQuery)
                                            "on_conflict=sku,warehouse"
                                            "on_conflict sent"

                                        let! response = query.ExecuteAsync<InventoryRow[]>()

                                        Expect.equal response.StatusCode 200 "an update"
                                        Expect.equal response.Value [| { north with Qty = 99 } |] "same id, new qty"

                                        Expect.equal
                                            (Server.sql (
                                                sprintf
                                                    "select warehouse || ':' || qty from api.inventory where sku = '%s' order by warehouse"
                                                    sku
                                            ))
                                            "north:99\nsouth:2"
                                            "only the conflicting row changed; no new row"
                                    })
                    })

            testCaseTask
                "upsert with ignoreDuplicates leaves existing rows unchanged and returns only the inserted rows"
                (fun () ->
                    task {
                        let tag = Server.uniqueTag "w-ign"
                        seedKv tag "keep"
                        let fresh = tag + "-new"

                        do!
                            withCleanup (kvCleanup tag) (fun () ->
                                task {
                                    let! response =
                                        client()
                                            .From("kv")
                                            .Upsert(
                                                [| {| k = tag; v = "overwrite?" |}; {| k = fresh; v = "added" |} |],
                                                ignoreDuplicates = true
                                            )
                                            .Select("k,v")
                                            .ExecuteAsync<KvRow[]>()

                                    Expect.equal response.StatusCode 201 "201: a row was inserted"

                                    Expect.equal
                                        (response.Value |> Array.map (fun r -> r.K, r.V))
                                        [| fresh, Some "added" |]
                                        "only the new row"

                                    Expect.stringContains
                                        (response.GetHeader "Preference-Applied" |> string)
                                        "resolution=ignore-duplicates"
                                        "echoed"

                                    Expect.equal (kvInDb tag) "keep|42|dflt" "existing row unchanged"
                                    Expect.equal (kvInDb fresh) "added|42|dflt" "new row stored"
                                })
                    })

            testCaseTask
                "update with filters changes only the matched rows and returns them with Select; no match gives []"
                (fun () ->
                    task {
                        let tag = Server.uniqueTag "w-upd"
                        seedKv (tag + "-a") "a"
                        seedKv (tag + "-b") "b"
                        seedKv (tag + "-c") "c"

                        do!
                            withCleanup (kvCleanup tag) (fun () ->
                                task {
                                    let! response =
                                        client()
                                            .From("kv")
                                            .Update({| v = "changed"; n = 5 |})
                                            .In("k", tag + "-a", tag + "-b")
                                            .Select("k,v,n")
                                            .Order("k")
                                            .ExecuteAsync<KvRow[]>()

                                    Expect.equal response.StatusCode 200 "PATCH with representation: 200"

                                    Expect.equal
                                        response.Value
                                        [|
                                            row (tag + "-a") (Some "changed") (Some 5) None
                                            row (tag + "-b") (Some "changed") (Some 5) None
                                        |]
                                        "the two matched rows"

                                    Expect.equal (kvInDb (tag + "-c")) "c|42|dflt" "the unmatched row is unchanged"

                                    let! none =
                                        client()
                                            .From("kv")
                                            .Update({| v = "x" |})
                                            .Eq("k", tag + "-nothing")
                                            .Select("k")
                                            .ExecuteAsync<KvRow[]>()

                                    Expect.equal none.StatusCode 200 "still 200"
                                    Expect.equal none.BodyText "[]" "no rows matched"

                                    let! minimal =
                                        client().From("kv").Update({| v = "min" |}).Eq("k", tag + "-c").ExecuteAsync()

                                    Expect.equal minimal.StatusCode 204 "minimal PATCH: 204"
                                    Expect.equal (kvInDb (tag + "-c")) "min|42|dflt" "updated"
                                })
                    })

            testCaseTask "delete with filters removes the matched rows and WithCount reports how many" (fun () ->
                task {
                    let tag = Server.uniqueTag "w-del"
                    seedKv (tag + "-a") "a"
                    seedKv (tag + "-b") "b"
                    seedKv (tag + "-keep") "keep"

                    do!
                        withCleanup (kvCleanup tag) (fun () ->
                            task {
                                let! response =
                                    client()
                                        .From("kv")
                                        .Delete()
                                        .In("k", tag + "-a", tag + "-b")
                                        .WithCount()
                                        .ExecuteAsync()

                                Expect.equal response.StatusCode 204 "minimal DELETE: 204"
                                Expect.equal response.TotalCount (Nullable 2L) "Content-Range */2: two rows deleted"

                                Expect.equal
                                    (Server.sql (
                                        sprintf "select string_agg(k, ',') from api.kv where k like '%s%%'" tag
                                    ))
                                    (tag + "-keep")
                                    "only the unmatched row is left"

                                let! returned =
                                    client()
                                        .From("kv")
                                        .Delete()
                                        .Eq("k", tag + "-keep")
                                        .Select("k,v")
                                        .ExecuteAsync<KvRow[]>()

                                Expect.equal returned.StatusCode 200 "DELETE with representation: 200"

                                Expect.equal
                                    returned.Value
                                    [| row (tag + "-keep") (Some "keep") None None |]
                                    "the deleted row"

                                Expect.equal (kvInDb (tag + "-keep")) "" "gone"
                            })
                })

            testCaseTask "RollbackTransaction returns the inserted row but leaves nothing behind" (fun () ->
                task {
                    let tag = Server.uniqueTag "w-rb"

                    do!
                        withCleanup (kvCleanup tag) (fun () ->
                            task {
                                let! response =
                                    client()
                                        .From("kv")
                                        .Insert({| k = tag; v = "ghost" |})
                                        .Select("k,v")
                                        .RollbackTransaction()
                                        .ExecuteAsync<KvRow[]>()

                                Expect.equal response.StatusCode 201 "201 as if committed"
                                Expect.equal response.Value [| row tag (Some "ghost") None None |] "the row came back"

                                Expect.stringContains
                                    (response.GetHeader "Preference-Applied" |> string)
                                    "tx=rollback"
                                    "echoed"

                                Expect.equal (kvInDb tag) "" "rolled back: absent"
                            })
                })

            testCaseTask
                "UpsertSingle (PUT) inserts, then replaces one row identified by its whole primary key"
                (fun () ->
                    task {
                        let tag = Server.uniqueTag "w-put"

                        do!
                            withCleanup (kvCleanup tag) (fun () ->
                                task {
                                    let put (v: string) =
                                        client()
                                            .From("kv")
                                            .Eq("k", tag)
                                            .UpsertSingle({| k = tag; v = v |})
                                            .Select("k,v,n")

                                    let! created = (put "one").ExecuteAsync<KvRow[]>()
                                    Expect.equal created.StatusCode 201 "inserted"
                                    Expect.equal created.Value [| row tag (Some "one") (Some 42) None |] "default n"
                                    Expect.equal ((put "one").ToRequest().Method.Method) "PUT" "sent with PUT"

                                    let! replaced = (put "two").ExecuteAsync<KvRow[]>()
                                    Expect.equal replaced.StatusCode 200 "updated"
                                    Expect.equal replaced.Value [| row tag (Some "two") (Some 42) None |] "replaced"

                                    let! notByKey =
                                        expectPostgrestError (fun () ->
                                            client()
                                                .From("kv")
                                                .Gt("k", tag)
                                                .UpsertSingle({| k = tag; v = "x" |})
                                                .ExecuteAsync())

                                    Expect.equal
                                        (notByKey.Status, notByKey.Code)
                                        (405, "PGRST105")
                                        "filters must be eq on the key"

                                    let! otherKey =
                                        expectPostgrestError (fun () ->
                                            client()
                                                .From("kv")
                                                .Eq("k", tag)
                                                .UpsertSingle({| k = tag + "-x"; v = "x" |})
                                                .ExecuteAsync())

                                    Expect.equal
                                        (otherKey.Status, otherKey.Code)
                                        (400, "PGRST115")
                                        "body key must match"
                                })
                    })

            testCaseTask "a client-wide Prefer: tx=rollback still rolls back a write that asks for its rows" (fun () ->
                task {
                    let tag = Server.uniqueTag "w-prefer"

                    do!
                        withCleanup (kvCleanup tag) (fun () ->
                            task {
                                let dryRun = client().WithHeader("Prefer", "tx=rollback")

                                let! response =
                                    dryRun
                                        .From("kv")
                                        .Insert({| k = tag; v = "ghost" |})
                                        .Select("k,v")
                                        .ExecuteAsync<KvRow[]>()

                                Expect.equal response.Value [| row tag (Some "ghost") None None |] "rows came back"
                                Expect.equal (kvInDb tag) "" "and the insert was rolled back"
                            })
                })

            testCaseTask
                "MaxAffected is ignored by PostgREST 12.0.2 unless Handling(Strict), which rejects it with 400 PGRST122"
                (fun () ->
                    task {
                        let tag = Server.uniqueTag "w-max"
                        seedKv (tag + "-a") "a"
                        seedKv (tag + "-b") "b"

                        do!
                            withCleanup (kvCleanup tag) (fun () ->
                                task {
                                    let update (v: string) =
                                        client().From("kv").Update({| v = v |}).Like("k", tag + "*").MaxAffected(1)

                                    let! e =
                                        expectPostgrestError (fun () ->
                                            update("strict").Handling(PreferenceHandling.Strict).ExecuteAsync())

                                    Expect.equal e.Status 400 "400"
                                    Expect.equal e.Code "PGRST122" "invalid preference under handling=strict"

                                    Expect.stringContains
                                        (e.Details |> string)
                                        "max-affected=1"
                                        "names the invalid preference"

                                    Expect.equal (kvInDb (tag + "-a")) "a|42|dflt" "nothing updated"
                                    Expect.equal (kvInDb (tag + "-b")) "b|42|dflt" "nothing updated"

                                    let! strictButValid =
                                        client()
                                            .From("kv")
                                            .Update({| note = "strict-ok" |})
                                            .Like("k", tag + "*")
                                            .Handling(PreferenceHandling.Strict)
                                            .WithCount()
                                            .ExecuteAsync()

                                    Expect.equal
                                        strictButValid.TotalCount
                                        (Nullable 2L)
                                        "strict accepts valid preferences"

                                    let! lenient = update("lenient").WithCount().ExecuteAsync()
                                    Expect.equal lenient.StatusCode 204 "accepted"

                                    Expect.equal
                                        lenient.TotalCount
                                        (Nullable 2L)
                                        "both rows updated: max-affected=1 was ignored"

                                    Expect.equal
                                        (Server.sql (
                                            sprintf "select string_agg(v, ',') from api.kv where k like '%s%%'" tag
                                        ))
                                        "lenient,lenient"
                                        "both rows changed"
                                })
                    })

            testCaseTask
                "insert into an identity table returns the generated id; an explicit id is refused with 428C9"
                (fun () ->
                    task {
                        let title = Server.uniqueTag "w-note"

                        do!
                            withCleanup
                                (sqlCleanup (sprintf "delete from api.notes where title = '%s'" title))
                                (fun () ->
                                    task {
                                        let! note =
                                            client()
                                                .From("notes")
                                                .Insert({| title = title; mood = "happy" |})
                                                .Select("id,title,mood,created_at")
                                                .SingleAsync<NoteRow>()

                                        Expect.isGreaterThan
                                            note.Id
                                            3L
                                            "a new identity value after the three fixture rows"

                                        Expect.equal (note.Title, note.Mood) (title, "happy") "title and enum value"

                                        Expect.equal
                                            (Server.sql (sprintf "select id from api.notes where title = '%s'" title))
                                            (string note.Id)
                                            "the returned id is the stored one"

                                        let! e =
                                            expectPostgrestError (fun () ->
                                                client()
                                                    .From("notes")
                                                    .Insert({| id = 424242; title = title + "-x" |})
                                                    .ExecuteAsync())

                                        Expect.equal
                                            (e.Status, e.Code)
                                            (400, "428C9")
                                            "GENERATED ALWAYS refuses an explicit id"
                                    })
                    })

            testCaseTask "a check-constraint violation is 400 23514 with PostgreSQL's message" (fun () ->
                task {
                    let id = Random.Shared.Next(1_000_000, 2_000_000_000)

                    let! (e: PostgrestException) =
                        expectPostgrestError (fun () ->
                            client().From("chk").Insert({| id = id; v = -1 |}).ExecuteAsync())

                    Expect.equal e.Status 400 "400"
                    Expect.equal e.Code "23514" "check_violation"
                    Expect.stringContains e.ServerMessage "chk_v_check" "the message names the constraint"

                    Expect.equal
                        (Server.sql (sprintf "select count(*) from api.chk where id = %d" id))
                        "0"
                        "nothing stored"
                })

            testCaseTask "a unique violation is 409 23505 with the conflicting key in details" (fun () ->
                task {
                    let! (e: PostgrestException) =
                        expectPostgrestError (fun () ->
                            client().From("people").Insert({| email = "a@x.io"; name = "dup" |}).ExecuteAsync())

                    Expect.equal e.Status 409 "409 Conflict"
                    Expect.equal e.Code "23505" "unique_violation"
                    Expect.stringContains e.ServerMessage "people_email_key" "the message names the constraint"
                    Expect.equal e.Details "Key (email)=(a@x.io) already exists." "details carry the key"
                })

            testCaseTask
                "anon cannot write todos (401 42501); a web_user JWT can (201, owner from the sub claim)"
                (fun () ->
                    task {
                        let taskName = Server.uniqueTag "w-todo"

                        do!
                            withCleanup
                                (sqlCleanup (sprintf "delete from api.todos where task like '%s%%'" taskName))
                                (fun () ->
                                    task {
                                        let! e =
                                            expectPostgrestError (fun () ->
                                                client().From("todos").Insert({| task = taskName |}).ExecuteAsync())

                                        Expect.equal (e.Status, e.Code) (401, "42501") "anonymous and denied: 401"

                                        Expect.equal
                                            (Server.sql (
                                                sprintf "select count(*) from api.todos where task = '%s'" taskName
                                            ))
                                            "0"
                                            "nothing stored"

                                        let user = client().WithBearer(Server.jwt "web_user" "\"sub\":\"writer-1\"")

                                        let! created =
                                            user
                                                .From("todos")
                                                .Insert({| task = taskName |})
                                                .Select("id,task,done,owner")
                                                .ExecuteAsync<TodoRow[]>()

                                        Expect.equal created.StatusCode 201 "201 Created"
                                        let todo = created.Value |> Array.exactlyOne

                                        Expect.equal
                                            (todo.Task, todo.Done, todo.Owner)
                                            (taskName, false, Some "writer-1")
                                            "defaults applied, owner from the JWT"

                                        let! e2 =
                                            expectPostgrestError (fun () ->
                                                client()
                                                    .From("todos")
                                                    .Update({| ``done`` = true |})
                                                    .Eq("id", todo.Id)
                                                    .ExecuteAsync())

                                        Expect.equal (e2.Status, e2.Code) (401, "42501") "anon cannot update either"
                                    })
                    })

            testCaseTask "InsertJson sends raw JSON text, an object or an array" (fun () ->
                task {
                    let tag = Server.uniqueTag "w-json"

                    do!
                        withCleanup (kvCleanup tag) (fun () ->
                            task {
                                let! one =
                                    client()
                                        .From("kv")
                                        .InsertJson(sprintf """{"k":"%s-1","v":"raw \"quoted\" é"}""" tag)
                                        .ExecuteAsync()

                                Expect.equal one.StatusCode 201 "object"

                                let! many =
                                    client()
                                        .From("kv")
                                        .InsertJson(sprintf """[{"k":"%s-2","n":1},{"k":"%s-3","v":"x"}]""" tag tag)
                                        .Select("k,v,n")
                                        .Order("k")
                                        .ToListAsync<KvRow>()

                                Expect.equal
                                    (kvInDb (tag + "-1"))
                                    "raw \"quoted\" é|42|dflt"
                                    "raw text stored as given"

                                Expect.equal
                                    (List.ofSeq many)
                                    [
                                        row (tag + "-2") None (Some 1) None
                                        row (tag + "-3") (Some "x") (Some 42) None
                                    ]
                                    "array with different keys: columns= with missing=default gives missing keys their DEFAULT"
                            })
                })

            testCaseTask
                "F# records and anonymous records serialize with snake_case names (CreatedAt -> created_at)"
                (fun () ->
                    task {
                        let title = Server.uniqueTag "w-rec"
                        let at1 = DateTimeOffset(2024, 5, 1, 12, 30, 0, TimeSpan.Zero)
                        let at2 = DateTimeOffset(2023, 12, 24, 18, 0, 0, TimeSpan.FromHours 2.0)

                        do!
                            withCleanup
                                (sqlCleanup (sprintf "delete from api.notes where title like '%s%%'" title))
                                (fun () ->
                                    task {
                                        let record: NewNote =
                                            {
                                                Title = title + "-rec"
                                                Mood = "sad"
                                                CreatedAt = at1
                                            }

                                        let query = client().From("notes").Insert(record)

                                        Expect.stringContains
                                            (query.ToRequest().BodyText |> string)
                                            "\"created_at\":"
                                            "snake_case key"

                                        let! _ = query.ExecuteAsync()

                                        let! _ =
                                            client()
                                                .From("notes")
                                                .Insert(
                                                    {|
                                                        Title = title + "-anon"
                                                        Mood = "ok"
                                                        CreatedAt = at2
                                                    |}
                                                )
                                                .ExecuteAsync()

                                        let! back =
                                            client()
                                                .From("notes")
                                                .Select("id,title,mood,created_at")
                                                .Like("title", title + "*")
                                                .Order("title", ascending = false)
                                                .ToListAsync<NoteRow>()

                                        Expect.equal
                                            (back |> Seq.map (fun n -> n.Title, n.Mood, n.CreatedAt) |> List.ofSeq)
                                            [ title + "-rec", "sad", at1; title + "-anon", "ok", at2 ]
                                            "both bodies stored their created_at (the same instants)"

                                        Expect.equal
                                            (Server.sql (
                                                sprintf
                                                    "select to_char(created_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI') from api.notes where title = '%s-anon'"
                                                    title
                                            ))
                                            "2023-12-24 16:00"
                                            "the offset was kept"
                                    })
                    })
        ]
