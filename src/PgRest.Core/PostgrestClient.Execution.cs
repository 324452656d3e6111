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
    /// <summary>Sends a query and returns the response whatever its status (see <see cref="PostgrestResponse.Error"/>).</summary>
    /// <exception cref="ArgumentException">The query cannot be rendered (e.g. an RPC argument GET cannot carry).</exception>
    /// <exception cref="PostgrestTimeoutException">The timeout expired.</exception>
    /// <exception cref="OperationCanceledException">The caller cancelled.</exception>
    /// <exception cref="System.Net.Http.HttpRequestException">The server could not be reached.</exception>
    public Task<PostgrestResponse> SendAsync(PostgrestQuery query, CancellationToken cancellationToken = default) =>
        _executor.SendAsync(Render(query), cancellationToken);

    /// <summary>Synchronous <see cref="SendAsync"/> (a truly synchronous HTTP send, for scripts).</summary>
    public PostgrestResponse Send(PostgrestQuery query, CancellationToken cancellationToken = default) =>
        _executor.Send(Render(query), cancellationToken);

    /// <summary>Sends a query and returns its response; an error status throws.</summary>
    /// <exception cref="PostgrestException">PostgREST reported an error.</exception>
    public async Task<PostgrestResponse> ExecuteAsync(PostgrestQuery query, CancellationToken cancellationToken = default) =>
        (await SendAsync(query, cancellationToken).ConfigureAwait(false)).EnsureSuccess();

    /// <summary>Synchronous <see cref="ExecuteAsync(PostgrestQuery, CancellationToken)"/>.</summary>
    public PostgrestResponse Execute(PostgrestQuery query, CancellationToken cancellationToken = default) =>
        Send(query, cancellationToken).EnsureSuccess();

    /// <summary>Sends a query and decodes the body as <typeparamref name="T"/> (the query's format decides the
    /// body's shape: an array for JSON, an object for <c>Single</c>).</summary>
    /// <exception cref="PostgrestException">PostgREST reported an error.</exception>
    /// <exception cref="PostgrestUnexpectedResponseException">The body is not a <typeparamref name="T"/>.</exception>
    public async Task<PostgrestResponse<T>> ExecuteAsync<T>(PostgrestQuery query, CancellationToken cancellationToken = default)
    {
        var response = await ExecuteAsync(query, cancellationToken).ConfigureAwait(false);
        return new PostgrestResponse<T>(response, response.Deserialize<T>());
    }

    /// <summary>Synchronous <see cref="ExecuteAsync{T}(PostgrestQuery, CancellationToken)"/>.</summary>
    public PostgrestResponse<T> Execute<T>(PostgrestQuery query, CancellationToken cancellationToken = default)
    {
        var response = Execute(query, cancellationToken);
        return new PostgrestResponse<T>(response, response.Deserialize<T>());
    }

    /// <summary>The rows of a query as a list.</summary>
    /// <exception cref="PostgrestException">PostgREST reported an error.</exception>
    /// <exception cref="PostgrestUnexpectedResponseException">The body is not a JSON array of <typeparamref name="T"/>.</exception>
    public async Task<IReadOnlyList<T>> ToListAsync<T>(PostgrestQuery query, CancellationToken cancellationToken = default) =>
        await _executor.ReadJsonAsync<List<T>>(Render(AsRows(query)), cancellationToken).ConfigureAwait(false);

    /// <summary>Synchronous <see cref="ToListAsync{T}"/>.</summary>
    public IReadOnlyList<T> ToList<T>(PostgrestQuery query, CancellationToken cancellationToken = default) =>
        Execute<List<T>>(AsRows(query), cancellationToken).Value;

    /// <summary>Exactly one row; none or several is the error PGRST116 (HTTP 406).</summary>
    /// <exception cref="PostgrestException">PostgREST reported an error (PGRST116 for 0 or more than 1 row).</exception>
    public Task<T> SingleAsync<T>(PostgrestQuery query, CancellationToken cancellationToken = default) =>
        _executor.ReadJsonAsync<T>(Render(Format(query, ResponseFormat.Single)), cancellationToken);

    /// <summary>Synchronous <see cref="SingleAsync{T}"/>.</summary>
    public T Single<T>(PostgrestQuery query, CancellationToken cancellationToken = default) =>
        Execute<T>(Format(query, ResponseFormat.Single), cancellationToken).Value;

    /// <summary>At most one row: the row, or <c>default</c> when there is none.</summary>
    /// <exception cref="PostgrestException">Several rows matched (PGRST116, raised by the client like the server
    /// would), or PostgREST reported an error.</exception>
    public async Task<T?> MaybeSingleAsync<T>(PostgrestQuery query, CancellationToken cancellationToken = default)
    {
        var request = Render(Format(query, ResponseFormat.MaybeSingle));
        var rows = await _executor.ReadJsonAsync<List<T>>(request, cancellationToken).ConfigureAwait(false);
        return AtMostOne(rows, request);
    }

    /// <summary>Synchronous <see cref="MaybeSingleAsync{T}"/>.</summary>
    public T? MaybeSingle<T>(PostgrestQuery query, CancellationToken cancellationToken = default)
    {
        var response = Execute(Format(query, ResponseFormat.MaybeSingle), cancellationToken);
        return AtMostOne(response.Deserialize<List<T>>(), response.Request);
    }

    /// <summary>The body as text (CSV, a text plan, or any body).</summary>
    /// <exception cref="PostgrestException">PostgREST reported an error.</exception>
    public async Task<string> TextAsync(PostgrestQuery query, CancellationToken cancellationToken = default) =>
        (await ExecuteAsync(query, cancellationToken).ConfigureAwait(false)).BodyText;

    /// <summary>Synchronous <see cref="TextAsync"/>.</summary>
    public string Text(PostgrestQuery query, CancellationToken cancellationToken = default) =>
        Execute(query, cancellationToken).BodyText;

    /// <summary>Counts the matching rows with a HEAD request (<c>count=exact</c> unless the query chose another method).</summary>
    /// <exception cref="PostgrestException">PostgREST reported an error.</exception>
    /// <exception cref="PostgrestUnexpectedResponseException">The response carried no count.</exception>
    public async Task<long> CountAsync(PostgrestQuery query, CancellationToken cancellationToken = default) =>
        TotalOf(await ExecuteAsync(AsCount(query), cancellationToken).ConfigureAwait(false));

    /// <summary>Synchronous <see cref="CountAsync"/>.</summary>
    public long Count(PostgrestQuery query, CancellationToken cancellationToken = default) =>
        TotalOf(Execute(AsCount(query), cancellationToken));

    /// <summary>
    /// Streams the rows of a query, decoding each as it arrives: memory stays flat whatever the number of rows.
    /// The timeout covers the wait for the response headers; cancel the token to stop reading.
    /// </summary>
    /// <exception cref="PostgrestException">PostgREST reported an error (before the first row).</exception>
    public async IAsyncEnumerable<T> StreamAsync<T>(
        PostgrestQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var request = Render(AsRows(query));
        var (response, body) = await _executor.OpenStreamAsync(request, cancellationToken)
            .ConfigureAwait(false);
        using (response)
        await using (body.ConfigureAwait(false))
        {
            var rows = JsonSerializer.DeserializeAsyncEnumerable<T>(body, _settings.Json, cancellationToken);
            await using var enumerator = rows.GetAsyncEnumerator(cancellationToken);
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
                        $"The streamed body could not be read as rows of {typeof(T).Name}: {e.Message}",
                        (int)response.StatusCode, string.Empty, request.Method.Method, request.PathAndQuery, e);
                }

                if (!more)
                {
                    yield break;
                }

                yield return enumerator.Current!;
            }
        }
    }

    /// <summary>
    /// Walks the rows of a query page by page (<c>offset</c>/<c>limit</c> of <paramref name="pageSize"/>), stopping
    /// after the first short page. The query's own offset is where the walk starts and its own limit, when set, caps
    /// the total number of rows (the last page is then cut short). Give the query an order on a unique key so pages
    /// neither overlap nor skip.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The page size is not positive.</exception>
    public async IAsyncEnumerable<IReadOnlyList<T>> PagesAsync<T>(
        PostgrestQuery query, int pageSize, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (pageSize <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(pageSize), pageSize, "The page size must be positive.");
        }

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

    private static PostgrestQuery Format(PostgrestQuery query, ResponseFormat format)
    {
        ArgumentNullException.ThrowIfNull(query);
        return query.WithFormat(format);
    }

    private static PostgrestQuery AsRows(PostgrestQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return query.Format is ResponseFormat.Single or ResponseFormat.MaybeSingle
            ? query.WithFormat(ResponseFormat.Json)
            : query;
    }

    private static PostgrestQuery AsCount(PostgrestQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return query.AsCount();
    }

    private static long TotalOf(PostgrestResponse response) =>
        response.TotalCount ?? throw response.Unexpected("The response has no total count in Content-Range");

    private static T? AtMostOne<T>(List<T> rows, PostgrestRequest request)
    {
        return rows.Count switch
        {
            0 => default,
            1 => rows[0],
            _ => throw new PostgrestException(
                new PostgrestError
                {
                    Status = 406,
                    Code = "PGRST116",
                    Message = "JSON object requested, multiple (or no) rows returned",
                    Details = $"The result contains {rows.Count} rows",
                },
                request.Method.Method,
                request.PathAndQuery),
        };
    }
}
