/// Auth that lives longer than one token (issue 15 §3), against the real PostgREST 12.0.2: tokens signed with the test
/// instance's secret, one that expires mid-run, a read and a write whose first attempt was refused for an expired token
/// and retried with a fresh one (rows counted in the database), and the F# wrappers.
module PgRest.IntegrationTests.AuthTests

open System
open System.Collections.Concurrent
open System.Net.Http
open System.Threading
open System.Threading.Tasks
open Expecto
open PgRest
open PgRest.FSharp

/// PostgREST 12.0.2 accepts a token up to 30 s after its `exp` (clock-skew leeway, measured: exp 29 s ago → 200, 31 s
/// ago → 401 PGRST301 "JWT expired"). A token the server will refuse `seconds` from now therefore has
/// `exp = now + seconds - 30`.
let private leeway = 30L

let private now () =
    DateTimeOffset.UtcNow.ToUnixTimeSeconds()

/// A web_user token with subject `sub` that PostgREST refuses `seconds` from now (negative: already refused).
let private tokenRefusedIn (seconds: int64) (sub: string) =
    Server.jwt "web_user" (sprintf "\"sub\":\"%s\",\"exp\":%d" sub (now () + seconds - leeway))

let private freshToken (sub: string) =
    Server.jwt "web_user" (sprintf "\"sub\":\"%s\",\"exp\":%d" sub (now () + 3600L))

/// A provider that hands out the tokens of `next` in turn (the last one repeats), recording what it returned.
type private ScriptedProvider(next: unit -> string list) =
    let given = ConcurrentQueue<string>()
    let mutable script: string list option = None

    member _.Given = List.ofSeq given

    member _.Provide(_: CancellationToken) : ValueTask<string> =
        let tokens =
            match script with
            | Some s -> s
            | None ->
                let s = next ()
                script <- Some s
                s

        let token = tokens[min given.Count (tokens.Length - 1)]
        given.Enqueue token
        ValueTask<string> token

let private count (task: string) =
    Server.sql (sprintf "select count(*) from api.todos where task = '%s'" task)
    |> int

let private ownerOf (task: string) =
    Server.sql (sprintf "select coalesce(string_agg(owner, ','), '') from api.todos where task = '%s'" task)

let private clientOver (http: HttpClient) (provider: Func<CancellationToken, ValueTask<string>>) =
    new PostgrestClient(Server.testUrl (), PostgrestClientOptions(HttpClient = http, AccessTokenProvider = provider))

