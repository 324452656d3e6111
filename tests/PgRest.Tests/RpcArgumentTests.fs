/// How function arguments of GET/HEAD calls render (issue 15 §6): an ordinary array argument as one PostgreSQL array
/// literal, a VARIADIC one (VariadicArgument) as the parameter repeated once per value, the way PostgREST 12.0.2 reads
/// each; and the values a query string cannot carry refused before sending.
module PgRest.Tests.RpcArgumentTests

open System
open Expecto
open PgRest
open PgRest.Tests.Support

let private get (args: obj) =
    pathOf (PostgrestQuery.Rpc("f", args, RpcMethod.Get))

let private head (args: obj) =
    pathOf (PostgrestQuery.Rpc("f", args, RpcMethod.Head))

/// `pairs` strictly percent-encoded after `/rpc/f?`.
let private expected (pairs: (string * string) list) =
    "/rpc/f?"
    + (pairs |> List.map (fun (k, v) -> enc k + "=" + enc v) |> String.concat "&")

let private refused (args: obj) (what: string) =
    for m in [ RpcMethod.Get; RpcMethod.Head ] do
        let query = PostgrestQuery.Rpc("f", args, m)

        let e = Expect.throwsC (fun () -> render query |> ignore) id

        Expect.isTrue (e :? ArgumentException) $"{what} ({m}): an ArgumentException, got {e.GetType().Name}"
        Expect.stringContains e.Message "POST" $"{what} ({m}): the message says to call with POST"

[<Tests>]
let tests =
    testList
        "Unit.RpcArguments"
        [
            test "a variadic argument repeats the parameter once per value, over GET and HEAD" {
                let args =
                    {|
                        xs = VariadicArgument.Of [ 1; 2; 39 ]
                    |}

                Expect.equal (get args) "/rpc/f?xs=1&xs=2&xs=39" "GET"
                Expect.equal (head args) "/rpc/f?xs=1&xs=2&xs=39" "HEAD"
            }

            test "variadic strings are sent raw, one value each: commas, quotes, braces, backslashes, spaces, empty" {
                let values =
                    [ "a,b"; "\"q\""; "{x}"; "back\\slash"; "NULL"; ""; " sp "; "veg.fruit" ]

                Expect.equal
                    (get {| xs = VariadicArgument.Of values |})
                    (expected (values |> List.map (fun v -> "xs", v)))
                    ""
            }

            test "a variadic argument sits among the other arguments in their order" {
                Expect.equal
                    (get
                        {|
                            a = 1
                            xs = VariadicArgument.Of [| "p"; "q" |]
                            z = true
                        |})
                    "/rpc/f?a=1&xs=p&xs=q&z=true"
                    ""
            }

            test "a one-value variadic argument is one parameter" {
                Expect.equal (get {| xs = VariadicArgument.Of [ 5 ] |}) "/rpc/f?xs=5" ""
            }

            test "in a POST body a variadic argument is a plain JSON array" {
                let r =
                    render (
                        PostgrestQuery.Rpc(
                            "f",
                            {|
                                xs = VariadicArgument.Of [ 1; 2; 39 ]
                                s = "x"
                            |}
                        )
                    )

                Expect.equal r.BodyText "{\"s\":\"x\",\"xs\":[1,2,39]}" "body (anonymous record fields sort by name)"
                Expect.equal r.PathAndQuery "/rpc/f" "no query string"
            }

            test "what a repeated parameter cannot carry is refused before sending: empty, NULL, objects, arrays" {
                refused
                    {|
                        xs = VariadicArgument.Of(([]: int list))
                    |}
                    "empty"

                refused
                    {|
                        xs = VariadicArgument.Of([ "a"; null ]: (string | null) list)
                    |}
                    "a NULL value"

                refused
                    {|
                        xs = VariadicArgument.Of [ {| k = 1 |} ]
                    |}
                    "an object"

                refused
                    {|
                        xs = VariadicArgument.Of [ [| 1 |] ]
                    |}
                    "an array"

                refused
                    {|
                        xs = VariadicArgument.Of [ "eq.5" ]
                    |}
                    "a value PostgREST reads as a filter"
            }

            test "a string is not a list of characters" {
                Expect.throwsT<ArgumentException>
                    (fun () -> VariadicArgument.Of("abc") |> ignore)
                    "VariadicArgument.Of(string)"
            }

            test "an ordinary array is one array literal, exact for every awkward string, NULL and empty" {
                let values: (string | null) array =
                    [| "a,b"; "\"q\""; "{x}"; "back\\slash"; "NULL"; null; ""; " sp " |]

                Expect.equal
                    (get {| xs = values |})
                    (expected
                        [
                            "xs", "{\"a,b\",\"\\\"q\\\"\",\"{x}\",\"back\\\\slash\",\"NULL\",NULL,\"\",\" sp \"}"
                        ])
                    "text[]"

                Expect.equal (get {| xs = ([||]: int array) |}) (expected [ "xs", "{}" ]) "empty"
                Expect.equal (head {| xs = [| 1; 2 |] |}) (expected [ "xs", "{\"1\",\"2\"}" ]) "HEAD"
            }

            test "a nested array has no exact array literal here and is refused (call with POST)" {
                refused {| xs = [| [| 1; 2 |]; [| 3; 4 |] |] |} "int[][]"
            }

            test "ToString shows the values" {
                Expect.equal (string (VariadicArgument.Of [ 1; 2 ])) "VARIADIC [1, 2]" ""
            }
        ]
