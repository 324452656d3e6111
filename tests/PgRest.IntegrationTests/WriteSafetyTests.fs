/// Write safety (issue 13, items 1-4): no execution helper runs a write it was not asked to. Every cell of the
/// helper × operation table in docs/reliability.md that could write runs here against the live server, and the rows
/// are counted in the database afterwards (psql), not only the request. Each test writes under its own `run` tag in
/// api.write_safety; the unfiltered-write guard uses api.ws_all in a sequenced list (an unguarded client would empty
/// that table).
module PgRest.IntegrationTests.WriteSafetyTests

open System
open System.Collections.Generic
open System.Text.Json
open System.Threading
open System.Threading.Tasks
open Expecto
open PgRest
open PgRest.FSharp
open PgRest.IntegrationTests.Expectations

/// A row of api.write_safety.
[<CLIMutable>]
type WsRow =
    {
        Id: int64
        Run: string
        V: string option
    }

/// A new row of api.write_safety (the id comes from the identity).
type NewRow = { Run: string; V: string }

/// A row of api.write_safety with its key (upsert, PUT).
type KeyedRow = { Id: int64; Run: string; V: string }

let private client () = Server.client.Value

/// The rows of a run as `total|rows with v = 'new'|rows with v like 'rpc%'`, counted by psql.
let private state (run: string) =
    Server.sql (
        sprintf
            "select count(*) || '|' || count(*) filter (where v = 'new') || '|' || count(*) filter (where v like 'rpc%%') from api.write_safety where run = '%s'"
            run
    )

/// Seeds `n` rows (v = 'old') under `run` and returns their ids.
let private seed (run: string) (n: int) : int64 list =
    if n = 0 then
        []
    else
        Server.sql (
            sprintf
                "insert into api.write_safety(run, v) select '%s', 'old' from generate_series(1, %d) returning id"
                run
                n
        )
        |> fun text -> text.Split('\n') |> Array.map int64 |> List.ofArray

/// One writing operation: how many rows to seed, the query (over the seeded ids), the state before and the state after
/// exactly one execution.
type private Scenario =
    {
        Name: string
        Seed: int
        Build: string -> int64 list -> PostgrestQuery
        Before: string
        Once: string
        /// Rows the write touches (Single/MaybeSingle accept exactly one).
        Touches: int
    }

let private scenarios: Scenario list =
    [
        {
            Name = "insert (POST, 2 rows)"
            Seed = 0
            Build =
                fun run _ ->
                    client()
                        .From("write_safety")
                        .InsertMany([ { Run = run; V = "new" }; { Run = run; V = "new" } ])
                        .Select("id,run,v")
            Before = "0|0|0"
            Once = "2|2|0"
            Touches = 2
        }
        {
            Name = "upsert (POST merge-duplicates, 2 rows)"
            Seed = 1
            Build =
                fun run ids ->
                    let existing = List.head ids

                    client()
                        .From("write_safety")
                        .Upsert(
                            [
                                { Id = existing; Run = run; V = "new" }
                                // a negative id: never produced by the identity, so never another test's row
                                { Id = -existing; Run = run; V = "new" }
                            ]
                        )
                        .Select("id,run,v")
            Before = "1|0|0"
            Once = "2|2|0"
            Touches = 2
        }
        {
            Name = "PUT (UpsertSingle, 1 row)"
            Seed = 1
            Build =
                fun run ids ->
                    let id = List.head ids

                    client()
                        .From("write_safety")
                        .Eq("id", id)
                        .UpsertSingle({ Id = id; Run = run; V = "new" })
                        .Select("id,run,v")
            Before = "1|0|0"
            Once = "1|1|0"
            Touches = 1
        }
        {
            Name = "update (PATCH, 2 rows)"
            Seed = 2
            Build =
                fun run _ -> client().From("write_safety").Eq("run", run).Update(dict [ "v", "new" ]).Select("id,run,v")
            Before = "2|0|0"
            Once = "2|2|0"
            Touches = 2
        }
        {
            Name = "delete (DELETE, 2 rows)"
            Seed = 2
            Build = fun run _ -> client().From("write_safety").Eq("run", run).Delete().Select("id,run,v")
            Before = "2|0|0"
            Once = "0|0|0"
            Touches = 2
        }
        {
            Name = "RPC POST (a function that inserts 2 rows)"
            Seed = 0
            Build = fun run _ -> client().Rpc("ws_insert", dict [ "run", box run; "n", box 2 ])
            Before = "0|0|0"
            Once = "2|0|2"
            Touches = 2
        }
    ]

