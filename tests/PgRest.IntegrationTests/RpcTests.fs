/// Function calls through /rpc against the live PostgREST: POST, GET and HEAD, set-returning functions shaped by
/// select/filter/order/limit, counts, void functions, json/array/variadic arguments, errors, the arguments the
/// client refuses to put in a query string, and string arguments that must arrive byte for byte.
module PgRest.IntegrationTests.RpcTests

open System
open System.Net.Http
open System.Text.Json
open System.Threading
open System.Threading.Tasks
open Expecto
open PgRest
open PgRest.IntegrationTests.Expectations

/// A row of api.items reduced to id and name.
[<CLIMutable>]
type ItemRow = { Id: int; Name: string }

/// A handler that counts the requests that reach the network (and forwards them).
type private CountingHandler() =
    inherit DelegatingHandler(new SocketsHttpHandler())
    let mutable sent = 0
    member _.Sent = Volatile.Read(&sent)

    override _.SendAsync(request, cancellationToken) =
        Interlocked.Increment(&sent) |> ignore
        base.SendAsync(request, cancellationToken)

let private client () = Server.client.Value

/// Strings that must reach a function unchanged, through a JSON body and through the query string.
let private awkwardStrings =
    [
        "a,b"
        "\"q\""
        "50%"
        "a+b"
        "😀"
        "日本語"
        " lead"
        "trail "
        "  both  "
        "a&b=c;d#e"
        "a.b:c(d)"
        "it's \\ back"
        "%2B"
        "null"
        "{x,y}"
        ""
        "a\tb"
        "eq"
        "not"
        "isx.y"
        "veg.fruit"
    ]

