/// Review 13 (M2): what an injected HttpClient that follows redirects does with a write before PgRest sees the
/// answer, measured with two loopback servers (docs/reliability.md §7 states these observations).
module PgRest.IntegrationTests.RedirectWriteTests

open System
open System.Net.Http
open System.Text
open System.Threading
open Expecto
open PgRest
open PgRest.IntegrationTests.TransportLimitTests

let private reply (text: string) (stream: System.Net.Sockets.NetworkStream) =
    let bytes = Encoding.ASCII.GetBytes text
    task { do! stream.WriteAsync(bytes, 0, bytes.Length) }

/// The first line of each request the other origin received, and whether it carried the body and the apikey.
let private received (other: ScriptedServer) =
    [
        for r in other.Requests ->
            let line = r.Substring(0, r.IndexOf "\r\n")
            let verb = line.Substring(0, line.IndexOf ' ')
            verb, r.Contains "\"v\":\"moved\"", r.Contains "apikey: KEY-redirect-1234"
    ]

let private follow (status: string) (write: PostgrestClient -> System.Threading.Tasks.Task) =
    task {
        use other =
            new ScriptedServer(fun _ _ _ stream ->
                reply "HTTP/1.1 204 No Content\r\nContent-Length: 0\r\nConnection: close\r\n\r\n" stream)

        use redirecting =
            new ScriptedServer(fun _ _ _ stream ->
                reply
                    (sprintf
                        "HTTP/1.1 %s\r\nLocation: %s/ok\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                        status
                        other.Url)
                    stream)

        use http =
            new HttpClient(new SocketsHttpHandler(AllowAutoRedirect = true), Timeout = Timeout.InfiniteTimeSpan)

        use client =
            new PostgrestClient(
                redirecting.Url,
                PostgrestClientOptions(
                    Headers = readOnlyDict [ "apikey", "KEY-redirect-1234" ],
                    HttpClient = http,
                    Retry = PostgrestRetryOptions.None
                )
            )

        let! failed =
            task {
                try
                    do! write client
                    return None
                with e ->
                    return Some(e.GetType().Name)
            }

        return failed, received other
    }

let private delete (c: PostgrestClient) =
    c.From("t").Eq("id", 1).Delete().ExecuteAsync() :> System.Threading.Tasks.Task

let private update (c: PostgrestClient) =
    c.From("t").Eq("id", 1).Update(dict [ "v", "moved" ]).ExecuteAsync() :> System.Threading.Tasks.Task

let private insert (c: PostgrestClient) =
    c.From("t").Insert(dict [ "v", "moved" ]).ExecuteAsync() :> System.Threading.Tasks.Task

[<Tests>]
let tests =
    testList
        "Integration.Transport.redirected writes"
        [
            for status, name, write, expected in
                [
                    "302 Found", "DELETE", delete, [ "DELETE", false, true ]
                    "301 Moved Permanently", "DELETE", delete, [ "DELETE", false, true ]
                    "307 Temporary Redirect", "DELETE", delete, [ "DELETE", false, true ]
                    "302 Found", "PATCH", update, [ "PATCH", true, true ]
                    "307 Temporary Redirect", "PATCH", update, [ "PATCH", true, true ]
                    "308 Permanent Redirect", "POST", insert, [ "POST", true, true ]
                    "302 Found", "POST", insert, [ "GET", false, true ]
                    "303 See Other", "DELETE", delete, [ "GET", false, true ]
                ] do
                testCaseTask
                    $"a following injected HttpClient re-sends a {name} after {status}; PgRest then throws"
                    (fun () ->
                        task {
                            let! failed, got = follow status write
                            Expect.equal failed (Some "PostgrestUnexpectedResponseException") "the answer is refused"
                            Expect.equal got expected "(method, body, apikey) received by the other origin"
                        })
        ]
