/// Transport faults and resource limits against scripted loopback HTTP servers: bodies larger than the buffered limit
/// (plain, chunked without end, gzip expanding past it), huge error bodies, a connection reset or truncated in the
/// middle of a body (attempts counted on the wire, for every helper), credentials echoed by a server or carried by
/// a redirect, and every form of Retry-After. The list runs sequenced: its memory and timing bounds must see only
/// its own traffic.
module PgRest.IntegrationTests.TransportLimitTests

open System
open System.Collections.Concurrent
open System.Collections.Generic
open System.Diagnostics
open System.IO
open System.IO.Compression
open System.Net
open System.Net.Http
open System.Net.Sockets
open System.Text
open System.Text.RegularExpressions
open System.Threading
open System.Threading.Tasks
open Expecto
open PgRest
open PgRest.IntegrationTests.Expectations
open PgRest.IntegrationTests.Faults

[<CLIMutable>]
type IdRow = { Id: int }

/// What the scripted server does with one request: the request number (1 for the first), the raw request text,
/// the socket and its stream. The connection is closed when the script returns (unless the script reset it).
type Script = int -> string -> Socket -> NetworkStream -> Task

/// A raw loopback HTTP/1.1 server that runs `script` for every request, one request per connection, and records the
/// requests and the bytes it wrote.
type ScriptedServer(script: Script) =
    let listener = new TcpListener(IPAddress.Loopback, 0)
    let stop = new CancellationTokenSource()
    let requests = ConcurrentQueue<string>()
    let mutable count = 0

    let readRequest (stream: NetworkStream) =
        task {
            let! (text, _) = readHttpRequest stream stop.Token
            return text
        }

    let serve (client: TcpClient) =
        task {
            try
                try
                    let stream = client.GetStream()
                    let! request = readRequest stream

                    if request.Length > 0 then
                        requests.Enqueue request
                        let n = Interlocked.Increment(&count)
                        do! script n request client.Client stream
                with _ ->
                    ()
            finally
                client.Dispose()
        }
        :> Task

    do listener.Start()

    let acceptLoop =
        task {
            try
                while not stop.IsCancellationRequested do
                    let! client = listener.AcceptTcpClientAsync(stop.Token)
                    serve client |> ignore
            with _ ->
                ()
        }

    /// The base URL.
    member _.Url =
        sprintf "http://127.0.0.1:%d" (listener.LocalEndpoint :?> IPEndPoint).Port

    /// Requests read so far (one per attempt on the wire).
    member _.Count = Volatile.Read(&count)

    /// The raw requests read so far.
    member _.Requests = List.ofSeq requests

    interface IDisposable with
        member _.Dispose() =
            stop.Cancel()
            listener.Stop()
            acceptLoop.Wait(TimeSpan.FromSeconds 5.0) |> ignore

let private ascii (text: string) = Encoding.ASCII.GetBytes text

/// The start of a body of rows for the request: an object with an array inside for a single-object request
/// (`Single`), an array otherwise, so that every helper keeps decoding until the body ends.
let private rowsPrefix (request: string) =
    if request.Contains "vnd.pgrst.object" then
        """{"id":1,"x":["""
    else
        "["

