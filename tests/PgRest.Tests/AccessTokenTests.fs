/// The access-token provider (issue 15 §3) against a scripted in-process transport (no socket: what PostgREST would
/// answer is not the point here, the client's behaviour around it is): asked before every attempt, one refresh-retry
/// after 401 PGRST301, cancellation and the timeout flow into it, its failures surface as
/// PostgrestAccessTokenException and are not retried, precedence with the other credentials, ToString, and no token
/// in any text the client produces.
module PgRest.Tests.AccessTokenTests

open System
open System.Collections.Concurrent
open System.Net
open System.Net.Http
open System.Text
open System.Threading
open System.Threading.Tasks
open Expecto
open PgRest

/// Answers each request with the next (status, JSON body) of `script` (the last one repeats), recording the method
/// and the Authorization header of every request it is handed.
type ScriptedHandler(script: (int * string) list) =
    inherit HttpMessageHandler()
    let seen = ConcurrentQueue<string * string>()

    /// (method, Authorization or "") of every request, in order.
    member _.Seen = List.ofSeq seen

    /// The Authorization headers seen, in order.
    member _.Authorizations = seen |> Seq.map snd |> List.ofSeq

    member _.Count = seen.Count

    member private _.Answer(request: HttpRequestMessage) =
        let auth =
            match request.Headers.Authorization with
            | null -> ""
            | a -> string a

        seen.Enqueue(request.Method.Method, auth)
        let status, body = script[min (seen.Count - 1) (script.Length - 1)]
        let response = new HttpResponseMessage(enum<HttpStatusCode> status)
        response.Content <- new StringContent(body, Encoding.UTF8, "application/json")
        response.RequestMessage <- request
        response

    override this.SendAsync(request, _) = Task.FromResult(this.Answer request)

    override this.Send(request, _) = this.Answer request

/// Answers the first request 401 without a body but with PostgREST's challenge for a rejected token (what a HEAD
/// gets), then 200 with a Content-Range; records the method and Authorization of every request.
type ChallengeHandler() =
    inherit HttpMessageHandler()
    let seen = ConcurrentQueue<string * string>()

    member _.Seen = List.ofSeq seen

    override _.SendAsync(request, _) =
        let auth =
            match request.Headers.Authorization with
            | null -> ""
            | a -> string a

        seen.Enqueue(request.Method.Method, auth)

        let response =
            if seen.Count = 1 then
                let r = new HttpResponseMessage(HttpStatusCode.Unauthorized)

                r.Headers.TryAddWithoutValidation(
                    "WWW-Authenticate",
                    "Bearer error=\"invalid_token\", error_description=\"JWT expired\""
                )
                |> ignore

                r
            else
                let r = new HttpResponseMessage(HttpStatusCode.OK)
                r.Content <- new ByteArrayContent([||])
                r.Content.Headers.TryAddWithoutValidation("Content-Range", "*/5") |> ignore
                r

        response.RequestMessage <- request
        Task.FromResult response

/// A provider returning `tok-1`, `tok-2`, … (each long enough to be scrubbed), counting its calls.
type CountingProvider() =
    let mutable calls = 0

    member _.Calls = Volatile.Read(&calls)

    member _.Provide(_: CancellationToken) : ValueTask<string> =
        let n = Interlocked.Increment(&calls)
        ValueTask<string>(sprintf "eyJtoken-%d-secret" n)

let private fast =
    PostgrestRetryOptions(MaxAttempts = 3, BaseDelay = TimeSpan.FromMilliseconds 1.0)

let private clientWith (handler: HttpMessageHandler) (provider: Func<CancellationToken, ValueTask<string>> | null) =
    new PostgrestClient(
        Support.baseUrl,
        PostgrestClientOptions(HttpClient = new HttpClient(handler), Retry = fast, AccessTokenProvider = provider)
    )

let private jwtExpired =
    """{"code":"PGRST301","details":null,"hint":null,"message":"JWT expired"}"""

let private okRows = """[{"id":1}]"""

let private counting () =
    let p = CountingProvider()
    p, Func<CancellationToken, ValueTask<string>>(p.Provide)

let private throwsOf<'e when 'e :> exn> (f: unit -> Task) : 'e =
    try
        f().GetAwaiter().GetResult()
        failtestf "expected %s" typeof<'e>.Name
    with
    | :? 'e as e -> e
    | e -> failtestf "expected %s, got %O" typeof<'e>.Name e

