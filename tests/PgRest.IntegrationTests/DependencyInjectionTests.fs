/// PgRest.DependencyInjection in a real generic host (Microsoft.Extensions.Hosting): clients bound from JSON
/// configuration query the live test and demo servers (rows compared with the databases), keyed clients reach
/// constructors through [FromKeyedServices], invalid settings stop the host, and the attempts that reach the wire
/// are counted with a loopback server answering 503 — PgRest's retries alone, Microsoft.Extensions.Http.Resilience's
/// standard handler alone (PgRest's retries off), and both when asked for.
module PgRest.IntegrationTests.DependencyInjectionTests

open System
open System.Collections.Generic
open System.Diagnostics
open System.IO
open System.Net.Http
open System.Text
open System.Threading.Tasks
open Expecto
open Microsoft.Extensions.Configuration
open Microsoft.Extensions.DependencyInjection
open Microsoft.Extensions.Hosting
open Microsoft.Extensions.Http.Resilience
open Microsoft.Extensions.Options
open PgRest
open PgRest.IntegrationTests.Faults

[<CLIMutable>]
type Book = { Id: int; Title: string; Year: int }

[<CLIMutable>]
type Director = { Id: int; Name: string }

[<CLIMutable>]
type Item = { Id: int; Name: string }

/// A service whose constructor takes two keyed clients and the unkeyed one, as an application's would.
type Catalogs
    (
        [<FromKeyedServices("test")>] test: PostgrestClient,
        [<FromKeyedServices("demo")>] demo: PostgrestClient,
        fallback: PostgrestClient
    ) =
    member _.Test = test
    member _.Demo = demo
    member _.Default = fallback

/// A handler added to the factory's pipeline that counts the requests passing through it.
type private PipelineCounter(count: int ref) =
    inherit DelegatingHandler()

    override _.SendAsync(request, cancellationToken) =
        Threading.Interlocked.Increment(&count.contents) |> ignore
        base.SendAsync(request, cancellationToken)

/// Runs SQL as the superuser on one of the two databases (pgrest_test or pgrest_demo); one value per line.
let private psql (database: string) (statement: string) : string list =
    let uri = UriBuilder(Server.setting "PGREST_PG_URI_TEST", Path = "/" + database)

    let info =
        ProcessStartInfo("psql", [ uri.Uri.ToString(); "-v"; "ON_ERROR_STOP=1"; "-qAtX"; "-c"; statement ])

    info.RedirectStandardOutput <- true
    info.RedirectStandardError <- true
    use p = nonNull (Process.Start info)
    let out = p.StandardOutput.ReadToEnd()
    let err = p.StandardError.ReadToEnd()
    p.WaitForExit()

    if p.ExitCode <> 0 then
        failwithf "psql failed (%d): %s" p.ExitCode err

    out.Split('\n', StringSplitOptions.RemoveEmptyEntries) |> List.ofArray

/// A host built like an application's: Host.CreateApplicationBuilder, configuration from a JSON document.
let private host (json: string) (register: HostApplicationBuilder -> unit) : IHost =
    let builder =
        Host.CreateApplicationBuilder(HostApplicationBuilderSettings(DisableDefaults = true))

    builder.Configuration.AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes json))
    |> ignore

    register builder
    builder.Build()

/// A loopback server answering every request with 503 (no body), and its attempts counted on the wire.
let private unavailable () =
    new LoopbackListener(
        Answer("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", false)
    )

/// Settings for the loopback server: PgRest's retries quick (3 attempts, 10 ms delays).
let private loopbackJson (url: string) (retryExtra: string) =
    sprintf
        """{ "Postgrest": { "BaseUrl": "%s", "Timeout": "00:00:20",
             "Retry": { "MaxAttempts": 3, "BaseDelay": "00:00:00.010", "MaxDelay": "00:00:00.020" %s } } }"""
        url
        retryExtra

/// The standard resilience handler with 3 attempts in all (2 retries), short constant delays.
let private quickStandard (o: HttpStandardResilienceOptions) =
    o.Retry.MaxRetryAttempts <- 2
    o.Retry.Delay <- TimeSpan.FromMilliseconds 10.0
    o.Retry.BackoffType <- Polly.DelayBackoffType.Constant
    o.Retry.UseJitter <- false

