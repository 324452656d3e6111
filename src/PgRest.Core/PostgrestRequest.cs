using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using PgRest.Internal;

namespace PgRest;

/// <summary>
/// A rendered request: exactly what a query sends (method, absolute URI, headers, body), for logging,
/// assertions and inspection without sending. <see cref="ToString"/> redacts credentials.
/// </summary>
public sealed class PostgrestRequest
{
    private readonly object _gate = new();
    private string[]? _secretValues;
    private List<string>? _tokens;

    internal PostgrestRequest(
        HttpMethod method, Uri uri, IReadOnlyList<KeyValuePair<string, string>> headers, ReadOnlyMemory<byte>? body,
        TimeSpan? timeout)
    {
        Method = method;
        Uri = uri;
        Headers = headers;
        Body = body;
        Timeout = timeout;
    }

    /// <summary>The HTTP method.</summary>
    public HttpMethod Method { get; }

    /// <summary>The absolute request URI, percent-encoded.</summary>
    public Uri Uri { get; }

    /// <summary>The path and query string as sent (percent-encoded).</summary>
    public string PathAndQuery => Uri.PathAndQuery;

    /// <summary>Every request header, in order (credentials included; use <see cref="ToString"/> to log). A client
    /// with an access-token provider adds <c>Authorization</c> to each attempt as it sends it, so that header is not
    /// in this list (<see cref="ToString"/> shows where it comes from).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; }

    /// <summary>The UTF-8 JSON body, or <c>null</c> when there is none.</summary>
    public ReadOnlyMemory<byte>? Body { get; }

    /// <summary>The body as text, or <c>null</c> when there is none.</summary>
    public string? BodyText => Body is { } b ? Encoding.UTF8.GetString(b.Span) : null;

    /// <summary>The timeout this request runs with (the query's, else the client's), or <c>null</c> for none.</summary>
    public TimeSpan? Timeout { get; }

    /// <summary>The value of a header (case-insensitive name), or <c>null</c>.</summary>
    public string? GetHeader(string name) => HeaderList.Find(Headers, name);

    /// <summary>Which headers hold credentials: the defaults plus the client's <c>SensitiveHeaders</c> (set by the
    /// client that renders the request, before anyone else sees it).</summary>
    internal Secrets Secrets { get; set; } = Secrets.Default;

    /// <summary>The access-token provider that supplies this request's <c>Authorization</c> header, asked by the
    /// executor before each attempt; null when the header (if any) is in <see cref="Headers"/>.</summary>
    internal Func<CancellationToken, ValueTask<string>>? TokenProvider { get; set; }

    /// <summary>A token the provider already returned for the next attempt (asked after a rejected token).</summary>
    internal string? NextToken { get; set; }

    /// <summary>Records a token the provider returned: scrubbed from every text produced for this request from now
    /// on, as are all earlier attempts' tokens.</summary>
    internal void AddToken(string token)
    {
        lock (_gate)
        {
            (_tokens ??= []).Add(token);
            _secretValues = null;
        }
    }

    /// <summary>Scrubs this request's credential values (its headers' and every provider token it was sent with) out
    /// of a text the client is about to show.</summary>
    internal string? Scrub(string? text)
    {
        string[] values;
        lock (_gate)
        {
            values = _secretValues ??= Secrets.ValuesIn(WithTokens());
        }

        return Secrets.Scrub(text, values);
    }

    private IReadOnlyList<KeyValuePair<string, string>> WithTokens()
    {
        if (_tokens is null)
        {
            return Headers;
        }

        var all = new List<KeyValuePair<string, string>>(Headers);
        foreach (var token in _tokens)
        {
            all.Add(new("Authorization", "Bearer " + token));
        }

        return all;
    }

    /// <summary>The request as text, with credential headers (<c>Authorization</c>, <c>Proxy-Authorization</c>,
    /// <c>apikey</c>, <c>X-Api-Key</c>, <c>Cookie</c> and the client's <c>SensitiveHeaders</c>) shown as
    /// <c>[redacted]</c>; a request whose token an access-token provider supplies per attempt ends its headers with
    /// <c>Authorization: [redacted] (access-token provider, per attempt)</c>.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append(Method.Method).Append(' ').Append(Uri.AbsoluteUri);
        foreach (var (name, value) in Headers)
        {
            sb.Append('\n').Append(name).Append(": ").Append(Secrets.IsSensitive(name) ? Secrets.Redacted : value);
        }

        if (TokenProvider is not null)
        {
            sb.Append("\nAuthorization: ").Append(Secrets.Redacted).Append(" (access-token provider, per attempt)");
        }

        if (BodyText is { } text)
        {
            sb.Append("\n\n").Append(text);
        }

        return sb.ToString();
    }

    /// <summary>The message for one attempt; <paramref name="bearer"/> is that attempt's provider token.</summary>
    internal HttpRequestMessage ToHttpRequestMessage(string? bearer = null)
    {
        var message = new HttpRequestMessage(Method, Uri);
        if (Body is { } body)
        {
            message.Content = new ReadOnlyMemoryContent(body);
        }
        else if (Method != HttpMethod.Get && Method != HttpMethod.Head)
        {
            // SocketsHttpHandler silently re-sends a request WITHOUT content (up to 3 times) when the connection
            // closes before any response byte, even if the server ran it. An empty body (Content-Length: 0) keeps
            // a body-less write (DELETE) at exactly one send, like POST/PATCH/PUT.
            message.Content = new ReadOnlyMemoryContent(ReadOnlyMemory<byte>.Empty);
        }

        foreach (var (name, value) in Headers)
        {
            if (string.Equals(name, "Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                message.Content ??= new ReadOnlyMemoryContent(ReadOnlyMemory<byte>.Empty);
                message.Content.Headers.TryAddWithoutValidation(name, value);
            }
            else
            {
                message.Headers.TryAddWithoutValidation(name, value);
            }
        }

        if (bearer is not null)
        {
            message.Headers.TryAddWithoutValidation("Authorization", "Bearer " + bearer);
        }

        return message;
    }
}
