/// What PostgREST 12.0.2 does, checked on the live server where the client or its docs must match it (issue 15 §6):
/// array and VARIADIC arguments over GET and HEAD, PUT of a partial row, max-affected under strict handling, and
/// select/filter/offset behaviour of set-returning functions.
module PgRest.IntegrationTests.ServerBehaviourTests

open System
open System.Threading
open Expecto
open PgRest
open PgRest.FSharp
open PgRest.IntegrationTests.Expectations

let private client () = Server.client.Value

/// A row of api.items reduced to its id.
[<CLIMutable>]
type ItemId = { Id: int }

/// Strings that must reach a text[] argument element by element, unchanged.
let private awkward =
    [
        "a,b"
        "\"q\""
        "{x}"
        "back\\slash"
        "NULL"
        ""
        " sp "
        "veg.fruit"
        "日本 😀"
        "a&b=c"
    ]

let private arrayArguments =
    testList
        "array arguments"
        [
            testCaseTask "a variadic argument over GET and HEAD: the parameter repeated (vsum 1 2 39 = 42)" (fun () ->
                task {
                    let args =
                        {|
                            xs = VariadicArgument.Of [| 1; 2; 39 |]
                        |}

                    let! viaGet = client().Rpc("vsum", args, RpcMethod.Get).ExecuteAsync<int>()
                    Expect.equal viaGet.Value 42 "GET"
                    let! viaPost = client().Rpc("vsum", args).ExecuteAsync<int>()
                    Expect.equal viaPost.Value 42 "POST (a JSON array)"
                    let! viaHead = client().Rpc("vsum", args, RpcMethod.Head).ExecuteAsync()
                    Expect.equal (int viaHead.StatusCode) 200 "HEAD"
                })

            testCaseTask "variadic text values arrive one element each, byte for byte, over GET" (fun () ->
                task {
                    let! r =
                        client()
                            .Rpc("vtags", {| xs = VariadicArgument.Of awkward |}, RpcMethod.Get)
                            .ExecuteAsync<string[]>()

                    Expect.sequenceEqual r.Value awkward "each value one element"
                })

            testCaseTask "the F# layer (rpcGet with the F# JSON options) sends a variadic argument" (fun () ->
                task {
                    use fs = Client.create (Server.testUrl ())

                    let! r =
                        pgrest {
                            rpcGet
                                "vsum"
                                {|
                                    xs = VariadicArgument.Of [ 1; 2; 39 ]
                                |}
                        }
                        |> Pgrest.value<int> fs CancellationToken.None

                    Expect.equal r (Ok 42) "42"
                })

            testCaseTask
                "a plain array is one array literal: exact strings, NULL and empty over GET and HEAD"
                (fun () ->
                    task {
                        let values: (string | null) array = [| yield! awkward; null |]

                        let! r =
                            client()
                                .Rpc("tags_echo", {| xs = values |}, RpcMethod.Get)
                                .ExecuteAsync<(string | null)[]>()

                        Expect.sequenceEqual r.Value values "every element, NULL included"

                        let! empty =
                            client()
                                .Rpc("tags_echo", {| xs = ([||]: string array) |}, RpcMethod.Get)
                                .ExecuteAsync<string[]>()

                        Expect.isEmpty empty.Value "an empty array"

                        let! ints = client().Rpc("sum_arr", {| xs = [| 1; 2; 39 |] |}, RpcMethod.Head).ExecuteAsync()
                        Expect.equal (int ints.StatusCode) 200 "HEAD with an int[] literal"
                    })

            testCaseTask "a plain array given to a variadic function is one element: the server says 22P02" (fun () ->
                task {
                    // What the docs warn about: the client cannot see the declaration; VariadicArgument says it.
                    let! e =
                        expectPostgrestError (fun () ->
                            client().Rpc("vsum", {| xs = [| 1; 2; 39 |] |}, RpcMethod.Get).ExecuteAsync<int>())

                    Expect.equal e.Code "22P02" "invalid input syntax for type integer"
                })
        ]


/// A row of api.kv as the tests read it back through SQL.
let private kvRow (k: string) =
    Server.sql (
        sprintf
            "select coalesce(v,'<null>') || '|' || coalesce(n::text,'<null>') || '|' || coalesce(note,'<null>') from api.kv where k = '%s'"
            k
    )

