using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using PgRest.Internal;

namespace PgRest;

public sealed partial class PostgrestClient
{
    // What each helper does on each operation is the table in docs/reliability.md ("Writes only when asked"): a
    // helper sends a write only when the query is one and only once, and refuses (InvalidOperationException, before
    // anything is sent) where it would send a write it was not asked to, send it again, or commit and then fail.

    /// <summary>Sends a query once and returns the response whatever its status (see <see cref="PostgrestResponse.Error"/>).</summary>
    /// <exception cref="ArgumentException">The query cannot be rendered (e.g. an RPC argument GET cannot carry).</exception>
    /// <exception cref="InvalidOperationException">The query is an update or delete without a top-level filter and
    /// without <see cref="PostgrestQuery.AllRows"/>, or a write with <see cref="PostgrestQuery.Head"/>.</exception>
    /// <exception cref="PostgrestTimeoutException">The timeout expired.</exception>
    /// <exception cref="OperationCanceledException">The caller cancelled.</exception>
    /// <exception cref="System.Net.Http.HttpRequestException">The server could not be reached.</exception>
    public Task<PostgrestResponse> SendAsync(PostgrestQuery query, CancellationToken cancellationToken = default) =>
        _executor.SendAsync(Render(query), cancellationToken);

    /// <summary>Synchronous <see cref="SendAsync"/> (a truly synchronous HTTP send, for scripts).</summary>
    /// <exception cref="InvalidOperationException">As for <see cref="SendAsync"/>.</exception>
    public PostgrestResponse Send(PostgrestQuery query, CancellationToken cancellationToken = default) =>
        _executor.Send(Render(query), cancellationToken);

    /// <summary>Sends a query once and returns its response; an error status throws.</summary>
    /// <exception cref="PostgrestException">PostgREST reported an error.</exception>
    /// <exception cref="InvalidOperationException">As for <see cref="SendAsync"/>.</exception>
    public async Task<PostgrestResponse> ExecuteAsync(PostgrestQuery query, CancellationToken cancellationToken = default) =>
        (await SendAsync(query, cancellationToken).ConfigureAwait(false)).EnsureSuccess();

    /// <summary>Synchronous <see cref="ExecuteAsync(PostgrestQuery, CancellationToken)"/>.</summary>
    /// <exception cref="PostgrestException">PostgREST reported an error.</exception>
    /// <exception cref="InvalidOperationException">As for <see cref="SendAsync"/>.</exception>
    public PostgrestResponse Execute(PostgrestQuery query, CancellationToken cancellationToken = default) =>
        Send(query, cancellationToken).EnsureSuccess();

    /// <summary>Sends a query once and decodes the body as <typeparamref name="T"/> (the query's format decides the
    /// body's shape: an array for JSON, an object for <c>Single</c>).</summary>
    /// <exception cref="PostgrestException">PostgREST reported an error.</exception>
    /// <exception cref="PostgrestUnexpectedResponseException">The body is not a <typeparamref name="T"/>.</exception>
    /// <exception cref="InvalidOperationException">The query is a write that returns no rows (no
    /// <see cref="PostgrestQuery.Select(string)"/>): it would commit and then fail on the empty body.</exception>
    public async Task<PostgrestResponse<T>> ExecuteAsync<T>(PostgrestQuery query, CancellationToken cancellationToken = default)
    {
        WriteSafety.CheckReturnsRows(query, SettingsOf(query), _settings.Headers, "ExecuteAsync<T>");
        var response = await ExecuteAsync(query, cancellationToken).ConfigureAwait(false);
        return new PostgrestResponse<T>(response, response.Deserialize<T>());
    }

    /// <summary>Synchronous <see cref="ExecuteAsync{T}(PostgrestQuery, CancellationToken)"/>.</summary>
    /// <exception cref="PostgrestException">PostgREST reported an error.</exception>
    /// <exception cref="InvalidOperationException">As for <see cref="ExecuteAsync{T}(PostgrestQuery, CancellationToken)"/>.</exception>
    public PostgrestResponse<T> Execute<T>(PostgrestQuery query, CancellationToken cancellationToken = default)
    {
        WriteSafety.CheckReturnsRows(query, SettingsOf(query), _settings.Headers, "Execute<T>");
        var response = Execute(query, cancellationToken);
        return new PostgrestResponse<T>(response, response.Deserialize<T>());
    }