/// Starts the host, reads once through the unkeyed client, and returns how many requests reached the server.
let private attemptsOnTheWire (register: HostApplicationBuilder -> unit) (retryExtra: string) (write: bool) =
    task {
        use server = unavailable ()
        use app = host (loopbackJson server.Url retryExtra) register
        do! app.StartAsync()
        use scope = app.Services.CreateScope()
        let client = scope.ServiceProvider.GetRequiredService<PostgrestClient>()

        let! (outcome: exn option) =
            task {
                try
                    if write then
                        do! client.From("items").Insert({| name = "x" |}).ExecuteAsync() :> Task
                    else
                        do! client.From("items").ExecuteAsync() :> Task

                    return None
                with e ->
                    return Some e
            }

        match outcome with
        | Some(:? PostgrestException as e) -> Expect.equal e.Status 503 "the last 503 reaches the caller"
        | other -> failtestf "expected a PostgrestException 503, got %A" other

        do! app.StopAsync()
        return server.Requests.Length
    }

let private liveTests =
    testList
        "generic host against the live servers"
        [
            testCaseTask
                "two keyed clients and the default one, bound from JSON configuration, read the test and demo servers"
                (fun () ->
                    task {
                        let json =
                            sprintf
                                """{ "Postgrest": {
                                   "Default": { "BaseUrl": "%s", "Schema": "v2" },
                                   "Test": { "BaseUrl": "%s", "Schema": "api", "Timeout": "00:00:30" },
                                   "Demo": { "BaseUrl": "%s" } } }"""
                                (Server.testUrl ())
                                (Server.testUrl ())
                                (Server.setting "PGREST_DEMO_URL")

                        use app =
                            host json (fun b ->
                                let section = b.Configuration.GetSection "Postgrest"
                                b.Services.AddPostgrest(section.GetSection "Default") |> ignore
                                b.Services.AddKeyedPostgrest("test", section.GetSection "Test") |> ignore
                                b.Services.AddKeyedPostgrest("demo", section.GetSection "Demo") |> ignore
                                b.Services.AddTransient<Catalogs>() |> ignore)

                        do! app.StartAsync()
                        use scope = app.Services.CreateScope()
                        let catalogs = scope.ServiceProvider.GetRequiredService<Catalogs>()

                        Expect.equal
                            (string catalogs.Test.BaseUri)
                            (Server.testUrl () + "/")
                            "test URL from configuration"

                        Expect.equal
                            catalogs.Test.Timeout
                            (Nullable(TimeSpan.FromSeconds 30.0))
                            "timeout from configuration"

                        Expect.equal (string catalogs.Demo.BaseUri) (Server.setting "PGREST_DEMO_URL" + "/") "demo URL"

                        let! books =
                            catalogs.Test.From("books").Select("id,title,year").Order("id").ToListAsync<Book>()

                        let expectedBooks =
                            psql "pgrest_test" "select id || '|' || title || '|' || year from api.books order by id"

                        Expect.equal
                            [ for (b: Book) in books -> sprintf "%d|%s|%d" b.Id b.Title b.Year ]
                            expectedBooks
                            "api.books through the keyed 'test' client"

                        Expect.isGreaterThan books.Count 0 "the fixture has books"

                        let! directors =
                            catalogs.Demo.From("directors").Select("id,name").Order("id").ToListAsync<Director>()

                        Expect.equal
                            [ for (d: Director) in directors -> sprintf "%d|%s" d.Id d.Name ]
                            (psql "pgrest_demo" "select id || '|' || name from demo.directors order by id")
                            "demo.directors through the keyed 'demo' client"

                        Expect.isGreaterThan directors.Count 0 "the demo has directors"

                        // The unkeyed client's schema (v2) came from configuration: v2.items, not api.items.
                        let! items = catalogs.Default.From("items").Select("id,name").Order("id").ToListAsync<Item>()

                        Expect.equal
                            [ for (i: Item) in items -> sprintf "%d|%s" i.Id i.Name ]
                            (psql "pgrest_test" "select id || '|' || name from v2.items order by id")
                            "v2.items through the unkeyed client (Schema: v2)"

                        // Keyed resolution without the attribute, and transient lifetime: a new client each time.
                        let again = scope.ServiceProvider.GetRequiredKeyedService<PostgrestClient>("test")

                        Expect.isFalse
                            (obj.ReferenceEquals(again, catalogs.Test))
                            "transient: a fresh client per resolution"

                        Expect.equal again.BaseUri catalogs.Test.BaseUri "same settings"
                        do! app.StopAsync()
                    })

            testCaseTask "settings without BaseUrl stop the host at start, naming the client and the key" (fun () ->
                task {
                    use app =
                        host """{ "Postgrest": { "Schema": "api" } }""" (fun b ->
                            b.Services.AddKeyedPostgrest("broken", b.Configuration.GetSection "Postgrest")
                            |> ignore)

                    let! (outcome: exn option) =
                        task {
                            try
                                do! app.StartAsync()
                                return None
                            with e ->
                                return Some e
                        }

                    match outcome with
                    | Some(:? OptionsValidationException as e) ->
                        Expect.stringContains e.Message "PgRest:broken" "names the client"
                        Expect.stringContains e.Message "BaseUrl is not set" "names the setting"
                    | other -> failtestf "expected OptionsValidationException, got %A" other
                })

            testCaseTask
                "settings the core refuses stop the host at start with the core's reason, never echoing a password"
                (fun () ->
                    task {
                        use app =
                            host
                                """{ "A": { "BaseUrl": "http://user:s3cret-pw@127.0.0.1:1/" },
                                     "B": { "BaseUrl": "http://127.0.0.1:1/", "Retry": { "BaseDelay": "-00:00:01" } } }"""
                                (fun b ->
                                    b.Services.AddKeyedPostgrest("refused", b.Configuration.GetSection "A")
                                    |> ignore

                                    b.Services.AddKeyedPostgrest("refused-too", b.Configuration.GetSection "B")
                                    |> ignore)

                        let! (outcome: exn option) =
                            task {
                                try
                                    do! app.StartAsync()
                                    return None
                                with e ->
                                    return Some e
                            }

                        // One failing client throws its OptionsValidationException; two, an AggregateException of them.
                        let failures =
                            match outcome with
                            | Some(:? OptionsValidationException as e) -> List.ofSeq e.Failures
                            | Some(:? AggregateException as e) ->
                                [
                                    for inner in e.InnerExceptions do
                                        match inner with
                                        | :? OptionsValidationException as v -> yield! v.Failures
                                        | other -> failtestf "expected OptionsValidationException, got %A" other
                                ]
                            | other -> failtestf "expected OptionsValidationException, got %A" other

                        let all = String.Join("\n", failures)
                        Expect.isFalse (all.Contains "s3cret-pw") "the password is not echoed"
                        Expect.stringContains all "'PgRest:refused'" "names the first client"
                        Expect.stringContains all "user info" "the core's reason for the URL"
                        Expect.stringContains all "'PgRest:refused-too'" "names the second client"
                        Expect.stringContains all "BaseDelay" "the core's reason for the retry delay"
                    })

            testCaseTask
                "headers, bearer token and schema from configuration are sent through the factory's pipeline"
                (fun () ->
                    task {
                        use server =
                            new LoopbackListener(
                                Answer(
                                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n[]",
                                    false
                                )
                            )

                        let json =
                            sprintf
                                """{ "Postgrest": { "BaseUrl": "%s", "Schema": "api", "BearerToken": "tok-123",
                                                "Headers": { "apikey": "key-456", "X-App": "di-test" } } }"""
                                server.Url

                        let passed = ref 0

                        use app =
                            host json (fun b ->
                                b.Services
                                    .AddPostgrest(b.Configuration.GetSection "Postgrest")
                                    .AddHttpMessageHandler(fun () -> new PipelineCounter(passed) :> DelegatingHandler)
                                |> ignore)

                        do! app.StartAsync()
                        let client = app.Services.GetRequiredService<PostgrestClient>()
                        let! rows = client.From("items").ToListAsync<Item>()
                        Expect.isEmpty rows "[] from the loopback server"
                        Expect.equal passed.Value 1 "the request went through the HttpClient factory's handlers"
                        let request = server.Requests |> List.exactlyOne
                        Expect.stringContains request "apikey: key-456" "header from configuration"
                        Expect.stringContains request "X-App: di-test" "second header from configuration"
                        Expect.stringContains request "Authorization: Bearer tok-123" "bearer token from configuration"
                        Expect.stringContains request "Accept-Profile: api" "schema from configuration"
                        Expect.isFalse (client.ToString().Contains "tok-123") "the token stays out of ToString"
                        do! app.StopAsync()
                    })
        ]