let private documentedBehaviour =
    testList
        "documented behaviour"
        [
            testCaseTask "PUT (UpsertSingle) of an existing row keeps the columns its body leaves out" (fun () ->
                task {
                    let k = Server.uniqueTag "put"

                    try
                        let put (row: obj) =
                            client().From("kv").Eq("k", k).UpsertSingle(row).ExecuteAsync()

                        let! _ = put {| k = k; v = "a"; note = "n1" |}
                        Expect.equal (kvRow k) "a|42|n1" "inserted: n took its default"

                        let! second = put {| k = k; v = "b" |}
                        Expect.equal second.Request.BodyText $"{{\"k\":\"{k}\",\"v\":\"b\"}}" "a body without note"
                        Expect.isFalse (second.Request.PathAndQuery.Contains "note") "no columns= naming note"

                        Expect.equal
                            (kvRow k)
                            "b|42|n1"
                            "note left out of the body: the old value stays (not NULL, not 'dflt')"

                        let! _ =
                            put
                                {|
                                    k = k
                                    v = "c"
                                    note = DBNull.Value
                                |}

                        Expect.equal (kvRow k) "c|42|<null>" "an explicit NULL (DBNull.Value) sets NULL"

                        let k2 = k + "-new"

                        try
                            let! _ = client().From("kv").Eq("k", k2).UpsertSingle({| k = k2; v = "d" |}).ExecuteAsync()
                            Expect.equal (kvRow k2) "d|42|dflt" "a new row: the left-out columns take their defaults"
                        finally
                            Server.sql (sprintf "delete from api.kv where k = '%s'" k2) |> ignore
                    finally
                        Server.sql (sprintf "delete from api.kv where k = '%s'" k) |> ignore
                })

            testCaseTask
                "MaxAffected: ignored by 12.0.2, and with handling=strict refused (400 PGRST122), nothing written"
                (fun () ->
                    task {
                        let tag = Server.uniqueTag "ma"

                        Server.sql (
                            sprintf
                                "insert into api.kv(k, v, n) values ('%s-1', '%s', 1), ('%s-2', '%s', 1)"
                                tag
                                tag
                                tag
                                tag
                        )
                        |> ignore

                        try
                            let update () =
                                client().From("kv").Eq("v", tag).Update({| n = 7 |}).MaxAffected(1L)

                            let! e =
                                expectPostgrestError (fun () ->
                                    update().Handling(PreferenceHandling.Strict).ExecuteAsync())

                            Expect.equal (e.Status, e.Code) (400, "PGRST122") "strict: an unknown preference"
                            Expect.stringContains (string e.Details) "max-affected=1" "the details name it"

                            Expect.equal
                                (Server.sql (sprintf "select count(*) from api.kv where v = '%s' and n = 7" tag))
                                "0"
                                "strict: no row changed"

                            let! lenient = update().ExecuteAsync()
                            Expect.equal lenient.StatusCode 204 "lenient (the default): accepted"

                            Expect.equal
                                (Server.sql (sprintf "select count(*) from api.kv where v = '%s' and n = 7" tag))
                                "2"
                                "lenient: max-affected=1 is ignored, both rows changed"
                        finally
                            Server.sql (sprintf "delete from api.kv where v = '%s'" tag) |> ignore
                    })

            testCaseTask
                "a set-returning function: filtering or ordering by a column select leaves out is 400 42703"
                (fun () ->
                    task {
                        let call () =
                            client().Rpc("all_items", null, RpcMethod.Get)

                        let! filtered =
                            expectPostgrestError (fun () -> call().Select("id").Gt("qty", 5).ToListAsync<ItemId>())

                        Expect.equal (filtered.Status, filtered.Code) (400, "42703") "filter on a column not selected"

                        let! ordered =
                            expectPostgrestError (fun () ->
                                call().Select("id").Order("qty", false).ToListAsync<ItemId>())

                        Expect.equal (ordered.Status, ordered.Code) (400, "42703") "order by a column not selected"

                        let! viaPost =
                            expectPostgrestError (fun () ->
                                client().Rpc("all_items").Select("id").Gt("qty", 5).ToListAsync<ItemId>())

                        Expect.equal viaPost.Code "42703" "POST too"

                        let! selected = call().Select("id,qty").Gt("qty", 5).Order("qty", false).ToListAsync<ItemId>()

                        Expect.equal
                            (selected |> Seq.map (fun r -> r.Id) |> List.ofSeq)
                            [ 1; 5 ]
                            "with the column selected"

                        let! unselected = call().Gt("qty", 5).Order("qty", false).ToListAsync<ItemId>()
                        Expect.equal unselected.Count 2 "without select (every column)"
                    })

            testCaseTask
                "an offset past the end: 200 [] without a count, 416 PGRST103 with one (tables and functions)"
                (fun () ->
                    task {
                        for query in [ client().From("items"); client().Rpc("all_items", null, RpcMethod.Get) ] do
                            let! rows = query.Offset(100L).ToListAsync<ItemId>()
                            Expect.isEmpty rows "no count: an empty list"

                            let! e =
                                expectPostgrestError (fun () -> query.Offset(100L).WithCount().ToListAsync<ItemId>())

                            Expect.equal (e.Status, e.Code) (416, "PGRST103") "with a count"
                            Expect.stringContains (string e.Details) "only 6 rows" "the details give the total"

                            let! atEnd = query.Offset(6L).WithCount().ExecuteAsync<ItemId[]>()

                            Expect.equal
                                (atEnd.StatusCode, atEnd.Value.Length)
                                (206, 0)
                                "offset = total: 206 and no rows"
                    })
        ]

[<Tests>]
let tests =
    testList "Integration.ServerBehaviour" [ arrayArguments; documentedBehaviour ]