    /// <summary>The rows of a query as a list (one request; on a write, the written rows).</summary>
    /// <exception cref="PostgrestException">PostgREST reported an error.</exception>
    /// <exception cref="PostgrestUnexpectedResponseException">The body is not a JSON array of <typeparamref name="T"/>.</exception>
    /// <exception cref="InvalidOperationException">The query is a write that returns no rows (no
    /// <see cref="PostgrestQuery.Select(string)"/>), or a write that asked for one row
    /// (<see cref="PostgrestQuery.Single"/>), whose check a list would drop.</exception>
    public async Task<IReadOnlyList<T>> ToListAsync<T>(PostgrestQuery query, CancellationToken cancellationToken = default) =>
        await _executor.ReadJsonAsync<List<T>>(Render(AsRows(query, "ToListAsync")), cancellationToken).ConfigureAwait(false);

    /// <summary>Synchronous <see cref="ToListAsync{T}"/>.</summary>
    /// <exception cref="InvalidOperationException">As for <see cref="ToListAsync{T}"/>.</exception>
    public IReadOnlyList<T> ToList<T>(PostgrestQuery query, CancellationToken cancellationToken = default) =>
        Execute(AsRows(query, "ToList"), cancellationToken).Deserialize<List<T>>();

    /// <summary>Exactly one row; none or several is the error PGRST116 (HTTP 406) from PostgREST, which then rolls a
    /// write back.</summary>
    /// <exception cref="PostgrestException">PostgREST reported an error (PGRST116 for 0 or more than 1 row).</exception>
    /// <exception cref="InvalidOperationException">The query is a write that returns no rows (no
    /// <see cref="PostgrestQuery.Select(string)"/>), or asks for a plan (<see cref="PostgrestQuery.Explain"/>).</exception>
    public Task<T> SingleAsync<T>(PostgrestQuery query, CancellationToken cancellationToken = default) =>
        _executor.ReadJsonAsync<T>(Render(AsSingle(query, "SingleAsync", ResponseFormat.Single)), cancellationToken);

    /// <summary>Synchronous <see cref="SingleAsync{T}"/>.</summary>
    /// <exception cref="InvalidOperationException">As for <see cref="SingleAsync{T}"/>.</exception>
    public T Single<T>(PostgrestQuery query, CancellationToken cancellationToken = default) =>
        Execute(AsSingle(query, "Single", ResponseFormat.Single), cancellationToken).Deserialize<T>();

    /// <summary>
    /// At most one row: the row, or <c>default</c> when there is none. On a read the rows come back as a list and
    /// PgRest checks there is at most one. On a write or a function called with POST, PostgREST checks it
    /// (<c>Accept: application/vnd.pgrst.object+json</c>): several rows are its 406 PGRST116 and the transaction is
    /// rolled back, so nothing is committed; its 406 for no row is read as <c>default</c>.
    /// </summary>
    /// <exception cref="PostgrestMultipleRowsException">A read returned several rows (PgRest's own check).</exception>
    /// <exception cref="PostgrestException">PostgREST reported an error, e.g. PGRST116 for a write of several rows
    /// (rolled back).</exception>
    /// <exception cref="InvalidOperationException">The query is a write that returns no rows (no
    /// <see cref="PostgrestQuery.Select(string)"/>), or asks for a plan (<see cref="PostgrestQuery.Explain"/>).</exception>
    public async Task<T?> MaybeSingleAsync<T>(PostgrestQuery query, CancellationToken cancellationToken = default)
    {
        var mayWrite = SettingsOf(query).MayWrite;
        var request = Render(AsSingle(query, "MaybeSingleAsync", ResponseFormat.MaybeSingle));
        if (mayWrite)
        {
            try
            {
                return await _executor.ReadJsonAsync<T>(request, cancellationToken).ConfigureAwait(false);
            }
            catch (PostgrestException e) when (IsNoRow(e.Error))
            {
                return default;
            }
        }

        var rows = await _executor.ReadJsonAsync<List<T>>(request, cancellationToken).ConfigureAwait(false);
        return AtMostOne(rows, request);
    }