let private lifetimeTests =
    testList
        "lifetime"
        [
            testCaseTask
                "clients resolved after the handler lifetime send through a newly built handler (rotation)"
                (fun () ->
                    task {
                        let built = ref 0

                        use app =
                            host
                                (sprintf
                                    """{ "Postgrest": { "BaseUrl": "%s", "Schema": "api" } }"""
                                    (Server.testUrl ()))
                                (fun b ->
                                    b.Services
                                        .AddPostgrest(b.Configuration.GetSection "Postgrest")
                                        .ConfigurePrimaryHttpMessageHandler(fun () ->
                                            Threading.Interlocked.Increment(&built.contents) |> ignore
                                            new SocketsHttpHandler() :> HttpMessageHandler)
                                        .SetHandlerLifetime(TimeSpan.FromSeconds 1.0)
                                    |> ignore)

                        do! app.StartAsync()

                        let read () =
                            task {
                                use scope = app.Services.CreateScope()
                                let client = scope.ServiceProvider.GetRequiredService<PostgrestClient>()

                                let! rows =
                                    client.From("books").Select("id,name:title").Eq("id", 1).ToListAsync<Item>()

                                Expect.equal [ for (r: Item) in rows -> r.Id ] [ 1 ] "book 1 read"
                            }

                        do! read ()
                        Expect.equal built.Value 1 "one handler built for the first client"
                        do! Task.Delay(TimeSpan.FromSeconds 1.5)
                        do! read ()

                        Expect.equal
                            built.Value
                            2
                            "the client resolved after the lifetime got a new handler (a singleton client would keep the first)"

                        do! app.StopAsync()
                    })
        ]

