using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json;
using PgRest.Internal;

namespace PgRest;

/// <summary>The parsed <c>Content-Range</c> header: the zero-based rows returned and the total, when known.</summary>
/// <param name="From">The first row returned, or null for an empty page (<c>*/25</c>).</param>
/// <param name="To">The last row returned, or null for an empty page.</param>
/// <param name="Total">The total number of matching rows, or null when not counted (<c>0-9/*</c>).</param>
public readonly record struct ContentRange(long? From, long? To, long? Total)
{
    /// <summary>Parses <c>0-9/25</c>, <c>*/25</c>, <c>0-9/*</c>; null for anything else.</summary>
    public static ContentRange? Parse(string? header)
    {
        if (header is null)
        {
            return null;
        }

        var slash = header.IndexOf('/');
        if (slash < 0)
        {
            return null;
        }

        var range = header.AsSpan(0, slash).Trim();
        var totalText = header.AsSpan(slash + 1).Trim();
        long? total;
        if (totalText is "*")
        {
            total = null;
        }
        else if (long.TryParse(totalText, NumberStyles.None, CultureInfo.InvariantCulture, out var t))
        {
            total = t;
        }
        else
        {
            return null;
        }

        if (range is "*")
        {
            return new ContentRange(null, null, total);
        }

        var dash = range.IndexOf('-');
        return dash > 0
            && long.TryParse(range[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var from)
            && long.TryParse(range[(dash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var to)
            ? new ContentRange(from, to, total)
            : null;
    }
}

/// <summary>
/// A PostgREST response: status, headers, the buffered body, the parsed count and, for an error status, the
/// <see cref="PostgrestError"/>. Immutable.
/// </summary>
public class PostgrestResponse
{
    private readonly JsonSerializerOptions _json;

    internal PostgrestResponse(
        PostgrestRequest request, int statusCode, IReadOnlyList<KeyValuePair<string, string>> headers,
        ReadOnlyMemory<byte> body, JsonSerializerOptions json, int attempts = 1, bool bodyCut = false)
    {
        Request = request;
        Attempts = attempts;
        StatusCode = statusCode;
        Headers = headers;
        Body = body;
        _json = json;
        ContentRange = PgRest.ContentRange.Parse(GetHeader("Content-Range"));
        Error = IsSuccess ? null : PostgrestError.Parse(statusCode, body.Span, bodyCut, request.Scrub);
    }

    /// <summary>Copies a response (used by <see cref="PostgrestResponse{T}"/>).</summary>
    protected PostgrestResponse(PostgrestResponse other)
    {
        ArgumentNullException.ThrowIfNull(other);
        Request = other.Request;
        Attempts = other.Attempts;
        StatusCode = other.StatusCode;
        Headers = other.Headers;
        Body = other.Body;
        _json = other._json;
        ContentRange = other.ContentRange;
        Error = other.Error;
    }

    /// <summary>The request that produced this response (its <c>ToString</c> redacts credentials).</summary>
    public PostgrestRequest Request { get; }

    /// <summary>The HTTP status code.</summary>
    public int StatusCode { get; }

    /// <summary>How many times the request was sent (more than 1 after automatic retries).</summary>
    public int Attempts { get; }

    /// <summary>True for a 2xx status.</summary>
    public bool IsSuccess => StatusCode is >= 200 and < 300;

    /// <summary>Response and content headers, in order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; }

    /// <summary>The body bytes (empty for HEAD, 204 and minimal writes). For an error status, at most the first
    /// 64 KiB (enough for any PostgREST error; the rest of a longer body is not read). The body is kept as the
    /// server sent it: unlike <see cref="Error"/>, it is not scrubbed of credentials a server echoed.</summary>
    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>The body as UTF-8 text.</summary>
    public string BodyText => Encoding.UTF8.GetString(Body.Span);

    /// <summary>The parsed <c>Content-Range</c> header, when present.</summary>
    public ContentRange? ContentRange { get; }

    /// <summary>The total row count when one was requested with <c>Count</c> (from <c>Content-Range</c>).</summary>
    public long? TotalCount => ContentRange?.Total;

    /// <summary>The error for a non-2xx status; null on success.</summary>
    public PostgrestError? Error { get; }

    /// <summary>The first value of a header (case-insensitive name), or null.</summary>
    public string? GetHeader(string name) => HeaderList.Find(Headers, name);

    /// <summary>Throws <see cref="PostgrestException"/> when the status is not 2xx; returns this response otherwise.</summary>
    /// <exception cref="PostgrestException">The server reported an error.</exception>
    public PostgrestResponse EnsureSuccess() =>
        Error is { } e ? throw new PostgrestException(e, Request.Method.Method, Request.PathAndQuery) : this;

    /// <summary>Deserializes the body with the client's JSON options.</summary>
    /// <exception cref="PostgrestUnexpectedResponseException">The body is empty, not JSON, or not a <typeparamref name="T"/>.</exception>
    public T Deserialize<T>()
    {
        if (Body.IsEmpty)
        {
            throw Unexpected(DecodeMessages.NoBody);
        }

        try
        {
            var value = JsonSerializer.Deserialize<T>(Body.Span, _json);
            return value is null && default(T) is not null ? throw Unexpected(DecodeMessages.JsonNull) : value!;
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            throw Unexpected(DecodeMessages.CannotRead<T>(e), e);
        }
    }

    internal PostgrestUnexpectedResponseException Unexpected(string message, Exception? inner = null) =>
        new(Request.Scrub(message)!, StatusCode, PostgrestError.Snippet(Body.Span, Request.Scrub), Request.Method.Method,
            Request.PathAndQuery, inner);

    internal JsonSerializerOptions JsonOptions => _json;
}

/// <summary>A successful response with its body decoded as <typeparamref name="T"/>.</summary>
/// <typeparam name="T">The decoded type.</typeparam>
public sealed class PostgrestResponse<T> : PostgrestResponse
{
    internal PostgrestResponse(PostgrestResponse response, T value)
        : base(response) => Value = value;

    /// <summary>The decoded body.</summary>
    public T Value { get; }
}