    /// <summary>Synchronous <see cref="MaybeSingleAsync{T}"/>.</summary>
    /// <exception cref="PostgrestMultipleRowsException">A read returned several rows (PgRest's own check).</exception>
    /// <exception cref="PostgrestException">PostgREST reported an error.</exception>
    /// <exception cref="InvalidOperationException">As for <see cref="MaybeSingleAsync{T}"/>.</exception>
    public T? MaybeSingle<T>(PostgrestQuery query, CancellationToken cancellationToken = default)
    {
        var mayWrite = SettingsOf(query).MayWrite;
        var response = Send(AsSingle(query, "MaybeSingle", ResponseFormat.MaybeSingle), cancellationToken);
        if (mayWrite)
        {
            return response.Error is { } error && IsNoRow(error) ? default : response.EnsureSuccess().Deserialize<T>();
        }

        return AtMostOne(response.EnsureSuccess().Deserialize<List<T>>(), response.Request);
    }

    /// <summary>Sends a query once and returns the body as text (CSV, a text plan, or any body).</summary>
    /// <exception cref="PostgrestException">PostgREST reported an error.</exception>
    /// <exception cref="InvalidOperationException">As for <see cref="SendAsync"/>.</exception>
    public async Task<string> TextAsync(PostgrestQuery query, CancellationToken cancellationToken = default) =>
        (await ExecuteAsync(query, cancellationToken).ConfigureAwait(false)).BodyText;

    /// <summary>Synchronous <see cref="TextAsync"/>.</summary>
    /// <exception cref="InvalidOperationException">As for <see cref="SendAsync"/>.</exception>
    public string Text(PostgrestQuery query, CancellationToken cancellationToken = default) =>
        Execute(query, cancellationToken).BodyText;

    /// <summary>
    /// Counts the matching rows with a HEAD request (<c>count=exact</c> unless the query chose another method): a
    /// read. A function is called with HEAD too, whatever its RPC method, so PostgREST runs it read-only (a function
    /// that writes fails with 405).
    /// </summary>
    /// <exception cref="PostgrestException">PostgREST reported an error.</exception>
    /// <exception cref="PostgrestUnexpectedResponseException">The response carried no count.</exception>
    /// <exception cref="InvalidOperationException">The query is an insert, upsert, update or delete: counting would
    /// send the write. Use <see cref="PostgrestQuery.WithCount"/> with <c>ExecuteAsync</c> to count the rows a write
    /// affects.</exception>
    public async Task<long> CountAsync(PostgrestQuery query, CancellationToken cancellationToken = default) =>
        TotalOf(await ExecuteAsync(AsCount(query, "CountAsync"), cancellationToken).ConfigureAwait(false));

    /// <summary>Synchronous <see cref="CountAsync"/>.</summary>
    /// <exception cref="InvalidOperationException">As for <see cref="CountAsync"/>.</exception>
    public long Count(PostgrestQuery query, CancellationToken cancellationToken = default) =>
        TotalOf(Execute(AsCount(query, "Count"), cancellationToken));

    /// <summary>
    /// Streams the rows of a query, decoding each as it arrives: memory stays flat whatever the number of rows.
    /// One request (on a write, the written rows; a write is sent once and never retried). The timeout covers the
    /// wait for the response headers; cancel the token to stop reading.
    /// </summary>
    /// <exception cref="PostgrestException">PostgREST reported an error (before the first row).</exception>
    /// <exception cref="InvalidOperationException">As for <see cref="ToListAsync{T}"/> (thrown by the first
    /// <c>MoveNextAsync</c>, before anything is sent).</exception>
    public async IAsyncEnumerable<T> StreamAsync<T>(
        PostgrestQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var request = Render(AsRows(query, "StreamAsync"));
        var (response, body) = await _executor.OpenStreamAsync(request, cancellationToken)
            .ConfigureAwait(false);
        using (response)
        await using (body.ConfigureAwait(false))
        {
            var rows = JsonSerializer.DeserializeAsyncEnumerable<T>(body, _settings.Json, cancellationToken);
            await using var enumerator = rows.GetAsyncEnumerator(cancellationToken);
            var row = 0L;
            while (true)
            {
                bool more;
                try
                {
                    more = await enumerator.MoveNextAsync().ConfigureAwait(false);
                }
                catch (JsonException e)
                {
                    throw new PostgrestUnexpectedResponseException(
                        StrictRows.MissingColumnMessage(e, row)
                        ?? $"The streamed body could not be read as rows of {typeof(T).Name}: {e.Message}",
                        (int)response.StatusCode, string.Empty, request.Method.Method, request.PathAndQuery, e);
                }

                if (!more)
                {
                    yield break;
                }

                row++;
                yield return enumerator.Current!;
            }
        }
    }

