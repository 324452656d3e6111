namespace PgRest.FSharp

// The public surface and its documentation: Execute.fsi.

open System
open System.Collections.Generic
open System.Text.Json
open System.Threading
open System.Threading.Tasks
open PgRest

type Page<'T> =
    {
        Rows: 'T list
        Count: int64 option
        Status: int
    }

type PgrestResponse =
    {
        Status: int
        Count: int64 option
        Headers: (string * string) list
        Body: string
    }

// Not in Execute.fsi, so private to this file.
/// Shared conversions of the execution modules.
module Outcome =

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

    let decodeWith (decoder: JsonElement -> Result<'T, string>) (r: PostgrestResponse<JsonElement>) : 'T list =
        let rows = r.Value

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

[<RequireQualifiedAccess>]
module Pgrest =

    let list<'T> (client: PostgrestClient) (cancellationToken: CancellationToken) (query: PostgrestQuery) =
        Outcome.catchTask (fun () ->
            task {
                let! rows = client.ToListAsync<'T>(query, cancellationToken)
                return List.ofSeq rows
            })

    let page<'T> (client: PostgrestClient) (cancellationToken: CancellationToken) (query: PostgrestQuery) =
        Outcome.catchTask (fun () ->
            task {
                let! r = client.ExecuteAsync<List<'T>>(query, cancellationToken)
                return Outcome.page r
            })

    let listWith
        (decoder: JsonElement -> Result<'T, string>)
        (client: PostgrestClient)
        (cancellationToken: CancellationToken)
        (query: PostgrestQuery)
        =
        Outcome.catchTask (fun () ->
            task {
                let! r = client.ExecuteAsync<JsonElement>(query, cancellationToken)
                return Outcome.decodeWith decoder r
            })

    let single<'T> (client: PostgrestClient) (cancellationToken: CancellationToken) (query: PostgrestQuery) =
        Outcome.catchTask (fun () -> client.SingleAsync<'T>(query, cancellationToken))

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

    let count (client: PostgrestClient) (cancellationToken: CancellationToken) (query: PostgrestQuery) =
        Outcome.catchTask (fun () -> client.CountAsync(query, cancellationToken))

    let text (client: PostgrestClient) (cancellationToken: CancellationToken) (query: PostgrestQuery) =
        Outcome.catchTask (fun () -> client.TextAsync(query, cancellationToken))

    let value<'T> (client: PostgrestClient) (cancellationToken: CancellationToken) (query: PostgrestQuery) =
        Outcome.catchTask (fun () ->
            task {
                let! r = client.ExecuteAsync<'T>(query, cancellationToken)
                return r.Value
            })

    let execute (client: PostgrestClient) (cancellationToken: CancellationToken) (query: PostgrestQuery) =
        Outcome.catchTask (fun () ->
            task {
                let! r = client.ExecuteAsync(query, cancellationToken)
                return Outcome.response r
            })

    let stream<'T> (client: PostgrestClient) (cancellationToken: CancellationToken) (query: PostgrestQuery) =
        client.StreamAsync<'T>(query, cancellationToken)

    let pages<'T>
        (pageSize: int)
        (client: PostgrestClient)
        (cancellationToken: CancellationToken)
        (query: PostgrestQuery)
        =
        client.PagesAsync<'T>(query, pageSize, cancellationToken)

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

    let list<'T> client query =
        run (fun ct -> Pgrest.list<'T> client ct query)

    let page<'T> client query =
        run (fun ct -> Pgrest.page<'T> client ct query)

    let listWith decoder client query =
        run (fun ct -> Pgrest.listWith decoder client ct query)

    let single<'T> client query =
        run (fun ct -> Pgrest.single<'T> client ct query)

    let maybeSingle<'T when 'T: not null and 'T: not struct> client query =
        run (fun ct -> Pgrest.maybeSingle<'T> client ct query)

    let count client query =
        run (fun ct -> Pgrest.count client ct query)

    let text client query =
        run (fun ct -> Pgrest.text client ct query)

    let value<'T> client query =
        run (fun ct -> Pgrest.value<'T> client ct query)

    let execute client query =
        run (fun ct -> Pgrest.execute client ct query)

[<RequireQualifiedAccess>]
module PgrestSync =

    let list<'T> (client: PostgrestClient) (query: PostgrestQuery) =
        Outcome.catchSync (fun () -> client.ToList<'T>(query) |> List.ofSeq)

    let page<'T> (client: PostgrestClient) (query: PostgrestQuery) =
        Outcome.catchSync (fun () -> client.Execute<List<'T>>(query) |> Outcome.page)

    let listWith (decoder: JsonElement -> Result<'T, string>) (client: PostgrestClient) (query: PostgrestQuery) =
        Outcome.catchSync (fun () -> client.Execute<JsonElement>(query) |> Outcome.decodeWith decoder)

    let single<'T> (client: PostgrestClient) (query: PostgrestQuery) =
        Outcome.catchSync (fun () -> client.Single<'T>(query))

    let maybeSingle<'T when 'T: not null and 'T: not struct> (client: PostgrestClient) (query: PostgrestQuery) =
        Outcome.catchSync (fun () ->
            let row: 'T | null = client.MaybeSingle<'T>(query, CancellationToken.None)
            Outcome.option row)

    let count (client: PostgrestClient) (query: PostgrestQuery) =
        Outcome.catchSync (fun () -> client.Count(query))

    let text (client: PostgrestClient) (query: PostgrestQuery) =
        Outcome.catchSync (fun () -> client.Text(query))

    let value<'T> (client: PostgrestClient) (query: PostgrestQuery) =
        Outcome.catchSync (fun () -> client.Execute<'T>(query).Value)

    let execute (client: PostgrestClient) (query: PostgrestQuery) =
        Outcome.catchSync (fun () -> client.Execute(query) |> Outcome.response)
