/// Review 13 (hostile outside review), items D6, S2 and M6 against the real PostgREST 12.0.2 or a scripted loopback
/// server: a lone surrogate inside a JSON body is refused before sending (rows counted afterwards) while a surrogate
/// pair round-trips; credentials echoed escaped, percent-encoded or base64-encoded are scrubbed from every exception
/// text; and a gzip bomb against the buffered limit allocates about the limit, not several times it.
module PgRest.IntegrationTests.Review13LiveTests

open System
open System.Diagnostics
open System.IO
open System.IO.Compression
open System.Text
open System.Text.Json
open System.Threading.Tasks
open Expecto
open PgRest
open PgRest.IntegrationTests.Faults
open PgRest.IntegrationTests.TransportLimitTests

[<CLIMutable>]
type Review13KvRow = { K: string; V: string }

let private lone (code: int) = string (char code)

let private kvCount (where: string) =
    Server.sql (sprintf "select count(*) from api.kv where %s" where) |> int

let private failure (work: unit -> Task<'T>) : Task<exn> =
    task {
        try
            let! _ = work ()
            return failtest "the call succeeded"
        with e ->
            return e
    }

let private ascii (text: string) = Encoding.ASCII.GetBytes text

let private send (stream: Net.Sockets.NetworkStream) (bytes: byte[]) =
    task { do! stream.WriteAsync(bytes, 0, bytes.Length) }

[<Tests>]
let tests =
    testSequencedGroup "review13-live"
    <| testList
        "Integration.Review13"
        [
            testCaseTask "a lone surrogate in a JSON body is refused before sending; nothing is stored" (fun () ->
                task {
                    let tag = Server.uniqueTag "d6"

                    Server.sql (sprintf "insert into api.kv (k, v) values ('%s-u', 'orig')" tag)
                    |> ignore

                    let handler, http = countingHttpClient ()
                    use _ = http

                    use c =
                        new PostgrestClient(Server.testUrl (), PostgrestClientOptions(HttpClient = http))

                    try
                        for bad in [ "x" + lone 0xD800; lone 0xDC00 ] do
                            let works: (string * (unit -> Task<PostgrestResponse>)) list =
                                [
                                    "Insert",
                                    (fun () -> c.From("kv").Insert({| k = tag + "-i"; v = bad |}).ExecuteAsync())
                                    "Insert key",
                                    (fun () ->
                                        c
                                            .From("kv")
                                            .Insert(
                                                Collections.Generic.Dictionary<string, string>(
                                                    dict [ "k", tag + "-k"; bad, "v" ]
                                                )
                                            )
                                            .ExecuteAsync())
                                    "Upsert",
                                    (fun () -> c.From("kv").Upsert({| k = tag + "-p"; v = bad |}).ExecuteAsync())
                                    "Update",
                                    (fun () -> c.From("kv").Eq("k", tag + "-u").Update({| v = bad |}).ExecuteAsync())
                                    "InsertJson",
                                    (fun () ->
                                        c
                                            .From("kv")
                                            .InsertJson(sprintf "{\"k\":\"%s-j\",\"v\":\"x\\uD800\"}" tag)
                                            .ExecuteAsync())
                                    "Rpc POST", (fun () -> c.Rpc("roundtrip_echo", {| v = bad |}).ExecuteAsync())
                                ]

                            for name, work in works do
                                let! e = failure work

                                match e with
                                | :? ArgumentException -> ()
                                | e ->
                                    failtestf
                                        "%s: expected an ArgumentException, got %s: %s"
                                        name
                                        (e.GetType().Name)
                                        e.Message

                        Expect.equal handler.Count 0 "nothing was sent"
                        Expect.equal (kvCount (sprintf "k like '%s%%'" tag)) 1 "only the seeded row"
                        Expect.equal (kvCount (sprintf "k = '%s-u' and v = 'orig'" tag)) 1 "the seeded row unchanged"
                        Expect.equal (kvCount "v like '%' || chr(65533) || '%'") 0 "no U+FFFD stored"

                        // A valid surrogate pair still round-trips in a body, typed and raw.
                        let! _ = c.From("kv").Insert({| k = tag + "-e"; v = "a😀b" |}).ExecuteAsync()

                        let! _ =
                            c
                                .From("kv")
                                .InsertJson(sprintf "{\"k\":\"%s-r\",\"v\":\"a\\ud83d\\ude00b\"}" tag)
                                .ExecuteAsync()

                        let! _ = c.Rpc("roundtrip_echo", {| v = "a😀b" |}).TextAsync()
                        let! rows = c.From("kv").Like("k", tag + "-*").Order("k").ToListAsync<Review13KvRow>()

                        Expect.equal
                            (rows |> Seq.map (fun r -> r.K.Substring(tag.Length), r.V) |> List.ofSeq)
                            [ "-e", "a😀b"; "-r", "a😀b"; "-u", "orig" ]
                            "emoji stored intact"
                    finally
                        Server.sql (sprintf "delete from api.kv where k like '%s%%'" tag) |> ignore
                })

            testCaseTask
                "credentials echoed escaped, percent-encoded or base64 never appear in exception text"
                (fun () ->
                    task {
                        let password = "pässwörd-ß1"
                        let basic = Convert.ToBase64String(Encoding.UTF8.GetBytes("user:" + password))
                        let apikey = "APIKEY-1234567"
                        let jsonEscaped = JsonSerializer.Serialize(password).Trim('"')
                        let percent = Uri.EscapeDataString password
                        let b64 = Convert.ToBase64String(Encoding.UTF8.GetBytes apikey)
                        let forms = [ jsonEscaped; percent; b64 ]

                        let postgrestBody =
                            sprintf
                                "{\"code\":\"42501\",\"message\":\"denied %s\",\"details\":\"pw %s\",\"hint\":\"key %s\"}"
                                jsonEscaped
                                percent
                                b64

                        let otherBody =
                            sprintf "{\"error\":\"denied %s / %s / %s\"}" jsonEscaped percent b64

                        use server =
                            new ScriptedServer(fun n _ _ stream ->
                                task {
                                    let status, body =
                                        match n with
                                        | 1 -> "403 Forbidden", postgrestBody
                                        | 2 -> "403 Forbidden", otherBody
                                        | _ -> "200 OK", "<html>" + otherBody

                                    let bytes = Encoding.UTF8.GetBytes(body)

                                    do!
                                        send
                                            stream
                                            (ascii (
                                                sprintf
                                                    "HTTP/1.1 %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\nConnection: close\r\n\r\n"
                                                    status
                                                    bytes.Length
                                            ))

                                    do! send stream bytes
                                })

                        use c =
                            new PostgrestClient(
                                server.Url,
                                PostgrestClientOptions(
                                    Headers = readOnlyDict [ "apikey", apikey; "Authorization", "Basic " + basic ],
                                    Retry = PostgrestRetryOptions.None
                                )
                            )

                        for _ in 1..3 do
                            let! e = failure (fun () -> c.From("items").ToListAsync<IdRow>())

                            let texts =
                                [
                                    e.Message
                                    e.ToString()
                                    match e with
                                    | :? PostgrestException as p ->
                                        p.Error.ToString()
                                        p.ServerMessage
                                        string p.Details
                                        string p.Hint
                                    | :? PostgrestUnexpectedResponseException as u -> u.BodySnippet
                                    | _ -> ()
                                ]

                            for text in texts do
                                for form in forms do
                                    Expect.isFalse
                                        (text.Contains form)
                                        (sprintf "%s: %s holds %s" (e.GetType().Name) text form)
                    })

            testCaseTask
                "a gzip bomb past the buffered limit allocates about the limit, not several times it"
                (fun () ->
                    task {
                        let limit = 16L <<< 20
                        let expanded = 48L <<< 20

                        let gz =
                            use packed = new MemoryStream()

                            do
                                use gzip = new GZipStream(packed, CompressionLevel.Fastest, true)
                                let block = Array.create (1 <<< 20) (byte '1')
                                gzip.Write(ascii "[")

                                for _ in 1L .. expanded >>> 20 do
                                    gzip.Write(block)

                            packed.ToArray()

                        use server =
                            new ScriptedServer(fun _ _ _ stream ->
                                task {
                                    do!
                                        send
                                            stream
                                            (ascii (
                                                sprintf
                                                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\nContent-Length: %d\r\nConnection: close\r\n\r\n"
                                                    gz.Length
                                            ))

                                    do! send stream gz
                                })

                        use c =
                            new PostgrestClient(
                                server.Url,
                                PostgrestClientOptions(MaxBufferedBodySize = limit, Retry = PostgrestRetryOptions.None)
                            )

                        // Warm up (connection, JIT), then measure.
                        let! _ = failure (fun () -> c.From("items").TextAsync())

                        for name, work in
                            [
                                "TextAsync", (fun () -> c.From("items").TextAsync() :> Task)
                                "SendAsync", (fun () -> c.SendAsync(c.From("items")) :> Task)
                            ] do
                            GC.Collect()
                            let before = GC.GetTotalAllocatedBytes(true)
                            let sw = Stopwatch.StartNew()
                            let! e = failure (fun () -> task { do! work () })
                            let allocated = GC.GetTotalAllocatedBytes(true) - before

                            figure (
                                sprintf
                                    "gzip bomb %d bytes expanding to %d MiB, limit %d MiB, %s: %s, %.1f MiB allocated (%.2fx the limit), %.0f ms"
                                    gz.Length
                                    (expanded >>> 20)
                                    (limit >>> 20)
                                    name
                                    (e.GetType().Name)
                                    (float allocated / 1048576.0)
                                    (float allocated / float limit)
                                    sw.Elapsed.TotalMilliseconds
                            )

                            Expect.isTrue
                                (e :? PostgrestResponseTooLargeException)
                                (e.GetType().Name + ": " + e.Message)

                            Expect.isLessThan
                                allocated
                                (limit + (limit >>> 2))
                                (name + ": allocated at most 1.25x the limit")
                    })
        ]