[<Tests>]
let tests =
    testList
        "Unit.AccessToken"
        [
            testCase "the provider is asked before every attempt and each attempt carries its own token"
            <| fun () ->
                let handler = new ScriptedHandler([ 503, "{}"; 503, "{}"; 200, okRows ])
                let p, provider = counting ()
                use client = clientWith handler provider

                let response = client.From("todos").SendAsync().GetAwaiter().GetResult()

                Expect.equal response.StatusCode 200 "the third attempt succeeded"
                Expect.equal response.Attempts 3 "three attempts"
                Expect.equal p.Calls 3 "one provider call per attempt"

                Expect.equal
                    handler.Authorizations
                    [
                        "Bearer eyJtoken-1-secret"
                        "Bearer eyJtoken-2-secret"
                        "Bearer eyJtoken-3-secret"
                    ]
                    "each attempt sent the token asked for it"

            testCase "the row readers (ToListAsync, StreamAsync) ask it per attempt too"
            <| fun () ->
                let handler = new ScriptedHandler([ 503, "{}"; 200, okRows ])
                let p, provider = counting ()
                use client = clientWith handler provider

                let rows =
                    client.From("todos").ToListAsync<Map<string, int>>().GetAwaiter().GetResult()

                Expect.equal rows.Count 1 "rows"
                Expect.equal p.Calls 2 "two attempts, two provider calls"

                Expect.equal
                    handler.Authorizations
                    [ "Bearer eyJtoken-1-secret"; "Bearer eyJtoken-2-secret" ]
                    "tokens per attempt"

                let handler2 = new ScriptedHandler([ 503, "{}"; 200, okRows ])
                let p2, provider2 = counting ()
                use client2 = clientWith handler2 provider2

                let streamed =
                    task {
                        let rows =
                            client2.From("todos").StreamAsync<Map<string, int>>().GetAsyncEnumerator()

                        let mutable n = 0
                        let! first = rows.MoveNextAsync()
                        let mutable more = first

                        while more do
                            n <- n + 1
                            let! next = rows.MoveNextAsync()
                            more <- next

                        do! rows.DisposeAsync()
                        return n
                    }
                    |> fun t -> t.GetAwaiter().GetResult()

                Expect.equal streamed 1 "streamed rows"
                Expect.equal p2.Calls 2 "stream: two provider calls"

            testCase
                "401 PGRST301 on a write: the provider is asked again and the write is sent once more, then succeeds"
            <| fun () ->
                let handler = new ScriptedHandler([ 401, jwtExpired; 201, okRows ])
                let p, provider = counting ()
                let events = ConcurrentQueue<PostgrestRetryEvent>()

                use client =
                    new PostgrestClient(
                        Support.baseUrl,
                        PostgrestClientOptions(
                            HttpClient = new HttpClient(handler),
                            AccessTokenProvider = provider,
                            Retry = PostgrestRetryOptions(MaxAttempts = 1, OnRetry = Action<_>(events.Enqueue))
                        )
                    )

                let response =
                    client.From("todos").Insert({| task = "x" |}).ExecuteAsync().GetAwaiter().GetResult()

                Expect.equal response.StatusCode 201 "created after the refresh"
                Expect.equal response.Attempts 2 "two attempts (retries otherwise off)"
                Expect.equal p.Calls 2 "two provider calls"
                Expect.equal (handler.Seen |> List.map fst) [ "POST"; "POST" ] "the write was sent twice"

                Expect.equal
                    handler.Authorizations
                    [ "Bearer eyJtoken-1-secret"; "Bearer eyJtoken-2-secret" ]
                    "the second with the fresh token"

                let e = Expect.wantSome (Seq.tryExactlyOne events) "one retry event"
                Expect.equal e.StatusCode (Nullable 401) "the event names the 401"
                Expect.equal e.Delay TimeSpan.Zero "no delay before the refresh-retry"
                Expect.isFalse ((string e).Contains "eyJ") "no token in the event"

            testCase "HEAD (no body): PostgREST's invalid_token challenge is read as a rejected token, refreshed once"
            <| fun () ->
                let handler = new ChallengeHandler()
                let p, provider = counting ()
                use client = clientWith handler provider

                let response =
                    client.From("todos").Head().WithCount(CountMethod.Exact).SendAsync().GetAwaiter().GetResult()

                Expect.equal response.StatusCode 200 "the retry succeeded"
                Expect.equal response.Attempts 2 "two attempts"
                Expect.equal p.Calls 2 "two provider calls"

                Expect.equal
                    handler.Seen
                    [ "HEAD", "Bearer eyJtoken-1-secret"; "HEAD", "Bearer eyJtoken-2-secret" ]
                    "two HEADs, each with its own token"

            testCase "never more than one refresh-retry: a second 401 PGRST301 is the caller's"
            <| fun () ->
                let handler = new ScriptedHandler([ 401, jwtExpired ])
                let p, provider = counting ()
                use client = clientWith handler provider

                let e =
                    throwsOf<PostgrestException> (fun () -> client.From("todos").ToListAsync<obj>() :> Task)

                Expect.equal e.Status 401 "401"
                Expect.equal e.Code "PGRST301" "PGRST301"
                Expect.equal handler.Count 2 "two requests, not MaxAttempts + 1"
                Expect.equal p.Calls 2 "two provider calls"

                let response =
                    client.From("todos").Insert({| task = "x" |}).SendAsync().GetAwaiter().GetResult()

                Expect.equal response.StatusCode 401 "SendAsync returns the second 401"
                Expect.equal response.Attempts 2 "after two attempts"
                Expect.equal handler.Count 4 "two more requests"

            testCase "the provider returns the rejected token again: nothing is sent again"
            <| fun () ->
                let handler = new ScriptedHandler([ 401, jwtExpired; 201, okRows ])
                let mutable calls = 0

                let provider =
                    Func<CancellationToken, ValueTask<string>>(fun _ ->
                        calls <- calls + 1
                        ValueTask<string> "eyJsame-token")

                use client = clientWith handler provider

                let response =
                    client.From("todos").Insert({| task = "x" |}).SendAsync().GetAwaiter().GetResult()

                Expect.equal response.StatusCode 401 "the 401 is returned"
                Expect.equal response.Attempts 1 "one attempt"
                Expect.equal handler.Count 1 "sent once"
                Expect.equal calls 2 "asked twice (the second answer was the same token)"

            testCase "a 401 that is not a rejected token (42501) and a 403 are not refresh-retried"
            <| fun () ->
                for status, code in [ 401, "42501"; 403, "42501"; 401, "PGRST302" ] do
                    let body =
                        sprintf """{"code":"%s","details":null,"hint":null,"message":"no"}""" code

                    let handler = new ScriptedHandler([ status, body; 200, okRows ])
                    let p, provider = counting ()
                    use client = clientWith handler provider

                    let response = client.From("todos").SendAsync().GetAwaiter().GetResult()

                    Expect.equal response.StatusCode status $"{status} {code} returned"
                    Expect.equal handler.Count 1 $"{status} {code}: one request"
                    Expect.equal p.Calls 1 $"{status} {code}: one provider call"

            testCase "the caller's cancellation reaches the provider; the timeout bounds it"
            <| fun () ->
                let handler = new ScriptedHandler([ 200, okRows ])
                let mutable sawCancelled = false

                let provider =
                    Func<CancellationToken, ValueTask<string>>(fun ct ->
                        task {
                            try
                                do! Task.Delay(Timeout.Infinite, ct)
                                return "never"
                            with :? OperationCanceledException ->
                                sawCancelled <- ct.IsCancellationRequested
                                return raise (OperationCanceledException ct)
                        }
                        |> ValueTask<string>)

                use client = clientWith handler provider
                use cts = new CancellationTokenSource(TimeSpan.FromMilliseconds 100.0)

                throwsOf<OperationCanceledException> (fun () -> client.From("todos").SendAsync(cts.Token) :> Task)
                |> ignore

                Expect.isTrue sawCancelled "the provider's token was cancelled"
                Expect.equal handler.Count 0 "nothing sent"

                sawCancelled <- false

                let e =
                    throwsOf<PostgrestTimeoutException> (fun () ->
                        client.From("todos").Timeout(TimeSpan.FromMilliseconds 150.0).ToListAsync<obj>() :> Task)

                Expect.isTrue sawCancelled "the attempt's timeout cancelled the provider"
                Expect.equal e.Timeout (TimeSpan.FromMilliseconds 150.0) "the query's timeout"
                Expect.equal handler.Count 0 "still nothing sent"

            testCase "a provider that throws: PostgrestAccessTokenException with the cause inside, not retried"
            <| fun () ->
                let handler = new ScriptedHandler([ 200, okRows ])
                let mutable calls = 0

                let provider =
                    Func<CancellationToken, ValueTask<string>>(fun _ ->
                        calls <- calls + 1
                        // What a token endpoint that is down looks like: a transport failure PgRest would retry if
                        // it came from PostgREST.
                        raise (HttpRequestException(HttpRequestError.ConnectionError, "token endpoint refused")))

                use client = clientWith handler provider

                for send in
                    [
                        fun () -> client.From("todos").SendAsync() :> Task
                        fun () -> client.From("todos").ToListAsync<obj>() :> Task
                    ] do
                    let e = throwsOf<PostgrestAccessTokenException> send
                    Expect.isTrue (e.InnerException :? HttpRequestException) "the provider's exception inside"
                    Expect.stringContains e.Message "access-token provider" "the message names the provider"
                    Expect.equal e.RequestMethod "GET" "method"

                Expect.equal calls 2 "one call per request: not retried (MaxAttempts = 3)"
                Expect.equal handler.Count 0 "nothing sent"

            testCase "an empty token or one a header cannot carry: PostgrestAccessTokenException, the token not shown"
            <| fun () ->
                for bad in ([ ""; "eyJbad\r\nX-Injected: 1"; "eyJnon-ascii-é-token"; null ]: (string | null) list) do
                    let handler = new ScriptedHandler([ 200, okRows ])

                    let provider =
                        Func<CancellationToken, ValueTask<string>>(fun _ -> ValueTask<string>(Unchecked.nonNull bad))

                    use client = clientWith handler provider

                    let e =
                        throwsOf<PostgrestAccessTokenException> (fun () -> client.From("todos").SendAsync() :> Task)

                    if not (String.IsNullOrEmpty bad) then
                        Expect.isFalse (e.ToString().Contains "eyJ") "the token is not in the exception"

                    Expect.equal handler.Count 0 "nothing sent"

            testCase "precedence: a query's Authorization, WithBearer, WithoutAccessTokenProvider, derived clients"
            <| fun () ->
                let handler = new ScriptedHandler([ 200, okRows ])
                let p, provider = counting ()

                use root =
                    new PostgrestClient(
                        Support.baseUrl,
                        PostgrestClientOptions(
                            HttpClient = new HttpClient(handler),
                            AccessTokenProvider = provider,
                            Headers = readOnlyDict [ "Authorization", "Bearer eyJfrom-options-header" ]
                        )
                    )

                let send (c: PostgrestClient) (q: PostgrestQuery) =
                    c.SendAsync(q).GetAwaiter().GetResult() |> ignore

                send root (PostgrestQuery.From "todos")
                send (root.WithSchema "api") (PostgrestQuery.From "todos")
                send (root.WithHeader("X-Other", "1")) (PostgrestQuery.From "todos")
                send root (PostgrestQuery.From("todos").Header("Authorization", "Bearer eyJper-query"))
                send (root.WithBearer "eyJfixed-token") (PostgrestQuery.From "todos")
                send (root.WithoutAccessTokenProvider()) (PostgrestQuery.From "todos")
                send (root.WithBasicAuth("u", "pw")) (PostgrestQuery.From "todos")
                send (root.WithBearer("eyJfixed-token").WithAccessTokenProvider provider) (PostgrestQuery.From "todos")

                Expect.equal
                    handler.Authorizations
                    [
                        "Bearer eyJtoken-1-secret" // the provider replaces the options' Authorization header
                        "Bearer eyJtoken-2-secret" // WithSchema keeps it
                        "Bearer eyJtoken-3-secret" // WithHeader keeps it
                        "Bearer eyJper-query" // a query's own header wins; the provider is not asked
                        "Bearer eyJfixed-token" // WithBearer replaces it
                        "Bearer eyJfrom-options-header" // dropped: the options' header again
                        "Bearer eyJtoken-4-secret" // the provider wins over basic auth
                        "Bearer eyJtoken-5-secret" // the latest of WithBearer/WithAccessTokenProvider wins
                    ]
                    "who supplies Authorization"

                Expect.equal p.Calls 5 "asked only when its token is sent"

            testCase "the synchronous methods refuse a client that would ask the provider, before sending"
            <| fun () ->
                let handler = new ScriptedHandler([ 200, okRows ])
                let p, provider = counting ()
                use client = clientWith handler provider

                Expect.throwsT<InvalidOperationException>
                    (fun () -> client.ToList<obj>(PostgrestQuery.From "todos") |> ignore)
                    "ToList"

                Expect.throwsT<InvalidOperationException>
                    (fun () -> client.Send(PostgrestQuery.From "todos") |> ignore)
                    "Send"

                Expect.equal handler.Count 0 "nothing sent"
                Expect.equal p.Calls 0 "the provider was not asked"

                // With the query's own Authorization header or a fixed token, the provider is not needed.
                client.Send(PostgrestQuery.From("todos").Header("Authorization", "Bearer eyJq"))
                |> ignore

                client.WithBearer("eyJfixed").Send(PostgrestQuery.From "todos") |> ignore
                Expect.equal handler.Count 2 "sent synchronously"

            testCase "ToString says where the credentials come from, never a token"
            <| fun () ->
                let _, provider = counting ()
                use owned = new PostgrestClient(Support.baseUrl)
                use http = new HttpClient(new ScriptedHandler([ 200, okRows ]))

                use injected =
                    new PostgrestClient(Support.baseUrl, PostgrestClientOptions(HttpClient = http))

                use withProvider =
                    new PostgrestClient(Support.baseUrl, PostgrestClientOptions(AccessTokenProvider = provider))

                use byHeader =
                    new PostgrestClient(
                        Support.baseUrl,
                        PostgrestClientOptions(
                            Headers =
                                readOnlyDict [ "Authorization", "Bearer eyJheader-token"; "apikey", "eyJapikey-value" ]
                        )
                    )

                let auth (c: PostgrestClient) =
                    let s = string c
                    Expect.isFalse (s.Contains "eyJ") $"no credential in {s}"
                    s.Substring(s.IndexOf "auth: ")

                Expect.equal (auth owned) "auth: none)" "own HttpClient, no credentials: none"
                Expect.equal (auth injected) "auth: left to the injected HttpClient)" "injected: not known"
                Expect.equal (auth withProvider) "auth: token provider)" "provider"
                Expect.equal (auth (withProvider.WithSchema "api")) "auth: token provider)" "derived keeps it"
                Expect.equal (auth (withProvider.WithBearer "eyJx")) "auth: bearer [redacted])" "fixed token"
                Expect.equal (auth (withProvider.WithoutAccessTokenProvider())) "auth: none)" "dropped"

                Expect.equal
                    (auth (injected.WithAccessTokenProvider provider))
                    "auth: token provider)"
                    "provider over an injected HttpClient"

                Expect.equal
                    (auth byHeader)
                    "auth: Authorization header [redacted], apikey [redacted])"
                    "headers set by hand"

                Expect.equal
                    (auth (byHeader.WithAccessTokenProvider provider))
                    "auth: token provider, apikey [redacted])"
                    "the provider replaces the Authorization header"

            testCase "no provider token in any text: errors echoing every attempt's token, snippets, the request"
            <| fun () ->
                // A server (or proxy) that echoes the tokens it was sent in its error fields.
                let echo (tokens: string list) =
                    let all = String.Join(" ", tokens)

                    sprintf
                        """{"code":"XX000","details":"%s","hint":"%s","message":"bad %s"}"""
                        all
                        (Uri.EscapeDataString all)
                        (Convert.ToBase64String(Encoding.UTF8.GetBytes all))

                let handler =
                    new ScriptedHandler([ 401, jwtExpired; 400, echo [ "eyJtoken-1-secret"; "eyJtoken-2-secret" ] ])

                let _, provider = counting ()
                use client = clientWith handler provider

                let e =
                    throwsOf<PostgrestException> (fun () -> client.From("todos").ToListAsync<obj>() :> Task)

                let texts =
                    [
                        e.Message
                        string e
                        e.ServerMessage
                        string e.Details
                        string e.Hint
                        string e.Error
                    ]

                for t in texts do
                    Expect.isFalse (t.Contains "token-1" || t.Contains "token-2") $"no token in: {t}"

                // A 2xx body that is not rows, echoing the token: the snippet is scrubbed.
                let handler2 = new ScriptedHandler([ 200, "<html>eyJtoken-1-secret</html>" ])
                let _, provider2 = counting ()
                use client2 = clientWith handler2 provider2

                let u =
                    throwsOf<PostgrestUnexpectedResponseException> (fun () ->
                        client2.From("todos").ToListAsync<obj>() :> Task)

                Expect.isFalse ((string u).Contains "token-1") "no token in the snippet"

                // The rendered request says the header comes from the provider, and holds no token.
                let request = client.From("todos").ToRequest()
                Expect.stringContains (string request) "Authorization: [redacted] (access-token provider" "shown"
        ]
