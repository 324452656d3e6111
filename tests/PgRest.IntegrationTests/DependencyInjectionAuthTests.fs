/// PgRest.DependencyInjection's access-token provider (issue 15 §3) in a real generic host against the live test
/// server: a scoped token service from the container supplies the tokens, a write refused for an expired token is
/// retried once with the service's fresh token (rows counted), and a fixed token together with a provider stops the
/// host at start.
module PgRest.IntegrationTests.DependencyInjectionAuthTests

open System
open System.IO
open System.Text
open System.Threading
open System.Threading.Tasks
open Expecto
open Microsoft.Extensions.Configuration
open Microsoft.Extensions.DependencyInjection
open Microsoft.Extensions.Hosting
open Microsoft.Extensions.Options
open PgRest

/// An application's token service (scoped): the first token it hands out has expired, then fresh ones.
type TokenSource(sub: string) =
    let mutable calls = 0

    member _.Calls = calls

    member _.GetAsync(cancellationToken: CancellationToken) : ValueTask<string> =
        cancellationToken.ThrowIfCancellationRequested()
        calls <- calls + 1
        let now = DateTimeOffset.UtcNow.ToUnixTimeSeconds()
        // PostgREST 12.0.2 allows 30 s of clock skew: 60 s ago is expired for it.
        let exp = if calls = 1 then now - 60L else now + 3600L
        ValueTask<string>(Server.jwt "web_user" (sprintf "\"sub\":\"%s-%d\",\"exp\":%d" sub calls exp))

let private host (json: string) (register: HostApplicationBuilder -> unit) : IHost =
    let builder =
        Host.CreateApplicationBuilder(HostApplicationBuilderSettings(DisableDefaults = true))

    builder.Configuration.AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes json))
    |> ignore

    register builder
    builder.Build()

let private json () =
    sprintf """{ "Postgrest": { "BaseUrl": "%s", "Schema": "api" } }""" (Server.testUrl ())

[<Tests>]
let tests =
    testList
        "Integration.DependencyInjection.Auth"
        [
            testCaseTask
                "a scoped token service supplies the tokens; an expired one is refreshed once (rows counted)"
                (fun () ->
                    task {
                        let sub = "di-" + Guid.NewGuid().ToString("N")

                        use app =
                            host (json ()) (fun b ->
                                b.Services.AddScoped<TokenSource>(fun _ -> TokenSource sub) |> ignore

                                b.Services.AddPostgrest(
                                    b.Configuration.GetSection "Postgrest",
                                    fun s ->
                                        s.AccessTokenProvider <-
                                            Func<IServiceProvider, CancellationToken, ValueTask<string>>
                                                (fun services ct ->
                                                    services.GetRequiredService<TokenSource>().GetAsync ct)
                                )
                                |> ignore)

                        do! app.StartAsync()
                        use scope = app.Services.CreateScope()
                        let client = scope.ServiceProvider.GetRequiredService<PostgrestClient>()
                        Expect.stringContains (string client) "auth: token provider" "ToString"
                        let row = "di-auth-" + sub

                        let! response = client.From("todos").Insert({| task = row |}).ExecuteAsync()

                        Expect.equal response.StatusCode 201 "written"
                        Expect.equal response.Attempts 2 "after one refresh-retry"

                        Expect.equal
                            (scope.ServiceProvider.GetRequiredService<TokenSource>().Calls)
                            2
                            "the scope's own token service was asked for both attempts"

                        Expect.equal
                            (Server.sql (
                                sprintf
                                    "select count(*) || ':' || string_agg(owner, ',') from api.todos where task = '%s'"
                                    row
                            ))
                            (sprintf "1:%s-2" sub)
                            "one row, written as the fresh token's subject"

                        do! app.StopAsync()
                    })

            testCaseTask "BearerToken and AccessTokenProvider together stop the host at start, naming both" (fun () ->
                task {
                    use app =
                        host (json ()) (fun b ->
                            b.Services.AddPostgrest(
                                b.Configuration.GetSection "Postgrest",
                                fun s ->
                                    s.BearerToken <- "eyJfixed"

                                    s.AccessTokenProvider <-
                                        Func<IServiceProvider, CancellationToken, ValueTask<string>>(fun _ _ ->
                                            ValueTask<string> "eyJx")
                            )
                            |> ignore)

                    let! outcome =
                        task {
                            try
                                do! app.StartAsync()
                                return None
                            with :? OptionsValidationException as e ->
                                return Some e
                        }

                    let e = Expect.wantSome outcome "the host did not start"
                    Expect.stringContains e.Message "BearerToken and AccessTokenProvider" "names both"
                    Expect.isFalse (e.Message.Contains "eyJ") "no token in the message"
                })
        ]
