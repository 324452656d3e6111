/// Review 13 (D1–D5) without a server: which keys count as a top-level filter, and the refusals are made before the
/// transport is reached (the live tests with rows counted are in Integration.WriteSafety.Review13).
module PgRest.Tests.WriteSafetyReviewTests

open System
open System.Net
open System.Net.Http
open System.Threading
open System.Threading.Tasks
open Expecto
open PgRest
open PgRest.Tests.Support

let private counting = countingClient

let private refused (q: PostgrestQuery) =
    Expect.throwsT<InvalidOperationException> (fun () -> q.ExecuteAsync().GetAwaiter().GetResult() |> ignore) "refused"

[<Tests>]
let tests =
    testList
        "Unit.WriteSafety.Review13"
        [
            test "a raw filter counts as top-level exactly when its key has no dot outside double quotes" {
                let c, handler = counting ()

                for column in [ "id"; "\"x.y\""; "\"a\\\".b\""; "data->>k" ] do
                    c.From("t").Filter(column, "eq", "1").Delete().ExecuteAsync().GetAwaiter().GetResult()
                    |> ignore

                Expect.equal handler.Count 4 "sent"

                for column in [ "child.id"; "\"a\".b"; "a.\"b\""; "\"unclosed.x" ] do
                    refused (c.From("t").Filter(column, "eq", "1").Delete())
                    refused (c.From("t").Where(Conditions.Not(Conditions.Raw(column, "eq", "1"))).Delete())

                Expect.equal handler.Count 4 "nothing more sent"
            }

            test "a raw filter on a reserved parameter name is refused when built; quoted or typed it is a column" {
                for column in
                    [
                        "select"
                        "columns"
                        "on_conflict"
                        "order"
                        "limit"
                        "offset"
                        "and"
                        "or"
                        "not.and"
                        "a.limit"
                    ] do
                    Expect.throwsT<ArgumentException> (fun () -> Conditions.Raw(column, "eq", "1") |> ignore) column

                for column in [ "a.select"; "\"order\""; "Order"; "orders" ] do
                    Conditions.Raw(column, "eq", "1") |> ignore
            }

            test "format and header refusals send nothing" {
                let c, handler = counting ()

                let d () =
                    c.From("t").Eq("id", 1).Delete().Select("id")

                refused (d().Explain().Csv())
                refused (d().MaybeSingle().GeoJson())
                refused (d().Single().Header("Accept", "text/csv"))
                refused (d().RollbackTransaction().Header("Prefer", "TX=commit"))
                refused (c.From("t").WithCount().Header("Prefer", "count=planned"))

                Expect.throwsT<InvalidOperationException>
                    (fun () ->
                        d().Header("Accept", "text/csv").ToListAsync<int>().GetAwaiter().GetResult()
                        |> ignore)
                    "decoding helper"

                Expect.equal handler.Count 0 "nothing sent"
                d().Explain().Csv().Explain().ExecuteAsync().GetAwaiter().GetResult() |> ignore
                d().Single().MaybeSingle().ExecuteAsync().GetAwaiter().GetResult() |> ignore
                c.From("t").Explain().Csv().ExecuteAsync().GetAwaiter().GetResult() |> ignore

                d().Header("Prefer", "count=exact").RollbackTransaction().ExecuteAsync().GetAwaiter().GetResult()
                |> ignore

                Expect.equal handler.Count 4 "allowed combinations sent"
            }
        ]
