namespace PgRest.FSharp

// The public surface and its documentation: Client.fsi.

open System
open System.Net.Http
open System.Text.Json
open System.Threading
open System.Threading.Tasks
open PgRest

[<RequireQualifiedAccess>]
module Client =

    let defaultJsonOptions () : JsonSerializerOptions =
        let options = PostgrestClient.DefaultJsonOptions()
        options.Converters.Add(FieldlessUnionConverter())
        options

    let create (baseUrl: string) : PostgrestClient =
        new PostgrestClient(baseUrl, PostgrestClientOptions(JsonSerializerOptions = defaultJsonOptions ()))

    let createWith (options: PostgrestClientOptions) (baseUrl: string) : PostgrestClient =
        new PostgrestClient(baseUrl, options)

    let createWithHttpClient (httpClient: HttpClient) (baseUrl: string) : PostgrestClient =
        new PostgrestClient(
            baseUrl,
            PostgrestClientOptions(HttpClient = httpClient, JsonSerializerOptions = defaultJsonOptions ())
        )

    let withBearer (token: string) (client: PostgrestClient) = client.WithBearer token

    let withAccessTokenProvider (provider: CancellationToken -> Task<string>) (client: PostgrestClient) =
        client.WithAccessTokenProvider(
            Func<CancellationToken, ValueTask<string>>(fun ct -> ValueTask<string>(provider ct))
        )

    let withAsyncAccessTokenProvider (provider: Async<string>) (client: PostgrestClient) =
        client.WithAccessTokenProvider(
            Func<CancellationToken, ValueTask<string>>(fun ct ->
                ValueTask<string>(Async.StartAsTask(provider, cancellationToken = ct)))
        )

    let withoutAccessTokenProvider (client: PostgrestClient) = client.WithoutAccessTokenProvider()

    let withBasicAuth (userName: string) (password: string) (client: PostgrestClient) =
        client.WithBasicAuth(userName, password)

    let withSchema (schema: string) (client: PostgrestClient) = client.WithSchema schema

    let withHeader (name: string) (value: string) (client: PostgrestClient) = client.WithHeader(name, value)

    let withTimeout (timeout: TimeSpan) (baseUrl: string) : PostgrestClient =
        new PostgrestClient(
            baseUrl,
            PostgrestClientOptions(Timeout = Nullable timeout, JsonSerializerOptions = defaultJsonOptions ())
        )
