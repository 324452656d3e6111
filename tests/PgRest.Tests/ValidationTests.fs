/// Invalid input is refused with an ArgumentException (or a subclass) before anything is sent: when the query,
/// condition or client is built, or at the latest when the request is rendered.
module PgRest.Tests.ValidationTests

open System
open System.Net.Http
open System.Text.Json
open System.Threading.Tasks
open Expecto
open PgRest
open PgRest.Tests.Support

/// An HTTP handler that counts the requests that reach it and fails each one: it proves nothing was sent.
type RecordingHandler() =
    inherit HttpMessageHandler()
    member val Calls = 0 with get, set

    override this.SendAsync(_, _) =
        this.Calls <- this.Calls + 1
        Task.FromException<HttpResponseMessage>(InvalidOperationException "no request may be sent")

    override this.Send(_, _) =
        this.Calls <- this.Calls + 1
        raise (InvalidOperationException "no request may be sent")

/// Asserts that `f` throws an ArgumentException or a subclass (ArgumentNullException, ArgumentOutOfRangeException).
let throwsArgument (f: unit -> 'a) (message: string) =
    let thrown =
        try
            f () |> ignore
            None
        with e ->
            Some e

    match thrown with
    | Some(:? ArgumentException) -> ()
    | Some e -> failtestf "%s: expected an ArgumentException, got %s: %s" message (e.GetType().Name) e.Message
    | None -> failtestf "%s: expected an ArgumentException, nothing was thrown" message

/// Asserts that sending `query` through a client whose handler counts requests throws an ArgumentException, with
/// the synchronous and the asynchronous API, and that no request reached the handler.
let refusedBeforeSending (query: PostgrestQuery) (message: string) =
    let handler = new RecordingHandler()
    use http = new HttpClient(handler)
    use c = new PostgrestClient(baseUrl, PostgrestClientOptions(HttpClient = http))
    throwsArgument (fun () -> c.SendAsync(query).GetAwaiter().GetResult()) (message + " (async)")
    throwsArgument (fun () -> c.Send(query)) (message + " (sync)")
    throwsArgument (fun () -> c.Render(query)) (message + " (render)")
    Expect.equal handler.Calls 0 (message + ": nothing was sent")

let t () = PostgrestQuery.From "t"

let col (name: string) = Conditions.Col name

let resourceTests =
    testList
        "resource names"
        [
            test "null table" { throwsArgument (fun () -> PostgrestQuery.From(Unchecked.defaultof<string>)) "null" }
            test "empty table" { throwsArgument (fun () -> PostgrestQuery.From("")) "empty" }
            test "dot and dot-dot tables" {
                throwsArgument (fun () -> PostgrestQuery.From("..")) ".."
                throwsArgument (fun () -> PostgrestQuery.From(".")) "."
                throwsArgument (fun () -> client.From("..")) "client.From .."
            }
            test "control characters in a table name" {
                throwsArgument (fun () -> PostgrestQuery.From("a\r\nb")) "CRLF"
                throwsArgument (fun () -> PostgrestQuery.From("a\u0000b")) "NUL"
            }
            test "function names" {
                throwsArgument (fun () -> PostgrestQuery.Rpc("")) "empty"
                throwsArgument (fun () -> PostgrestQuery.Rpc("..")) ".."
                throwsArgument (fun () -> client.Rpc(Unchecked.defaultof<string>)) "null"
            }
        ]

let headerTests =
    testList
        "headers, schema, credentials"
        [
            test "CR/LF in a query header name or value" {
                throwsArgument (fun () -> t().Header("X-A\r\nX-B", "v")) "CRLF in name"
                throwsArgument (fun () -> t().Header("X-A", "v\r\nX-Injected: 1")) "CRLF in value"
                throwsArgument (fun () -> t().Header("X-A", "v\nX")) "LF in value"
                throwsArgument (fun () -> t().Header("X A", "v")) "space in name"
                throwsArgument (fun () -> t().Header("X:A", "v")) "colon in name"
                throwsArgument (fun () -> t().Header("", "v")) "empty name"
                throwsArgument (fun () -> t().Header("X-A", "日本")) "non-Latin-1 value"
            }
            test "CR/LF in a client header name or value" {
                throwsArgument (fun () -> client.WithHeader("X-A\r\n", "v")) "name"
                throwsArgument (fun () -> client.WithHeader("X-A", "v\r\nX-B: 1")) "value"

                throwsArgument
                    (fun () ->
                        new PostgrestClient(
                            baseUrl,
                            PostgrestClientOptions(Headers = readOnlyDict [ "apikey", "k\r\nX: 1" ])
                        ))
                    "options"
            }
            test "schema" {
                throwsArgument (fun () -> t().Schema("v2\r\nX-Injected: 1")) "query CRLF"
                throwsArgument (fun () -> t().Schema("")) "query empty"
                throwsArgument (fun () -> client.WithSchema("v2\nX")) "client LF"
                throwsArgument (fun () -> client.WithSchema("")) "client empty"

                throwsArgument
                    (fun () -> new PostgrestClient(baseUrl, PostgrestClientOptions(Schema = "a\r\nb")))
                    "options"
            }
            test "timezone" {
                throwsArgument (fun () -> t().Timezone("UTC\r\nX: 1")) "CRLF"
                throwsArgument (fun () -> t().Timezone("")) "empty"
            }
            test "bearer token" {
                throwsArgument (fun () -> client.WithBearer("tok\r\nX-Injected: 1")) "CRLF"
                throwsArgument (fun () -> client.WithBearer("tok\n")) "LF"
                throwsArgument (fun () -> client.WithBearer("")) "empty"
                throwsArgument (fun () -> client.WithBearer(Unchecked.defaultof<string>)) "null"
            }
            test "basic auth" {
                throwsArgument (fun () -> client.WithBasicAuth("us:er", "p")) "colon in user"
                throwsArgument (fun () -> client.WithBasicAuth("", "p")) "empty user"
                throwsArgument (fun () -> client.WithBasicAuth("u", "p\r\n")) "CRLF in password"
            }
            test "base URL" {
                throwsArgument (fun () -> new PostgrestClient("ftp://127.0.0.1/")) "not http"
                throwsArgument (fun () -> new PostgrestClient("/relative")) "relative"
                throwsArgument (fun () -> new PostgrestClient("not a url")) "garbage"
            }
        ]

let pagingTests =
    testList
        "paging"
        [
            test "negative limit" {
                throwsArgument (fun () -> t().Limit(-1L)) "limit"
                throwsArgument (fun () -> t().Limit(-1L, "books")) "embedded limit"
            }
            test "negative offset" { throwsArgument (fun () -> t().Offset(-1L)) "offset" }
            test "range with to < from" {
                throwsArgument (fun () -> t().Range(5L, 4L)) "to < from"
                throwsArgument (fun () -> t().Range(-1L, 4L)) "negative from"
            }
            test "negative max-affected" { throwsArgument (fun () -> t().MaxAffected(-1L)) "max-affected" }
            test "empty referenced table" { throwsArgument (fun () -> t().Limit(1L, "")) "empty table" }
            test "non-positive timeout" {
                throwsArgument (fun () -> t().Timeout(TimeSpan.Zero)) "zero"
                throwsArgument (fun () -> t().Timeout(TimeSpan.FromSeconds -1.0)) "negative"
            }
        ]

let valueTests =
    testList
        "filter values"
        [
            test "NaN" {
                throwsArgument (fun () -> t().Eq("x", Double.NaN)) "double"
                throwsArgument (fun () -> t().Gt("x", Single.NaN)) "float32"
                throwsArgument (fun () -> t().In("x", [ 1.0; Double.NaN ])) "in-list"
                throwsArgument (fun () -> t().Contains("x", [ Double.NaN ])) "array"
                throwsArgument (fun () -> t().Overlaps("r", PgRange.Create(Double.NaN, 1.0))) "range bound"
            }
            test "null in an in-list" {
                throwsArgument (fun () -> t().In("v", [| "a"; Unchecked.defaultof<string> |])) "string array"
                throwsArgument (fun () -> col("v").In([ "a"; Unchecked.defaultof<string> ])) "Column.In"
            }
            test "null where one value is expected (use is.null)" {
                throwsArgument (fun () -> t().Eq("v", null)) "eq null"
                throwsArgument (fun () -> t().Gt("v", null)) "gt null"
            }
            test "a list where one value is expected, and one value where a list is expected" {
                throwsArgument (fun () -> t().Eq("v", [ 1; 2 ])) "eq list"
                throwsArgument (fun () -> t().Filter("v", FilterOperator.In, "abc")) "in with a string"
                throwsArgument (fun () -> t().Filter("v", FilterOperator.In, null)) "in with null"
                throwsArgument (fun () -> col("v").Op(FilterOperator.Eq, "abc", Quantifier.Any)) "(any) with a scalar"
            }
            test "(any)/(all) only with eq gt gte lt lte like ilike match imatch (doc §3)" {
                throwsArgument
                    (fun () -> Conditions.Filter("v", FilterOperator.Neq, [ "a" ], Quantifier.Any))
                    "neq(any)"

                throwsArgument
                    (fun () -> Conditions.Filter("v", FilterOperator.Neq, [ "a" ], Quantifier.All))
                    "neq(all)"

                throwsArgument (fun () -> Conditions.Filter("v", FilterOperator.In, [ "a" ], Quantifier.Any)) "in(any)"
                throwsArgument (fun () -> Conditions.Filter("v", FilterOperator.Cs, [ "a" ], Quantifier.Any)) "cs(any)"

                throwsArgument
                    (fun () -> Conditions.Filter("v", FilterOperator.Fts, [ "a" ], Quantifier.Any))
                    "fts(any)"
            }
            test "is takes only null, true, false, unknown" {
                throwsArgument (fun () -> t().Filter("v", FilterOperator.Is, "not_null")) "string"
                throwsArgument (fun () -> t().Filter("v", FilterOperator.Is, 1)) "number"
            }
            test "a language only on full-text operators, and only a plain name" {
                throwsArgument (fun () -> Conditions.Filter("v", FilterOperator.Eq, "x", language = "english")) "eq"
                throwsArgument (fun () -> col("v").Fts("x", "english)")) "parenthesis"
                throwsArgument (fun () -> col("v").Fts("x", "")) "empty"
            }
            test "empty or control-character column names" {
                throwsArgument (fun () -> t().Eq("", 1)) "empty"
                throwsArgument (fun () -> t().Eq("a\nb", 1)) "LF"
                throwsArgument (fun () -> t().Order("")) "order"
                throwsArgument (fun () -> Conditions.Col("")) "Col"
            }
            test "raw conditions and parameters refuse control characters" {
                throwsArgument (fun () -> Conditions.Raw("v", "eq", "a\r\nb")) "raw value"
                throwsArgument (fun () -> Conditions.Raw("", "eq", "a")) "raw column"
                throwsArgument (fun () -> t().Parameter("p", "a\nb")) "parameter value"
                throwsArgument (fun () -> t().Parameter("", "a")) "parameter name"
            }
            test "empty logic groups" {
                throwsArgument (fun () -> Conditions.Or([])) "or"
                throwsArgument (fun () -> t().And([])) "and"
            }
        ]

let selectTests =
    testList
        "select"
        [
            test "empty or control-character select" {
                throwsArgument (fun () -> t().Select("")) "empty"
                throwsArgument (fun () -> t().Select("   ")) "blank"
                throwsArgument (fun () -> t().Select("id,\u0001name")) "SOH"
                throwsArgument (fun () -> t().Select("id,\u001Bname")) "ESC"
            }
            test "a cast that is not a type name" {
                throwsArgument (fun () -> SelectItem.Column("id", cast = "text);drop")) "cast"
                throwsArgument (fun () -> SelectItem.Column("id", cast = "")) "empty cast"
            }
            test "empty names in select items" {
                throwsArgument (fun () -> SelectItem.Column("")) "column"
                throwsArgument (fun () -> SelectItem.Embed("")) "relation"
                throwsArgument (fun () -> SelectItem.Column("id", alias = "")) "alias"
                throwsArgument (fun () -> SelectItem.Embed("books", hint = "")) "hint"
            }
            test "on_conflict" {
                throwsArgument (fun () -> t().Upsert({| a = 1 |}, onConflict = "")) "empty"

                throwsArgument
                    (fun () -> render (t().Upsert({| a = 1 |}, onConflict = "a,,b")))
                    "empty column in the list"
            }
        ]

let rpcTests =
    let get (args: obj) =
        PostgrestQuery.Rpc("f", args, RpcMethod.Get)

    testList
        "RPC GET arguments"
        [
            test "a value that PostgREST would read as a filter (doc §10: cat=eq.veg, cat=not.veg)" {
                refusedBeforeSending (get {| cat = "eq.x" |}) "eq.x"
                refusedBeforeSending (get {| cat = "not.x" |}) "not.x"
                refusedBeforeSending (get {| cat = "in.(a,b)" |}) "in.(a,b)"
                refusedBeforeSending (get {| cat = "is.null" |}) "is.null"
                refusedBeforeSending (get {| cat = "like(any).{a*}" |}) "like(any)"
                refusedBeforeSending (get {| cat = "fts(english).x" |}) "fts(english)"
                refusedBeforeSending (get {| cat = "isdistinct.x" |}) "isdistinct"
                refusedBeforeSending (get {| cat = "eq." |}) "eq. with an empty value"
            }
            test "reserved argument names (doc §10)" {
                for name in [ "select"; "order"; "limit"; "offset"; "and"; "or"; "columns"; "on_conflict" ] do
                    let args = dict [ name, box "x" ]
                    refusedBeforeSending (get args) name
            }
            test "a null argument" { refusedBeforeSending (get {| p = (null: string | null) |}) "null string" }
            test "HEAD is checked like GET" {
                refusedBeforeSending (PostgrestQuery.Rpc("f", {| cat = "eq.x" |}, RpcMethod.Head)) "HEAD"

                refusedBeforeSending
                    (PostgrestQuery.Rpc("f", {| cat = "eq.x" |}).WithRpcMethod(RpcMethod.Get))
                    "switched to GET"
            }
            test "arguments that are not an object" {
                refusedBeforeSending (get [| 1; 2 |]) "array"
                refusedBeforeSending (get "text") "string"
            }
            test "the same arguments are fine with POST (they go in the body)" {
                let r =
                    render (
                        PostgrestQuery.Rpc(
                            "f",
                            {|
                                cat = "eq.x"
                                select = (null: string | null)
                            |}
                        )
                    )

                Expect.equal r.BodyText "{\"cat\":\"eq.x\",\"select\":null}" "body"
            }
        ]

let stateTests =
    testList
        "invalid operations"
        [
            test "an unbound query cannot render itself" {
                Expect.throwsT<InvalidOperationException> (fun () -> t().ToRequest() |> ignore) "unbound ToRequest"
            }
            test "a bound query can" {
                Expect.equal (client.From("t").ToRequest().PathAndQuery) "/t" "bound ToRequest"
                Expect.equal (t().Bind(client).ToRequest().PathAndQuery) "/t" "Bind"
            }
            test "an unbound query cannot execute itself" {
                Expect.throwsT<InvalidOperationException> (fun () -> t().Execute() |> ignore) "Execute"
            }
            test "a function call cannot also write" {
                Expect.throwsT<InvalidOperationException>
                    (fun () -> PostgrestQuery.Rpc("f").Delete() |> ignore)
                    "delete"

                Expect.throwsT<InvalidOperationException>
                    (fun () -> PostgrestQuery.Rpc("f").Insert({| a = 1 |}) |> ignore)
                    "insert"
            }
            test "only a function call has an RPC method" {
                Expect.throwsT<InvalidOperationException> (fun () -> t().WithRpcMethod(RpcMethod.Get) |> ignore) ""
            }
            test "invalid JSON text is refused when the query is built" {
                Expect.throwsC (fun () -> t().InsertJson("{not json") |> ignore) (fun e ->
                    Expect.isTrue (e :? JsonException) $"a JsonException, got {e.GetType().Name}")
            }
        ]

[<Tests>]
let tests =
    testList
        "Unit.Validation"
        [
            resourceTests
            headerTests
            pagingTests
            valueTests
            selectTests
            rpcTests
            stateTests
        ]
