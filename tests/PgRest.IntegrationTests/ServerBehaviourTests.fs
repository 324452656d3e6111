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

[<Tests>]
let tests = testList "Integration.ServerBehaviour" [ arrayArguments ]
