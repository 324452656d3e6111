namespace PgRest.FSharp

open System
open System.Net.Http
open System.Text.Json
open PgRest

/// F#-style client setup: `Client.create url |> Client.withBearer token |> Client.withSchema "api"`.
/// Each function returns a new client; the original is unchanged.
[<RequireQualifiedAccess>]
module Client =

    /// A client for the PostgREST server at `baseUrl` with default options (it owns its HttpClient: dispose it).
    let create (baseUrl: string) : PostgrestClient = new PostgrestClient(baseUrl)

    /// A client with explicit options.
    let createWith (options: PostgrestClientOptions) (baseUrl: string) : PostgrestClient =
        new PostgrestClient(baseUrl, options)

    /// A client sending over an existing HttpClient (not disposed by the client).
    let createWithHttpClient (httpClient: HttpClient) (baseUrl: string) : PostgrestClient =
        new PostgrestClient(baseUrl, PostgrestClientOptions(HttpClient = httpClient))

    /// A client sending `Authorization: Bearer token` (wins over basic auth).
    let withBearer (token: string) (client: PostgrestClient) = client.WithBearer token

    /// A client sending HTTP basic authentication (for a proxy; PostgREST itself ignores it).
    let withBasicAuth (userName: string) (password: string) (client: PostgrestClient) =
        client.WithBasicAuth(userName, password)

    /// A client using `schema` by default.
    let withSchema (schema: string) (client: PostgrestClient) = client.WithSchema schema

    /// A client sending one more header with every request.
    let withHeader (name: string) (value: string) (client: PostgrestClient) = client.WithHeader(name, value)

    /// The default JSON options (snake_case names), a copy to adjust and pass in `PostgrestClientOptions`.
    let defaultJsonOptions () : JsonSerializerOptions = PostgrestClient.DefaultJsonOptions()

    /// A client with a default timeout.
    let withTimeout (timeout: TimeSpan) (baseUrl: string) : PostgrestClient =
        new PostgrestClient(baseUrl, PostgrestClientOptions(Timeout = Nullable timeout))
