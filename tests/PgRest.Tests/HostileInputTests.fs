/// Values and options that would change a request's meaning are refused (issue 13, items 5-10): text PostgREST
/// cannot receive intact (U+0000, lone surrogates), preference values that would add preferences, header values
/// outside ASCII, base URLs with a query, fragment or credentials, and condition trees deeper than
/// `maxDepth`. Every refusal is an ArgumentException naming the argument, raised before anything is sent.
module PgRest.Tests.HostileInputTests

open System
open System.Collections.Generic
open System.Linq.Expressions
open System.Net.Http
open Expecto
open FsCheck
open FsCheck.FSharp
open PgRest
open PgRest.Tests.Support
open PgRest.Tests.Generators
open PgRest.Tests.ValidationTests

/// A string holding one UTF-16 code unit (a lone surrogate, when given one): F# string literals turn a lone
/// surrogate escape such as \uD800 into U+FFFD, so hostile strings are built from chars.
let lone (code: int) = string (char code)

/// Asserts that `f` throws an ArgumentException whose ParamName is `paramName`; returns its message.
let refusedNaming (paramName: string) (f: unit -> 'a) (what: string) : string =
    let thrown =
        try
            f () |> ignore
            None
        with e ->
            Some e

    match thrown with
    | Some(:? ArgumentException as e) ->
        Expect.equal e.ParamName paramName (sprintf "%s: the exception names the argument (%s)" what e.Message)
        e.Message
    | Some e -> failtestf "%s: expected an ArgumentException, got %s: %s" what (e.GetType().Name) e.Message
    | None -> failtestf "%s: expected an ArgumentException, nothing was thrown" what

/// A row type for typed predicates.
type Row = { Id: int }

let private nul = "x\u0000tail"
let private loneHigh = ("x" + lone 0xD800)
let private loneLow = (lone 0xDC00 + "x")
let private reversedPair = ("x" + lone 0xDE00 + lone 0xD83D + "y") // low before high: two lone surrogates

let private unsendable =
    [
        "NUL", nul
        "lone high", loneHigh
        "lone low", loneLow
        "reversed pair", reversedPair
    ]

/// Every way a value reaches the URL of a filter, with the name of the argument that carries it.
let private valueSites: (string * string * (string -> unit)) list =
    let q () = PostgrestQuery.From "t"

    [
        "Eq", "value", (fun v -> q().Eq("v", v) |> ignore)
        "Neq", "value", (fun v -> q().Neq("v", v) |> ignore)
        "Gt", "value", (fun v -> q().Gt("v", v) |> ignore)
        "Like", "value", (fun v -> q().Like("v", v) |> ignore)
        "ILike", "value", (fun v -> q().ILike("v", v) |> ignore)
        "Match", "value", (fun v -> q().Match("v", v) |> ignore)
        "IsDistinct", "value", (fun v -> q().IsDistinct("v", v) |> ignore)
        "In strings", "value", (fun v -> q().In("v", [| "ok"; v |]) |> ignore)
        "In generic", "value", (fun v -> q().In("v", [ "ok"; v ]) |> ignore)
        "In sequence",
        "value",
        (fun v ->
            q()
                .In(
                    "v",
                    seq {
                        "ok"
                        v
                    }
                )
            |> ignore)
        "Contains array", "value", (fun v -> q().Contains("v", [| "ok"; v |]) |> ignore)
        "Contains scalar", "value", (fun v -> q().Contains("v", v) |> ignore)
        "Overlaps", "value", (fun v -> q().Overlaps("v", [ v ]) |> ignore)
        "range", "value", (fun v -> q().AdjacentTo("v", PgRange.Create(v, "z")) |> ignore)
        "Fts", "value", (fun v -> q().Fts("v", v) |> ignore)
        "Wfts", "value", (fun v -> q().Wfts("v", v, "english") |> ignore)
        "LikeAny", "value", (fun v -> Conditions.Col("v").LikeAny([ "a*"; v ]) |> ignore)
        "char", "value", (fun v -> q().Eq("v", v |> Seq.find (fun c -> c = char 0 || Char.IsSurrogate c)) |> ignore)
        "ToString of a value",
        "value",
        (fun v ->
            q()
                .Eq(
                    "v",
                    { new obj() with
                        member _.ToString() = v
                    }
                )
            |> ignore)
        "Col.Eq", "value", (fun v -> Conditions.Col("v").Eq(v) |> ignore)
        "Filter", "value", (fun v -> Conditions.Filter("v", FilterOperator.Eq, v) |> ignore)
        "AllEqual", "value", (fun v -> Conditions.AllEqual([ KeyValuePair("v", box v) ]) |> ignore)
        "Raw filter value", "value", (fun v -> q().Filter("v", "eq", v) |> ignore)
        "Raw filter operator", "op", (fun v -> q().Filter("v", v, "1") |> ignore)
        "Parameter value", "value", (fun v -> q().Parameter("p", v) |> ignore)
        "Parameter name", "name", (fun v -> q().Parameter(v, "1") |> ignore)
        "column", "column", (fun v -> q().Eq(v, "1") |> ignore)
        "JSON path key", "column", (fun v -> q().Eq("data->>" + v, "1") |> ignore)
        "Col", "name", (fun v -> Conditions.Col v |> ignore)
        "Order column", "column", (fun v -> q().Order v |> ignore)
        "Order referenced table", "referencedTable", (fun v -> q().Order("id", referencedTable = v) |> ignore)
        "Select text", "columns", (fun v -> q().Select("id," + v) |> ignore)
        "Where referenced table", "referencedTable", (fun v -> q().Where(Conditions.Col("a").Eq(1), v) |> ignore)
        "Limit referenced table", "referencedTable", (fun v -> q().Limit(1L, v) |> ignore)
        "table", "table", (fun v -> PostgrestQuery.From v |> ignore)
        "function", "function", (fun v -> PostgrestQuery.Rpc v |> ignore)
        "Upsert onConflict", "onConflict", (fun v -> q().Upsert({| id = 1 |}, onConflict = v) |> ignore)
        "SelectItem column", "name", (fun v -> SelectItem.Column v |> ignore)
        "SelectItem alias", "alias", (fun v -> SelectItem.Column("id", alias = v) |> ignore)
        "SelectItem raw", "raw", (fun v -> SelectItem.Raw v |> ignore)
        "Embed relation", "relation", (fun v -> SelectItem.Embed v |> ignore)
        "OrderByRelated relation", "relation", (fun v -> q().OrderByRelated(v, "name") |> ignore)
    ]

let private nulAndSurrogates =
    testList
        "NUL and lone surrogates"
        [
            for site, paramName, build in valueSites do
                for kind, value in unsendable do
                    test (sprintf "%s with %s is refused when built" site kind) {
                        refusedNaming paramName (fun () -> build value) (site + " " + kind) |> ignore
                    }

            test "a surrogate pair (emoji) is sent as its UTF-8 bytes" {
                Expect.equal
                    (pathOf (PostgrestQuery.From("t").Eq("v", "a😀b")))
                    "/t?v=eq.a%F0%9F%98%80b"
                    "U+1F600 is F0 9F 98 80"

                Expect.equal
                    (pathOf (PostgrestQuery.From("t").In("v", "😀", "x")))
                    "/t?v=in.(%22%F0%9F%98%80%22,%22x%22)"
                    "inside an in-list too"
            }

            test "U+FFFD itself and the text %00 are ordinary values" {
                Expect.equal (pathOf (PostgrestQuery.From("t").Eq("v", "\uFFFD"))) "/t?v=eq.%EF%BF%BD" "U+FFFD"
                Expect.equal (pathOf (PostgrestQuery.From("t").Eq("v", "%00"))) "/t?v=eq.%2500" "the text %00"
            }

            test "RPC GET arguments with NUL are refused when rendered, before sending" {
                refusedBeforeSending
                    (PostgrestQuery.Rpc("f", {| a = nul |}, RpcMethod.Get))
                    "NUL in an RPC GET argument"

                refusedNaming "args" (fun () -> render (PostgrestQuery.Rpc("f", {| a = nul |}, RpcMethod.Get))) "NUL"
                |> ignore
            }

            test "RPC GET arguments with a lone surrogate are refused when rendered, before sending" {
                for _, value in unsendable do
                    refusedBeforeSending (PostgrestQuery.Rpc("f", {| a = value |}, RpcMethod.Get)) "RPC GET"

                    refusedBeforeSending
                        (PostgrestQuery.Rpc("f", {| a = [| "ok"; value |] |}, RpcMethod.Get))
                        "RPC GET array"

                    refusedBeforeSending
                        (PostgrestQuery.Rpc("f", dict [ value, 1 ], RpcMethod.Get))
                        "RPC GET argument name"
            }

            test "RPC GET arguments with a surrogate pair are sent" {
                Expect.equal
                    (pathOf (PostgrestQuery.Rpc("f", {| a = "😀" |}, RpcMethod.Get)))
                    "/rpc/f?a=%F0%9F%98%80"
                    "the pair survives"
            }

            test "a POST body keeps NUL for the server to refuse (22P05)" {
                let request = render (PostgrestQuery.From("t").Insert({| v = nul |}))
                Expect.stringContains (nonNull request.BodyText) "\\u0000" "NUL travels escaped in JSON"
            }

            test "names with a surrogate pair are kept" {
                Expect.equal
                    (pathOf (PostgrestQuery.From("t😀").Eq("c😀", 1)))
                    "/t%F0%9F%98%80?%22c%F0%9F%98%80%22=eq.1"
                    "pair"
            }
        ]

// ---- item 5: values inside Prefer ---------------------------------------------------------------------------------

let private preferTests =
    testList
        "Prefer values"
        [
            for bad in
                [
                    "UTC, resolution=merge-duplicates"
                    "UTC,return=minimal"
                    "UTC;x"
                    "UTC=x"
                    "UTC x"
                    " UTC"
                    "UTC\t"
                    "+05:30"
                    "\"UTC\""
                    "Europe/Zürich"
                ] do
                test (sprintf "Timezone(%A) is refused" bad) {
                    refusedNaming "timezone" (fun () -> PostgrestQuery.From("t").Timezone bad) bad
                    |> ignore
                }

            for good in
                [
                    "UTC"
                    "Etc/GMT+3"
                    "Etc/GMT-14"
                    "America/Argentina/Buenos_Aires"
                    "America/Port-au-Prince"
                    "EST5EDT"
                ] do
                test (sprintf "Timezone(%s) is sent as one preference" good) {
                    let request = render (PostgrestQuery.From("t").Timezone good)
                    Expect.equal (header "Prefer" request) (Some("timezone=" + good)) "one preference"
                }

            test "a refused time zone leaves nothing in Prefer of an insert" {
                refusedNaming
                    "timezone"
                    (fun () ->
                        PostgrestQuery.From("t").Insert({| id = 1 |}).Timezone("UTC, resolution=merge-duplicates"))
                    "injection"
                |> ignore
            }
        ]

// ---- item 9: header values ----------------------------------------------------------------------------------------

let private headerTests =
    let nonAscii =
        [ "données"; "é"; "\u00A0"; "\u00FF"; "€"; "😀"; ("x" + lone 0xD800) ]

    testList
        "header values are ASCII"
        [
            for value in nonAscii do
                test (sprintf "%A is refused in every header the client writes" value) {
                    refusedNaming "schema" (fun () -> client.WithSchema value) "WithSchema"
                    |> ignore

                    refusedNaming "schema" (fun () -> PostgrestQuery.From("t").Schema value) "Schema"
                    |> ignore

                    refusedNaming "value" (fun () -> client.WithHeader("X-A", value)) "WithHeader"
                    |> ignore

                    refusedNaming "value" (fun () -> PostgrestQuery.From("t").Header("X-A", value)) "Header"
                    |> ignore

                    refusedNaming "token" (fun () -> client.WithBearer("a" + value)) "WithBearer"
                    |> ignore

                    refusedNaming "timezone" (fun () -> PostgrestQuery.From("t").Timezone value) "Timezone"
                    |> ignore

                    refusedNaming
                        "options"
                        (fun () -> new PostgrestClient(baseUrl, PostgrestClientOptions(Schema = value)))
                        "options.Schema"
                    |> ignore

                    refusedNaming
                        "options"
                        (fun () ->
                            new PostgrestClient(
                                baseUrl,
                                PostgrestClientOptions(Headers = Dictionary(dict [ "apikey", "k" + value ]))
                            ))
                        "options.Headers"
                    |> ignore
                }

            test "a basic-auth password may hold any text (it is sent in base64), but not a lone surrogate" {
                let c = client.WithBasicAuth("user", "pässwörd😀")
                let request = c.Render(PostgrestQuery.From "t")

                Expect.equal
                    (header "Authorization" request)
                    (Some("Basic " + Convert.ToBase64String(Text.Encoding.UTF8.GetBytes "user:pässwörd😀")))
                    "UTF-8 in base64"

                refusedNaming "password" (fun () -> client.WithBasicAuth("user", ("p" + lone 0xD800))) "lone surrogate"
                |> ignore

                refusedNaming "userName" (fun () -> client.WithBasicAuth(("u" + lone 0xDC00), "p")) "lone surrogate"
                |> ignore
            }

            test "visible ASCII, space and tab are kept" {
                let request = render (PostgrestQuery.From("t").Header("X-A", "a b\t~!"))
                Expect.equal (header "X-A" request) (Some "a b\t~!") "kept"
            }
        ]

// ---- item 8: the base URL ----------------------------------------------------------------------------------------

let private baseUrlTests =
    testList
        "base URL"
        [
            for url, why in
                [
                    "http://127.0.0.1:3000/?apikey=k", "a query"
                    "http://127.0.0.1:3000/?", "an empty query"
                    "http://127.0.0.1:3000/api?x=1", "a query after a path"
                    "http://127.0.0.1:3000/#top", "a fragment"
                    "http://127.0.0.1:3000/api#", "an empty fragment"
                    "http://user:s3cret@127.0.0.1:3000/", "user info"
                    "http://user@127.0.0.1:3000/", "a user name"
                    "ftp://127.0.0.1/", "a non-http scheme"
                    "file:///srv/api", "a file URL"
                    "/api/v1", "a relative URL"
                    "api/v1", "a relative URL"
                    "127.0.0.1:3000", "no scheme"
                ] do
                test (sprintf "%s (%s) is refused" url why) {
                    let message = refusedNaming "baseUrl" (fun () -> new PostgrestClient(url)) why
                    Expect.isFalse (message.Contains "s3cret") "the message never shows the password"
                }

            test "a Uri with a query, fragment or user info is refused too, without showing the password" {
                for url in [ "http://h/?a=1"; "http://h/#f"; "http://u:s3cret@h/" ] do
                    let message = refusedNaming "baseUri" (fun () -> new PostgrestClient(Uri url)) url
                    Expect.isFalse (message.Contains "s3cret") "no password"
            }

            test "the messages point at headers and WithBasicAuth" {
                let query =
                    refusedNaming "baseUrl" (fun () -> new PostgrestClient("http://h/?apikey=k")) "query"

                Expect.stringContains query "Headers" "query → headers"

                let creds =
                    refusedNaming "baseUrl" (fun () -> new PostgrestClient("http://u:p@h/")) "user info"

                Expect.stringContains creds "WithBasicAuth" "user info → WithBasicAuth"
            }

            for url, expected in
                [
                    "http://h/api/v1", "http://h/api/v1/books?id=eq.1"
                    "http://h/api/v1/", "http://h/api/v1/books?id=eq.1"
                    "http://h/api/v1//", "http://h/api/v1/books?id=eq.1"
                    "http://h", "http://h/books?id=eq.1"
                    "https://h:8443/", "https://h:8443/books?id=eq.1"
                    "http://[::1]:3000/", "http://[::1]:3000/books?id=eq.1"
                    "HTTP://H/", "http://h/books?id=eq.1"
                ] do
                test (sprintf "%s is kept (path prefix, slashes, IPv6)" url) {
                    use c = new PostgrestClient(url)
                    let request = c.Render(PostgrestQuery.From("books").Eq("id", 1))
                    Expect.equal (string request.Uri) expected "the request URL"
                }
        ]

// ---- item 10: deep condition trees --------------------------------------------------------------------------------

/// The documented maximum nesting of and/or groups (`Conditions.MaxDepth`).
let private maxDepth = Conditions.MaxDepth

/// A tree alternating or/and (so nothing flattens) `depth` groups deep, built bottom-up in a loop.
let private alternating (depth: int) : Condition =
    let mutable c = Conditions.Col("a").Eq(0)

    for level in 1..depth do
        let sibling = Conditions.Col("a").Eq(level)

        c <-
            if level % 2 = 1 then
                Conditions.Or [ sibling; c ]
            else
                Conditions.And [ sibling; c ]

    c

/// Builds ever deeper trees up to `depth`; returns the depth at which building was refused (None if never).
let private refusedAt (depth: int) (combine: Condition -> Condition -> Condition) : (int * ArgumentException) option =
    let mutable c = Conditions.Col("a").Eq(0)
    let mutable refused = None
    let mutable level = 1

    while refused.IsNone && level <= depth do
        try
            c <- combine (Conditions.Col("a").Eq(level)) c
        with :? ArgumentException as e ->
            refused <- Some(level, e)

        level <- level + 1

    refused

let private depthTests =
    testList
        "deep condition trees"
        [
            test "the documented maximum is 1,000 levels" {
                Expect.equal Conditions.MaxDepth 1000 "docs/reliability.md"
            }

            test "a tree of MaxDepth groups renders, as a filter and as text" {
                let c = alternating maxDepth
                let path = pathOf (PostgrestQuery.From("t").Where c)
                Expect.stringStarts path "/t?a=eq.1000&or=(a.eq.%22999%22,and(a.eq.%22998%22," "rendered"
                Expect.stringStarts (c.ToString()) "and(a.eq.\"1000\",or(a.eq.\"999\"," "described"
                Expect.stringStarts (c.Negate().ToString()) "not.and(" "negated"
                let q = PostgrestQuery.From("t").Where(Conditions.Not c)
                Expect.isTrue (q.ToString().Length > 10000) "Describe"
            }

            test "one group more is refused when built, naming the argument" {
                let deepest = alternating maxDepth

                refusedNaming "conditions" (fun () -> Conditions.Or [ Conditions.Col("a").Eq(1); deepest ]) "too deep"
                |> ignore

                refusedNaming
                    "conditions"
                    (fun () -> Conditions.And [ Conditions.Col("a").Eq(1); Conditions.Not deepest ])
                    "too deep"
                |> ignore

                // Negating a group does not add a level (not.and(...)), and an and inside an and flattens.
                Conditions.Not deepest |> ignore
                Conditions.And [ Conditions.Col("a").Eq(1); deepest ] |> ignore
            }

            test "building a tree 100,000 deep stops at MaxDepth instead of overflowing the stack" {
                let alternatingCombine =
                    let mutable n = 0

                    fun (a: Condition) (b: Condition) ->
                        n <- n + 1

                        if n % 2 = 1 then
                            Conditions.Or [ a; b ]
                        else
                            Conditions.And [ a; b ]

                match refusedAt 100_000 alternatingCombine with
                | Some(level, e) ->
                    Expect.equal level (maxDepth + 1) "refused one level past the maximum"
                    Expect.stringContains e.Message "1000" "the message names the maximum"
                | None -> failtest "a tree 100,000 deep was built"

                match refusedAt 100_000 (fun a b -> Conditions.Not(Conditions.Or [ a; b ])) with
                | Some(level, _) -> Expect.equal level (maxDepth + 1) "negated groups nest too"
                | None -> failtest "a negated tree 100,000 deep was built"

                match refusedAt 100_000 (fun a b -> a ||| b |> fun c -> c &&& Conditions.Col("z").Eq(1)) with
                | Some(level, _) -> Expect.isLessThanOrEqual level (maxDepth + 1) "operators too"
                | None -> failtest "an operator tree 100,000 deep was built"
            }

            test "a flat group of 100,000 conditions has no depth, and renders" {
                let wide = Conditions.Or [ for i in 0..99_999 -> Conditions.Col("a").Eq(i) ]
                Expect.stringStarts (wide.ToString()) "or(a.eq.\"0\",a.eq.\"1\"," "one flat or"
                let mutable c = Conditions.Col("a").Eq(0)

                for i in 1..2_000 do
                    c <- c &&& Conditions.Col("a").Neq(i)

                Expect.stringStarts (c.ToString()) "and(a.eq.\"0\",a.neq.\"1\"," "a chain of & is one flat and"
            }

            test "a typed && chain 100,000 deep translates to one group" {
                let row = Expression.Parameter(typeof<Row>, "r")

                let leaf (i: int) =
                    Expression.NotEqual(Expression.Property(row, "Id"), Expression.Constant i) :> Expression

                let mutable body = leaf 0

                for i in 1..100_000 do
                    body <- Expression.AndAlso(body, leaf i)

                let c =
                    PostgrestExpressions.ToCondition(Expression.Lambda<Func<Row, bool>>(body, row))

                Expect.stringStarts (c.ToString()) "and(id.neq.\"0\",id.neq.\"1\",id.neq.\"2\"," "flattened in order"

                let mutable right = leaf 0

                for i in 1..100_000 do
                    right <- Expression.OrElse(leaf i, right)

                let c =
                    PostgrestExpressions.ToCondition(Expression.Lambda<Func<Row, bool>>(right, row))

                Expect.stringStarts (c.ToString()) "or(id.neq.\"100000\",id.neq.\"99999\"," "right-nested, in order"
            }

            test "a typed ! chain 100,000 deep translates" {
                let row = Expression.Parameter(typeof<Row>, "r")

                let mutable body =
                    Expression.Equal(Expression.Property(row, "Id"), Expression.Constant 1) :> Expression

                for _ in 1..100_001 do
                    body <- Expression.Not body

                let c =
                    PostgrestExpressions.ToCondition(Expression.Lambda<Func<Row, bool>>(body, row))

                Expect.equal (c.ToString()) "id.not.eq.\"1\"" "an odd number of ! negates"
            }

            test "a typed alternating &&/|| tree 100,000 deep is refused, not a stack overflow" {
                let row = Expression.Parameter(typeof<Row>, "r")

                let leaf (i: int) =
                    Expression.Equal(Expression.Property(row, "Id"), Expression.Constant i) :> Expression

                let mutable body = leaf 0

                for i in 1..100_000 do
                    body <-
                        if i % 2 = 0 then
                            Expression.AndAlso(leaf i, body)
                        else
                            Expression.OrElse(leaf i, body)

                refusedNaming
                    "predicate"
                    (fun () -> PostgrestExpressions.ToCondition(Expression.Lambda<Func<Row, bool>>(body, row)))
                    "deep typed tree"
                |> ignore
            }
        ]

// ---- properties ---------------------------------------------------------------------------------------------------

let private properties =
    testList
        "properties"
        [
            testPropertyWithConfig pureConfig "text with NUL or a lone surrogate is refused at every value site"
            <| Prop.forAll
                (Arb.fromGen (Gen.zip unsendableText (Gen.elements valueSites)))
                (fun (value, (site, p, build)) -> refusedNaming p (fun () -> build value) site |> ignore)

            testPropertyWithConfig pureConfig "valid text is never refused as a filter value and survives rendering"
            <| Prop.forAll textArb (fun value ->
                let q =
                    PostgrestQuery.From("t").Eq("v", value).In("w", [| value |]).Contains("x", [| value |])

                render q |> ignore)

            testPropertyWithConfig pureConfig "a header value with anything outside printable ASCII is refused"
            <| Prop.forAll textArb (fun value ->
                let ascii = value |> Seq.forall (fun c -> (c >= ' ' && c <= '~') || c = '\t')

                let accepted =
                    try
                        PostgrestQuery.From("t").Header("X-A", value) |> ignore
                        true
                    with :? ArgumentException ->
                        false

                Expect.equal accepted ascii (sprintf "%A" value))
        ]

[<Tests>]
let tests =
    testList
        "Unit.HostileInput"
        [
            nulAndSurrogates
            preferTests
            headerTests
            baseUrlTests
            depthTests
            properties
        ]
