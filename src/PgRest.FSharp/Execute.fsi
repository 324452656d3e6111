namespace PgRest.FSharp

open System.Collections.Generic
open System.Text.Json
open System.Threading
open System.Threading.Tasks
open PgRest

/// Rows with the total count PostgREST reported (when the query asked for one with `count`).
type Page<'T> =
    {
        /// The rows.
        Rows: 'T list
        /// The total count of matching rows, when requested.
        Count: int64 option
        /// The HTTP status (206 when the rows are part of a counted total).
        Status: int
    }

/// A successful raw response.
type PgrestResponse =
    {
        /// The HTTP status code.
        Status: int
        /// The total count, when requested.
        Count: int64 option
        /// Response and content headers.
        Headers: (string * string) list
        /// The body as text (empty for HEAD, 204 and minimal writes).
        Body: string
    }

/// Executes queries as Tasks with an explicit CancellationToken. An error answer from PostgREST is `Error`;
/// transport faults, timeouts (PostgrestTimeoutException) and cancellation are raised, never swallowed, and so is
/// a refusal made before sending (InvalidOperationException: a helper that would send a write it was not asked to,
/// an update or delete without a filter; the table is in docs/reliability.md, "Writes only when asked").
[<RequireQualifiedAccess>]
module Pgrest =

    /// The rows of a query.
    val list<'T> :
        client: PostgrestClient ->
        cancellationToken: CancellationToken ->
        query: PostgrestQuery ->
            Task<Result<'T list, PgrestError>>

    /// The rows with the reported count (use `count CountMethod.Exact` in the query).
    val page<'T> :
        client: PostgrestClient ->
        cancellationToken: CancellationToken ->
        query: PostgrestQuery ->
            Task<Result<Page<'T>, PgrestError>>

    /// The rows, each decoded by `decoder` from its JSON element.
    val listWith:
        decoder: (JsonElement -> Result<'T, string>) ->
        client: PostgrestClient ->
        cancellationToken: CancellationToken ->
        query: PostgrestQuery ->
            Task<Result<'T list, PgrestError>>

    /// Exactly one row (PGRST116 when there are none or several).
    val single<'T> :
        client: PostgrestClient ->
        cancellationToken: CancellationToken ->
        query: PostgrestQuery ->
            Task<Result<'T, PgrestError>>

    /// At most one row (rows are records or other reference types). On a read, several rows raise
    /// PostgrestMultipleRowsException (PgRest's own check); on a write or a function called with POST, PostgREST
    /// checks it: several rows are `Error` PGRST116 and nothing is committed.
    val maybeSingle<'T when 'T: not null and 'T: not struct> :
        client: PostgrestClient ->
        cancellationToken: CancellationToken ->
        query: PostgrestQuery ->
            Task<Result<'T option, PgrestError>>

    /// The number of matching rows (a HEAD request with an exact count): a read. On an insert, upsert, update or
    /// delete it raises InvalidOperationException before sending; count a write's rows with `count` in the query and
    /// `execute`.
    val count:
        client: PostgrestClient ->
        cancellationToken: CancellationToken ->
        query: PostgrestQuery ->
            Task<Result<int64, PgrestError>>

    /// The body as text (CSV, a text plan, a function's scalar result).
    val text:
        client: PostgrestClient ->
        cancellationToken: CancellationToken ->
        query: PostgrestQuery ->
            Task<Result<string, PgrestError>>

    /// The body decoded as `'T` whatever its shape (e.g. a function's scalar result).
    val value<'T> :
        client: PostgrestClient ->
        cancellationToken: CancellationToken ->
        query: PostgrestQuery ->
            Task<Result<'T, PgrestError>>

    /// Sends the query and returns status, count, headers and body (for writes that return nothing).
    val execute:
        client: PostgrestClient ->
        cancellationToken: CancellationToken ->
        query: PostgrestQuery ->
            Task<Result<PgrestResponse, PgrestError>>

    /// Streams rows as they arrive (flat memory); errors are raised as PostgrestException. One request: on a write
    /// (with `select`), the written rows.
    val stream<'T> :
        client: PostgrestClient -> cancellationToken: CancellationToken -> query: PostgrestQuery -> IAsyncEnumerable<'T>

    /// Walks the rows page by page (order the query on a unique key); errors are raised as PostgrestException. Reads
    /// only: on a write or a function called with POST it raises InvalidOperationException before sending.
    val pages<'T> :
        pageSize: int ->
        client: PostgrestClient ->
        cancellationToken: CancellationToken ->
        query: PostgrestQuery ->
            IAsyncEnumerable<IReadOnlyList<'T>>

/// Executes queries as F# Async, reading the cancellation token from `Async.CancellationToken`.
[<RequireQualifiedAccess>]
module PgrestAsync =

    /// The rows of a query.
    val list<'T> : client: PostgrestClient -> query: PostgrestQuery -> Async<Result<'T list, PgrestError>>

    /// The rows with the reported count.
    val page<'T> : client: PostgrestClient -> query: PostgrestQuery -> Async<Result<Page<'T>, PgrestError>>

    /// The rows, each decoded by `decoder`.
    val listWith:
        decoder: (JsonElement -> Result<'a, string>) ->
        client: PostgrestClient ->
        query: PostgrestQuery ->
            Async<Result<'a list, PgrestError>>

    /// Exactly one row.
    val single<'T> : client: PostgrestClient -> query: PostgrestQuery -> Async<Result<'T, PgrestError>>

    /// At most one row (see `Pgrest.maybeSingle`).
    val maybeSingle<'T when 'T: not null and 'T: not struct> :
        client: PostgrestClient -> query: PostgrestQuery -> Async<Result<'T option, PgrestError>>

    /// The number of matching rows: a read (see `Pgrest.count`).
    val count: client: PostgrestClient -> query: PostgrestQuery -> Async<Result<int64, PgrestError>>

    /// The body as text.
    val text: client: PostgrestClient -> query: PostgrestQuery -> Async<Result<string, PgrestError>>

    /// The body decoded as `'T`.
    val value<'T> : client: PostgrestClient -> query: PostgrestQuery -> Async<Result<'T, PgrestError>>

    /// Status, count, headers and body.
    val execute: client: PostgrestClient -> query: PostgrestQuery -> Async<Result<PgrestResponse, PgrestError>>

/// Executes queries synchronously (a truly synchronous HTTP send), for scripts.
[<RequireQualifiedAccess>]
module PgrestSync =

    /// The rows of a query.
    val list<'T> : client: PostgrestClient -> query: PostgrestQuery -> Result<'T list, PgrestError>

    /// The rows with the reported count.
    val page<'T> : client: PostgrestClient -> query: PostgrestQuery -> Result<Page<'T>, PgrestError>

    /// The rows, each decoded by `decoder` from its JSON element.
    val listWith:
        decoder: (JsonElement -> Result<'T, string>) ->
        client: PostgrestClient ->
        query: PostgrestQuery ->
            Result<'T list, PgrestError>

    /// Exactly one row.
    val single<'T> : client: PostgrestClient -> query: PostgrestQuery -> Result<'T, PgrestError>

    /// At most one row (see `Pgrest.maybeSingle`).
    val maybeSingle<'T when 'T: not null and 'T: not struct> :
        client: PostgrestClient -> query: PostgrestQuery -> Result<'T option, PgrestError>

    /// The number of matching rows: a read (see `Pgrest.count`).
    val count: client: PostgrestClient -> query: PostgrestQuery -> Result<int64, PgrestError>

    /// The body as text.
    val text: client: PostgrestClient -> query: PostgrestQuery -> Result<string, PgrestError>

    /// The body decoded as `'T`.
    val value<'T> : client: PostgrestClient -> query: PostgrestQuery -> Result<'T, PgrestError>

    /// Status, count, headers and body.
    val execute: client: PostgrestClient -> query: PostgrestQuery -> Result<PgrestResponse, PgrestError>