[<Tests>]
let tests =
    testSequenced
    <| testList
        "Integration.Auth"
        [
            testCase
                "on the wire (loopback server answering 401 PGRST301): each attempt carries its own token, two in all"
            <| fun () ->
                let body =
                    """{"code":"PGRST301","details":null,"hint":null,"message":"JWT expired"}"""

                use server =
                    new Faults.LoopbackListener(
                        Faults.Answer(
                            sprintf
                                "HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s"
                                body.Length
                                body,
                            false
                        )
                    )

                let mutable n = 0

                let provider =
                    Func<CancellationToken, ValueTask<string>>(fun _ ->
                        n <- n + 1
                        ValueTask<string>(sprintf "eyJwire-token-%d" n))

                use client =
                    new PostgrestClient(server.Url, PostgrestClientOptions(AccessTokenProvider = provider))

                let response =
                    client.From("todos").Insert({| task = "x" |}).SendAsync().GetAwaiter().GetResult()

                Expect.equal response.StatusCode 401 "the second 401 is returned"
                Expect.equal response.Attempts 2 "two attempts"
                let requests = server.Requests
                Expect.equal requests.Length 2 "two requests reached the server"

                let auth (r: string) =
                    r.Split("\r\n")
                    |> Array.filter (fun l -> l.StartsWith("Authorization:", StringComparison.OrdinalIgnoreCase))
                    |> List.ofArray

                Expect.equal
                    (requests |> List.map auth)
                    [
                        [ "Authorization: Bearer eyJwire-token-1" ]
                        [ "Authorization: Bearer eyJwire-token-2" ]
                    ]
                    "one Authorization header per request, the attempt's own token"

            testCase "a token that expires mid-run: the provider's next token is used and the next request succeeds"
            <| fun () ->
                // A provider that caches its token and replaces it when its own clock says it expired: what a real
                // token source does. The first token is refused by the server 2 s from now.
                let sub = "mid-run-" + Guid.NewGuid().ToString("N")
                let first = tokenRefusedIn 2L (sub + "-1")
                let expiresAt = DateTimeOffset.UtcNow.AddSeconds 2.0
                let handed = ConcurrentQueue<string>()

                let provider =
                    Func<CancellationToken, ValueTask<string>>(fun _ ->
                        let token =
                            if DateTimeOffset.UtcNow < expiresAt then
                                first
                            else
                                freshToken (sub + "-2")

                        handed.Enqueue token
                        ValueTask<string> token)

                use client =
                    new PostgrestClient(Server.testUrl (), PostgrestClientOptions(AccessTokenProvider = provider))

                let task1 = "auth-midrun-a-" + sub
                let task2 = "auth-midrun-b-" + sub

                let r1 =
                    client.From("todos").Insert({| task = task1 |}).ExecuteAsync().GetAwaiter().GetResult()

                Expect.equal r1.StatusCode 201 "written with the first token"
                Thread.Sleep(TimeSpan.FromSeconds 3.0)

                // The first token is now refused by the server: the mid-run expiry is real.
                let stale =
                    client.WithBearer(first).From("todos").Select("id").Limit(1).SendAsync().GetAwaiter().GetResult()

                Expect.equal stale.StatusCode 401 "the first token has expired"
                Expect.equal (stale.Error |> Option.ofObj |> Option.map _.Code) (Some "PGRST301") "JWT expired"

                let r2 =
                    client.From("todos").Insert({| task = task2 |}).ExecuteAsync().GetAwaiter().GetResult()

                Expect.equal r2.StatusCode 201 "written with the fresh token"
                Expect.equal r2.Attempts 1 "no refusal: the provider had already refreshed"
                Expect.equal (ownerOf task1) (sub + "-1") "the first row was written as the first token's subject"
                Expect.equal (ownerOf task2) (sub + "-2") "the second row as the fresh token's subject"
                Expect.equal (handed |> Seq.distinct |> Seq.length) 2 "two distinct tokens handed out"

            testCase "a read refused for an expired token is sent once more with the fresh token and succeeds"
            <| fun () ->
                let sub = "read-" + Guid.NewGuid().ToString("N")

                let provider =
                    ScriptedProvider(fun () -> [ tokenRefusedIn -5L (sub + "-old"); freshToken (sub + "-new") ])

                let counting, http = Faults.countingHttpClient ()
                use client = clientOver http (Func<_, _>(provider.Provide))

                let rows =
                    client.From("todos").Select("id,task").ToListAsync<{| id: int64; task: string |}>()
                    |> fun t -> t.GetAwaiter().GetResult()

                Expect.isNonEmpty rows "rows read"
                Expect.equal counting.Count 2 "two requests on the wire: the refused one and the retry"
                Expect.equal provider.Given.Length 2 "the provider was asked for each attempt"

                let response =
                    client.From("todos").Select("id").Limit(1).SendAsync().GetAwaiter().GetResult()

                Expect.equal response.StatusCode 200 "the next request uses the fresh token at once"
                Expect.equal response.Attempts 1 "one attempt"

            testCase "a HEAD count refused for an expired token (no body, only the challenge) is refreshed once"
            <| fun () ->
                let sub = "head-" + Guid.NewGuid().ToString("N")

                let provider =
                    ScriptedProvider(fun () -> [ tokenRefusedIn -5L (sub + "-old"); freshToken (sub + "-new") ])

                let counting, http = Faults.countingHttpClient ()
                use client = clientOver http (Func<_, _>(provider.Provide))
                let n = client.From("todos").CountAsync().GetAwaiter().GetResult()
                Expect.isGreaterThan n 0L "counted"
                Expect.equal counting.Count 2 "two HEADs on the wire"
                Expect.equal provider.Given.Length 2 "the provider was asked for each"

            testCase "a write refused for an expired token ran nothing: retried once with a fresh token, one row"
            <| fun () ->
                let sub = "write-" + Guid.NewGuid().ToString("N")
                let expired = tokenRefusedIn -5L (sub + "-old")

                let provider = ScriptedProvider(fun () -> [ expired; freshToken (sub + "-new") ])

                let counting, http = Faults.countingHttpClient ()
                use client = clientOver http (Func<_, _>(provider.Provide))
                let task = "auth-write-" + sub

                let response =
                    client.From("todos").Insert({| task = task |}).Select("id,owner").ExecuteAsync()
                    |> fun t -> t.GetAwaiter().GetResult()

                Expect.equal response.StatusCode 201 "created"
                Expect.equal response.Attempts 2 "the second attempt"
                Expect.equal counting.Count 2 "two POSTs on the wire"
                Expect.equal (count task) 1 "exactly one row: the refused attempt wrote nothing"
                Expect.equal (ownerOf task) (sub + "-new") "written as the fresh token's subject"

            testCase "a write whose both tokens are refused: a 401 after two attempts, no row, no token in the error"
            <| fun () ->
                let sub = "refused-" + Guid.NewGuid().ToString("N")
                let a = tokenRefusedIn -5L (sub + "-a")
                let b = tokenRefusedIn -5L (sub + "-b")
                let provider = ScriptedProvider(fun () -> [ a; b ])
                let counting, http = Faults.countingHttpClient ()
                use client = clientOver http (Func<_, _>(provider.Provide))
                let task = "auth-refused-" + sub

                let e =
                    try
                        client.From("todos").Insert({| task = task |}).ExecuteAsync().GetAwaiter().GetResult()
                        |> ignore

                        failtest "expected PostgrestException"
                    with :? PostgrestException as e ->
                        e

                Expect.equal e.Status 401 "401"
                Expect.equal e.Code "PGRST301" "PGRST301"
                Expect.equal e.ServerMessage "JWT expired" "JWT expired"
                Expect.equal counting.Count 2 "never more than one refresh-retry"
                Expect.equal (count task) 0 "no row: PostgREST refused both before running anything"

                for text in [ string e; e.Message ] do
                    Expect.isFalse (text.Contains a || text.Contains b) "no token in the exception"

            testCase
                "F#: Client.withAccessTokenProvider (task) and withAsyncAccessTokenProvider (Async) against the server"
            <| fun () ->
                let sub = "fsharp-" + Guid.NewGuid().ToString("N")
                let mutable calls = 0

                use baseClient = Client.create (Server.testUrl ())

                let viaTask =
                    baseClient
                    |> Client.withAccessTokenProvider (fun ct ->
                        task {
                            do! Task.Delay(1, ct)
                            calls <- calls + 1

                            return
                                if calls = 1 then
                                    tokenRefusedIn -5L (sub + "-old")
                                else
                                    freshToken (sub + "-task")
                        })

                let taskRow = "auth-fs-task-" + sub

                let written =
                    pgrest {
                        from "todos"
                        insert {| task = taskRow |}
                    }
                    |> Pgrest.execute viaTask CancellationToken.None
                    |> fun t -> t.GetAwaiter().GetResult()

                Expect.isOk written "written after one refresh"
                Expect.equal calls 2 "asked twice"
                Expect.equal (ownerOf taskRow) (sub + "-task") "as the fresh token's subject"

                let viaAsync =
                    baseClient
                    |> Client.withAsyncAccessTokenProvider (
                        async {
                            let! ct = Async.CancellationToken
                            do! Task.Delay(1, ct) |> Async.AwaitTask
                            return freshToken (sub + "-async")
                        }
                    )

                Expect.stringContains (string viaAsync) "auth: token provider" "ToString"
                let asyncRow = "auth-fs-async-" + sub

                let written2 =
                    pgrest {
                        from "todos"
                        insert {| task = asyncRow |}
                    }
                    |> PgrestAsync.execute viaAsync
                    |> Async.RunSynchronously

                Expect.isOk written2 "written"
                Expect.equal (ownerOf asyncRow) (sub + "-async") "as the Async provider's subject"

                let anonymous = viaAsync |> Client.withoutAccessTokenProvider

                let refused =
                    pgrest {
                        from "todos"
                        insert {| task = asyncRow + "-anon" |}
                    }
                    |> PgrestAsync.execute anonymous
                    |> Async.RunSynchronously

                match refused with
                | Error e -> Expect.equal e.Status 401 "anon may not write todos"
                | Ok _ -> failtest "the provider was not dropped"

                Expect.equal (count (asyncRow + "-anon")) 0 "no anonymous row"
        ]