/// What a helper did.
type private Outcome =
    /// Refused before sending (InvalidOperationException).
    | Refused
    /// PostgREST answered with an error (status, code).
    | ServerSaid of int * string
    /// It returned normally.
    | Returned

/// What the rows look like afterwards.
type private Rows =
    /// As seeded: nothing was written.
    | Unchanged
    /// The write happened exactly once.
    | WrittenOnce

let private ignoreTask (t: Task<'a>) : Task<unit> =
    task {
        let! _ = t
        return ()
    }

/// Reads at most `cap` items (an unguarded PagesAsync on a write never ends).
let private drain (cap: int) (items: IAsyncEnumerable<'a>) : Task<unit> =
    task {
        let e = items.GetAsyncEnumerator()

        try
            let mutable n = 0
            let! first = e.MoveNextAsync()
            let mutable more = first

            while more && n < cap do
                n <- n + 1
                let! next = e.MoveNextAsync()
                more <- next
        finally
            e.DisposeAsync().AsTask().Wait()
    }

let private resultOf (r: Result<'a, PgrestError>) : unit =
    match r with
    | Ok _ -> ()
    | Error e ->
        raise (
            PostgrestException(
                PostgrestError(Status = e.Status, Code = Option.toObj e.Code, Message = e.Message),
                "?",
                "?"
            )
        )

let private resultTask (t: Task<Result<'a, PgrestError>>) : Task<unit> =
    task {
        let! r = t
        resultOf r
    }

let private resultAsync (a: Async<Result<'a, PgrestError>>) : Task<unit> =
    task {
        let! r = Async.StartAsTask a
        resultOf r
    }

let private ct = CancellationToken.None

/// Every execution helper, C# and F#, run on a bound query.
let private helpers: (string * (PostgrestQuery -> Task<unit>)) list =
    [
        "CountAsync", (fun q -> ignoreTask (q.CountAsync()))
        "Count", (fun q -> Task.FromResult(q.Count() |> ignore))
        "Pgrest.count", (fun q -> resultTask (Pgrest.count (client ()) ct q))
        "PgrestAsync.count", (fun q -> resultAsync (PgrestAsync.count (client ()) q))
        "PgrestSync.count", (fun q -> Task.FromResult(resultOf (PgrestSync.count (client ()) q)))
        "PagesAsync", (fun q -> drain 5 (q.PagesAsync<JsonElement>(1)))
        "Pgrest.pages", (fun q -> drain 5 (Pgrest.pages<JsonElement> 1 (client ()) ct q))
        "StreamAsync", (fun q -> drain 100 (q.StreamAsync<JsonElement>()))
        "Pgrest.stream", (fun q -> drain 100 (Pgrest.stream<JsonElement> (client ()) ct q))
        "ToListAsync", (fun q -> ignoreTask (q.ToListAsync<JsonElement>()))
        "ToList", (fun q -> Task.FromResult(q.ToList<JsonElement>() |> ignore))
        "Pgrest.list", (fun q -> resultTask (Pgrest.list<JsonElement> (client ()) ct q))
        "PgrestSync.list", (fun q -> Task.FromResult(resultOf (PgrestSync.list<JsonElement> (client ()) q)))
        "Pgrest.page", (fun q -> resultTask (Pgrest.page<JsonElement> (client ()) ct q))
        "SingleAsync", (fun q -> ignoreTask (q.SingleAsync<JsonElement>()))
        "Single", (fun q -> Task.FromResult(q.Single<JsonElement>() |> ignore))
        "Pgrest.single", (fun q -> resultTask (Pgrest.single<JsonElement> (client ()) ct q))
        "MaybeSingleAsync", (fun q -> ignoreTask (q.MaybeSingleAsync<JsonDocument>()))
        "MaybeSingle", (fun q -> Task.FromResult(q.MaybeSingle<JsonDocument>() |> ignore))
        "Pgrest.maybeSingle", (fun q -> resultTask (Pgrest.maybeSingle<JsonDocument> (client ()) ct q))
        "PgrestSync.maybeSingle",
        (fun q -> Task.FromResult(resultOf (PgrestSync.maybeSingle<JsonDocument> (client ()) q)))
        "TextAsync", (fun q -> ignoreTask (q.TextAsync()))
        "Text", (fun q -> Task.FromResult((client ()).Text(q) |> ignore))
        "Pgrest.text", (fun q -> resultTask (Pgrest.text (client ()) ct q))
        "ExecuteAsync", (fun q -> ignoreTask (q.ExecuteAsync()))
        "Execute", (fun q -> Task.FromResult(q.Execute() |> ignore))
        "ExecuteAsync<T>", (fun q -> ignoreTask (q.ExecuteAsync<JsonElement>()))
        "SendAsync", (fun q -> ignoreTask (q.SendAsync()))
        "Send", (fun q -> Task.FromResult((client ()).Send(q) |> ignore))
        "Pgrest.execute", (fun q -> resultTask (Pgrest.execute (client ()) ct q))
        "PgrestSync.value", (fun q -> Task.FromResult(resultOf (PgrestSync.value<JsonElement> (client ()) q)))
        "Csv + TextAsync", (fun q -> ignoreTask (q.Csv().TextAsync()))
        "Pgrest.listWith", (fun q -> resultTask (Pgrest.listWith (fun e -> Ok(e.GetRawText())) (client ()) ct q))
        "GeoJson + TextAsync", (fun q -> ignoreTask (q.GeoJson().TextAsync()))
        "Explain + TextAsync", (fun q -> ignoreTask (q.Explain().TextAsync()))
        "Explain(Analyze) + TextAsync", (fun q -> ignoreTask (q.Explain(ExplainOptions(Analyze = true)).TextAsync()))
        "Explain + SingleAsync", (fun q -> ignoreTask (q.Explain().SingleAsync<JsonElement>()))
        "Head + ExecuteAsync", (fun q -> ignoreTask (q.Head().ExecuteAsync()))
    ]

/// The table in docs/reliability.md: what each helper does on each writing operation.
let private expected (scenario: Scenario) (helper: string) : Outcome * Rows =
    let rpc = scenario.Name.StartsWith "RPC"

    match helper with
    | h when h.Contains "count" || h.StartsWith "Count" ->
        // Count is a HEAD: refused on a table write; a function is called read-only, so PostgREST refuses the
        // function's INSERT (405; a HEAD answer has no body, hence no code).
        (if rpc then ServerSaid(405, "") else Refused), Unchanged
    | "PagesAsync"
    | "Pgrest.pages" -> Refused, Unchanged // a write would be sent again for every page
    | "Explain + SingleAsync" -> Refused, Unchanged // Single would replace the plan by rows and run the write
    | "Head + ExecuteAsync" -> (if rpc then ServerSaid(405, "") else Refused), Unchanged
    | "Explain + TextAsync" -> Returned, Unchanged // EXPLAIN without ANALYZE does not run the statement
    | "Explain(Analyze) + TextAsync" -> Returned, WrittenOnce // EXPLAIN ANALYZE runs it, once, and PostgREST commits
    | "GeoJson + TextAsync" -> ServerSaid(400, "22023"), Unchanged // no geometry column: the write is rolled back
    | h when h.Contains "ingle" && scenario.Touches <> 1 ->
        // The server's single-object mechanism: 406 PGRST116 and the transaction rolled back.
        ServerSaid(406, "PGRST116"), Unchanged
    | _ -> Returned, WrittenOnce

/// The word a refusal's message must hold for each refused helper.
let private named (helper: string) =
    if helper.ToLowerInvariant().Contains "count" then "Count"
    elif helper.Contains "ages" then "PagesAsync"
    elif helper.StartsWith "Explain" then "Explain"
    else "Head"

let private outcomeOf (work: unit -> Task<unit>) : Task<Outcome * string> =
    task {
        try
            do! work ()
            return Returned, ""
        with
        | :? InvalidOperationException as e -> return Refused, e.Message
        | :? PostgrestException as e -> return ServerSaid(e.Status, defaultArg (Option.ofObj e.Code) ""), e.Message
    }

let private cell (scenario: Scenario) (helper: string, run: PostgrestQuery -> Task<unit>) =
    testCaseTask helper (fun () ->
        task {
            let tag = Server.uniqueTag "ws"
            let ids = seed tag scenario.Seed
            Expect.equal (state tag) scenario.Before "seeded"
            let query = scenario.Build tag ids
            let wantOutcome, wantRows = expected scenario helper
            let! got, message = outcomeOf (fun () -> run query)
            let after = state tag

            Server.sql (sprintf "delete from api.write_safety where run = '%s'" tag)
            |> ignore

            let rows =
                if after = scenario.Before then
                    Unchanged
                elif after = scenario.Once then
                    WrittenOnce
                else
                    failtestf
                        "%s on %s left the rows as %s (seeded %s, one write %s)"
                        helper
                        scenario.Name
                        after
                        scenario.Before
                        scenario.Once

            Expect.equal
                (got, rows)
                (wantOutcome, wantRows)
                (sprintf
                    "outcome and rows (total|v=new|v=rpc*: %s) of %s on %s; message: %s"
                    after
                    helper
                    scenario.Name
                    message)

            if wantOutcome = Refused then
                Expect.stringContains message (named helper) "the refusal names the helper"
        })

let private matrix =
    testList "helper × operation" [ for s in scenarios -> testList s.Name [ for h in helpers -> cell s h ] ]

/// MaybeSingle on writes uses PostgREST's single-object media type: none is null, one is committed, several are
/// PostgREST's own 406 with the transaction rolled back.
let private maybeSingleOnWrites =
    testList
        "MaybeSingle on writes"
        [
            testCaseTask "a delete matching no row: null, 0 rows touched" (fun () ->
                task {
                    let tag = Server.uniqueTag "ws"
                    seed tag 1 |> ignore

                    let! row =
                        client()
                            .From("write_safety")
                            .Eq("run", tag)
                            .Eq("v", "nope")
                            .Delete()
                            .Select("id,run,v")
                            .MaybeSingleAsync<WsRow>()

                    Expect.isNull (box row) "no row"
                    Expect.equal (state tag) "1|0|0" "the seeded row is still there"
                })
            testCaseTask "an update of exactly one row: the row, committed" (fun () ->
                task {
                    let tag = Server.uniqueTag "ws"
                    let id = seed tag 1 |> List.head

                    let! row =
                        client()
                            .From("write_safety")
                            .Eq("id", id)
                            .Update(dict [ "v", "new" ])
                            .Select("id,run,v")
                            .MaybeSingleAsync<WsRow>()

                    Expect.equal row { Id = id; Run = tag; V = Some "new" } "the updated row"
                    Expect.equal (state tag) "1|1|0" "committed"
                })
            testCaseTask "a delete of two rows: PostgREST's 406 PGRST116, both rows still there" (fun () ->
                task {
                    let tag = Server.uniqueTag "ws"
                    seed tag 2 |> ignore

                    let! e =
                        expectPostgrestError (fun () ->
                            client()
                                .From("write_safety")
                                .Eq("run", tag)
                                .Delete()
                                .Select("id,v")
                                .MaybeSingleAsync<WsRow>())

                    Expect.equal
                        (e.Status, e.Code, e.Details)
                        (406, "PGRST116", "The result contains 2 rows")
                        "the server's"

                    Expect.equal (state tag) "2|0|0" "rolled back"
                })
            testCaseTask "a function that inserts no row (POST): null; one row: the row" (fun () ->
                task {
                    let tag = Server.uniqueTag "ws"

                    let! none =
                        client().Rpc("ws_insert", dict [ "run", box tag; "n", box 0 ]).MaybeSingleAsync<WsRow>()

                    Expect.isNull (box none) "no row"

                    let! one = client().Rpc("ws_insert", dict [ "run", box tag; "n", box 1 ]).MaybeSingleAsync<WsRow>()

                    match one with
                    | null -> failtest "one row expected"
                    | row -> Expect.equal row.Run tag "one row"

                    Expect.equal (state tag) "1|0|1" "one row written"
                })
            testCase "sync MaybeSingle and F# maybeSingle on a two-row update: Error PGRST116, nothing written"
            <| fun () ->
                let tag = Server.uniqueTag "ws"
                seed tag 2 |> ignore

                let q =
                    client().From("write_safety").Eq("run", tag).Update(dict [ "v", "new" ]).Select("id")

                Expect.throwsT<PostgrestException> (fun () -> q.MaybeSingle<WsRow>() |> ignore) "sync"

                match PgrestSync.maybeSingle<WsRow> (client ()) q with
                | Error e -> Expect.equal e.Code (Some "PGRST116") "the server's code"
                | Ok r -> failtestf "two rows cannot be maybeSingle: %A" r

                Expect.equal (state tag) "2|0|0" "rolled back both times"
        ]

/// Helpers that decode rows need the written rows back: without Select (return=minimal) they would commit and then
/// fail on the empty body; they are refused before sending.
let private rowsNeeded =
    testList
        "row helpers on a write that returns no rows"
        [
            for name, run in
                [
                    "ToListAsync", (fun (q: PostgrestQuery) -> ignoreTask (q.ToListAsync<WsRow>()))
                    "SingleAsync", (fun q -> ignoreTask (q.SingleAsync<WsRow>()))
                    "MaybeSingleAsync", (fun q -> ignoreTask (q.MaybeSingleAsync<WsRow>()))
                    "StreamAsync", (fun q -> drain 10 (q.StreamAsync<WsRow>()))
                    "ExecuteAsync<T>", (fun q -> ignoreTask (q.ExecuteAsync<List<WsRow>>()))
                ] do
                testCaseTask (name + " on a delete without Select is refused, nothing deleted") (fun () ->
                    task {
                        let tag = Server.uniqueTag "ws"
                        seed tag 1 |> ignore

                        let! got, message =
                            outcomeOf (fun () -> run (client().From("write_safety").Eq("run", tag).Delete()))

                        Expect.equal (got, state tag) (Refused, "1|0|0") "refused, the row is still there"
                        Expect.stringContains message "Select" "says what to do"
                    })
            testCaseTask
                "ToListAsync on a write that asked for Single() is refused (it would drop the server's check)"
                (fun () ->
                    task {
                        let tag = Server.uniqueTag "ws"
                        seed tag 2 |> ignore

                        let! got, _ =
                            outcomeOf (fun () ->
                                ignoreTask (
                                    client()
                                        .From("write_safety")
                                        .Eq("run", tag)
                                        .Delete()
                                        .Select("id")
                                        .Single()
                                        .ToListAsync<WsRow>()
                                ))

                        Expect.equal (got, state tag) (Refused, "2|0|0") "refused, both rows still there"
                    })
        ]

/// Reads keep the client-side check of MaybeSingle, with its own exception type (never PostgREST's PGRST116).
let private maybeSingleOnReads =
    testList
        "MaybeSingle on reads"
        [
            testCaseTask "several rows: the client's own exception, not a PostgrestException" (fun () ->
                task {
                    let tag = Server.uniqueTag "ws"
                    seed tag 2 |> ignore

                    let! e =
                        expectThrows<exn, unit> (fun () ->
                            ignoreTask (client().From("write_safety").Eq("run", tag).MaybeSingleAsync<WsRow>()))

                    Expect.isFalse (e :? PostgrestException) (sprintf "not PostgREST's error: %s" (e.GetType().Name))
                    Expect.equal (e.GetType().Name) "PostgrestMultipleRowsException" "its own type"
                    Expect.stringContains e.Message "2 rows" "how many"
                    Expect.equal (state tag) "2|0|0" "a read"
                })
        ]

/// Rows of api.ws_all as `id:v,…` in id order.
let private allRows () =
    Server.sql "select coalesce(string_agg(id || ':' || v, ',' order by id), '') from api.ws_all"

let private reseedAll () =
    Server.sql
        "delete from api.ws_all; insert into api.ws_all values (1,'a'),(2,'b'),(3,'c'); insert into api.ws_all_child values (1,1,'x'),(2,2,'y')"
    |> ignore

/// An update or delete with no top-level filter is refused before sending (like pg-safeupdate).
let private unfiltered =
    testSequenced
    <| testList
        "unfiltered update and delete"
        [
            for name, build in
                [
                    "Delete()", (fun (q: PostgrestQuery) -> q.Delete())
                    "Update(x)", (fun q -> q.Update(dict [ "v", "z" ]))
                    "Delete() with only an embedded filter",
                    (fun q ->
                        q.Select("id,ws_all_child(v)").Where(Conditions.Col("v").Eq("x"), "ws_all_child").Delete())
                    "Update(x) with only limit and order", (fun q -> q.Order("id").Limit(1L).Update(dict [ "v", "z" ]))
                    "Delete() with only a raw parameter", (fun q -> q.Parameter("id", "eq.1").Delete())
                ] do
                testCaseTask (name + " is refused and changes no row") (fun () ->
                    task {
                        reseedAll ()
                        let before = allRows ()

                        let! got, message =
                            outcomeOf (fun () -> ignoreTask ((build (client().From("ws_all"))).ExecuteAsync()))

                        Expect.equal (got, allRows ()) (Refused, before) "refused before sending"
                        Expect.stringContains message "AllRows" "says how to mean it"
                    })
            testCase "F#: a pgrest block deleting without where is refused"
            <| fun () ->
                reseedAll ()
                let before = allRows ()

                Expect.throwsT<InvalidOperationException>
                    (fun () ->
                        pgrest {
                            from "ws_all"
                            delete
                        }
                        |> PgrestSync.execute (client ())
                        |> ignore)
                    "refused"

                Expect.equal (allRows ()) before "no row changed"
            testCaseTask "a top-level filter lets the delete through: exactly the matching row goes" (fun () ->
                task {
                    reseedAll ()
                    let! _ = client().From("ws_all").Eq("id", 2).Delete().ExecuteAsync()
                    Expect.equal (allRows ()) "1:a,3:c" "row 2 deleted"
                })
        ]

[<Tests>]
let tests =
    testList "Integration.WriteSafety" [ matrix; maybeSingleOnWrites; rowsNeeded; maybeSingleOnReads; unfiltered ]