    /// <summary>
    /// Walks the rows of a query page by page (<c>offset</c>/<c>limit</c> of <paramref name="pageSize"/>), stopping
    /// after the first short page. The query's own offset is where the walk starts and its own limit, when set, caps
    /// the total number of rows (the last page is then cut short). Give the query an order on a unique key so pages
    /// neither overlap nor skip. Reads only: each page is a request of its own.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The page size is not positive.</exception>
    /// <exception cref="InvalidOperationException">The query is a write, or calls a function with POST: it would be
    /// sent again for every page (thrown by the first <c>MoveNextAsync</c>, before anything is sent). Page a
    /// function's rows with <see cref="RpcMethod.Get"/>.</exception>
    public async IAsyncEnumerable<IReadOnlyList<T>> PagesAsync<T>(
        PostgrestQuery query, int pageSize, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (pageSize <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(pageSize), pageSize, "The page size must be positive.");
        }

        WriteSafety.CheckPages(SettingsOf(query), "PagesAsync");
        var (start, end) = PageWindow(query);
        for (var offset = start; end is null || offset < end; offset += pageSize)
        {
            var size = end is { } e ? Math.Min(pageSize, e - offset) : pageSize;
            var page = await ToListAsync<T>(query.Range(offset, offset + size - 1), cancellationToken).ConfigureAwait(false);
            if (page.Count > 0)
            {
                yield return page;
            }

            if (page.Count < size)
            {
                yield break;
            }
        }
    }

    /// <summary>Where a page walk starts (the query's own top-level offset) and ends (offset + its own limit).</summary>
    private static (long Start, long? End) PageWindow(PostgrestQuery query)
    {
        var plan = QueryPlan.Of(query);
        var start = plan.Page(string.Empty, limit: false) ?? 0;
        long? end = plan.Page(string.Empty, limit: true) is { } limit ? start + limit : null;
        plan.Dispose();
        return (start, end);
    }

    private static QuerySettings SettingsOf(PostgrestQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return query.Settings();
    }

    /// <summary>The query as Single or MaybeSingle sends it, after the checks of those helpers.</summary>
    private PostgrestQuery AsSingle(PostgrestQuery query, string helper, ResponseFormat format)
    {
        var s = SettingsOf(query);
        WriteSafety.CheckSingle(s, helper);
        WriteSafety.CheckReturnsRows(query, s, _settings.Headers, helper);
        return s.Format == format ? query : query.WithFormat(format);
    }

    /// <summary>The query as the list helpers send it (a JSON array), after their checks.</summary>
    private PostgrestQuery AsRows(PostgrestQuery query, string helper)
    {
        var s = SettingsOf(query);
        WriteSafety.CheckReturnsRows(query, s, _settings.Headers, helper);
        WriteSafety.CheckList(s, helper);
        return s.Format is ResponseFormat.Single or ResponseFormat.MaybeSingle
            ? query.WithFormat(ResponseFormat.Json)
            : query;
    }

    private static PostgrestQuery AsCount(PostgrestQuery query, string helper)
    {
        WriteSafety.CheckCount(SettingsOf(query), helper);
        return query.AsCount();
    }

    private static long TotalOf(PostgrestResponse response) =>
        response.TotalCount ?? throw response.Unexpected("The response has no total count in Content-Range");

    /// <summary>PostgREST's answer to a single-object request that found no row (it changed nothing: an error
    /// answer rolls the transaction back).</summary>
    private static bool IsNoRow(PostgrestError error) =>
        error is { Status: 406, Code: "PGRST116", Details: "The result contains 0 rows" };

    private static T? AtMostOne<T>(List<T> rows, PostgrestRequest request) => rows.Count switch
    {
        0 => default,
        1 => rows[0],
        _ => throw new PostgrestMultipleRowsException(rows.Count, request.Method.Method, request.PathAndQuery),
    };
}
