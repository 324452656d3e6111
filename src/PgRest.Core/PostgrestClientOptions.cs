using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace PgRest;

/// <summary>
/// Settings of a <see cref="PostgrestClient"/>. Read once when the client is created: changing this object
/// afterwards has no effect on the client. Ranges are checked when a value is set: an out-of-range value throws
/// <see cref="ArgumentOutOfRangeException"/> naming the property.
/// </summary>
public sealed class PostgrestClientOptions
{
    /// <summary>The default of <see cref="MaxBufferedBodySize"/>: 256 MiB.</summary>
    public const long DefaultMaxBufferedBodySize = 256L * 1024 * 1024;

    private readonly TimeSpan? _timeout = TimeSpan.FromSeconds(100);
    private readonly long _maxBufferedBodySize = DefaultMaxBufferedBodySize;

    /// <summary>The schema used when a query names none (<c>Accept-Profile</c>/<c>Content-Profile</c>);
    /// null leaves the choice to the server (its first exposed schema).</summary>
    public string? Schema { get; init; }

    /// <summary>Headers sent with every request (e.g. an <c>apikey</c>).</summary>
    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    /// <summary>An HttpClient to send with. The client does not dispose an injected HttpClient, and ignores
    /// its <c>BaseAddress</c>. When null, the client creates and owns one with a pooled
    /// <see cref="SocketsHttpHandler"/> that never follows redirects. An injected HttpClient should not follow
    /// redirects either (<c>AllowAutoRedirect = false</c>): its handler would send the request, with every header
    /// but <c>Authorization</c>, to wherever the server points before the client sees the answer; the client then
    /// fails the call (<see cref="PostgrestUnexpectedResponseException"/>) but cannot take back what was sent.</summary>
    public HttpClient? HttpClient { get; init; }

    /// <summary>
    /// A source of access tokens (JWTs) for <c>Authorization: Bearer …</c>, asked before <b>every attempt</b> of every
    /// request — the first and each retry — with a token that is cancelled by the caller's token or the attempt's
    /// timeout. PgRest keeps no token between calls, so a token refreshed in the provider is used from the next
    /// attempt on; caching (and refreshing before <c>exp</c>) is the provider's job, as with Azure.Core's
    /// <c>TokenCredential</c>. When PostgREST rejects the token (401 <c>PGRST301</c>: expired, bad signature, not a
    /// JWT), the client asks the provider once more and, if it returns another token, sends the request once more —
    /// writes too, since PostgREST refuses a bad token before it opens a transaction; never more than one such retry
    /// per call. A provider that throws, or returns an empty token or one with characters a header cannot carry,
    /// fails the call with <see cref="PostgrestAccessTokenException"/> (not retried). The provider's token replaces an
    /// <c>Authorization</c> header of <see cref="Headers"/>; a query's own <c>Authorization</c> header
    /// (<see cref="PostgrestQuery.Header"/>) wins over it, and the provider is then not asked. Derived clients keep
    /// it unless they replace it (<see cref="PostgrestClient.WithBearer"/>,
    /// <see cref="PostgrestClient.WithAccessTokenProvider"/>) or drop it
    /// (<see cref="PostgrestClient.WithoutAccessTokenProvider"/>). The provider is asynchronous, so the synchronous
    /// methods (<c>Send</c>, <c>Execute</c>, <c>ToList</c>, …) of a client that would ask it throw
    /// <see cref="InvalidOperationException"/> before sending. Null (the default): no provider.
    /// </summary>
    public Func<CancellationToken, ValueTask<string>>? AccessTokenProvider { get; init; }

    /// <summary>The default timeout of a request (a query can override it); null for none. Default: 100 s.
    /// Positive and at most about 24.8 days (<see cref="int.MaxValue"/> milliseconds), or
    /// <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> (like null: none).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is zero, negative (other than
    /// <see cref="System.Threading.Timeout.InfiniteTimeSpan"/>) or longer than about 24.8 days.</exception>
    public TimeSpan? Timeout
    {
        get => _timeout;
        init => _timeout = value is not { } t || t == System.Threading.Timeout.InfiniteTimeSpan
            || (t > TimeSpan.Zero && t <= PostgrestRetryOptions.LongestDelay)
            ? value
            : throw new ArgumentOutOfRangeException(
                nameof(Timeout), value, "The timeout must be positive and at most int.MaxValue milliseconds (or infinite).");
    }

    /// <summary>Automatic retries of GET and HEAD after transient failures; <see cref="PostgrestRetryOptions.None"/>
    /// turns them off. Default: <see cref="PostgrestRetryOptions.Default"/>.</summary>
    public PostgrestRetryOptions? Retry { get; init; }

    /// <summary>JSON options for request bodies and decoded rows. The client copies them. Default: property
    /// names in snake_case (<c>AuthorId</c> → <c>author_id</c>), case-insensitive reading.</summary>
    public JsonSerializerOptions? JsonSerializerOptions { get; init; }

    /// <summary>
    /// Turns strict row mapping off. By default a row that lacks the column of a non-optional field is a decode error
    /// (<see cref="PostgrestUnexpectedResponseException"/> naming the .NET field, the column and the row): the field
    /// would otherwise be left null or zero without a word, e.g. after a <c>select</c> that leaves the column out.
    /// Optional fields may be absent: F# <c>option</c>/<c>voption</c>, <see cref="Nullable{T}"/>, reference types
    /// annotated nullable (<c>string?</c>), constructor parameters with a default value. Non-optional: other value
    /// types, non-nullable and unannotated reference types (an F# <c>string</c>), C# <c>required</c> members
    /// (System.Text.Json enforces those whatever this option says). A column present with a JSON <c>null</c> is not
    /// missing. With <c>true</c> the client's JSON options are used exactly as given. Default: <c>false</c>.
    /// </summary>
    public bool AllowMissingColumns { get; init; }

    /// <summary>
    /// The largest response body, in bytes, that the client reads for one answer when it buffers the body or
    /// decodes it into a value (<c>Send</c>, <c>Execute</c>, <c>ToList</c>, <c>Single</c>, <c>MaybeSingle</c>,
    /// <c>Text</c> and their async forms). Bytes are counted as they are read, after decompression, whatever
    /// <c>Content-Length</c> says; past the limit the call throws <see cref="PostgrestResponseTooLargeException"/>
    /// without reading the rest (the response is disposed). <c>StreamAsync</c> is not limited (it keeps no copy of
    /// the body). Default: <see cref="DefaultMaxBufferedBodySize"/> (256 MiB), at most
    /// <see cref="Array.MaxLength"/> − 1. An error answer's body is read only up to 64 KiB whatever this limit.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not positive or exceeds
    /// <see cref="Array.MaxLength"/> − 1.</exception>
    public long MaxBufferedBodySize
    {
        get => _maxBufferedBodySize;
        init => _maxBufferedBodySize = value > 0 && value < Array.MaxLength
            ? value
            : throw new ArgumentOutOfRangeException(
                nameof(MaxBufferedBodySize), value, "The limit must be positive and less than Array.MaxLength.");
    }

    /// <summary>
    /// Names of further headers whose values are credentials (case-insensitive), in addition to
    /// <c>Authorization</c>, <c>Proxy-Authorization</c>, <c>apikey</c>, <c>X-Api-Key</c> and <c>Cookie</c>. Their
    /// values are shown as <c>[redacted]</c> by <see cref="PostgrestRequest.ToString"/> and scrubbed from every
    /// text the client produces (exception messages, the <see cref="PostgrestError"/> fields, body snippets).
    /// </summary>
    public IReadOnlyCollection<string>? SensitiveHeaders { get; init; }
}