let private reloadTests =
    testList
        "configuration reload"
        [
            testCaseTask
                "a reloaded configuration reaches the clients resolved afterwards; earlier clients keep theirs"
                (fun () ->
                    task {
                        // In-memory configuration: unlike a JSON stream, it can be reloaded.
                        let builder =
                            Host.CreateApplicationBuilder(HostApplicationBuilderSettings(DisableDefaults = true))

                        builder.Configuration.AddInMemoryCollection(
                            dict [ "Postgrest:BaseUrl", Server.testUrl (); "Postgrest:Schema", "api" ]
                        )
                        |> ignore

                        builder.Services.AddPostgrest(builder.Configuration.GetSection "Postgrest")
                        |> ignore

                        use app = builder.Build()

                        do! app.StartAsync()
                        let before = app.Services.GetRequiredService<PostgrestClient>()
                        let configuration = app.Services.GetRequiredService<IConfiguration>()
                        configuration["Postgrest:Schema"] <- "v2"
                        (configuration :?> IConfigurationRoot).Reload()
                        let after = app.Services.GetRequiredService<PostgrestClient>()
                        Expect.equal before.Schema "api" "the earlier client keeps its settings"
                        Expect.equal after.Schema "v2" "the later client reads the reloaded settings"
                        let! items = after.From("items").Select("id,name").Order("id").ToListAsync<Item>()

                        Expect.equal
                            [ for (i: Item) in items -> sprintf "%d|%s" i.Id i.Name ]
                            (psql "pgrest_test" "select id || '|' || name from v2.items order by id")
                            "v2.items after the reload"

                        do! app.StopAsync()
                    })
        ]

