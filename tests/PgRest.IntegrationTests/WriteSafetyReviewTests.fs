/// Review 13 (D1–D5, M1): ways around the write-safety guards found by a hostile review, each provoked against the
/// live server with the rows of api.ws_rv / api.ws_rv_child counted by psql afterwards. The tests share those tables, so
/// the list is sequenced; every test reseeds them.
module PgRest.IntegrationTests.WriteSafetyReviewTests

open System
open System.Text.Json
open System.Threading
open System.Threading.Tasks
open Expecto
open PgRest
open PgRest.FSharp

let private client () = Server.client.Value

/// Rows of api.ws_rv and api.ws_rv_child as `id:v,…|child ids`, in id order.
let private rows () =
    Server.sql
        "select coalesce((select string_agg(id || ':' || v, ',' order by id) from api.ws_rv), '') || '|' || coalesce((select string_agg(id::text, ',' order by id) from api.ws_rv_child), '')"

let private reseed () =
    Server.sql
        "delete from api.ws_rv; insert into api.ws_rv values (1,'a'),(2,'b'),(3,'c'); insert into api.ws_rv_child values (10,1,'x'),(20,2,'y')"
    |> ignore

let private seeded = "1:a,2:b,3:c|10,20"

/// What running the query did: refused before sending, refused when built, an error answer, or returned.
type private Outcome =
    | Refused
    | RefusedWhenBuilt
    | ServerSaid of int
    | Returned

let private outcomeOf (work: unit -> Task<unit>) : Task<Outcome * string> =
    task {
        try
            do! work ()
            return Returned, ""
        with
        | :? InvalidOperationException as e -> return Refused, e.Message
        | :? ArgumentException as e -> return RefusedWhenBuilt, e.Message
        | :? PostgrestException as e -> return ServerSaid e.Error.Status, e.Message
    }

