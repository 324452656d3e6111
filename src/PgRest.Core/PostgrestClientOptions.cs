using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Text.Json;

namespace PgRest;

/// <summary>
/// Settings of a <see cref="PostgrestClient"/>. Read once when the client is created: changing this object
/// afterwards has no effect on the client.
/// </summary>
public sealed class PostgrestClientOptions
{
    /// <summary>The schema used when a query names none (<c>Accept-Profile</c>/<c>Content-Profile</c>);
    /// null leaves the choice to the server (its first exposed schema).</summary>
    public string? Schema { get; init; }

    /// <summary>Headers sent with every request (e.g. an <c>apikey</c>).</summary>
    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    /// <summary>An HttpClient to send with. The client does not dispose an injected HttpClient, and ignores
    /// its <c>BaseAddress</c>. When null, the client creates and owns one with a pooled
    /// <see cref="SocketsHttpHandler"/>.</summary>
    public HttpClient? HttpClient { get; init; }

    /// <summary>The default timeout of a request (a query can override it); null for none. Default: 100 s.</summary>
    public TimeSpan? Timeout { get; init; } = TimeSpan.FromSeconds(100);

    /// <summary>Automatic retries of GET and HEAD after transient failures; <see cref="PostgrestRetryOptions.None"/>
    /// turns them off. Default: <see cref="PostgrestRetryOptions.Default"/>.</summary>
    public PostgrestRetryOptions? Retry { get; init; }

    /// <summary>JSON options for request bodies and decoded rows. The client copies them. Default: property
    /// names in snake_case (<c>AuthorId</c> → <c>author_id</c>), case-insensitive reading.</summary>
    public JsonSerializerOptions? JsonSerializerOptions { get; init; }
}