let private wireTests =
    testList
        "attempts on the wire against a 503 server"
        [
            testCaseTask "no resilience handler: PgRest's own retries, 3 attempts" (fun () ->
                task {
                    let! n =
                        attemptsOnTheWire
                            (fun b -> b.Services.AddPostgrest(b.Configuration.GetSection "Postgrest") |> ignore)
                            ""
                            false

                    Expect.equal n 3 "PgRest's MaxAttempts"
                })

            testCaseTask "Retry:Enabled false: one attempt" (fun () ->
                task {
                    let! n =
                        attemptsOnTheWire
                            (fun b -> b.Services.AddPostgrest(b.Configuration.GetSection "Postgrest") |> ignore)
                            """, "Enabled": false"""
                            false

                    Expect.equal n 1 "retries off from configuration"
                })

            testCaseTask "standard resilience handler: PgRest's retries turn off, 3 attempts (not 3 x 3)" (fun () ->
                task {
                    let! n =
                        attemptsOnTheWire
                            (fun b ->
                                b.Services
                                    .AddPostgrest(b.Configuration.GetSection "Postgrest")
                                    .AddStandardResilienceHandler(Action<_> quickStandard)
                                |> ignore)
                            ""
                            false

                    Expect.equal n 3 "the handler's 1 + 2 retries only"
                })

            testCaseTask
                "standard resilience handler on every client (ConfigureHttpClientDefaults): 3 attempts"
                (fun () ->
                    task {
                        let! n =
                            attemptsOnTheWire
                                (fun b ->
                                    b.Services.ConfigureHttpClientDefaults(fun d ->
                                        d.AddStandardResilienceHandler(Action<_> quickStandard) |> ignore)
                                    |> ignore

                                    b.Services.AddPostgrest(b.Configuration.GetSection "Postgrest") |> ignore)
                                ""
                                false

                        Expect.equal n 3 "the handler's 1 + 2 retries only"
                    })

            testCaseTask "standard resilience handler with Retry:Enabled true: attempts multiply, 3 x 3" (fun () ->
                task {
                    let! n =
                        attemptsOnTheWire
                            (fun b ->
                                b.Services
                                    .AddPostgrest(b.Configuration.GetSection "Postgrest")
                                    .AddStandardResilienceHandler(Action<_> quickStandard)
                                |> ignore)
                            """, "Enabled": true"""
                            false

                    Expect.equal n 9 "both layers retry when asked to"
                })

            testCaseTask
                "writes: the standard handler retries a POST unless DisableForUnsafeHttpMethods; PgRest never does"
                (fun () ->
                    task {
                        let register (safeOnly: bool) (b: HostApplicationBuilder) =
                            b.Services
                                .AddPostgrest(b.Configuration.GetSection "Postgrest")
                                .AddStandardResilienceHandler(fun o ->
                                    quickStandard o

                                    if safeOnly then
                                        o.Retry.DisableForUnsafeHttpMethods())
                            |> ignore

                        let! plain =
                            attemptsOnTheWire
                                (fun b -> b.Services.AddPostgrest(b.Configuration.GetSection "Postgrest") |> ignore)
                                ""
                                true

                        Expect.equal plain 1 "PgRest alone sends a POST once"
                        let! standard = attemptsOnTheWire (register false) "" true
                        Expect.equal standard 3 "the standard handler retries POST by default"
                        let! safe = attemptsOnTheWire (register true) "" true
                        Expect.equal safe 1 "DisableForUnsafeHttpMethods: a POST is sent once"
                    })
        ]

let private timeoutTests =
    testList
        "timeouts"
        [
            testCaseTask
                "a hung server: the standard handler's timeout is Polly's TimeoutRejectedException, PgRest's is PostgrestTimeoutException"
                (fun () ->
                    task {
                        use server = new LoopbackListener(NeverAnswer)

                        let readWith (register: HostApplicationBuilder -> unit) (timeout: string) =
                            task {
                                let json =
                                    sprintf
                                        """{ "Postgrest": { "BaseUrl": "%s", "Timeout": "%s" } }"""
                                        server.Url
                                        timeout

                                use app = host json register
                                do! app.StartAsync()
                                let client = app.Services.GetRequiredService<PostgrestClient>()

                                try
                                    do! client.From("items").ExecuteAsync() :> Task
                                    return None
                                with e ->
                                    return Some e
                            }

                        let standard (b: HostApplicationBuilder) =
                            b.Services
                                .AddPostgrest(b.Configuration.GetSection "Postgrest")
                                .AddStandardResilienceHandler(fun o ->
                                    quickStandard o
                                    o.AttemptTimeout.Timeout <- TimeSpan.FromMilliseconds 200.0
                                    o.TotalRequestTimeout.Timeout <- TimeSpan.FromSeconds 2.0)
                            |> ignore

                        let sw = Stopwatch.StartNew()
                        let! inner = readWith standard "00:00:20"
                        sw.Stop()

                        match inner with
                        | Some(:? Polly.Timeout.TimeoutRejectedException) -> ()
                        | other -> failtestf "expected Polly's TimeoutRejectedException, got %A" other

                        Expect.equal server.Accepted 3 "three attempts of 200 ms each, by the handler"
                        Expect.isLessThan sw.Elapsed (TimeSpan.FromSeconds 5.0) "well inside PgRest's 20 s"

                        let! outer = readWith standard "00:00:00.300"

                        match outer with
                        | Some(:? PostgrestTimeoutException) -> ()
                        | other -> failtestf "expected PostgrestTimeoutException, got %A" other
                    })
        ]

[<Tests>]
let tests =
    testList "Integration.DependencyInjection" [ liveTests; lifetimeTests; reloadTests; wireTests; timeoutTests ]
