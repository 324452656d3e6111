/// Shared helpers of the unit tests: one client that is never used to send, and rendering shortcuts.
module PgRest.Tests.Support

open System
open System.Globalization
open PgRest

/// The base URL of every rendered request; port 1 is never contacted (nothing here sends).
let baseUrl = "http://127.0.0.1:1"

/// A client used only to render queries.
let client = new PostgrestClient(baseUrl)

/// The request `client` would send for `query`.
let render (query: PostgrestQuery) = client.Render query

/// The percent-encoded path and query string `client` would send for `query`.
let pathOf (query: PostgrestQuery) = (render query).PathAndQuery

/// The value of a header of a rendered request (case-insensitive name), if present.
let header (name: string) (request: PostgrestRequest) = request.GetHeader name |> Option.ofObj

/// Every header of a rendered request, in order, as (name, value) pairs.
let headersOf (request: PostgrestRequest) =
    request.Headers |> Seq.map (fun kv -> kv.Key, kv.Value) |> List.ofSeq

/// The characters a query key or value carries literally besides the unreserved `A-Z a-z 0-9 - . _ ~`: allowed in a
/// URI query (RFC 3986) and meaningless there to PostgREST's query parser (which splits on `&` and `;`, reads `+` as a
/// space and `=` as the end of the key) and to HTTP. Everything else is percent-encoded.
let queryLiterals = "!$()*,/:@"

/// Undoes, in strictly percent-encoded text, the escapes of `queryLiterals`. Exact: `%` itself is always encoded
/// (`%25`), so every `%` of strictly encoded text starts an escape and no replacement can match across two of them.
let relaxLiterals (encoded: string) =
    queryLiterals
    |> Seq.fold (fun (s: string) c -> s.Replace("%" + (int c).ToString("X2"), string c)) encoded

/// The percent-encoding the library must apply to every query key and value, derived from the framework's strict
/// `Uri.EscapeDataString` (independently of the library's encoder): strict, except for `queryLiterals`.
let enc (text: string) =
    relaxLiterals (Uri.EscapeDataString text)

/// Runs `f` with `culture` as the current culture and UI culture, restoring both afterwards.
let withCulture (culture: CultureInfo) (f: unit -> 'T) : 'T =
    let before, beforeUi = CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture

    try
        CultureInfo.CurrentCulture <- culture
        CultureInfo.CurrentUICulture <- culture
        f ()
    finally
        CultureInfo.CurrentCulture <- before
        CultureInfo.CurrentUICulture <- beforeUi

/// de-DE (decimal comma, `.` as group separator). When the runtime has no culture data, an equivalent culture is
/// built by hand, so the test still catches culture-dependent formatting.
let germanCulture () =
    let handMade () =
        let c = CultureInfo.InvariantCulture.Clone() :?> CultureInfo
        c.NumberFormat.NumberDecimalSeparator <- ","
        c.NumberFormat.NumberGroupSeparator <- "."
        c.NumberFormat.CurrencyDecimalSeparator <- ","
        c.DateTimeFormat.DateSeparator <- "."
        c

    try
        let c = CultureInfo "de-DE"

        if c.NumberFormat.NumberDecimalSeparator = "," then
            c
        else
            handMade ()
    with :? CultureNotFoundException ->
        handMade ()

/// A transport that counts the requests it is handed and answers 200 `[]` (never a socket): proves that a refusal
/// happens before anything is sent.
type CountingHandler() =
    inherit System.Net.Http.HttpMessageHandler()
    let mutable count = 0

    /// The requests handed to the transport so far.
    member _.Count = count

    override _.SendAsync(_request, _token) =
        System.Threading.Interlocked.Increment(&count) |> ignore
        let response = new System.Net.Http.HttpResponseMessage(System.Net.HttpStatusCode.OK)

        response.Content <- new System.Net.Http.StringContent("[]", System.Text.Encoding.UTF8, "application/json")

        System.Threading.Tasks.Task.FromResult response

/// A client over a fresh counting handler, and the handler.
let countingClient () =
    let handler = new CountingHandler()

    let c =
        new PostgrestClient(baseUrl, PostgrestClientOptions(HttpClient = new System.Net.Http.HttpClient(handler)))

    c, handler