let private run (q: unit -> Task<'a>) : unit -> Task<unit> =
    fun () ->
        task {
            let! _ = q ()
            return ()
        }

let private rv () = client().From("ws_rv")

/// A case: its name, the work, the outcome expected and the rows expected afterwards.
let private refusedAndUnchanged (name: string) (expected: Outcome) (work: unit -> Task<unit>) =
    testCaseTask name (fun () ->
        task {
            reseed ()
            let! got, _ = outcomeOf work
            Expect.equal (got, rows ()) (expected, seeded) "refused, no row changed"
        })

let private rawFilters =
    [
        // D1: a dotted raw column is a filter on an embedded resource: it does not restrict the top-level rows.
        refusedAndUnchanged
            "D1: raw Filter(\"child.id\") on a delete is no top-level filter: refused"
            Refused
            (run (fun () ->
                rv().Select("id,ws_rv_child(id)").Filter("ws_rv_child.id", "eq", "10").Delete().ExecuteAsync()))
        refusedAndUnchanged
            "D1: raw Filter(\"child.id\") on an update is no top-level filter: refused"
            Refused
            (run (fun () ->
                rv()
                    .Select("id,ws_rv_child!inner(id)")
                    .Filter("ws_rv_child.id", "eq", "10")
                    .Update(dict [ "v", "z" ])
                    .ExecuteAsync()))
        refusedAndUnchanged
            "D1: Where(Conditions.Raw(\"child.id\")) on a delete: refused"
            Refused
            (run (fun () ->
                rv()
                    .Select("id,ws_rv_child(id)")
                    .Where(Conditions.Raw("ws_rv_child.id", "eq", "10"))
                    .Delete()
                    .ExecuteAsync()))
        refusedAndUnchanged
            "D1: Not(Raw(\"child.id\")) on a delete: refused"
            Refused
            (run (fun () ->
                rv()
                    .Select("id,ws_rv_child(id)")
                    .Where(Conditions.Not(Conditions.Raw("ws_rv_child.id", "eq", "10")))
                    .Delete()
                    .ExecuteAsync()))
        refusedAndUnchanged
            "D1: an and-group of raw embedded filters on a delete: refused"
            Refused
            (run (fun () ->
                rv()
                    .Select("id,ws_rv_child(id)")
                    .Where(
                        Conditions.And(
                            [
                                Conditions.Raw("ws_rv_child.id", "eq", "10")
                                Conditions.Raw("ws_rv_child.v", "eq", "x")
                            ]
                        )
                    )
                    .Delete()
                    .ExecuteAsync()))
        testCase "D1: F# Filter.raw on an embedded column in a delete block: refused"
        <| fun () ->
            reseed ()

            Expect.throwsT<InvalidOperationException>
                (fun () ->
                    pgrest {
                        from "ws_rv"
                        select "id,ws_rv_child(id)"
                        where (Filter.raw "ws_rv_child.id" "eq" "10")
                        delete
                    }
                    |> PgrestSync.execute (client ())
                    |> ignore)
                "refused"

            Expect.equal (rows ()) seeded "no row changed"
        // D2: a raw column that is one of PostgREST's own parameter names is refused when the filter is built.
        for column, op, value in
            [
                "columns", "eq", "id"
                "on_conflict", "eq", "id"
                "order", "id", "asc"
                "select", "*", "ws_rv_child(*)"
                "limit", "eq", "1"
                "offset", "eq", "1"
                "or", "eq", "1"
                "and", "eq", "1"
                "not.or", "eq", "1"
                "ws_rv_child.order", "id", "asc"
            ] do
            refusedAndUnchanged
                $"D2: raw Filter(\"{column}\") on a delete is refused when built"
                RefusedWhenBuilt
                (run (fun () -> rv().Filter(column, op, value).Delete().ExecuteAsync()))
        refusedAndUnchanged
            "D2: raw Filter(\"on_conflict\") on an update is refused when built"
            RefusedWhenBuilt
            (run (fun () -> rv().Filter("on_conflict", "eq", "id").Update(dict [ "v", "z" ]).ExecuteAsync()))
        testCase "D2: F# Filter.raw \"order\" is refused when built; no row changed"
        <| fun () ->
            reseed ()

            Expect.throwsT<ArgumentException>
                (fun () ->
                    pgrest {
                        from "ws_rv"
                        where (Filter.raw "order" "id" "asc")
                        delete
                    }
                    |> PgrestSync.execute (client ())
                    |> ignore)
                "refused"

            Expect.equal (rows ()) seeded "no row changed"
        // What still counts, exactly as PostgREST reads it.
        testCaseTask "a raw top-level filter still lifts the guard: exactly row 2 goes" (fun () ->
            task {
                reseed ()
                let! _ = rv().Filter("id", "eq", "2").Delete().ExecuteAsync()
                Expect.equal (rows ()) "1:a,3:c|10" "row 2 and its child deleted"
            })
        testCaseTask "a quoted raw column (\"order\" style) is a top-level column filter" (fun () ->
            task {
                reseed ()
                let! _ = rv().Filter("\"id\"", "eq", "3").Delete().ExecuteAsync()
                Expect.equal (rows ()) "1:a,2:b|10,20" "row 3 deleted"
            })
        testCaseTask "a raw or-group is a top-level filter; an embedded column inside it is PostgREST's 400" (fun () ->
            task {
                reseed ()

                let! _ =
                    rv()
                        .Or([ Conditions.Raw("id", "eq", "1"); Conditions.Raw("id", "eq", "3") ])
                        .Delete()
                        .ExecuteAsync()

                Expect.equal (rows ()) "2:b|20" "rows 1 and 3 deleted"
                reseed ()

                let! got, _ =
                    outcomeOf (
                        run (fun () ->
                            rv()
                                .Select("id,ws_rv_child(id)")
                                .Or(
                                    [
                                        Conditions.Raw("ws_rv_child.id", "eq", "10")
                                        Conditions.Raw("id", "eq", "2")
                                    ]
                                )
                                .Delete()
                                .ExecuteAsync())
                    )

                Expect.equal (got, rows ()) (ServerSaid 400, seeded) "PostgREST rejects it; nothing deleted"
            })
        testCase "a raw reserved name stays usable quoted, and inside a group as a column"
        <| fun () -> Expect.equal (Conditions.Raw("\"order\"", "eq", "1").ToString()) "\"order\".eq.1" "quoted by hand"
    ]

/// D3/D4: a format method or a hand-written Accept header that drops Explain or Single on a write.
let private formats =
    [
        refusedAndUnchanged
            "D3: Explain().Csv() on a delete is refused"
            Refused
            (run (fun () -> rv().In("id", [ 1; 2 ]).Delete().Explain().Csv().TextAsync()))
        refusedAndUnchanged
            "D3: Explain().GeoJson() on a delete is refused"
            Refused
            (run (fun () -> rv().In("id", [ 1; 2 ]).Delete().Explain().GeoJson().ExecuteAsync()))
        refusedAndUnchanged
            "D3: Explain().Single() on a delete is refused"
            Refused
            (run (fun () -> rv().In("id", [ 1; 2 ]).Delete().Select("id").Explain().Single().ExecuteAsync()))
        refusedAndUnchanged
            "D3: Explain() then Header(Accept) on a delete is refused"
            Refused
            (run (fun () -> rv().In("id", [ 1; 2 ]).Delete().Explain().Header("Accept", "text/csv").TextAsync()))
        refusedAndUnchanged
            "D3: Explain().GeoJson() on an insert is refused"
            Refused
            (run (fun () -> rv().Insert(dict [ "id", box 9; "v", box "n" ]).Explain().GeoJson().ExecuteAsync()))
        testCase "D3: F# explain then csv on a delete block is refused"
        <| fun () ->
            reseed ()

            Expect.throwsT<InvalidOperationException>
                (fun () ->
                    pgrest {
                        from "ws_rv"
                        where (Filter.isIn "id" [ 1; 2 ])
                        delete
                        explain (ExplainOptions())
                        csv
                    }
                    |> PgrestSync.text (client ())
                    |> ignore)
                "refused"

            Expect.equal (rows ()) seeded "no row changed"
        refusedAndUnchanged
            "D3: Single().Csv() on a 2-row delete is refused (Single dropped)"
            Refused
            (run (fun () -> rv().In("id", [ 1; 2 ]).Delete().Select("id").Single().Csv().ExecuteAsync()))
        testCaseTask "Csv().Explain() on a delete explains it: nothing deleted" (fun () ->
            task {
                reseed ()
                let! text = rv().In("id", [ 1; 2 ]).Delete().Csv().Explain().TextAsync()
                Expect.stringContains text "Delete" "the plan"
                Expect.equal (rows ()) seeded "no row changed"
            })
        testCaseTask "Explain().Csv() on a read still reads CSV" (fun () ->
            task {
                reseed ()
                let! text = rv().Select("id").Eq("id", 1).Explain().Csv().TextAsync()
                Expect.equal (text.Trim()) "id\n1" "rows as CSV"
            })
        refusedAndUnchanged
            "D4: SingleAsync with Header(Accept, text/csv) on a 2-row delete is refused"
            Refused
            (run (fun () ->
                rv().In("id", [ 1; 2 ]).Delete().Select("id").Header("Accept", "text/csv").SingleAsync<JsonElement>()))
        refusedAndUnchanged
            "D4: Single().Header(Accept) ExecuteAsync on a 2-row delete is refused"
            Refused
            (run (fun () ->
                rv()
                    .In("id", [ 1; 2 ])
                    .Delete()
                    .Select("id")
                    .Single()
                    .Header("Accept", "application/json")
                    .ExecuteAsync()))
        refusedAndUnchanged
            "D4: ToListAsync with Header(Accept, text/csv) on a delete is refused (it would commit, then fail to decode)"
            Refused
            (run (fun () ->
                rv().In("id", [ 1; 2 ]).Delete().Select("id").Header("Accept", "text/csv").ToListAsync<JsonElement>()))
        testCaseTask "a hand-written Accept on a plain write run with ExecuteAsync is still sent" (fun () ->
            task {
                reseed ()

                let! r = rv().Eq("id", 1).Delete().Select("id").Header("Accept", "text/csv").ExecuteAsync()

                Expect.equal (r.BodyText.Trim()) "id\n1" "CSV as asked"
                Expect.equal (rows ()) "2:b,3:c|20" "row 1 deleted"
            })
    ]

/// D5: a hand-written Prefer that contradicts the query's own preferences.
let private preferences =
    [
        refusedAndUnchanged
            "D5: RollbackTransaction() with Header(Prefer, tx=commit) is refused"
            Refused
            (run (fun () ->
                rv().Eq("id", 1).Delete().RollbackTransaction().Header("Prefer", "tx=commit").ExecuteAsync()))
        refusedAndUnchanged
            "D5: Header(Prefer, tx=commit) before RollbackTransaction() is refused"
            Refused
            (run (fun () ->
                rv()
                    .Header("Prefer", "count=exact, tx=commit")
                    .Eq("id", 1)
                    .Delete()
                    .RollbackTransaction()
                    .ExecuteAsync()))
        testCase "D5: F# rollback with a header tx=commit is refused"
        <| fun () ->
            reseed ()

            Expect.throwsT<InvalidOperationException>
                (fun () ->
                    pgrest {
                        from "ws_rv"
                        where (Filter.eq "id" 1)
                        delete
                        rollback
                        header "Prefer" "tx=commit"
                    }
                    |> PgrestSync.execute (client ())
                    |> ignore)
                "refused"

            Expect.equal (rows ()) seeded "no row changed"
        refusedAndUnchanged
            "D5: Select(…) (return=representation) with Header(Prefer, return=minimal) is refused"
            Refused
            (run (fun () -> rv().Eq("id", 1).Delete().Select("id").Header("Prefer", "return=minimal").ExecuteAsync()))
        testCaseTask "RollbackTransaction() alone is a dry run: the row comes back and stays" (fun () ->
            task {
                reseed ()
                let! r = rv().Eq("id", 1).Delete().Select("id").RollbackTransaction().ExecuteAsync()
                Expect.stringContains r.BodyText "1" "the deleted row is returned"
                Expect.equal (rows ()) seeded "rolled back"
            })
        testCaseTask "a hand-written Prefer with another preference is still sent" (fun () ->
            task {
                reseed ()
                let! r = rv().Eq("id", 1).Delete().RollbackTransaction().Header("Prefer", "count=exact").ExecuteAsync()
                Expect.equal r.TotalCount (Nullable 1L) "count=exact honoured"
                Expect.equal (rows ()) seeded "rolled back"
            })
    ]

/// M1: a write that times out on the client may still be committed by the server.
let private timeouts =
    [
        testCaseTask "M1: a write that times out is committed on the server anyway" (fun () ->
            task {
                let tag = Server.uniqueTag "m1"

                let! e =
                    Expectations.expectThrows<PostgrestTimeoutException, _> (fun () ->
                        client()
                            .Rpc("ws_slow_insert", dict [ "run", box tag; "seconds", box 1.5 ])
                            .Timeout(TimeSpan.FromMilliseconds 300.0)
                            .ExecuteAsync())

                Expect.equal e.Timeout (TimeSpan.FromMilliseconds 300.0) "the client gave up"
                do! Task.Delay 2500

                Expect.equal
                    (Server.sql (sprintf "select count(*) from api.write_safety where run = '%s'" tag))
                    "1"
                    "the row was committed after the client's timeout"
            })
        testCaseTask "M1: a write cancelled by the caller is committed on the server anyway" (fun () ->
            task {
                let tag = Server.uniqueTag "m1c"
                use cts = new CancellationTokenSource(TimeSpan.FromMilliseconds 300.0)

                let! _ =
                    Expectations.expectThrows<OperationCanceledException, _> (fun () ->
                        client()
                            .Rpc("ws_slow_insert", dict [ "run", box tag; "seconds", box 1.5 ])
                            .ExecuteAsync(cts.Token))

                do! Task.Delay 2500

                Expect.equal
                    (Server.sql (sprintf "select count(*) from api.write_safety where run = '%s'" tag))
                    "1"
                    "the row was committed after the caller cancelled"
            })
    ]

[<Tests>]
let tests =
    testSequenced
    <| testList "Integration.WriteSafety.Review13" (rawFilters @ formats @ preferences @ timeouts)
