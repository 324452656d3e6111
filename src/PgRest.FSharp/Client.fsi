namespace PgRest.FSharp

open System
open System.Net.Http
open System.Text.Json
open System.Threading
open System.Threading.Tasks
open PgRest

/// F#-style client setup: `Client.create url |> Client.withBearer token |> Client.withSchema "api"`.
/// Each function returns a new client; the original is unchanged.
[<RequireQualifiedAccess>]
module Client =

    /// A client for the PostgREST server at `baseUrl` with default options and the F# JSON defaults
    /// (`defaultJsonOptions`: fieldless unions as enum labels); it owns its HttpClient: dispose it.
    val create: baseUrl: string -> PostgrestClient

    /// A client with explicit options, taken as they are: without `JsonSerializerOptions` it has the core's defaults
    /// (no union converter); pass `JsonSerializerOptions = Client.defaultJsonOptions ()` for the F# ones.
    val createWith: options: PostgrestClientOptions -> baseUrl: string -> PostgrestClient

    /// A client sending over an existing HttpClient (not disposed by the client), with the F# JSON defaults.
    val createWithHttpClient: httpClient: HttpClient -> baseUrl: string -> PostgrestClient

    /// A client sending `Authorization: Bearer token` (wins over basic auth); it replaces an access-token provider
    /// (a fixed token for the derived client).
    val withBearer: token: string -> client: PostgrestClient -> PostgrestClient

    /// A client that asks `provider` for its bearer token (a JWT, without `Bearer `) before every attempt, with the
    /// caller's cancellation token (cancelled by the attempt's timeout too). After PostgREST rejects a token (401
    /// PGRST301) it asks once more and sends the request once more with a different token, writes included; never
    /// more. A provider that throws or returns an empty token fails the call with `PostgrestAccessTokenException`
    /// (it propagates: it is no `Error`). The provider replaces a fixed bearer token; `withBearer` replaces the
    /// provider; a query's own `Authorization` header wins over both. Only the Task and Async executions
    /// (`Pgrest`, `PgrestAsync`) can ask it: `PgrestSync` throws `InvalidOperationException` with such a client.
    /// Caching and refreshing the token is the provider's job (see docs/guide/auth.md).
    val withAccessTokenProvider:
        provider: (CancellationToken -> Task<string>) -> client: PostgrestClient -> PostgrestClient

    /// `withAccessTokenProvider` for an `Async` provider: each attempt runs it with the attempt's cancellation token
    /// as its `Async.CancellationToken`.
    val withAsyncAccessTokenProvider: provider: Async<string> -> client: PostgrestClient -> PostgrestClient

    /// A client without an access-token provider: it sends basic auth or an `Authorization` header set with
    /// `withHeader`, else nothing (PostgREST's anonymous role).
    val withoutAccessTokenProvider: client: PostgrestClient -> PostgrestClient

    /// A client sending HTTP basic authentication (for a proxy; PostgREST itself ignores it).
    val withBasicAuth: userName: string -> password: string -> client: PostgrestClient -> PostgrestClient

    /// A client using `schema` by default.
    val withSchema: schema: string -> client: PostgrestClient -> PostgrestClient

    /// A client sending one more header with every request.
    val withHeader: name: string -> value: string -> client: PostgrestClient -> PostgrestClient

    /// The F# layer's default JSON options: the core's (snake_case names, enums as strings) plus
    /// `FieldlessUnionConverter` (a fieldless union is the string of its case name or `[<EnumLabel>]`, as a PostgreSQL
    /// enum); a fresh copy to adjust and pass in `PostgrestClientOptions`.
    val defaultJsonOptions: unit -> JsonSerializerOptions

    /// A client with a default timeout and the F# JSON defaults.
    val withTimeout: timeout: TimeSpan -> baseUrl: string -> PostgrestClient
