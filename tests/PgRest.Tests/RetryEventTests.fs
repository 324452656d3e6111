/// `PostgrestRetryEvent.ToString()` (issue 15 §4): one readable line per retry (method, path, attempt, status or
/// exception type and first message line, delay), never a stack trace, never a credential.
module PgRest.Tests.RetryEventTests

open System
open System.Net
open System.Net.Http
open System.Threading
open System.Threading.Tasks
open Expecto
open PgRest

/// Fails every request with a connection error whose message echoes the Authorization header (a proxy might).
type private EchoingRefusal() =
    inherit HttpMessageHandler()

    override _.SendAsync(request, _) =
        let auth =
            match request.Headers.Authorization with
            | null -> "none"
            | a -> string a

        Task.FromException<HttpResponseMessage>(
            HttpRequestException(
                HttpRequestError.ConnectionError,
                $"Connection refused for {auth}\nsecond line",
                Net.Sockets.SocketException(int Net.Sockets.SocketError.ConnectionRefused)
            )
        )

/// The exception as it arrives in a real event: thrown, so it carries a stack trace.
let private thrown () =
    try
        raise (HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (127.0.0.1:1)\nmore detail"))
    with e ->
        e

let private oneLine (text: string) (what: string) =
    Expect.isFalse (text.Contains '\n' || text.Contains '\r') $"{what}: one line, got:\n{text}"
    Expect.isFalse (text.Contains "   at ") $"{what}: no stack trace"

[<Tests>]
let tests =
    testList
        "Unit.RetryEvent"
        [
            test "a status retry is one line: method, path, attempt, status and delay" {
                let e =
                    PostgrestRetryEvent(
                        "GET",
                        "/items?select=id",
                        1,
                        Nullable 503,
                        null,
                        TimeSpan.FromMilliseconds 250.0
                    )

                Expect.equal (string e) "GET /items?select=id: attempt 1 failed with status 503; retrying in 250 ms" ""
            }

            test "a connection failure is one line: the exception type, its error and its first message line" {
                let e =
                    PostgrestRetryEvent("HEAD", "/items", 2, Nullable(), thrown (), TimeSpan.FromSeconds 1.5)

                let text = string e
                oneLine text "connection failure"

                Expect.equal
                    text
                    "HEAD /items: attempt 2 failed with HttpRequestException (ConnectionError): Connection refused (127.0.0.1:1); retrying in 1500 ms"
                    ""
            }

            test "an event from a real retry names no credential, even when the exception message echoes it" {
                let token = "eyJhbGciOiJIUzI1NiJ9.c2VjcmV0LXBheWxvYWQ.c2lnbmF0dXJlLXNlY3JldA"
                let events = Collections.Concurrent.ConcurrentQueue<PostgrestRetryEvent>()

                let options =
                    PostgrestClientOptions(
                        HttpClient = new HttpClient(new EchoingRefusal()),
                        Retry =
                            PostgrestRetryOptions(
                                MaxAttempts = 3,
                                BaseDelay = TimeSpan.Zero,
                                OnRetry = Action<PostgrestRetryEvent>(events.Enqueue)
                            )
                    )

                use client = (new PostgrestClient("http://127.0.0.1:1", options)).WithBearer token

                Expect.throwsT<HttpRequestException>
                    (fun () -> client.From("items").ToListAsync<obj>().GetAwaiter().GetResult() |> ignore)
                    "the failure propagates"

                Expect.equal events.Count 2 "two retries for three attempts"

                for e in events do
                    let text = string e
                    oneLine text "a real event"
                    Expect.isFalse (text.Contains token) $"no token in: {text}"
                    Expect.isFalse (text.Contains "c2lnbmF0dXJl") $"no part of the token in: {text}"
                    Expect.stringContains text "[redacted]" "the echoed credential is redacted"
                    Expect.stringContains text "GET /items" "method and path"
            }
        ]