/// Counts the items of an async sequence.
let private countAsync (rows: IAsyncEnumerable<'T>) : Task<int> =
    task {
        let e = rows.GetAsyncEnumerator()
        let mutable n = 0
        let mutable go = true

        while go do
            let! more = e.MoveNextAsync()

            if more then n <- n + 1 else go <- false

        do! e.DisposeAsync()
        return n
    }

let private write (stream: NetworkStream) (bytes: byte[]) =
    task { do! stream.WriteAsync(bytes, 0, bytes.Length) }

/// Headers, then a body of `{"id":1},` items written in 64 KiB chunks (chunked encoding, no length announced) until
/// `limit` bytes or the client goes away; `sent` counts the body bytes written.
let private endlessRows (status: string) (prefix: string) (limit: int64) (sent: int64 ref) : Script =
    fun _ request _ stream ->
        task {
            do!
                write
                    stream
                    (ascii (
                        sprintf
                            "HTTP/1.1 %s\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                            status
                    ))

            let item = ascii """{"id":1},"""

            let payload =
                Array.init (65536 / item.Length * item.Length) (fun i -> item[i % item.Length])

            let chunk (data: byte[]) =
                Array.concat [ ascii (sprintf "%x\r\n" data.Length); data; ascii "\r\n" ]

            let start = if prefix = "" then rowsPrefix request else prefix
            do! write stream (chunk (ascii start))
            let framed = chunk payload

            while sent.Value < limit do
                do! write stream framed
                sent.Value <- sent.Value + int64 payload.Length
        }

let private measure (work: unit -> Task<'T>) : Task<Result<'T, exn> * int64 * TimeSpan> =
    task {
        GC.Collect()
        let before = GC.GetTotalAllocatedBytes(true)
        let sw = Stopwatch.StartNew()

        let! result =
            task {
                try
                    let! v = work ()
                    return Ok v
                with e ->
                    return Error e
            }

        sw.Stop()
        let allocated = GC.GetTotalAllocatedBytes(true) - before
        return result, allocated, sw.Elapsed
    }

let private mib (n: int64) = float n / 1048576.0

let private describe (r: Result<'T, exn>) =
    match r with
    | Ok _ -> "no exception"
    | Error e -> sprintf "%s: %s" (e.GetType().Name) e.Message

let private sync (f: unit -> 'T) : unit -> Task<'T> = fun () -> Task.Run<'T>(fun () -> f ())

/// Every buffered helper of a GET, async and sync, as name → work.
let private readHelpers (c: PostgrestClient) : (string * (unit -> Task<unit>)) list =
    let q () = c.From("items")

    let done' (t: Task<'T>) =
        task {
            let! _ = t
            return ()
        }

    [
        "SendAsync", (fun () -> done' (c.SendAsync(q ())))
        "ExecuteAsync<T>", (fun () -> done' (c.ExecuteAsync<IdRow[]>(q ())))
        "ToListAsync", (fun () -> done' (c.ToListAsync<IdRow>(q ())))
        "SingleAsync", (fun () -> done' (c.SingleAsync<IdRow>(q ())))
        "MaybeSingleAsync", (fun () -> done' (c.MaybeSingleAsync<IdRow>(q ())))
        "TextAsync", (fun () -> done' (c.TextAsync(q ())))
        "Send", (fun () -> done' (sync (fun () -> c.Send(q ())) ()))
        "Execute<T>", (fun () -> done' (sync (fun () -> c.Execute<IdRow[]>(q ())) ()))
        "ToList", (fun () -> done' (sync (fun () -> c.ToList<IdRow>(q ())) ()))
        "Single", (fun () -> done' (sync (fun () -> c.Single<IdRow>(q ())) ()))
        "MaybeSingle", (fun () -> done' (sync (fun () -> c.MaybeSingle<IdRow>(q ())) ()))
        "Text", (fun () -> done' (sync (fun () -> c.Text(q ())) ()))
    ]

let private limitTests =
    testList
        "body limits"
        [
            testCaseTask
                "a 200 body past MaxBufferedBodySize: every buffered helper throws PostgrestResponseTooLargeException fast, with bounded memory"
                (fun () ->
                    task {
                        let limit = 1L <<< 20

                        let sent = ref 0L
                        use server = new ScriptedServer(endlessRows "200 OK" "" (96L <<< 20) sent)

                        use c =
                            new PostgrestClient(
                                server.Url,
                                PostgrestClientOptions(MaxBufferedBodySize = limit, Retry = PostgrestRetryOptions.None)
                            )

                        for name, work in readHelpers c do
                            sent.Value <- 0L
                            let! result, allocated, elapsed = measure work

                            Faults.figure (
                                sprintf
                                    "body limit 1 MiB, endless 200 body, %s: %s, %.1f MiB allocated, %.0f ms, server wrote %.1f MiB"
                                    name
                                    (describe result)
                                    (mib allocated)
                                    elapsed.TotalMilliseconds
                                    (mib sent.Value)
                            )

                            match result with
                            | Error(:? PostgrestResponseTooLargeException as e) ->
                                Expect.equal e.Limit limit (name + ": the limit")
                                Expect.equal e.Status 200 (name + ": the status")
                                Expect.stringContains e.Message "1048576" (name + ": the message names the limit")
                            | other ->
                                failtestf
                                    "%s: expected PostgrestResponseTooLargeException, got %s"
                                    name
                                    (describe other)

                            Expect.isLessThan allocated (24L <<< 20) (name + ": allocated well below the 96 MiB body")
                            Expect.isLessThan elapsed (TimeSpan.FromSeconds 3.0) (name + ": fails fast")
                    })

            testCaseTask
                "a huge error body: every helper reads only its start and throws PostgrestException with the status, fast"
                (fun () ->
                    task {
                        let sent = ref 0L

                        use server =
                            new ScriptedServer(
                                endlessRows
                                    "500 Internal Server Error"
                                    """{"code":"XX000","message":"big","details":["""
                                    (96L <<< 20)
                                    sent
                            )

                        use c =
                            new PostgrestClient(server.Url, PostgrestClientOptions(Retry = PostgrestRetryOptions.None))

                        for name, work in readHelpers c do
                            sent.Value <- 0L

                            let work' =
                                if name.StartsWith "Send" then
                                    (fun () ->
                                        task {
                                            let! r =
                                                if name = "SendAsync" then
                                                    c.SendAsync(c.From("items"))
                                                else
                                                    Task.Run(fun () -> c.Send(c.From("items")))

                                            Expect.isLessThanOrEqual
                                                r.Body.Length
                                                65536
                                                "SendAsync: the error body is cut"

                                            r.EnsureSuccess() |> ignore
                                        })
                                else
                                    work

                            let! result, allocated, elapsed = measure work'

                            Faults.figure (
                                sprintf
                                    "endless 500 body, %s: %s, %.1f MiB allocated, %.0f ms, server wrote %.1f MiB"
                                    name
                                    (describe result)
                                    (mib allocated)
                                    elapsed.TotalMilliseconds
                                    (mib sent.Value)
                            )

                            match result with
                            | Error(:? PostgrestException as e) ->
                                Expect.equal e.Status 500 (name + ": the status")
                                Expect.isLessThan e.Message.Length 2000 (name + ": a short message")
                            | other -> failtestf "%s: expected PostgrestException, got %s" name (describe other)

                            Expect.isLessThan allocated (24L <<< 20) (name + ": allocated well below the 96 MiB body")
                            Expect.isLessThan elapsed (TimeSpan.FromSeconds 3.0) (name + ": fails fast")
                    })

            testCaseTask
                "an error body that fits the error limit keeps PostgREST's code, message, details and hint"
                (fun () ->
                    task {
                        let details = String('d', 30000)

                        let body =
                            sprintf """{"code":"P0001","message":"m","details":"%s","hint":"h"}""" details

                        use server =
                            new ScriptedServer(fun _ _ _ stream ->
                                write
                                    stream
                                    (ascii (
                                        sprintf
                                            "HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s"
                                            body.Length
                                            body
                                    )))

                        use c = new PostgrestClient(server.Url)
                        let! e = expectPostgrestError (fun () -> c.From("items").ToListAsync<IdRow>())
                        Expect.equal (e.Code, e.ServerMessage, e.Details, e.Hint) ("P0001", "m", details, "h") "parsed"
                    })

            testCaseTask
                "a gzip body expanding past the limit is cut after decompression; StreamAsync is not limited"
                (fun () ->
                    task {
                        let rows = 2_000_000
                        let item = ascii """{"id":1},"""

                        let compress (prefix: string) (suffix: string) =
                            use plain = new MemoryStream()
                            plain.Write(ascii prefix)

                            for _ in 1 .. rows - 1 do
                                plain.Write(item)

                            plain.Write(ascii suffix)
                            use packed = new MemoryStream()

                            do
                                use gzip = new GZipStream(packed, CompressionLevel.Optimal, true)
                                plain.Position <- 0L
                                plain.CopyTo gzip

                            plain.Length, packed.ToArray()

                        let expanded, arrayGz = compress "[" """{"id":1}]"""
                        let _, objectGz = compress """{"id":1,"x":[""" """{"id":1}]}"""

                        use server =
                            new ScriptedServer(fun _ request _ stream ->
                                task {
                                    let gz = if rowsPrefix request = "[" then arrayGz else objectGz

                                    do!
                                        write
                                            stream
                                            (ascii (
                                                sprintf
                                                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\nContent-Length: %d\r\nConnection: close\r\n\r\n"
                                                    gz.Length
                                            ))

                                    do! write stream gz
                                })

                        let limit = 1L <<< 20
                        Expect.isLessThan (int64 objectGz.Length) limit "the compressed body is within the limit"
                        Expect.isGreaterThan expanded (16L * limit) "the expanded body is far past it"

                        use c =
                            new PostgrestClient(
                                server.Url,
                                PostgrestClientOptions(MaxBufferedBodySize = limit, Retry = PostgrestRetryOptions.None)
                            )

                        for name, work in readHelpers c do
                            let! result, allocated, elapsed = measure work

                            Faults.figure (
                                sprintf
                                    "gzip %d bytes expanding to %.1f MiB, limit 1 MiB, %s: %s, %.1f MiB allocated, %.0f ms"
                                    arrayGz.Length
                                    (mib expanded)
                                    name
                                    (describe result)
                                    (mib allocated)
                                    elapsed.TotalMilliseconds
                            )

                            match result with
                            | Error(:? PostgrestResponseTooLargeException) -> ()
                            | other ->
                                failtestf
                                    "%s: expected PostgrestResponseTooLargeException, got %s"
                                    name
                                    (describe other)

                            Expect.isLessThan
                                allocated
                                (12L <<< 20)
                                (name + ": allocated well below the expanded body")

                        let! streamed = countAsync (c.From("items").StreamAsync<IdRow>())
                        Expect.equal streamed rows "StreamAsync reads every row, whatever the buffered limit"
                    })
        ]

/// Headers announcing 1000 more bytes than are sent, part of a body of rows, then a reset (RST) or a plain close.
let private cutBody (reset: bool) : Script =
    fun _ request socket stream ->
        task {
            let body = ascii (rowsPrefix request + """{"id":1},{"id":1},""")

            do!
                write
                    stream
                    (ascii (
                        sprintf
                            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n"
                            (body.Length + 1000)
                    ))

            do! write stream body
            do! stream.FlushAsync()
            do! Task.Delay 20

            if reset then
                socket.LingerState <- LingerOption(true, 0)
                socket.Close()
        }

let private midBodyTests =
    testList
        "mid-body faults"
        [
            for reset, fault in [ true, "reset"; false, "truncated (Content-Length larger than sent)" ] do
                testCaseTask
                    (sprintf
                        "a GET body %s: every helper throws HttpRequestException after MaxAttempts attempts; a write is sent once"
                        fault)
                    (fun () ->
                        task {
                            use server = new ScriptedServer(cutBody reset)

                            let retry =
                                PostgrestRetryOptions(
                                    MaxAttempts = 3,
                                    BaseDelay = TimeSpan.FromMilliseconds 1.0,
                                    MaxDelay = TimeSpan.FromMilliseconds 5.0
                                )

                            use c = new PostgrestClient(server.Url, PostgrestClientOptions(Retry = retry))

                            for name, work in readHelpers c do
                                let before = server.Count
                                let! result, _, _ = measure work
                                let attempts = server.Count - before

                                Faults.figure (
                                    sprintf
                                        "GET body %s, %s: %s after %d attempts"
                                        fault
                                        name
                                        (describe result)
                                        attempts
                                )

                                match result with
                                | Error(:? HttpRequestException) -> ()
                                | other -> failtestf "%s: expected HttpRequestException, got %s" name (describe other)

                                Expect.equal
                                    attempts
                                    3
                                    (name + ": retried like a connection failure, 3 attempts on the wire")

                            // StreamAsync: the same exception type, not retried (rows may already be handed out).
                            let before = server.Count
                            let! streamed, _, _ = measure (fun () -> countAsync (c.From("items").StreamAsync<IdRow>()))

                            match streamed with
                            | Error(:? HttpRequestException) -> ()
                            | other -> failtestf "StreamAsync: expected HttpRequestException, got %s" (describe other)

                            Expect.equal (server.Count - before) 1 "StreamAsync: one attempt"

                            let insert () =
                                c.From("items").Insert({| id = 1 |}).Select("id")

                            let done' (t: Task<'T>) =
                                task {
                                    let! _ = t
                                    return ()
                                }

                            for name, work in
                                [
                                    "SendAsync", (fun () -> done' (c.SendAsync(insert ())))
                                    "ExecuteAsync<T>", (fun () -> done' (c.ExecuteAsync<IdRow[]>(insert ())))
                                    "ToListAsync", (fun () -> done' (c.ToListAsync<IdRow>(insert ())))
                                    "Send", (fun () -> done' (sync (fun () -> c.Send(insert ())) ()))
                                    "ToList", (fun () -> done' (sync (fun () -> c.ToList<IdRow>(insert ())) ()))
                                ] do
                                let before = server.Count
                                let! result, _, _ = measure work
                                let attempts = server.Count - before

                                match result with
                                | Error(:? HttpRequestException) -> ()
                                | other ->
                                    failtestf "POST %s: expected HttpRequestException, got %s" name (describe other)

                                Expect.equal attempts 1 ("POST " + name + ": a write is never retried")
                        })
        ]

let private apikey = "apikey-9f8e7d6c5b4a"
let private customKey = "xkey-0a1b2c3d4e5f"
let private tenantSecret = "tenant-77aa88bb99cc"

let private token =
    "eyJhbGciOiJIUzI1NiJ9.eyJyb2xlIjoid2ViIn0.c2lnbmF0dXJlLXNlY3JldA"

let private password = "pa55-w0rd-secret"

/// The header values a request carried, by lower-case name.
let private headerValues (request: string) : Map<string, string> =
    request.Split("\r\n")
    |> Array.skip 1
    |> Array.takeWhile (fun l -> l <> "")
    |> Array.choose (fun l ->
        match l.IndexOf ':' with
        | -1 -> None
        | i -> Some(l.Substring(0, i).Trim().ToLowerInvariant(), l.Substring(i + 1).Trim()))
    |> Map.ofArray

/// Answers `status` with a PostgREST-shaped error (or, with `html`, a page) echoing every header it received.
let private echo (status: string) (html: bool) : Script =
    fun _ request _ stream ->
        task {
            let h = headerValues request

            let get name =
                h |> Map.tryFind name |> Option.defaultValue ""

            let auth = get "authorization"

            let body =
                if html then
                    "<html>" + request + "</html>"
                else
                    Json.JsonSerializer.Serialize(
                        {|
                            code = get "x-tenant-secret"
                            message = "bad key " + get "apikey" + " / " + request
                            details =
                                "Authorization: "
                                + auth
                                + " decoded "
                                + (if auth.StartsWith "Basic " then
                                       Encoding.UTF8.GetString(Convert.FromBase64String(auth.Substring 6))
                                   else
                                       "")
                            hint = "X-Api-Key " + get "x-api-key"
                        |}
                    )

            let bytes = Encoding.UTF8.GetBytes body

            do!
                write
                    stream
                    (Array.append
                        (ascii (
                            sprintf
                                "HTTP/1.1 %s\r\nContent-Type: %s\r\nContent-Length: %d\r\nConnection: close\r\n\r\n"
                                status
                                (if html then "text/html" else "application/json")
                                bytes.Length
                        ))
                        bytes)
        }

let private secrets = [ apikey; customKey; tenantSecret; token; password ]

let private expectClean (what: string) (text: string | null) =
    let text = string text

    for s in secrets do
        Expect.isFalse (text.Contains s) (sprintf "%s shows a credential (%s…): %s" what (s.Substring(0, 6)) text)

let private secretTests =
    testList
        "secrets"
        [
            testCaseTask
                "credentials echoed by the server, custom key headers and user-named sensitive headers appear in nothing the client prints"
                (fun () ->
                    task {
                        use unauthorized = new ScriptedServer(echo "401 Unauthorized" false)
                        use html = new ScriptedServer(echo "200 OK" true)
                        use unavailable = new ScriptedServer(echo "503 Service Unavailable" false)
                        let events = ConcurrentQueue<PostgrestRetryEvent>()
                        let activities = ConcurrentQueue<Activity>()

                        use listener =
                            new ActivityListener(
                                ShouldListenTo = (fun source -> source.Name = PostgrestTelemetry.Name),
                                Sample =
                                    SampleActivity<ActivityContext>(fun _ -> ActivitySamplingResult.AllDataAndRecorded),
                                ActivityStopped = Action<Activity>(activities.Enqueue)
                            )

                        ActivitySource.AddActivityListener listener

                        let options url =
                            PostgrestClientOptions(
                                Headers =
                                    readOnlyDict
                                        [ "apikey", apikey; "X-Api-Key", customKey; "X-Tenant-Secret", tenantSecret ],
                                SensitiveHeaders = [| "x-tenant-secret" |],
                                Retry =
                                    PostgrestRetryOptions(
                                        MaxAttempts = 2,
                                        BaseDelay = TimeSpan.FromMilliseconds 1.0,
                                        OnRetry = (fun e -> events.Enqueue e)
                                    )
                            )

                        for auth in [ "bearer"; "basic" ] do
                            let client (url: string) =
                                let c = new PostgrestClient(url, options url)

                                if auth = "bearer" then
                                    c.WithBearer token
                                else
                                    c.WithBasicAuth("user", password)

                            let c = client unauthorized.Url
                            expectClean "client.ToString()" (c.ToString())
                            let request = c.Render(c.From("items").Eq("id", 1))
                            expectClean "request.ToString()" (request.ToString())
                            Expect.equal (request.GetHeader "X-Tenant-Secret") tenantSecret "the header is sent as is"

                            let! e = expectPostgrestError (fun () -> c.From("items").ToListAsync<IdRow>())
                            Expect.equal e.Status 401 "the status"

                            for what, text in
                                [
                                    "Message", e.Message
                                    "ToString()", e.ToString()
                                    "Code", string e.Code
                                    "ServerMessage", e.ServerMessage
                                    "Details", string e.Details
                                    "Hint", string e.Hint
                                    "Error.ToString()", e.Error.ToString()
                                ] do
                                expectClean (auth + ": PostgrestException." + what) text

                            Expect.stringContains e.ServerMessage "bad key " "the rest of the message is kept"

                            let! response = c.SendAsync(c.From("items"))
                            expectClean (auth + ": response.Error") (string response.Error)
                            expectClean (auth + ": response.Request") (response.Request.ToString())

                            let sync = c.Send(c.From("items"))
                            expectClean (auth + ": sync response.Error") (string sync.Error)

                            let h = client html.Url

                            let! u =
                                expectThrows<PostgrestUnexpectedResponseException, _> (fun () ->
                                    h.From("items").ToListAsync<IdRow>())

                            expectClean (auth + ": PostgrestUnexpectedResponseException.Message") u.Message
                            expectClean (auth + ": BodySnippet") u.BodySnippet

                            let! u2 =
                                expectThrows<PostgrestUnexpectedResponseException, _> (fun () ->
                                    h.From("items").ExecuteAsync<IdRow[]>())

                            expectClean (auth + ": buffered PostgrestUnexpectedResponseException") (u2.ToString())

                            let r = client unavailable.Url
                            let! e503 = expectPostgrestError (fun () -> r.From("items").ToListAsync<IdRow>())
                            expectClean (auth + ": 503") (e503.ToString())

                        Expect.isNonEmpty events "retry events were raised"

                        for ev in events do
                            expectClean "retry event" (ev.ToString())

                        // The error code (echoed: the user-named secret) reaches telemetry only scrubbed.
                        let coded =
                            activities
                            |> Seq.filter (fun a -> not (isNull (a.GetTagItem "db.response.status_code")))

                        Expect.isNonEmpty coded "activities carry the error code"

                        for a in activities do
                            expectClean "activity status" a.StatusDescription
                            expectClean "activity name" a.DisplayName

                            for tag in a.TagObjects do
                                expectClean ("activity tag " + tag.Key) (string tag.Value)

                        // Not vacuous: the servers did receive the credentials.
                        let received = String.Join("\n", unauthorized.Requests)

                        for s in [ apikey; customKey; tenantSecret; token ] do
                            Expect.stringContains received s "the server received the credential"
                    })

            testCaseTask
                "a redirect to another origin: the own handler never follows; a following injected HttpClient makes the call fail"
                (fun () ->
                    task {
                        use other =
                            new ScriptedServer(fun _ _ _ stream ->
                                write
                                    stream
                                    (ascii
                                        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n[]"))

                        use redirecting =
                            new ScriptedServer(fun _ _ _ stream ->
                                write
                                    stream
                                    (ascii (
                                        sprintf
                                            "HTTP/1.1 302 Found\r\nLocation: %s/items\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                                            other.Url
                                    )))

                        let options (http: HttpClient option) =
                            PostgrestClientOptions(
                                Headers = readOnlyDict [ "apikey", apikey ],
                                HttpClient = Option.toObj http,
                                Retry = PostgrestRetryOptions.None
                            )

                        // The client's own handler: the 302 is an error answer, nothing reaches the other server.
                        use owned = (new PostgrestClient(redirecting.Url, options None)).WithBearer token
                        let! e = expectPostgrestError (fun () -> owned.From("items").ToListAsync<IdRow>())
                        Expect.equal e.Status 302 "the 302 is returned as an error"
                        Expect.equal other.Count 0 "the own handler does not follow"

                        // An injected HttpClient that follows redirects: the handler sends the request on before PgRest
                        // sees an answer; PgRest then refuses the foreign answer, for every helper.
                        use http =
                            new HttpClient(
                                new SocketsHttpHandler(AllowAutoRedirect = true),
                                Timeout = Timeout.InfiniteTimeSpan
                            )

                        use injected =
                            (new PostgrestClient(redirecting.Url, options (Some http))).WithBearer token

                        for name, work in readHelpers injected do
                            let! result, _, _ = measure work

                            match result with
                            | Error(:? PostgrestUnexpectedResponseException as u) ->
                                Expect.stringContains u.Message "redirected" (name + ": says it was redirected")
                                expectClean name u.Message
                            | other ->
                                failtestf
                                    "%s: expected PostgrestUnexpectedResponseException, got %s"
                                    name
                                    (describe other)

                        // What the other origin received (documented in docs/reliability.md): the handler dropped
                        // Authorization but carried the apikey header.
                        Expect.isGreaterThan other.Count 0 "the injected handler followed the redirect"
                        let received = String.Join("\n", other.Requests)

                        Expect.isFalse
                            (received.Contains token)
                            "Authorization is dropped by the handler on a redirect"

                        Expect.stringContains
                            received
                            apikey
                            "apikey was carried by the handler (why the docs say: AllowAutoRedirect = false)"
                    })
        ]

/// A 503 with `retryAfter` (when given) for the first request, `[]` for the next ones.
let private unavailableOnce (retryAfter: string option) : Script =
    fun n _ _ stream ->
        let body = """{"code":"PGRST002","message":"schema cache"}"""

        let text =
            if n = 1 then
                sprintf
                    "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n%sContent-Length: %d\r\nConnection: close\r\n\r\n%s"
                    (match retryAfter with
                     | Some v -> "Retry-After: " + v + "\r\n"
                     | None -> "")
                    body.Length
                    body
            else
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n[]"

        write stream (ascii text)

let private retryAfterTests =
    // Computed when the test runs, not when the list is built.
    let httpDate (offset: TimeSpan) =
        lazy ((DateTimeOffset.UtcNow + offset).ToString("r", Globalization.CultureInfo.InvariantCulture))

    let fixedValue (text: string) = lazy text

    let ms (x: float) = TimeSpan.FromMilliseconds x
    let s (x: float) = TimeSpan.FromSeconds x

    testList
        "Retry-After"
        [
            // header, MaxDelay, MaxTotalDelay, Some (min, max) delay when retried / None when the 503 must end the retries
            for name, header, maxDelay, maxTotal, expected in
                [
                    "delta-seconds 1 (a floor above the backoff)",
                    Some(fixedValue "1"),
                    s 3.0,
                    s 10.0,
                    Some(ms 990.0, ms 1500.0)
                    "HTTP-date 2 s ahead", Some(httpDate (s 2.0)), s 3.0, s 10.0, Some(ms 500.0, ms 2500.0)
                    "HTTP-date in the past (no floor)",
                    Some(httpDate (s -60.0)),
                    s 3.0,
                    s 10.0,
                    Some(TimeSpan.Zero, ms 10.0)
                    "invalid text (ignored: backoff)",
                    Some(fixedValue "soon"),
                    s 3.0,
                    s 10.0,
                    Some(TimeSpan.Zero, ms 10.0)
                    "negative (invalid: backoff)", Some(fixedValue "-1"), s 3.0, s 10.0, Some(TimeSpan.Zero, ms 10.0)
                    "fractional (invalid: backoff)", Some(fixedValue "0.5"), s 3.0, s 10.0, Some(TimeSpan.Zero, ms 10.0)
                    "zero (PostgREST's schema-cache 503: backoff)",
                    Some(fixedValue "0"),
                    s 3.0,
                    s 10.0,
                    Some(TimeSpan.Zero, ms 10.0)
                    "absent (backoff)", None, s 3.0, s 10.0, Some(TimeSpan.Zero, ms 10.0)
                    "delta-seconds beyond MaxDelay ends the retries", Some(fixedValue "5"), s 3.0, s 10.0, None
                    "delta-seconds beyond the remaining MaxTotalDelay ends the retries",
                    Some(fixedValue "3"),
                    s 5.0,
                    s 2.0,
                    None
                    "huge delta-seconds ends the retries", Some(fixedValue "99999999999999999999"), s 3.0, s 10.0, None
                    "HTTP-date an hour ahead ends the retries",
                    Some(httpDate (TimeSpan.FromHours 1.0)),
                    s 3.0,
                    s 10.0,
                    None
                ] do
                testCaseTask name (fun () ->
                    task {
                        use server =
                            new ScriptedServer(unavailableOnce (header |> Option.map (fun v -> v.Value)))

                        let delays = ConcurrentQueue<TimeSpan>()

                        let retry =
                            PostgrestRetryOptions(
                                MaxAttempts = 2,
                                BaseDelay = ms 10.0,
                                MaxDelay = maxDelay,
                                MaxTotalDelay = maxTotal,
                                OnRetry = (fun e -> delays.Enqueue e.Delay)
                            )

                        use c = new PostgrestClient(server.Url, PostgrestClientOptions(Retry = retry))
                        let sw = Stopwatch.StartNew()
                        let! response = c.SendAsync(c.From("items"))
                        sw.Stop()

                        match expected with
                        | Some(low, high) ->
                            Expect.equal response.StatusCode 200 "retried, then answered"
                            Expect.equal server.Count 2 "two attempts on the wire"
                            let delay = Seq.exactlyOne delays
                            Expect.isGreaterThanOrEqual delay low "the delay honours Retry-After"
                            Expect.isLessThanOrEqual delay high "the delay is bounded"
                        | None ->
                            Expect.equal response.StatusCode 503 "the 503 is returned"
                            Expect.equal response.Attempts 1 "not retried"
                            Expect.equal server.Count 1 "one attempt on the wire"
                            Expect.isEmpty delays "no retry event"
                            Expect.isLessThan sw.Elapsed (s 1.0) "at once"
                    })
        ]

[<Tests>]
let tests =
    testSequenced
    <| testList "Integration.Transport" [ limitTests; midBodyTests; secretTests; retryAfterTests ]
