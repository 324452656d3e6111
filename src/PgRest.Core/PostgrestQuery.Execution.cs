using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace PgRest;

// Execution through the bound client; each method forwards to the PostgrestClient method of the same name.
public sealed partial class PostgrestQuery
{
    /// <summary>See <see cref="PostgrestClient.SendAsync"/>.</summary>
    public Task<PostgrestResponse> SendAsync(CancellationToken cancellationToken = default) =>
        RequireClient().SendAsync(this, cancellationToken);

    /// <summary>See <see cref="PostgrestClient.ExecuteAsync(PostgrestQuery, CancellationToken)"/>.</summary>
    public Task<PostgrestResponse> ExecuteAsync(CancellationToken cancellationToken = default) =>
        RequireClient().ExecuteAsync(this, cancellationToken);

    /// <summary>See <see cref="PostgrestClient.ExecuteAsync{T}(PostgrestQuery, CancellationToken)"/>.</summary>
    public Task<PostgrestResponse<T>> ExecuteAsync<T>(CancellationToken cancellationToken = default) =>
        RequireClient().ExecuteAsync<T>(this, cancellationToken);

    /// <summary>See <see cref="PostgrestClient.ToListAsync{T}"/>.</summary>
    public Task<IReadOnlyList<T>> ToListAsync<T>(CancellationToken cancellationToken = default) =>
        RequireClient().ToListAsync<T>(this, cancellationToken);

    /// <summary>See <see cref="PostgrestClient.SingleAsync{T}"/>.</summary>
    public Task<T> SingleAsync<T>(CancellationToken cancellationToken = default) =>
        RequireClient().SingleAsync<T>(this, cancellationToken);

    /// <summary>See <see cref="PostgrestClient.MaybeSingleAsync{T}"/>.</summary>
    public Task<T?> MaybeSingleAsync<T>(CancellationToken cancellationToken = default) =>
        RequireClient().MaybeSingleAsync<T>(this, cancellationToken);

    /// <summary>See <see cref="PostgrestClient.TextAsync"/>.</summary>
    public Task<string> TextAsync(CancellationToken cancellationToken = default) =>
        RequireClient().TextAsync(this, cancellationToken);

    /// <summary>See <see cref="PostgrestClient.CountAsync"/>.</summary>
    public Task<long> CountAsync(CancellationToken cancellationToken = default) =>
        RequireClient().CountAsync(this, cancellationToken);

    /// <summary>See <see cref="PostgrestClient.StreamAsync{T}"/>.</summary>
    public IAsyncEnumerable<T> StreamAsync<T>(CancellationToken cancellationToken = default) =>
        RequireClient().StreamAsync<T>(this, cancellationToken);

    /// <summary>See <see cref="PostgrestClient.PagesAsync{T}"/>.</summary>
    public IAsyncEnumerable<IReadOnlyList<T>> PagesAsync<T>(int pageSize, CancellationToken cancellationToken = default) =>
        RequireClient().PagesAsync<T>(this, pageSize, cancellationToken);

    /// <summary>See <see cref="PostgrestClient.Execute(PostgrestQuery, CancellationToken)"/>.</summary>
    public PostgrestResponse Execute(CancellationToken cancellationToken = default) =>
        RequireClient().Execute(this, cancellationToken);

    /// <summary>See <see cref="PostgrestClient.ToList{T}"/>.</summary>
    public IReadOnlyList<T> ToList<T>(CancellationToken cancellationToken = default) =>
        RequireClient().ToList<T>(this, cancellationToken);

    /// <summary>See <see cref="PostgrestClient.Single{T}"/>.</summary>
    public T Single<T>(CancellationToken cancellationToken = default) =>
        RequireClient().Single<T>(this, cancellationToken);

    /// <summary>See <see cref="PostgrestClient.MaybeSingle{T}"/>.</summary>
    public T? MaybeSingle<T>(CancellationToken cancellationToken = default) =>
        RequireClient().MaybeSingle<T>(this, cancellationToken);

    /// <summary>See <see cref="PostgrestClient.Count(PostgrestQuery, CancellationToken)"/>.</summary>
    public long Count(CancellationToken cancellationToken = default) =>
        RequireClient().Count(this, cancellationToken);
}
