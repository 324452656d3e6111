/// The refusals of docs/reliability.md, "Writes only when asked", without a server: each is an
/// InvalidOperationException thrown before anything reaches the transport (a counting handler sees no request).
/// The rows these refusals protect are counted against the live server in Integration.WriteSafety.
module PgRest.Tests.WriteSafetyTests

open System
open System.Net
open System.Net.Http
open System.Threading
open System.Threading.Tasks
open Expecto
open PgRest
open PgRest.FSharp
open PgRest.Tests.Support

let private from (table: string) = PostgrestQuery.From table

let private counting = countingClient

/// Runs `f` and returns the InvalidOperationException it throws, synchronously or from its task.
let private refusal (f: unit -> Task) : InvalidOperationException =
    try
        (f ()).GetAwaiter().GetResult()
        failtest "expected InvalidOperationException, nothing was thrown"
    with
    | :? InvalidOperationException as e -> e
    | e -> failtestf "expected InvalidOperationException, got %s: %s" (e.GetType().Name) e.Message

let private firstPage (items: Collections.Generic.IAsyncEnumerable<'a>) : Task =
    task {
        let e = items.GetAsyncEnumerator()
        let! _ = e.MoveNextAsync()
        do! e.DisposeAsync()
    }

/// The writing operations, each with a top-level filter (so only the helper can be the reason for a refusal), and
/// the method word a message must name.
let private writes (c: PostgrestClient) =
    [
        "insert", "POST", c.From("t").Insert({| a = 1 |})
        "upsert", "POST", c.From("t").Upsert({| a = 1 |})
        "UpsertSingle", "PUT", c.From("t").Eq("a", 1).UpsertSingle({| a = 1 |})
        "update", "PATCH", c.From("t").Eq("a", 1).Update({| b = 2 |})
        "delete", "DELETE", c.From("t").Eq("a", 1).Delete()
    ]

let private countAndPages =
    testList
        "Count, Head and Pages refuse writes"
        [
            for helper, run in
                [
                    "CountAsync", (fun (q: PostgrestQuery) -> q.CountAsync() :> Task)
                    "Count", (fun q -> Task.FromResult(q.Count()) :> Task)
                    "PagesAsync", (fun q -> firstPage (q.PagesAsync<int>(10)))
                    "Pgrest.count", (fun q -> Pgrest.count (nonNull q.Client) CancellationToken.None q :> Task)
                    "PgrestSync.count", (fun q -> Task.FromResult(PgrestSync.count (nonNull q.Client) q) :> Task)
                    "PgrestAsync.count", (fun q -> Async.StartAsTask(PgrestAsync.count (nonNull q.Client) q) :> Task)
                    "Pgrest.pages",
                    (fun q -> firstPage (Pgrest.pages<int> 10 (nonNull q.Client) CancellationToken.None q))
                ] do
                test (
                    helper
                    + " on every write: refused, nothing sent, the message names helper and operation"
                ) {
                    let c, handler = counting ()

                    for name, verb, q in writes c do
                        let e = refusal (fun () -> run q)
                        let core = if helper.Contains "ount" then "Count" else "PagesAsync"
                        Expect.stringContains e.Message core (sprintf "%s on %s names the helper" helper name)
                        Expect.stringContains e.Message verb (sprintf "%s on %s names the operation" helper name)

                    Expect.equal handler.Count 0 "nothing reached the transport"
                }

            test "CountAsync on a read and on a function call is sent (as HEAD)" {
                let c, handler = counting ()
                let read = c.From("t").Eq("a", 1)
                Expect.equal (c.Render(read.Head()).Method.Method) "HEAD" "read"
                Expect.equal (c.Render(c.Rpc("f", {| a = 1 |}).Head()).Method.Method) "HEAD" "a POST function as HEAD"
                // The fake answers without Content-Range: the count is missing, but the request went out.
                Expect.throwsT<PostgrestUnexpectedResponseException>
                    (fun () -> read.CountAsync().GetAwaiter().GetResult() |> ignore)
                    "sent"

                Expect.equal handler.Count 1 "one HEAD"
            }

            test "PagesAsync on a function called with POST is refused; with GET it pages" {
                let c, handler = counting ()
                let e = refusal (fun () -> firstPage (c.Rpc("f", {| a = 1 |}).PagesAsync<int>(10)))
                Expect.stringContains e.Message "RpcMethod.Get" "says how to page a function"
                Expect.equal handler.Count 0 "nothing sent"
                firstPage(c.Rpc("f", {| a = 1 |}, RpcMethod.Get).PagesAsync<int>(10)).Wait()
                Expect.equal handler.Count 1 "GET pages are reads"
            }

            test "Head() on a write is refused when rendered; on a POST function call it sends HEAD" {
                let c, handler = counting ()

                for name, _, q in writes c do
                    let e = refusal (fun () -> Task.FromResult(c.Render(q.Head())) :> Task)
                    Expect.stringContains e.Message "Head()" name
                    refusal (fun () -> q.Head().SendAsync()) |> ignore

                Expect.equal handler.Count 0 "nothing sent"
            }
        ]

let private rowHelpers =
    testList
        "row helpers on writes"
        [
            test "ToList, Stream, Single, MaybeSingle and Execute<T> refuse a write that returns no rows" {
                let c, handler = counting ()

                for name, _, q in writes c do
                    for helper, run in
                        [
                            "ToListAsync", (fun (q: PostgrestQuery) -> q.ToListAsync<int>() :> Task)
                            "ToList", (fun q -> Task.FromResult(q.ToList<int>()) :> Task)
                            "StreamAsync", (fun q -> firstPage (q.StreamAsync<int>()))
                            "SingleAsync", (fun q -> q.SingleAsync<int>() :> Task)
                            "Single", (fun q -> Task.FromResult(q.Single<int>()) :> Task)
                            "MaybeSingleAsync", (fun q -> q.MaybeSingleAsync<string>() :> Task)
                            "MaybeSingle", (fun q -> Task.FromResult(q.MaybeSingle<string>()) :> Task)
                            "ExecuteAsync<T>", (fun q -> q.ExecuteAsync<int>() :> Task)
                            "Execute<T>", (fun q -> Task.FromResult((nonNull q.Client).Execute<int>(q)) :> Task)
                        ] do
                        let e = refusal (fun () -> run q)
                        Expect.stringContains e.Message helper (sprintf "%s on %s" helper name)
                        Expect.stringContains e.Message "Select" "says what to do"

                Expect.equal handler.Count 0 "nothing sent"
            }

            test "a hand-written Prefer: return=representation (query or client) counts as asking for the rows" {
                let c, handler = counting ()
                let q = c.From("t").Insert({| a = 1 |})
                q.Header("Prefer", "tx=rollback, return=representation").ToListAsync<int>().Wait()
                (c.WithHeader("Prefer", "return=representation")).ToListAsync<int>(q).Wait()
                Expect.equal handler.Count 2 "both sent"

                // The query's own header comes first in Prefer, so PostgREST honours it over the client's.
                refusal (fun () ->
                    c
                        .WithHeader("Prefer", "return=representation")
                        .ToListAsync<int>(q.Header("Prefer", "return=minimal")))
                |> ignore

                Expect.equal handler.Count 2 "the minimal one refused"
            }

            test
                "ToList and Stream refuse a write that asked for one row; SingleAsync and MaybeSingleAsync refuse Explain" {
                let c, handler = counting ()
                let q = c.From("t").Eq("a", 1).Delete().Select("a")
                refusal (fun () -> q.Single().ToListAsync<int>()) |> ignore
                refusal (fun () -> q.MaybeSingle().ToListAsync<int>()) |> ignore
                refusal (fun () -> firstPage (q.Single().StreamAsync<int>())) |> ignore
                refusal (fun () -> q.Explain().SingleAsync<int>()) |> ignore
                refusal (fun () -> q.Explain().MaybeSingleAsync<string>()) |> ignore
                refusal (fun () -> c.From("t").Explain().SingleAsync<int>()) |> ignore
                Expect.equal handler.Count 0 "nothing sent"
            }

            test "MaybeSingle asks PostgREST for one object on writes and POST function calls, for a list on reads" {
                let accept (q: PostgrestQuery) = (render q).GetHeader "Accept"
                let obj = "application/vnd.pgrst.object+json"

                Expect.equal (accept (from("t").Eq("a", 1).Delete().Select("a").MaybeSingle())) obj "delete"
                Expect.equal (accept (from("t").Insert({| a = 1 |}).MaybeSingle())) obj "insert"
                Expect.equal (accept (PostgrestQuery.Rpc("f").MaybeSingle())) obj "POST function call"
                Expect.equal (accept (from("t").MaybeSingle())) "application/json" "read"

                Expect.equal
                    (accept (PostgrestQuery.Rpc("f", null, RpcMethod.Get).MaybeSingle()))
                    "application/json"
                    "GET function call"

                // With a header of its own the query takes the general header path: the same Accept.
                Expect.equal
                    (accept (from("t").Eq("a", 1).Delete().Header("X-A", "1").MaybeSingle()))
                    obj
                    "general path"
            }
        ]

let private unfiltered =
    testList
        "unfiltered update and delete"
        [
            test "Delete() and Update(x) without a top-level filter are refused when rendered" {
                for name, q in
                    [
                        "delete", from("t").Delete()
                        "update", from("t").Update({| a = 1 |})
                        "update json", from("t").UpdateJson("{\"a\":1}")
                        "embedded filter only",
                        from("t").Select("id,c(x)").Where(Conditions.Col("x").Eq(1), "c").Delete()
                        "limit and order only", from("t").Order("id").Limit(1L).Update({| a = 1 |})
                        "offset only", from("t").Offset(1L).Delete()
                        "raw parameter only", from("t").Parameter("id", "eq.1").Delete()
                        "WhereIf(false)", from("t").WhereIf(false, Conditions.Col("id").Eq(1)).Delete()
                    ] do
                    let e = Expect.throwsC (fun () -> render q |> ignore) id

                    match e with
                    | :? InvalidOperationException ->
                        Expect.stringContains e.Message "AllRows()" (name + ": says how to mean it")
                        Expect.stringContains e.Message "'t'" (name + ": names the table")
                    | other -> failtestf "%s: expected InvalidOperationException, got %s" name (other.GetType().Name)
            }

            test "ToString still describes an unfiltered delete (inspection is not sending)" {
                Expect.stringStarts (from("t").Delete().ToString()) "DELETE /t\n" ""
            }

            test "a top-level condition of any kind lets it through" {
                for name, q in
                    [
                        "Eq", from("t").Eq("id", 1).Delete()
                        "after the write", from("t").Delete().Eq("id", 1)
                        "raw Filter", from("t").Filter("id", "eq", "1").Update({| a = 1 |})
                        "Or", from("t").Or([ Conditions.Col("a").Eq(1); Conditions.Col("b").Eq(2) ]).Delete()
                        "Not", from("t").Not("id", FilterOperator.Eq, 1).Delete()
                        "typed", from("t").Where<{| Id: int |}>(fun r -> r.Id > 3).Delete()
                    ] do
                    Expect.equal (render q).Method.Method (if name = "raw Filter" then "PATCH" else "DELETE") name
            }

            test "AllRows() says every row is meant, before or after the write, and changes nothing in the request" {
                let plain (q: PostgrestQuery) =
                    let r = render q
                    r.Method.Method, r.PathAndQuery, headersOf r, r.BodyText

                let after = render (from("t").Delete().AllRows())
                Expect.equal after.PathAndQuery "/t" "delete every row"
                Expect.equal (plain (from("t").AllRows().Delete())) (plain (from("t").Delete().AllRows())) "order"

                Expect.equal
                    (plain (from("t").AllRows().Eq("id", 1).Delete()))
                    (plain (from("t").Eq("id", 1).Delete()))
                    "no trace in the request"

                Expect.equal (plain (from("t").AllRows())) (plain (from "t")) "no effect on a read"
            }

            test "F#: the pgrest block and the Query pipeline refuse without allRows and render like the chain with it" {
                let block =
                    pgrest {
                        from "t"
                        delete
                    }

                Expect.throwsT<InvalidOperationException> (fun () -> render block |> ignore) "block"

                let blockAll =
                    pgrest {
                        from "t"
                        update {| a = 1 |}
                        allRows
                    }

                let chain = from("t").Update({| a = 1 |}).AllRows()
                Expect.equal (render blockAll).PathAndQuery (render chain).PathAndQuery "block = chain"
                Expect.equal (render blockAll).BodyText (render chain).BodyText "same body"

                let piped = Query.from "t" |> Query.delete |> Query.allRows
                Expect.equal (Query.render client piped).PathAndQuery "/t" "pipeline"

                Expect.throwsT<InvalidOperationException>
                    (fun () -> Query.from "t" |> Query.delete |> Query.render client |> ignore)
                    "pipeline without allRows"
            }
        ]

[<Tests>]
let tests = testList "Unit.WriteSafety" [ countAndPages; rowHelpers; unfiltered ]