[<Tests>]
let tests =
    testList
        "Integration.Rpc"
        [
            testCaseTask "POST /rpc/add returns a bare scalar" (fun () ->
                task {
                    let query = client().Rpc("add", {| a = 1; b = 2 |})
                    let request = query.ToRequest()
                    Expect.equal request.Method HttpMethod.Post "POST by default"
                    Expect.equal request.BodyText """{"a":1,"b":2}""" "arguments in the body"

                    let! response = query.ExecuteAsync<int>()
                    Expect.equal response.StatusCode 200 "200"
                    Expect.equal response.Value 3 "1 + 2"
                    Expect.equal response.BodyText "3" "a bare JSON scalar"
                })

            testCaseTask "GET /rpc/add carries the arguments in the query string" (fun () ->
                task {
                    let query = client().Rpc("add", {| a = 40; b = 2 |}, RpcMethod.Get)
                    let request = query.ToRequest()
                    Expect.equal request.Method HttpMethod.Get "GET"
                    Expect.equal request.PathAndQuery "/rpc/add?a=40&b=2" "arguments as parameters"
                    Expect.isNull request.BodyText "no body"

                    let! response = query.ExecuteAsync<int>()
                    Expect.equal response.Value 42 "40 + 2"
                })

            testCaseTask "HEAD /rpc/add answers 200 with headers only" (fun () ->
                task {
                    let query = client().Rpc("add", {| a = 1; b = 2 |}, RpcMethod.Head)
                    Expect.equal (query.ToRequest().Method) HttpMethod.Head "HEAD"
                    let! response = query.ExecuteAsync()
                    Expect.equal response.StatusCode 200 "200"
                    Expect.isTrue response.Body.IsEmpty "no body"

                    Expect.stringContains
                        (response.GetHeader "Content-Type" |> string)
                        "application/json"
                        "the headers of a GET"
                })

            testCaseTask "a set-returning function takes select, filters, order and limit (GET and POST)" (fun () ->
                task {
                    let! viaGet =
                        client()
                            .Rpc("items_by_cat", {| cat = "fruit" |}, RpcMethod.Get)
                            .Select("id,name")
                            .Order("id", ascending = false)
                            .Limit(1)
                            .ToListAsync<ItemRow>()

                    Expect.equal (List.ofSeq viaGet) [ { Id = 2; Name = "banana" } ] "fruit, highest id first, one row"

                    let! viaPost =
                        client()
                            .Rpc("items_by_cat", {| cat = "veg" |})
                            .Select("id,name")
                            .Gt("id", 3)
                            .Order("id")
                            .ToListAsync<ItemRow>()

                    Expect.equal (List.ofSeq viaPost) [ { Id = 5; Name = "eggplant" } ] "veg with id > 3"

                    let! filtered =
                        client()
                            .Rpc("items_by_cat", {| cat = "fruit" |}, RpcMethod.Get)
                            .Select("id,name")
                            .Like("name", "b*")
                            .ToListAsync<ItemRow>()

                    Expect.equal (List.ofSeq filtered) [ { Id = 2; Name = "banana" } ] "a like filter on the result"
                })

            testCaseTask
                "WithCount on a set-returning function reports the total; CountAsync counts with HEAD"
                (fun () ->
                    task {
                        let! response =
                            client()
                                .Rpc("all_items", method = RpcMethod.Get)
                                .Lte("id", 6)
                                .Order("id")
                                .Limit(2)
                                .WithCount()
                                .ExecuteAsync<ItemRow[]>()

                        Expect.equal response.StatusCode 206 "a partial page of a counted set"
                        Expect.equal response.Value.Length 2 "two rows"

                        Expect.equal
                            response.ContentRange
                            (Nullable(ContentRange(Nullable 0L, Nullable 1L, Nullable 6L)))
                            "0-1/6"

                        Expect.equal response.TotalCount (Nullable 6L) "six fixture items"

                        let! counted = client().Rpc("items_by_cat", {| cat = "veg" |}, RpcMethod.Get).CountAsync()
                        Expect.equal counted 2L "carrot and eggplant"
                    })

            testCaseTask "Single on a set-returning function gives one object; two rows are 406 PGRST116" (fun () ->
                task {
                    let! one =
                        client()
                            .Rpc("items_by_cat", {| cat = "veg" |})
                            .Select("id,name")
                            .Order("id")
                            .Limit(1)
                            .SingleAsync<ItemRow>()

                    Expect.equal one { Id = 3; Name = "carrot" } "the first veg item as an object"

                    let! (e: PostgrestException) =
                        expectPostgrestError (fun () ->
                            client().Rpc("items_by_cat", {| cat = "veg" |}).Select("id,name").SingleAsync<ItemRow>())

                    Expect.equal (e.Status, e.Code) (406, "PGRST116") "two rows for a single object"
                    Expect.equal e.Details "The result contains 2 rows" "details"
                })

            testCaseTask "a void function answers 204 with no body" (fun () ->
                task {
                    let! response = client().Rpc("noop").ExecuteAsync()
                    Expect.equal response.StatusCode 204 "204 No Content"
                    Expect.isTrue response.Body.IsEmpty "no body"
                    Expect.equal (client().Rpc("noop").ToRequest().BodyText) "{}" "POST sends {} without arguments"
                })

            testCaseTask "a single unnamed json parameter receives the whole body" (fun () ->
                task {
                    let query = client().Rpc("echo_json", {| x = 1; arr = [| 1; 2 |]; s = "é\"" |})
                    let! response = query.ExecuteAsync<JsonElement>()
                    let doc = response.Value
                    Expect.equal (doc.GetProperty("x").GetInt32()) 1 "x"

                    Expect.equal
                        (doc.GetProperty("arr").EnumerateArray() |> Seq.map _.GetInt32() |> List.ofSeq)
                        [ 1; 2 ]
                        "arr"

                    Expect.equal (doc.GetProperty("s").GetString()) "é\"" "s"

                    Expect.equal
                        (doc.EnumerateObject() |> Seq.map _.Name |> Set.ofSeq)
                        (set [ "x"; "arr"; "s" ])
                        "exactly the body's members"

                    Expect.equal
                        response.BodyText
                        (query.ToRequest().BodyText |> nonNull)
                        "json (not jsonb) echoes the body text verbatim"
                })

            testCaseTask "an array argument works through POST (JSON array) and GET (array literal {1,2,3})" (fun () ->
                task {
                    let! viaPost = client().Rpc("sum_arr", {| xs = [| 1; 2; 3 |] |}).ExecuteAsync<int>()
                    Expect.equal viaPost.Value 6 "POST"

                    let get = client().Rpc("sum_arr", {| xs = [| 1; 2; 3 |] |}, RpcMethod.Get)
                    let sent = Uri.UnescapeDataString(get.ToRequest().Uri.Query)

                    Expect.isTrue
                        (sent.StartsWith "?xs={" && sent.EndsWith "}")
                        (sprintf "an array literal in the query string: %s" sent)

                    let! viaGet = get.ExecuteAsync<int>()
                    Expect.equal viaGet.Value 6 "GET"

                    let! strings = client().Rpc("sum_arr", {| xs = [| 10; -4 |] |}, RpcMethod.Get).ExecuteAsync<int>()
                    Expect.equal strings.Value 6 "negative elements"
                })

            testCaseTask "a variadic argument is passed as a JSON array through POST" (fun () ->
                task {
                    let! response = client().Rpc("vsum", {| xs = [| 1; 2; 3 |] |}).ExecuteAsync<int>()
                    Expect.equal response.Value 6 "1 + 2 + 3"
                })

            testCaseTask
                "a volatile function that writes fails through GET with 405 25006; one that only reads succeeds"
                (fun () ->
                    task {
                        let! (e: PostgrestException) =
                            expectPostgrestError (fun () ->
                                client().Rpc("bump_write", method = RpcMethod.Get).ExecuteAsync())

                        Expect.equal e.Status 405 "405"
                        Expect.equal e.Code "25006" "read-only transaction"
                        Expect.stringContains e.ServerMessage "read-only transaction" "message"
                        Expect.equal e.RequestMethod "GET" "it was a GET"

                        let! volatileButReadOnly = client().Rpc("bump", method = RpcMethod.Get).ExecuteAsync<int>()

                        Expect.equal
                            volatileButReadOnly.Value
                            1
                            "a volatile function that writes nothing succeeds via GET"
                    })

            testCaseTask "a missing function or wrong arguments are 404 PGRST202 with a hint" (fun () ->
                task {
                    let! (missing: PostgrestException) =
                        expectPostgrestError (fun () -> client().Rpc("no_such_function_here").ExecuteAsync())

                    Expect.equal (missing.Status, missing.Code) (404, "PGRST202") "unknown function"
                    Expect.stringContains missing.ServerMessage "no_such_function_here" "message names the function"
                    Expect.equal missing.RequestPath "/rpc/no_such_function_here" "path"

                    let! (wrongArgs: PostgrestException) =
                        expectPostgrestError (fun () -> client().Rpc("add", {| a = 1 |}).ExecuteAsync())

                    Expect.equal (wrongArgs.Status, wrongArgs.Code) (404, "PGRST202") "no add(a)"

                    Expect.equal
                        wrongArgs.Hint
                        "Perhaps you meant to call the function api.add(a, b)"
                        "the hint names the real signature"
                })

            testCaseTask "a wrongly typed argument is 400 22P02" (fun () ->
                task {
                    let! (e: PostgrestException) =
                        expectPostgrestError (fun () -> client().Rpc("add", {| a = "x"; b = 2 |}).ExecuteAsync<int>())

                    Expect.equal (e.Status, e.Code) (400, "22P02") "invalid_text_representation"
                    Expect.stringContains e.ServerMessage "\"x\"" "the message quotes the bad value"
                })

            testCaseTask "RAISE sqlstate 'PT402' becomes HTTP 402 with its message, details and hint" (fun () ->
                task {
                    let! (e: PostgrestException) =
                        expectPostgrestError (fun () -> client().Rpc("raise_custom").ExecuteAsync())

                    Expect.equal e.Status 402 "402 from PT402"
                    Expect.equal e.Code "PT402" "code"
                    Expect.equal e.ServerMessage "Payment Required" "message"
                    Expect.equal e.Details "Quota exceeded" "details"
                    Expect.equal e.Hint "Upgrade your plan" "hint"
                })

            testCaseTask "RAISE EXCEPTION becomes 400 P0001 with its message, details and hint" (fun () ->
                task {
                    let! (e: PostgrestException) =
                        expectPostgrestError (fun () -> client().Rpc("raise_plain").ExecuteAsync())

                    Expect.equal e.Status 400 "400"
                    Expect.equal e.Code "P0001" "raise_exception"
                    Expect.equal e.ServerMessage "boom 1" "message"
                    Expect.equal e.Details "a detail" "details"
                    Expect.equal e.Hint "a hint" "hint"
                })

            testCaseTask
                "GET arguments PostgREST would misread (filter-like values, reserved names, null) are refused before sending"
                (fun () ->
                    task {
                        use handler = new CountingHandler()
                        use http = new HttpClient(handler)

                        use counting =
                            new PostgrestClient(Server.testUrl (), PostgrestClientOptions(HttpClient = http))

                        let refused =
                            [
                                "value eq.veg", box {| cat = "eq.veg" |}
                                "value not.veg", box {| cat = "not.veg" |}
                                "value in.(a,b)", box {| cat = "in.(a,b)" |}
                                "name select", box {| select = "id" |}
                                "name order", box {| order = "id" |}
                                "null value", box {| cat = (None: string option) |}
                            ]

                        for label, args in refused do
                            let query = counting.Rpc("items_by_cat", args, RpcMethod.Get)

                            Expect.throwsT<ArgumentException>
                                (fun () -> query.ToRequest() |> ignore)
                                (label + ": ToRequest throws")

                            Expect.throwsT<ArgumentException>
                                (fun () -> query.ToList<ItemRow>() |> ignore)
                                (label + ": ToList throws")

                            let! caught =
                                task {
                                    try
                                        let! _ = query.ToListAsync<ItemRow>()
                                        return false
                                    with :? ArgumentException ->
                                        return true
                                }

                            Expect.isTrue caught (label + ": ToListAsync fails with ArgumentException")

                        Expect.equal handler.Sent 0 "no request reached the network"

                        let! viaPost = counting.Rpc("items_by_cat", {| cat = "eq.veg" |}).ToListAsync<ItemRow>()
                        Expect.isEmpty viaPost "POST passes the same string as a plain argument (no such category)"

                        let! nullViaPost =
                            counting.Rpc("roundtrip_echo", {| v = (None: string option) |}).ExecuteAsync()

                        Expect.equal nullViaPost.BodyText "null" "POST carries SQL NULL as JSON null"

                        let! dotted =
                            counting.Rpc("items_by_cat", {| cat = "veg.fruit" |}, RpcMethod.Get).ToListAsync<ItemRow>()

                        Expect.isEmpty dotted "veg.fruit is not an operator: sent as an argument"
                        Expect.equal handler.Sent 3 "the three valid calls were sent"
                    })

            testCaseTask "string arguments reach the function unchanged through POST" (fun () ->
                task {
                    for value in awkwardStrings do
                        let! response = client().Rpc("roundtrip_echo", {| v = value |}).ExecuteAsync<string>()
                        Expect.equal response.Value value (sprintf "POST %A" value)
                })

            testCaseTask "string arguments reach the function unchanged through GET" (fun () ->
                task {
                    for value in awkwardStrings do
                        let query = client().Rpc("roundtrip_echo", {| v = value |}, RpcMethod.Get)
                        let! response = query.ExecuteAsync<string>()

                        Expect.equal
                            response.Value
                            value
                            (sprintf "GET %A (sent as %s)" value (query.ToRequest().PathAndQuery))
                })

            testCaseTask "roundtrip_find matches stored awkward strings through GET arguments" (fun () ->
                task {
                    let run = Server.uniqueTag "rpc-rt"

                    try
                        let! _ =
                            client()
                                .From("roundtrip")
                                .InsertMany(awkwardStrings |> List.map (fun v -> {| run = run; v = v |}))
                                .ExecuteAsync()

                        for value in awkwardStrings do
                            let! found =
                                client()
                                    .Rpc("roundtrip_find", {| run = run; v = value |}, RpcMethod.Get)
                                    .Select("v")
                                    .ToListAsync<JsonElement>()

                            Expect.equal
                                (found |> Seq.map (fun e -> e.GetProperty("v").GetString()) |> List.ofSeq)
                                [ value ]
                                (sprintf "exactly the row holding %A" value)
                    finally
                        Server.sql (sprintf "delete from api.roundtrip where run = '%s'" run) |> ignore
                })
        ]
