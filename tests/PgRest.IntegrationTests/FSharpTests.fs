/// The F# layer against the live server: the pgrest { } block, typed queries, Task/Async/sync execution,
/// Result for PostgREST's errors, exceptions for everything else, and System.Text.Json decoding of F# types.
module PgRest.IntegrationTests.FSharpTests

open System
open System.Text.Json
open System.Threading
open Expecto
open PgRest
open PgRest.FSharp

type Item =
    {
        Id: int
        Name: string
        Qty: int option
        Price: decimal option
        Active: bool option
        Category: string option
    }

type Arr =
    {
        Id: int
        Tags: string option list
        Nums: int list
    }

type Named = { Id: int; Name: string }

let private client () = Server.client.Value

let private ok (result: Result<'T, PgrestError>) =
    match result with
    | Ok value -> value
    | Error e -> failtestf "expected Ok, got %A" e

let private ids (rows: Item list) = rows |> List.map _.Id

[<Tests>]
let tests =
    testList
        "Integration.FSharp"
        [
            testTask "a pgrest block runs as a Task and decodes options" {
                let! rows =
                    pgrest {
                        from "items"
                        where (Filter.isIn "id" [ 2; 3; 4 ])
                        orderBy "id"
                    }
                    |> Pgrest.list<Item> (client ()) CancellationToken.None

                let rows = ok rows
                Expect.equal (ids rows) [ 2; 3; 4 ] "ids"
                Expect.equal rows[0].Qty None "banana has no qty"
                Expect.equal rows[1].Price None "carrot has no price"
                Expect.equal rows[2].Category None "date has no category"
                Expect.equal rows[0].Price (Some 0.25m) "banana price"
            }

            testCase "typed conditions, order and select by field run against the server"
            <| fun () ->
                let rows =
                    pgrest {
                        for i in table<Item> "items" do
                            where (i.Qty.IsSome && i.Name <> "carrot")
                            where (Filter.lt "id" 6)
                            orderByDescending i.Id
                    }
                    |> PgrestSync.list<Item> (client ())
                    |> ok

                Expect.equal (ids rows) [ 5; 1 ] "qty not null, not carrot, id < 6, newest first"

            testCase "a typed select names the record's columns"
            <| fun () ->
                let rows =
                    pgrest {
                        for i in table<Named> "items" do
                            select (i.Id, i.Name)
                            where (i.Id = 1)
                    }
                    |> PgrestSync.list<Named> (client ())
                    |> ok

                Expect.equal rows [ { Id = 1; Name = "apple" } ] "id and name only"

            testCase "an unsupported typed expression names itself"
            <| fun () ->
                let e =
                    Expect.throwsT<NotSupportedException>
                        (fun () ->
                            pgrest {
                                for i in table<Item> "items" do
                                    where (i.Name.Length > 3)
                            }
                            |> ignore)
                        "string length has no PostgREST form"

                ()

            testAsync "Async execution reads Async.CancellationToken" {
                let! result =
                    pgrest {
                        from "items"
                        where (Filter.eq "category" "veg")
                        orderBy "id"
                    }
                    |> PgrestAsync.list<Item> (client ())

                Expect.equal (ok result |> ids) [ 3; 5 ] "veg items"
            }

            testCase "cancellation is raised, not turned into Error"
            <| fun () ->
                use cts = new CancellationTokenSource()
                cts.Cancel()

                let run () =
                    Async.RunSynchronously(
                        PgrestAsync.list<Item> (client ()) (pgrest { from "items" }),
                        cancellationToken = cts.Token
                    )
                    |> ignore

                Expect.throwsT<OperationCanceledException> run "cancelled before sending"

            testCase "PostgREST's error is Error with code, details and hint"
            <| fun () ->
                let result =
                    pgrest { rpc "raise_custom" noArgs } |> PgrestSync.value<int> (client ())

                match result with
                | Ok v -> failtestf "expected an error, got %d" v
                | Error e ->
                    Expect.equal e.Status 402 "status from PT402"
                    Expect.equal e.Code (Some "PT402") "code"
                    Expect.equal e.Message "Payment Required" "message"
                    Expect.equal e.Details (Some "Quota exceeded") "details"
                    Expect.equal e.Hint (Some "Upgrade your plan") "hint"

            testCase "single, maybeSingle and count give F# shapes"
            <| fun () ->
                let c = client ()

                let one =
                    pgrest {
                        from "items"
                        where (Filter.eq "id" 1)
                        single
                    }
                    |> PgrestSync.single<Item> c
                    |> ok

                Expect.equal one.Name "apple" "single row"

                let none =
                    pgrest {
                        from "items"
                        where (Filter.eq "id" -1)
                    }
                    |> PgrestSync.maybeSingle<Item> c
                    |> ok

                Expect.isNone none "no row is None"

                // Several rows on a read: PgRest's own check, raised (not PostgREST's answer, so not an Error).
                Expect.throwsT<PostgrestMultipleRowsException>
                    (fun () -> pgrest { from "items" } |> PgrestSync.maybeSingle<Item> c |> ignore)
                    "several rows on a read"

                let n =
                    pgrest {
                        from "big"
                        where (Filter.gt "id" 20)
                    }
                    |> PgrestSync.count c
                    |> ok

                Expect.equal n 5L "ids 21..25"

            testCase "page carries the count as int64 option"
            <| fun () ->
                let page =
                    pgrest {
                        from "big"
                        count CountMethod.Exact
                        orderBy "id"
                        range 0L 2L
                    }
                    |> PgrestSync.page<{| id: int |}> (client ())
                    |> ok

                Expect.equal (page.Rows |> List.map _.id) [ 1; 2; 3 ] "first page"
                Expect.equal page.Count (Some 25L) "total"
                Expect.equal page.Status 206 "partial content"

            testCase "lists of options decode from arrays with NULL elements"
            <| fun () ->
                let rows =
                    pgrest {
                        from "arrs"
                        where (Filter.isIn "id" [ 1; 6 ])
                        orderBy "id"
                    }
                    |> PgrestSync.list<Arr> (client ())
                    |> ok

                Expect.equal rows[0].Tags [ Some "a,b"; Some "c" ] "tags of row 1"
                Expect.equal rows[1].Tags [ None ] "a NULL element"
                Expect.equal rows[1].Nums [ 6 ] "nums of row 6"

            testCase "a user decoder reads each row's JSON"
            <| fun () ->
                let decoder (e: JsonElement) =
                    match e.TryGetProperty "name" with
                    | true, name when name.ValueKind = JsonValueKind.String -> Ok(name.GetString() |> nonNull)
                    | _ -> Error "no name"

                let names =
                    Async.RunSynchronously(
                        pgrest {
                            from "items"
                            select "name"
                            where (Filter.lt "id" 3)
                            orderBy "id"
                        }
                        |> PgrestAsync.listWith decoder (client ())
                    )
                    |> ok

                Expect.equal names [ "apple"; "banana" ] "decoded names"

            testCase "a failing user decoder raises, it is not a PostgREST error"
            <| fun () ->
                let run () =
                    pgrest {
                        from "items"
                        select "id"
                    }
                    |> PgrestAsync.listWith (fun _ -> Error "nope") (client ())
                    |> Async.RunSynchronously
                    |> ignore

                Expect.throwsT<JsonException> run "decoder errors surface as JsonException"

            testCase "CSV and a scalar function result"
            <| fun () ->
                let c = client ()

                let csv =
                    pgrest {
                        from "items"
                        select "id,name"
                        where (Filter.lt "id" 3)
                        orderBy "id"
                        csv
                    }
                    |> PgrestSync.text c
                    |> ok

                Expect.equal csv "id,name\n1,apple\n2,banana" "csv body"
                let sum = pgrest { rpc "add" {| a = 2; b = 40 |} } |> PgrestSync.value<int> c |> ok
                Expect.equal sum 42 "2 + 40"

            testCase "a write in a rolled-back transaction returns its rows and leaves nothing"
            <| fun () ->
                let c = client ()
                let key = Server.uniqueTag "fs"

                let written =
                    pgrest {
                        from "kv"
                        insert {| k = key; v = "x" |}
                        select "k,v,n"
                        rollback
                    }
                    |> PgrestSync.list<{| k: string; v: string; n: int |}> c
                    |> ok

                Expect.equal written [ {| k = key; v = "x"; n = 42 |} ] "the inserted row with its default"

                let left =
                    pgrest {
                        from "kv"
                        where (Filter.eq "k" key)
                    }
                    |> PgrestSync.count c
                    |> ok

                Expect.equal left 0L "rolled back"

            testCase "client setup in F# style: bearer token and schema"
            <| fun () ->
                use root = Client.create (Server.testUrl ())
                let webUser = root |> Client.withBearer (Server.jwt "web_user" "")

                let secrets =
                    pgrest {
                        from "secrets"
                        select "id"
                    }
                    |> PgrestSync.list<{| id: int |}> webUser
                    |> ok

                Expect.equal secrets [ {| id = 1 |} ] "web_user reads secrets"

                match pgrest { from "secrets" } |> PgrestSync.list<{| id: int |}> root with
                | Error e -> Expect.equal (e.Status, e.Code) (401, Some "42501") "anon is refused"
                | Ok _ -> failtest "anon cannot read secrets"

                let v2 = root |> Client.withSchema "v2"
                let rows = pgrest { from "items" } |> PgrestSync.list<Named> v2 |> ok
                Expect.equal rows [ { Id = 100; Name = "v2-only" } ] "v2.items"
        ]

type CamelItem = { id: int; itemName: string }

type MetaRow =
    {
        Id: int
        Meta: Map<string, JsonElement> option
    }

[<Tests>]
let moreTests =
    testList
        "Integration.FSharp.more"
        [
            testCase "custom JsonSerializerOptions name properties their own way"
            <| fun () ->
                let options = Client.defaultJsonOptions ()
                options.PropertyNamingPolicy <- JsonNamingPolicy.CamelCase

                use camel =
                    Client.createWith (PostgrestClientOptions(JsonSerializerOptions = options)) (Server.testUrl ())

                let rows =
                    pgrest {
                        from "items"
                        select "id,itemName:name"
                        where (Filter.eq "id" 2)
                    }
                    |> PgrestSync.list<CamelItem> camel
                    |> ok

                Expect.equal rows [ { id = 2; itemName = "banana" } ] "camelCase keys decode"

            testCase "a disposed client that owns its HttpClient refuses to send; derived clients share it"
            <| fun () ->
                let root = Client.create (Server.testUrl ())
                let derived = root |> Client.withSchema "api"

                let count () =
                    pgrest { from "big" } |> PgrestSync.count derived |> ok

                Expect.equal (count ()) 25L "works before Dispose"
                root.Dispose()
                Expect.throwsT<ObjectDisposedException> (count >> ignore) "the shared handler is gone"

            testCase "jsonb decodes into an F# map"
            <| fun () ->
                let rows =
                    pgrest {
                        from "items"
                        select "id,meta"
                        where (Filter.isIn "id" [ 4; 6 ])
                        orderBy "id"
                    }
                    |> PgrestSync.list<MetaRow> (client ())
                    |> ok

                Expect.equal rows[0].Meta None "NULL jsonb is None"
                Expect.equal (rows[1].Meta |> Option.map (Map.find "n" >> _.GetInt32())) (Some 6) "meta.n of item 6"

            testCase "geoJson, explain and rpcHead from the F# block"
            <| fun () ->
                let c = client ()

                let geo =
                    pgrest {
                        from "places"
                        select "id,name,geom"
                        orderBy "id"
                        geoJson
                    }
                    |> PgrestSync.value<JsonElement> c
                    |> ok

                Expect.equal (geo.GetProperty("type").GetString()) "FeatureCollection" "GeoJSON"
                Expect.equal (geo.GetProperty("features").GetArrayLength()) 2 "two places"

                let plan =
                    pgrest {
                        from "items"
                        where (Filter.eq "id" 1)
                        explain (ExplainOptions(Analyze = true, Verbose = true))
                    }
                    |> PgrestSync.text c
                    |> ok

                Expect.stringContains plan "actual time" "an analysed text plan"

                let head = pgrest { rpcHead "add" {| a = 1; b = 2 |} } |> PgrestSync.execute c |> ok
                Expect.equal (head.Status, head.Body) (200, "") "HEAD: status, no body"

            testCase "insertIgnoringDuplicates skips existing rows (rolled back)"
            <| fun () ->
                let inserted =
                    pgrest {
                        from "people"

                        insertIgnoringDuplicates
                            "email"
                            [
                                {| email = "a@x.io"; name = "dup" |}
                                {|
                                    email = Server.uniqueTag "p" + "@x.io"
                                    name = "new"
                                |}
                            ]

                        select "name"
                        rollback
                    }
                    |> PgrestSync.list<{| name: string |}> (client ())
                    |> ok

                Expect.equal inserted [ {| name = "new" |} ] "only the new row is returned"
        ]
