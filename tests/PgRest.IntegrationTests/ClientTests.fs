/// The client itself against the live PostgREST and against tiny loopback servers: schemas (profiles), JWT and
/// basic auth, derived clients, extra headers, the error model, timeouts versus cancellation, malformed answers
/// and the synchronous path.
module PgRest.IntegrationTests.ClientTests

open System
open System.Collections.Concurrent
open System.Diagnostics
open System.Net
open System.Net.Sockets
open System.Text
open System.Text.Json
open System.Threading
open System.Threading.Tasks
open Expecto
open PgRest
open PgRest.IntegrationTests.Expectations
open PgRest.IntegrationTests.Faults

/// A row of api.items or v2.items reduced to id and name.
[<CLIMutable>]
type NamedRow = { Id: int; Name: string }

/// A row of api.secrets.
[<CLIMutable>]
type SecretRow = { Id: int; S: string }

/// A row of api.kv reduced to key and value.
[<CLIMutable>]
type KvPair = { K: string; V: string option }

/// A raw HTTP/1.1 response with a correct Content-Length.
let private httpResponse (status: string) (contentType: string) (body: string) =
    sprintf
        "HTTP/1.1 %s\r\nContent-Type: %s\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s"
        status
        contentType
        (Encoding.UTF8.GetByteCount body)
        body

let private client () = Server.client.Value

let private whoami (c: PostgrestClient) =
    task {
        let! response = c.Rpc("whoami").ExecuteAsync<JsonElement>()
        return response.Value
    }

