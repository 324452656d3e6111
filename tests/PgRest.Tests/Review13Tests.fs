/// Review 13 (hostile outside review), items D6, S1, S2, M3, M4, M7: lone surrogates inside JSON bodies, credentials in
/// a query's ToString and in escaped echoes, out-of-range enum values, base URLs with a zone id or control characters,
/// and a range too long to count. Every refusal is an ArgumentException naming the argument, raised before sending.
module PgRest.Tests.Review13Tests

open System
open System.Collections.Generic
open System.Text
open System.Text.Json
open Expecto
open PgRest

let private lone (code: int) = string (char code)
let private loneHigh = "x" + lone 0xD800
let private loneLow = lone 0xDC00 + "x"

/// Asserts that `f` throws an ArgumentException (or a subclass) naming `paramName`.
let private refused<'E when 'E :> ArgumentException> (paramName: string) (what: string) (f: unit -> obj | null) =
    let thrown =
        try
            f () |> ignore
            None
        with e ->
            Some e

    match thrown with
    | Some(:? 'E as e) -> Expect.equal e.ParamName paramName (sprintf "%s names the argument (%s)" what e.Message)
    | Some e -> failtestf "%s: expected %s, got %s: %s" what typeof<'E>.Name (e.GetType().Name) e.Message
    | None -> failtestf "%s: expected %s, nothing was thrown" what typeof<'E>.Name

let private client () =
    new PostgrestClient("http://127.0.0.1:1")

[<Tests>]
let bodySurrogateTests =
    testList
        "Unit.Review13.BodySurrogates"
        [
            testCase "a lone surrogate in a JSON body value or key is refused when the request is rendered"
            <| fun () ->
                use c = client ()
                let render (q: PostgrestQuery) = box (c.Render q)

                for bad in [ loneHigh; loneLow ] do
                    refused<ArgumentException> "values" "Insert anonymous value" (fun () ->
                        render (c.From("t").Insert({| v = bad |})))

                    refused<ArgumentException> "rows" "InsertMany value" (fun () ->
                        render (c.From("t").InsertMany([ {| v = bad |} ])))

                    refused<ArgumentException> "values" "Update value" (fun () ->
                        render (c.From("t").Eq("id", 1).Update({| v = bad |})))

                    refused<ArgumentException> "values" "Upsert value" (fun () ->
                        render (c.From("t").Upsert({| v = bad |})))

                    refused<ArgumentException> "row" "UpsertSingle value" (fun () ->
                        render (c.From("t").Eq("id", 1).UpsertSingle({| v = bad |})))

                    refused<ArgumentException> "args" "Rpc POST value" (fun () -> render (c.Rpc("f", {| a = bad |})))

                    refused<ArgumentException> "values" "dictionary value" (fun () ->
                        render (c.From("t").Insert(Dictionary<string, string>(dict [ "v", bad ]))))

                    refused<ArgumentException> "values" "dictionary key" (fun () ->
                        render (c.From("t").Insert(Dictionary<string, string>(dict [ bad, "v" ]))))

                    refused<ArgumentException> "values" "object-typed value" (fun () ->
                        render (c.From("t").Insert(Dictionary<string, obj>(dict [ "v", (bad :> obj) ]))))

                    refused<ArgumentException> "values" "char value" (fun () ->
                        render (
                            c
                                .From("t")
                                .Insert(
                                    {|
                                        v = bad |> Seq.find Char.IsSurrogate
                                    |}
                                )
                        ))

                    refused<ArgumentException> "args" "Rpc POST dictionary key" (fun () ->
                        render (c.Rpc("f", Dictionary<string, int>(dict [ bad, 1 ]))))

            testCase "a lone surrogate in raw JSON text (escaped or not) is refused when the body is given"
            <| fun () ->
                use c = client ()

                for json in
                    [
                        "{\"v\":\"x\\uD800\"}"
                        "{\"x\\udc00\":1}"
                        "[{\"v\":\"\\uDE00\\uD83D\"}]"
                        "{\"v\":\"" + loneHigh + "\"}"
                    ] do
                    refused<ArgumentException> "json" ("InsertJson " + json) (fun () ->
                        box (c.From("t").InsertJson(json)))

                    refused<ArgumentException> "json" ("UpdateJson " + json) (fun () ->
                        box (c.From("t").UpdateJson(json)))

                use doc = JsonDocument.Parse("{\"v\":\"x\\uD800\"}")

                refused<ArgumentException> "values" "Insert(JsonElement)" (fun () ->
                    box (c.Render(c.From("t").Insert(doc.RootElement))))

            testCase "a surrogate pair (an emoji) and U+FFFD still serialize in a body, escaped or not"
            <| fun () ->
                use c = client ()

                for body in
                    [
                        c.From("t").Insert({| v = "a😀b\uFFFD" |})
                        c.From("t").InsertJson("{\"v\":\"a\\ud83d\\ude00b\"}")
                    ] do
                    let request = c.Render body
                    let sent = Encoding.UTF8.GetString(request.Body.Value.Span)
                    use doc = JsonDocument.Parse(sent)
                    Expect.stringStarts (doc.RootElement.GetProperty("v").GetString()) "a😀b" sent
        ]

[<Tests>]
let describeRedactionTests =
    testList
        "Unit.Review13.DescribeRedaction"
        [
            testCase "query.ToString() redacts credential headers set on the query"
            <| fun () ->
                let q =
                    PostgrestQuery
                        .From("x")
                        .Header("apikey", "APIKEY-1234567")
                        .Header("Authorization", "Bearer SECRETTOKEN.abc.def")
                        .Header("Cookie", "session=COOKIE-VALUE-9")
                        .Header("X-Api-Key", "XKEY-VALUE-8")
                        .Header("Proxy-Authorization", "Basic UFJPWFktU0VDUkVU")
                        .Header("X-Plain", "plain-value-3")

                let text = q.ToString()

                for secret in
                    [
                        "APIKEY-1234567"
                        "SECRETTOKEN"
                        "COOKIE-VALUE-9"
                        "XKEY-VALUE-8"
                        "UFJPWFktU0VDUkVU"
                    ] do
                    Expect.isFalse (text.Contains secret) (sprintf "%s redacted in %s" secret text)

                Expect.stringContains text "[redacted]" "marked"
                Expect.stringContains text "plain-value-3" "other headers are shown"

            testCase "a bound query's ToString() redacts its client's extra sensitive headers too"
            <| fun () ->
                use c =
                    new PostgrestClient(
                        "http://127.0.0.1:1",
                        PostgrestClientOptions(SensitiveHeaders = [| "X-Tenant-Secret" |])
                    )

                let text = c.From("x").Header("x-tenant-secret", "TENANT-VALUE-2").ToString()
                Expect.isFalse (text.Contains "TENANT-VALUE-2") text
                Expect.stringContains text "[redacted]" "marked"
        ]

[<Tests>]
let secretEncodingTests =
    testList
        "Unit.Secrets.Encodings"
        [
            testCase "a credential echoed JSON-escaped, percent-encoded or base64-encoded is scrubbed"
            <| fun () ->
                let password = "pässwörd-ß1"
                let basic = Convert.ToBase64String(Encoding.UTF8.GetBytes("user:" + password))
                let apikey = "APIKEY+/1234567"

                use c =
                    new PostgrestClient(
                        "http://127.0.0.1:1",
                        PostgrestClientOptions(
                            Headers = readOnlyDict [ "apikey", apikey; "Authorization", "Basic " + basic ]
                        )
                    )

                let request = c.Render(c.From("t"))
                let jsonUpper = JsonSerializer.Serialize(password).Trim('"') // p\u00E4ssw\u00F6rd-\u00DF1

                let jsonLower =
                    jsonUpper.Replace("\\u00E4", "\\u00e4").Replace("\\u00F6", "\\u00f6").Replace("\\u00DF", "\\u00df")

                Expect.stringContains jsonUpper "\\u00E4" "the serializer escapes non-ASCII"

                let forms =
                    [
                        "JSON escaped (upper hex)", jsonUpper
                        "JSON escaped (lower hex)", jsonLower
                        "percent-encoded", Uri.EscapeDataString password
                        "percent-encoded (lower hex)", (Uri.EscapeDataString password).ToLowerInvariant()
                        "apikey JSON escaped", JsonSerializer.Serialize(apikey).Trim('"')
                        "apikey percent-encoded", Uri.EscapeDataString apikey
                        "apikey base64", Convert.ToBase64String(Encoding.UTF8.GetBytes apikey)
                        "password base64", Convert.ToBase64String(Encoding.UTF8.GetBytes password)
                        "basic credential", basic
                    ]

                for name, form in forms do
                    let text = sprintf "{\"message\":\"denied for %s, retry\"}" form

                    let scrubbed =
                        match request.Scrub text with
                        | null -> ""
                        | s -> s

                    Expect.isFalse (scrubbed.Contains form) (sprintf "%s: %s" name scrubbed)
                    Expect.stringContains scrubbed "[redacted]" name
                    Expect.stringContains scrubbed "retry\"}" (name + ": the rest of the text stays")
        ]

[<Tests>]
let enumRangeTests =
    testList
        "Unit.Review13.EnumRange"
        [
            testCase "an out-of-range enum value is refused with ArgumentOutOfRangeException naming the argument"
            <| fun () ->
                use c = client ()
                let q () = PostgrestQuery.From "t"

                let aoor name what f =
                    refused<ArgumentOutOfRangeException> name what f

                aoor "mode" "Returning" (fun () -> box (q().Returning(enum<ReturnMode> 99)))
                aoor "method" "WithCount" (fun () -> box (q().WithCount(enum<CountMethod> 99)))
                aoor "nulls" "Order" (fun () -> box (q().Order("v", true, enum<NullsOrder> 99)))
                aoor "nulls" "OrderByRelated" (fun () -> box (q().OrderByRelated("r", "v", true, enum<NullsOrder> 99)))
                aoor "handling" "Handling" (fun () -> box (q().Handling(enum<PreferenceHandling> 99)))
                aoor "method" "PostgrestQuery.Rpc" (fun () -> box (PostgrestQuery.Rpc("f", null, enum<RpcMethod> 99)))
                aoor "method" "client.Rpc" (fun () -> box (c.Rpc("f", null, enum<RpcMethod> 99)))

                aoor "method" "WithRpcMethod" (fun () ->
                    box (PostgrestQuery.Rpc("f").WithRpcMethod(enum<RpcMethod> 99)))

                aoor "quantifier" "Filter" (fun () ->
                    box (q().Filter("v", FilterOperator.Like, [| "a" |], enum<Quantifier> 9)))

                aoor "quantifier" "Conditions.Filter" (fun () ->
                    box (Conditions.Filter("v", FilterOperator.Eq, [| 1 |], enum<Quantifier> 9)))

                aoor "quantifier" "Col.Op" (fun () ->
                    box (Conditions.Col("v").Op(FilterOperator.Eq, [| 1 |], enum<Quantifier> 9)))

                aoor "function" "SelectItem.Aggregate" (fun () ->
                    box (SelectItem.Aggregate("v", enum<AggregateFunction> 99)))

                aoor "join" "SelectItem.Embed" (fun () -> box (SelectItem.Embed("r", join = enum<EmbedJoin> 99)))
                aoor "op" "Filter operator" (fun () -> box (q().Filter("v", enum<FilterOperator> 99, 1)))
        ]

[<Tests>]
let baseUrlTests =
    testList
        "Unit.Review13.BaseUrl"
        [
            testCase "a base URL with an IPv6 zone id is refused (HttpClient would drop the zone)"
            <| fun () ->
                refused<ArgumentException> "baseUrl" "zone id" (fun () ->
                    box (new PostgrestClient("http://[fe80::1%25eth0]:3000/")))

                refused<ArgumentException> "baseUri" "zone id (Uri)" (fun () ->
                    box (new PostgrestClient(Uri("http://[::1%25lo]:3000/"))))

                use ok = new PostgrestClient("http://[::1]:3000/")
                Expect.stringContains (ok.ToString()) "[::1]" "a plain IPv6 address is fine"

            testCase "a base URL with control characters is refused; ToString never prints one"
            <| fun () ->
                for url in
                    [
                        "http://127.0.0.1:1/a\r\nb/"
                        "http://127.0.0.1:1/a%0D%0AInjected: 1/"
                        "http://127.0.0.1:1/a\tb/"
                    ] do
                    let outcome =
                        try
                            use c = new PostgrestClient(url)
                            Ok(c.ToString())
                        with :? ArgumentException as e ->
                            Error e

                    match outcome with
                    | Ok text -> Expect.isFalse (text |> Seq.exists Char.IsControl) (sprintf "%A printed %A" url text)
                    | Error e -> Expect.equal e.ParamName "baseUrl" "names the argument"

                refused<ArgumentException> "baseUrl" "raw CR/LF" (fun () ->
                    box (new PostgrestClient("http://127.0.0.1:1/a\r\nb/")))
        ]

[<Tests>]
let rangeTests =
    testList
        "Unit.Review13.Range"
        [
            testCase "Range(0, long.MaxValue) names `to` and says the range is too long"
            <| fun () ->
                let thrown =
                    try
                        PostgrestQuery.From("t").Range(0L, Int64.MaxValue) |> ignore
                        None
                    with :? ArgumentOutOfRangeException as e ->
                        Some e

                match thrown with
                | Some e ->
                    Expect.equal e.ParamName "to" e.Message
                    Expect.stringContains e.Message "long.MaxValue" "says why"
                | None -> failtest "nothing thrown"

                let q = PostgrestQuery.From("t").Range(1L, Int64.MaxValue)
                Expect.stringContains (q.ToString()) "offset=1" "a range of exactly long.MaxValue rows is fine"
        ]
