namespace PgRest.FSharp

open System
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

/// Shared conversions of the execution modules.
module internal Outcome =

    /// Runs `f`, turning an error answer from PostgREST into `Error`; everything else propagates.
    let inline catchTask ([<InlineIfLambda>] f: unit -> Task<'a>) : Task<Result<'a, PgrestError>> =
        task {
            try
                let! value = f ()
                return Ok value
            with :? PostgrestException as e ->
                return Error(PgrestError.ofException e)
        }

    /// Synchronous `catchTask`.
    let inline catchSync ([<InlineIfLambda>] f: unit -> 'a) : Result<'a, PgrestError> =
        try
            Ok(f ())
        with :? PostgrestException as e ->
            Error(PgrestError.ofException e)

    let option<'T when 'T: not null and 'T: not struct> (value: 'T | null) : 'T option =
        match value with
        | null -> None
        | v -> Some v

    let response (r: PostgrestResponse) : PgrestResponse =
        {
            Status = r.StatusCode
            Count = Option.ofNullable r.TotalCount
            Headers = [ for h in r.Headers -> h.Key, h.Value ]
            Body = r.BodyText
        }

    let page (r: PostgrestResponse<List<'T>>) : Page<'T> =
        {
            Rows = List.ofSeq r.Value
            Count = Option.ofNullable r.TotalCount
            Status = r.StatusCode
        }

    let decodeWith (decoder: JsonElement -> Result<'T, string>) (r: PostgrestResponse) : 'T list =
        let rows = r.Deserialize<JsonElement>()

        if rows.ValueKind <> JsonValueKind.Array then
            failwithf
                "Expected a JSON array of rows, got %O (%s %s)"
                rows.ValueKind
                r.Request.Method.Method
                r.Request.PathAndQuery

        [
            for element in rows.EnumerateArray() ->
                match decoder element with
                | Ok value -> value
                | Error message ->
                    raise (JsonException $"The decoder rejected a row: {message}. Row: {element.GetRawText()}")
        ]

/// Executes queries as Tasks with an explicit CancellationToken. An error answer from PostgREST is `Error`;
/// transport faults, timeouts (PostgrestTimeoutException) and cancellation are raised, never swallowed.
[<RequireQualifiedAccess>]
module Pgrest =

    /// The rows of a query.
    let list<'T> (client: PostgrestClient) (cancellationToken: CancellationToken) (query: PostgrestQuery) =
        Outcome.catchTask (fun () ->
            task {
                let! rows = client.ToListAsync<'T>(query, cancellationToken)
                return List.ofSeq rows
            })

    /// The rows with the reported count (use `count CountMethod.Exact` in the query).
    let page<'T> (client: PostgrestClient) (cancellationToken: CancellationToken) (query: PostgrestQuery) =
        Outcome.catchTask (fun () ->
            task {
                let! r = client.ExecuteAsync<List<'T>>(query, cancellationToken)
                return Outcome.page r
            })

    /// The rows, each decoded by `decoder` from its JSON element.
    let listWith
        (decoder: JsonElement -> Result<'T, string>)
        (client: PostgrestClient)
        (cancellationToken: CancellationToken)
        (query: PostgrestQuery)
        =
        Outcome.catchTask (fun () ->
            task {
                let! r = client.ExecuteAsync(query, cancellationToken)
                return Outcome.decodeWith decoder r
            })

    /// Exactly one row (PGRST116 when there are none or several).
    let single<'T> (client: PostgrestClient) (cancellationToken: CancellationToken) (query: PostgrestQuery) =
        Outcome.catchTask (fun () -> client.SingleAsync<'T>(query, cancellationToken))

    /// At most one row (rows are records or other reference types).
    let maybeSingle<'T when 'T: not null and 'T: not struct>
        (client: PostgrestClient)
        (cancellationToken: CancellationToken)
        (query: PostgrestQuery)
        =
        Outcome.catchTask (fun () ->
            task {
                let! row = client.MaybeSingleAsync<'T>(query, cancellationToken)
                return Outcome.option row
            })

    /// The number of matching rows (a HEAD request with an exact count).
    let count (client: PostgrestClient) (cancellationToken: CancellationToken) (query: PostgrestQuery) =
        Outcome.catchTask (fun () -> client.CountAsync(query, cancellationToken))

    /// The body as text (CSV, a text plan, a function's scalar result).
    let text (client: PostgrestClient) (cancellationToken: CancellationToken) (query: PostgrestQuery) =
        Outcome.catchTask (fun () -> client.TextAsync(query, cancellationToken))

    /// The body decoded as `'T` whatever its shape (e.g. a function's scalar result).
    let value<'T> (client: PostgrestClient) (cancellationToken: CancellationToken) (query: PostgrestQuery) =
        Outcome.catchTask (fun () ->
            task {
                let! r = client.ExecuteAsync<'T>(query, cancellationToken)
                return r.Value
            })

    /// Sends the query and returns status, count, headers and body (for writes that return nothing).
    let execute (client: PostgrestClient) (cancellationToken: CancellationToken) (query: PostgrestQuery) =
        Outcome.catchTask (fun () ->
            task {
                let! r = client.ExecuteAsync(query, cancellationToken)
                return Outcome.response r
            })

    /// Streams rows as they arrive (flat memory); errors are raised as PostgrestException.
    let stream<'T> (client: PostgrestClient) (cancellationToken: CancellationToken) (query: PostgrestQuery) =
        client.StreamAsync<'T>(query, cancellationToken)

    /// Walks the rows page by page (order the query on a unique key); errors are raised as PostgrestException.
    let pages<'T>
        (pageSize: int)
        (client: PostgrestClient)
        (cancellationToken: CancellationToken)
        (query: PostgrestQuery)
        =
        client.PagesAsync<'T>(query, pageSize, cancellationToken)

/// Executes queries as F# Async, reading the cancellation token from `Async.CancellationToken`.
[<RequireQualifiedAccess>]
module PgrestAsync =

    /// Awaits a task, raising its own exception (not an AggregateException) with its original stack trace.
    let private await (t: Task<'a>) : Async<'a> =
        Async.FromContinuations(fun (ok, error, cancelled) ->
            t.ContinueWith(fun (done': Task<'a>) ->
                if done'.IsCanceled then
                    cancelled (OperationCanceledException "The task was cancelled.")
                elif done'.IsFaulted then
                    match nonNull done'.Exception with
                    | e when e.InnerExceptions.Count = 1 -> error (nonNull e.InnerException)
                    | e -> error e
                else
                    ok done'.Result)
            |> ignore)

    let private run (f: CancellationToken -> Task<'a>) : Async<'a> =
        async {
            let! ct = Async.CancellationToken
            return! await (f ct)
        }

    /// The rows of a query.
    let list<'T> client query =
        run (fun ct -> Pgrest.list<'T> client ct query)

    /// The rows with the reported count.
    let page<'T> client query =
        run (fun ct -> Pgrest.page<'T> client ct query)

    /// The rows, each decoded by `decoder`.
    let listWith decoder client query =
        run (fun ct -> Pgrest.listWith decoder client ct query)

    /// Exactly one row.
    let single<'T> client query =
        run (fun ct -> Pgrest.single<'T> client ct query)

    /// At most one row.
    let maybeSingle<'T when 'T: not null and 'T: not struct> client query =
        run (fun ct -> Pgrest.maybeSingle<'T> client ct query)

    /// The number of matching rows.
    let count client query =
        run (fun ct -> Pgrest.count client ct query)

    /// The body as text.
    let text client query =
        run (fun ct -> Pgrest.text client ct query)

    /// The body decoded as `'T`.
    let value<'T> client query =
        run (fun ct -> Pgrest.value<'T> client ct query)

    /// Status, count, headers and body.
    let execute client query =
        run (fun ct -> Pgrest.execute client ct query)

/// Executes queries synchronously (a truly synchronous HTTP send), for scripts.
[<RequireQualifiedAccess>]
module PgrestSync =

    /// The rows of a query.
    let list<'T> (client: PostgrestClient) (query: PostgrestQuery) =
        Outcome.catchSync (fun () -> client.ToList<'T>(query) |> List.ofSeq)

    /// The rows with the reported count.
    let page<'T> (client: PostgrestClient) (query: PostgrestQuery) =
        Outcome.catchSync (fun () -> client.Execute<List<'T>>(query) |> Outcome.page)

    /// The rows, each decoded by `decoder` from its JSON element.
    let listWith (decoder: JsonElement -> Result<'T, string>) (client: PostgrestClient) (query: PostgrestQuery) =
        Outcome.catchSync (fun () -> client.Execute(query) |> Outcome.decodeWith decoder)

    /// Exactly one row.
    let single<'T> (client: PostgrestClient) (query: PostgrestQuery) =
        Outcome.catchSync (fun () -> client.Single<'T>(query))

    /// At most one row.
    let maybeSingle<'T when 'T: not null and 'T: not struct> (client: PostgrestClient) (query: PostgrestQuery) =
        Outcome.catchSync (fun () ->
            let row: 'T | null = client.MaybeSingle<'T>(query, CancellationToken.None)
            Outcome.option row)

    /// The number of matching rows.
    let count (client: PostgrestClient) (query: PostgrestQuery) =
        Outcome.catchSync (fun () -> client.Count(query))

    /// The body as text.
    let text (client: PostgrestClient) (query: PostgrestQuery) =
        Outcome.catchSync (fun () -> client.Text(query))

    /// The body decoded as `'T`.
    let value<'T> (client: PostgrestClient) (query: PostgrestQuery) =
        Outcome.catchSync (fun () -> client.Execute<'T>(query).Value)

    /// Status, count, headers and body.
    let execute (client: PostgrestClient) (query: PostgrestQuery) =
        Outcome.catchSync (fun () -> client.Execute(query) |> Outcome.response)