[<Tests>]
let tests =
    testList
        "Integration.Client"
        [
            testList
                "schemas"
                [
                    testCaseTask "query.Schema(\"v2\") reads v2.items through Accept-Profile" (fun () ->
                        task {
                            let query = client().From("items").Schema("v2").Select("id,name")
                            Expect.equal (query.ToRequest().GetHeader "Accept-Profile") "v2" "Accept-Profile on a GET"
                            let! response = query.ExecuteAsync<NamedRow[]>()
                            Expect.equal response.Value [| { Id = 100; Name = "v2-only" } |] "the v2 table"
                            Expect.equal (response.GetHeader "Content-Profile") "v2" "the server answered from v2"
                        })

                    testCaseTask
                        "client.WithSchema(\"v2\") reads v2 by default and leaves the original on api"
                        (fun () ->
                            task {
                                let v2 = client().WithSchema("v2")
                                Expect.equal v2.Schema "v2" "derived schema"
                                Expect.isNull (client().Schema) "original unchanged"
                                let! fromV2 = v2.From("items").Select("id,name").ToListAsync<NamedRow>()
                                Expect.equal (List.ofSeq fromV2) [ { Id = 100; Name = "v2-only" } ] "v2.items"

                                let! fromApi =
                                    client().From("items").Select("id,name").Eq("id", 1).ToListAsync<NamedRow>()

                                Expect.equal (List.ofSeq fromApi) [ { Id = 1; Name = "apple" } ] "api.items"
                            })

                    testCaseTask "writes to v2 send Content-Profile: anon has no INSERT there, so 401 42501" (fun () ->
                        task {
                            let query =
                                client().From("items").Schema("v2").Insert({| id = 999; name = "nope" |})

                            let request = query.ToRequest()
                            Expect.equal (request.GetHeader "Content-Profile") "v2" "Content-Profile on a POST"
                            Expect.isNull (request.GetHeader "Accept-Profile") "no Accept-Profile on a write"

                            let! e = expectPostgrestError (fun () -> query.ExecuteAsync())

                            Expect.equal
                                (e.Status, e.Code)
                                (401, "42501")
                                "permission denied in v2 (api.items would accept it)"

                            Expect.stringContains e.ServerMessage "items" "the v2 table"
                        })

                    testCaseTask "POST /rpc in v2 looks the function up in v2 (404 PGRST202 for v2.add)" (fun () ->
                        task {
                            let! e =
                                expectPostgrestError (fun () ->
                                    client().WithSchema("v2").Rpc("add", {| a = 1; b = 2 |}).ExecuteAsync())

                            Expect.equal (e.Status, e.Code) (404, "PGRST202") "not in v2"
                            Expect.stringContains e.ServerMessage "v2.add" "searched in v2"
                        })

                    testCaseTask "an unknown schema is 406 PGRST106 for reads and writes" (fun () ->
                        task {
                            let! read =
                                expectPostgrestError (fun () -> client().From("items").Schema("nosuch").ExecuteAsync())

                            Expect.equal (read.Status, read.Code) (406, "PGRST106") "GET"
                            Expect.stringContains read.ServerMessage "api, v2" "lists the exposed schemas"

                            let! write =
                                expectPostgrestError (fun () ->
                                    client()
                                        .WithSchema("private")
                                        .From("secret_stuff")
                                        .Insert({| id = 1 |})
                                        .ExecuteAsync())

                            Expect.equal
                                (write.Status, write.Code)
                                (406, "PGRST106")
                                "POST to a schema that is not exposed"
                        })
                ]

            testList
                "auth"
                [
                    testCaseTask "a web_user bearer token reads secrets; anon gets 401 42501" (fun () ->
                        task {
                            let user = client().WithBearer(Server.jwt "web_user" "")
                            let! rows = user.From("secrets").Select("id,s").ToListAsync<SecretRow>()
                            Expect.equal (List.ofSeq rows) [ { Id = 1; S = "top" } ] "web_user may read"

                            let! e = expectPostgrestError (fun () -> client().From("secrets").ExecuteAsync())
                            Expect.equal (e.Status, e.Code) (401, "42501") "anonymous and denied"
                        })

                    testCaseTask "whoami runs as the token's role and sees its claims" (fun () ->
                        task {
                            let sub = Server.uniqueTag "sub"

                            let user =
                                client().WithBearer(Server.jwt "web_user" (sprintf "\"sub\":\"%s\",\"n\":7" sub))

                            let! me = whoami user
                            Expect.equal (me.GetProperty("role").GetString()) "web_user" "current_user"
                            let claims = me.GetProperty "claims"
                            Expect.equal (claims.GetProperty("role").GetString()) "web_user" "role claim"
                            Expect.equal (claims.GetProperty("sub").GetString()) sub "sub claim"
                            Expect.equal (claims.GetProperty("n").GetInt32()) 7 "custom claim"

                            let! anon = whoami (client ())
                            Expect.equal (anon.GetProperty("role").GetString()) "anon" "no token: anon"
                        })

                    testCaseTask "an expired token is 401 PGRST301" (fun () ->
                        task {
                            let expired = client().WithBearer(Server.jwt "web_user" "\"exp\":1")
                            let! response = expired.From("items").Select("id").SendAsync()
                            Expect.equal response.StatusCode 401 "401"
                            let error = response.Error |> nonNull
                            Expect.equal error.Code "PGRST301" "JWT error"
                            Expect.stringContains error.Message "expired" "JWT expired"

                            Expect.stringContains
                                (response.GetHeader "WWW-Authenticate" |> string)
                                "invalid_token"
                                "WWW-Authenticate"

                            let! e = expectPostgrestError (fun () -> expired.From("items").ExecuteAsync())
                            Expect.equal (e.Status, e.Code) (401, "PGRST301") "thrown by ExecuteAsync"
                        })

                    testCaseTask "WithBasicAuth sends a Basic header, which PostgREST ignores (runs as anon)" (fun () ->
                        task {
                            let basic = client().WithBasicAuth("alice", "s3cr:et")
                            let request = basic.From("secrets").ToRequest()

                            Expect.equal
                                (request.GetHeader "Authorization")
                                ("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes "alice:s3cr:et"))
                                "Basic base64(user:password)"

                            Expect.isFalse (request.ToString().Contains "YWxpY2") "the rendered text redacts it"

                            let! me = whoami basic

                            Expect.equal
                                (me.GetProperty("role").GetString())
                                "anon"
                                "basic auth is not a PostgREST login"

                            let! e = expectPostgrestError (fun () -> basic.From("secrets").ExecuteAsync())
                            Expect.equal (e.Status, e.Code) (401, "42501") "still anonymous"
                        })

                    testCaseTask "a bearer token wins over basic auth, whichever was set first" (fun () ->
                        task {
                            let token = Server.jwt "web_user" ""

                            for c in
                                [
                                    client().WithBasicAuth("u", "p").WithBearer(token)
                                    client().WithBearer(token).WithBasicAuth("u", "p")
                                ] do
                                Expect.equal
                                    (c.From("secrets").ToRequest().GetHeader "Authorization")
                                    ("Bearer " + token)
                                    "Bearer sent"

                                let! me = whoami c
                                Expect.equal (me.GetProperty("role").GetString()) "web_user" "the server saw the token"
                        })

                    testCaseTask
                        "derived clients leave the original unchanged (it stays anonymous, on api, without extra headers)"
                        (fun () ->
                            task {
                                let original = client ()
                                let token = Server.jwt "web_user" ""

                                let derived =
                                    original.WithBearer(token).WithSchema("v2").WithHeader("X-Derived", "yes")

                                let rendered = original.From("secrets").ToRequest()
                                Expect.isNull (rendered.GetHeader "Authorization") "no credentials on the original"
                                Expect.isNull (rendered.GetHeader "Accept-Profile") "no schema on the original"
                                Expect.isNull (rendered.GetHeader "X-Derived") "no extra header on the original"

                                Expect.equal
                                    (derived.From("secrets").ToRequest().GetHeader "X-Derived")
                                    "yes"
                                    "on the derived client"

                                let! e = expectPostgrestError (fun () -> original.From("secrets").ExecuteAsync())

                                Expect.equal
                                    (e.Status, e.Code)
                                    (401, "42501")
                                    "the original is still anon on the server"

                                let! v2 = derived.From("items").Select("id,name").ToListAsync<NamedRow>()

                                Expect.equal
                                    (List.ofSeq v2)
                                    [ { Id = 100; Name = "v2-only" } ]
                                    "the derived client reads v2"

                                let! me = whoami (original.WithBearer token)
                                Expect.equal (me.GetProperty("role").GetString()) "web_user" "bearer only"
                                Expect.isFalse (original.ToString().Contains token) "ToString never shows the token"
                                Expect.stringContains (derived.ToString()) "[redacted]" "it says a token is set"
                            })
                ]

            testList
                "headers"
                [
                    testCaseTask
                        "query.Header(\"Prefer\", ...tx=rollback) reaches the server: the insert is rolled back"
                        (fun () ->
                            task {
                                let key = Server.uniqueTag "c-hdr"

                                try
                                    let! response =
                                        client()
                                            .From("kv")
                                            .Insert({| k = key; v = "ghost" |})
                                            .Header("Prefer", "return=representation, tx=rollback")
                                            .ExecuteAsync<KvPair[]>()

                                    Expect.equal response.StatusCode 201 "201"

                                    Expect.equal
                                        response.Value
                                        [| { K = key; V = Some "ghost" } |]
                                        "representation came back"

                                    Expect.stringContains
                                        (response.GetHeader "Preference-Applied" |> string)
                                        "tx=rollback"
                                        "echoed"

                                    Expect.equal
                                        (Server.sql (sprintf "select count(*) from api.kv where k = '%s'" key))
                                        "0"
                                        "rolled back"
                                finally
                                    Server.sql (sprintf "delete from api.kv where k = '%s'" key) |> ignore
                            })

                    testCaseTask
                        "client.WithHeader reaches the server (Accept-Profile: v2 switches the schema)"
                        (fun () ->
                            task {
                                let viaHeader = client().WithHeader("Accept-Profile", "v2")
                                let! rows = viaHeader.From("items").Select("id,name").ToListAsync<NamedRow>()

                                Expect.equal
                                    (List.ofSeq rows)
                                    [ { Id = 100; Name = "v2-only" } ]
                                    "v2 through a client header"

                                let! overridden =
                                    viaHeader
                                        .From("items")
                                        .Select("id,name")
                                        .Header("Accept-Profile", "api")
                                        .Eq("id", 2)
                                        .ToListAsync<NamedRow>()

                                Expect.equal
                                    (List.ofSeq overridden)
                                    [ { Id = 2; Name = "banana" } ]
                                    "a query header replaces the client's"
                            })

                    testCaseTask
                        "a client-wide Prefer: tx=rollback header applies to writes that set no Prefer of their own"
                        (fun () ->
                            task {
                                let key = Server.uniqueTag "c-cli"

                                try
                                    let dryRun = client().WithHeader("Prefer", "tx=rollback")
                                    let! response = dryRun.From("kv").Insert({| k = key; v = "x" |}).ExecuteAsync()
                                    Expect.equal response.StatusCode 201 "201"

                                    Expect.stringContains
                                        (response.GetHeader "Preference-Applied" |> string)
                                        "tx=rollback"
                                        "echoed"

                                    Expect.equal
                                        (Server.sql (sprintf "select count(*) from api.kv where k = '%s'" key))
                                        "0"
                                        "rolled back"
                                finally
                                    Server.sql (sprintf "delete from api.kv where k = '%s'" key) |> ignore
                            })

                    testCase "custom headers the server cannot echo are in the rendered request" (fun () ->
                        let request =
                            client()
                                .WithHeader("apikey", "k-123")
                                .WithHeader("X-Trace", "t1")
                                .From("items")
                                .Header("X-Trace", "t2")
                                .ToRequest()

                        Expect.equal (request.GetHeader "apikey") "k-123" "client header"
                        Expect.equal (request.GetHeader "X-Trace") "t2" "query header wins"
                        Expect.isFalse (request.ToString().Contains "k-123") "apikey is redacted in ToString")
                ]

            testList
                "errors"
                [
                    testCaseTask
                        "PostgrestException carries status, code, message, details, hint, method and path, never the token"
                        (fun () ->
                            task {
                                let token = Server.jwt "web_user" "\"sub\":\"error-model\""
                                let signature = token.Substring(token.LastIndexOf '.' + 1)
                                let user = client().WithBearer token

                                let! e = expectPostgrestError (fun () -> user.Rpc("raise_custom").ExecuteAsync())
                                Expect.equal e.Status 402 "status"
                                Expect.equal e.Code "PT402" "code"
                                Expect.equal e.ServerMessage "Payment Required" "message"
                                Expect.equal e.Details "Quota exceeded" "details"
                                Expect.equal e.Hint "Upgrade your plan" "hint"
                                Expect.equal e.RequestMethod "POST" "method"
                                Expect.equal e.RequestPath "/rpc/raise_custom" "path"

                                for text in [ e.ToString(); e.Message; e.Error.ToString() ] do
                                    Expect.isFalse (text.Contains token) "no token"
                                    Expect.isFalse (text.Contains signature) "not even its signature"

                                let! denied =
                                    expectPostgrestError (fun () ->
                                        user.From("secrets").Insert({| id = 2; s = "x" |}).ExecuteAsync())

                                Expect.equal
                                    (denied.Status, denied.Code)
                                    (403, "42501")
                                    "authenticated and denied: 403"

                                Expect.equal denied.ServerMessage "permission denied for table secrets" "message"
                                Expect.isNull denied.Details "no details"
                                Expect.isNull denied.Hint "no hint"
                                Expect.equal denied.RequestPath "/secrets" "path"

                                let! filtered =
                                    expectPostgrestError (fun () ->
                                        user.From("items").Select("id").Eq("nosuch", "a b").ExecuteAsync())

                                Expect.equal (filtered.Status, filtered.Code) (400, "42703") "undefined column"

                                Expect.equal
                                    filtered.RequestPath
                                    "/items?select=id&nosuch=eq.a%20b"
                                    "path with the encoded query string"

                                Expect.isFalse (denied.ToString().Contains signature) "no token"
                            })

                    testCaseTask "SendAsync returns an error response without throwing" (fun () ->
                        task {
                            let! response = client().From("secrets").SendAsync()
                            Expect.isFalse response.IsSuccess "not a success"
                            Expect.equal response.StatusCode 401 "401"
                            let error = response.Error |> nonNull
                            Expect.equal (error.Status, error.Code) (401, "42501") "parsed error"
                            Expect.isNull error.BodySnippet "a PostgREST error body is not a snippet"

                            Expect.throwsT<PostgrestException>
                                (fun () -> response.EnsureSuccess() |> ignore)
                                "EnsureSuccess throws"

                            let! ok = client().From("items").Select("id").Eq("id", 1).SendAsync()
                            Expect.isTrue ok.IsSuccess "success"
                            Expect.isNull ok.Error "no error"
                        })
                ]

            testList
                "timeouts and cancellation"
                [
                    testCaseTask
                        "a query timeout against a server that never answers throws PostgrestTimeoutException quickly"
                        (fun () ->
                            task {
                                use hung = new LoopbackListener(NeverAnswer)
                                use c = new PostgrestClient(hung.Url)
                                let sw = Stopwatch.StartNew()

                                let! e =
                                    expectThrows<PostgrestTimeoutException, _> (fun () ->
                                        c
                                            .From("items")
                                            .Timeout(TimeSpan.FromMilliseconds 200.0)
                                            .ToListAsync<NamedRow>())

                                sw.Stop()
                                Expect.isLessThan sw.Elapsed (TimeSpan.FromSeconds 1.5) "within about a second"

                                Expect.isGreaterThanOrEqual
                                    sw.Elapsed
                                    (TimeSpan.FromMilliseconds 150.0)
                                    "not before the timeout"

                                Expect.equal e.Timeout (TimeSpan.FromMilliseconds 200.0) "the timeout that expired"
                                Expect.equal (e.RequestMethod, e.RequestPath) ("GET", "/items") "the request"
                                Expect.isGreaterThanOrEqual hung.Accepted 1 "the request did reach the listener"
                            })

                    testCaseTask "a client-wide timeout applies too, on the synchronous path as well" (fun () ->
                        task {
                            use hung = new LoopbackListener(NeverAnswer)

                            use c =
                                new PostgrestClient(
                                    hung.Url,
                                    PostgrestClientOptions(Timeout = Nullable(TimeSpan.FromMilliseconds 200.0))
                                )

                            let! _ =
                                expectThrows<PostgrestTimeoutException, _> (fun () -> c.From("items").ExecuteAsync())

                            let sw = Stopwatch.StartNew()

                            Expect.throwsT<PostgrestTimeoutException>
                                (fun () -> c.From("items").ToList<NamedRow>() |> ignore)
                                "sync"

                            Expect.isLessThan
                                sw.Elapsed
                                (TimeSpan.FromSeconds 1.5)
                                "sync timeout within about a second"
                        })

                    testCaseTask
                        "the timeout also covers a body that stalls after the headers, async and sync"
                        (fun () ->
                            task {
                                let partial =
                                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n[{\"id\":1"

                                use stalling = new LoopbackListener(Answer(partial, true))
                                use c = new PostgrestClient(stalling.Url)
                                let query = c.From("items").Timeout(TimeSpan.FromMilliseconds 200.0)

                                let sw = Stopwatch.StartNew()

                                let! _ =
                                    expectThrows<PostgrestTimeoutException, _> (fun () ->
                                        query.ToListAsync<NamedRow>())

                                Expect.isLessThan sw.Elapsed (TimeSpan.FromSeconds 1.5) "async: within about a second"

                                // The synchronous read cannot be interrupted as promptly on every platform (unblocking a
                                // blocking socket read takes the runtime about 2 s on Linux), but it must end.
                                let sync = Task.Run(fun () -> query.ToList<NamedRow>() |> ignore)
                                let! finished = Task.WhenAny(sync, Task.Delay(TimeSpan.FromSeconds 10.0))

                                Expect.isTrue
                                    (obj.ReferenceEquals(finished, sync))
                                    "sync: the timeout ends a stalled body read"

                                Expect.isTrue sync.IsFaulted "sync: it failed"

                                Expect.isTrue
                                    ((nonNull sync.Exception).InnerException :? PostgrestTimeoutException)
                                    "sync: PostgrestTimeoutException"
                            })

                    testCaseTask "caller cancellation is OperationCanceledException, not a timeout" (fun () ->
                        task {
                            use hung = new LoopbackListener(NeverAnswer)
                            use c = new PostgrestClient(hung.Url)

                            for query in [ c.From("items"); c.From("items").Timeout(TimeSpan.FromSeconds 10.0) ] do
                                use cts = new CancellationTokenSource(TimeSpan.FromMilliseconds 100.0)
                                let sw = Stopwatch.StartNew()
                                let! e = expectThrows<exn, _> (fun () -> query.ToListAsync<NamedRow>(cts.Token))
                                sw.Stop()

                                Expect.isTrue
                                    (e :? OperationCanceledException)
                                    (sprintf "OperationCanceledException, got %s" (e.GetType().Name))

                                Expect.isFalse (e :? PostgrestTimeoutException) "not a timeout"
                                Expect.isLessThan sw.Elapsed (TimeSpan.FromSeconds 1.5) "promptly"
                        })
                ]

            testList
                "malformed answers"
                [
                    testCaseTask
                        "200 with an HTML body is PostgrestUnexpectedResponseException with a snippet"
                        (fun () ->
                            task {
                                use fake =
                                    new LoopbackListener(
                                        Answer(
                                            httpResponse "200 OK" "text/html" "<html><body>login page</body></html>",
                                            false
                                        )
                                    )

                                use c = new PostgrestClient(fake.Url)

                                let! e =
                                    expectThrows<PostgrestUnexpectedResponseException, _> (fun () ->
                                        c.From("items").ToListAsync<NamedRow>())

                                Expect.equal e.Status 200 "status"
                                Expect.stringContains e.BodySnippet "<html><body>login page" "snippet"
                                Expect.equal (e.RequestMethod, e.RequestPath) ("GET", "/items") "request"
                            })

                    testCaseTask
                        "200 with truncated JSON is PostgrestUnexpectedResponseException with a snippet"
                        (fun () ->
                            task {
                                use fake =
                                    new LoopbackListener(
                                        Answer(httpResponse "200 OK" "application/json" """[{"id":1""", false)
                                    )

                                use c = new PostgrestClient(fake.Url)

                                let! e =
                                    expectThrows<PostgrestUnexpectedResponseException, _> (fun () ->
                                        c.From("items").ToListAsync<NamedRow>())

                                Expect.equal e.Status 200 "status"
                                Expect.equal e.BodySnippet """[{"id":1""" "snippet"
                                Expect.isNotNull e.InnerException "the JSON error is kept"
                            })

                    testCaseTask
                        "200 with an empty body where rows were expected is PostgrestUnexpectedResponseException"
                        (fun () ->
                            task {
                                use fake =
                                    new LoopbackListener(Answer(httpResponse "200 OK" "application/json" "", false))

                                use c = new PostgrestClient(fake.Url)

                                let! e =
                                    expectThrows<PostgrestUnexpectedResponseException, _> (fun () ->
                                        c.From("items").ToListAsync<NamedRow>())

                                Expect.equal e.Status 200 "status"
                                Expect.equal e.BodySnippet "" "empty"
                                Expect.stringContains e.Message "body" "says the body is missing"
                            })

                    testCaseTask
                        "an HTML 502 from a proxy is PostgrestException with status 502, no code and a snippet"
                        (fun () ->
                            task {
                                let html =
                                    "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>"

                                use fake =
                                    new LoopbackListener(
                                        Answer(httpResponse "502 Bad Gateway" "text/html" html, false)
                                    )

                                use c = new PostgrestClient(fake.Url)
                                let! e = expectPostgrestError (fun () -> c.From("items").ToListAsync<NamedRow>())
                                Expect.equal e.Status 502 "status"
                                Expect.isNull e.Code "no PostgREST code"
                                Expect.stringContains (e.Error.BodySnippet |> string) "502 Bad Gateway" "snippet"

                                let! response = c.From("items").SendAsync()
                                Expect.equal (response.Error |> nonNull).Status 502 "SendAsync does not throw"
                            })
                ]

            testList
                "synchronous"
                [
                    testCase
                        "Execute, ToList, Single, Count, Text and Send work synchronously against the server"
                        (fun () ->
                            let c = client ()
                            let query = c.From("items").Select("id,name").Lte("id", 3).Order("id")

                            let response = c.Execute(query)
                            Expect.equal response.StatusCode 200 "Execute"
                            Expect.equal (c.Execute<NamedRow[]>(query).Value.Length) 3 "Execute<T>"

                            Expect.equal
                                (query.ToList<NamedRow>() |> List.ofSeq)
                                [
                                    { Id = 1; Name = "apple" }
                                    { Id = 2; Name = "banana" }
                                    { Id = 3; Name = "carrot" }
                                ]
                                "ToList"

                            Expect.equal
                                (c.From("items").Select("id,name").Eq("id", 2).Single<NamedRow>())
                                { Id = 2; Name = "banana" }
                                "Single"

                            Expect.equal (query.Count()) 3L "Count"
                            Expect.equal (c.Text(query.Csv())) "id,name\n1,apple\n2,banana\n3,carrot" "Text (CSV)"

                            let failed = c.Send(c.From("secrets"))
                            Expect.equal failed.StatusCode 401 "Send does not throw"

                            let e = Expect.throwsC (fun () -> c.Execute(c.From("secrets")) |> ignore) id
                            Expect.isTrue (e :? PostgrestException) "Execute throws PostgrestException")
                ]
        ]
