namespace PgRest.FSharp

open System
open System.Net.Http
open System.Text.Json
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

    /// A client sending `Authorization: Bearer token` (wins over basic auth).
    val withBearer: token: string -> client: PostgrestClient -> PostgrestClient

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
