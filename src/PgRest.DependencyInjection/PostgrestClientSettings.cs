using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace PgRest.DependencyInjection;

/// <summary>
/// The settings of a <see cref="PostgrestClient"/> registered with <c>AddPostgrest</c> or <c>AddKeyedPostgrest</c>:
/// an options class (bound from a configuration section and/or set by a delegate) that becomes the client's
/// <see cref="PostgrestClientOptions"/>. Every client resolved from the container reads the current settings, so
/// a configuration reload reaches the clients resolved after it.
/// </summary>
/// <remarks>
/// A configuration section looks like
/// <c>{ "BaseUrl": "http://127.0.0.1:3000", "Schema": "api", "Timeout": "00:00:30",
/// "Headers": { "apikey": "…" }, "Retry": { "MaxAttempts": 5 } }</c>.
/// </remarks>
public sealed class PostgrestClientSettings
{
    /// <summary>The server's root URL (e.g. <c>http://127.0.0.1:3000</c>; a path prefix is kept). Required.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>The schema used when a query names none; null leaves the choice to the server.</summary>
    public string? Schema { get; set; }

    /// <summary>Headers sent with every request (e.g. an <c>apikey</c>). Names compare case-insensitively.</summary>
    public IDictionary<string, string> Headers { get; } =
        new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>A JWT sent as <c>Authorization: Bearer …</c> with every request; null for none. Keep it in a
    /// secret store (user secrets, environment variables), not in a committed file.</summary>
    public string? BearerToken { get; set; }

    /// <summary>
    /// A source of access tokens asked before every attempt (see <see cref="PostgrestClientOptions.AccessTokenProvider"/>:
    /// one retry with a fresh token after PostgREST rejects one, failures as <see cref="PostgrestAccessTokenException"/>,
    /// only the async methods), given the <see cref="IServiceProvider"/> that resolved the client — a scope's, when
    /// the client is resolved in a scope — so it can use a token service from the container:
    /// <c>s.AccessTokenProvider = (services, ct) =&gt; services.GetRequiredService&lt;ITokenSource&gt;().GetAsync(ct);</c>.
    /// Not read from configuration; setting it together with <see cref="BearerToken"/> is an invalid setting. Null
    /// (the default): none.
    /// </summary>
    public Func<IServiceProvider, CancellationToken, ValueTask<string>>? AccessTokenProvider { get; set; }

    /// <summary>The default timeout of each attempt PgRest makes (a query can override it); null (an empty value in
    /// configuration) or <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> for none. Default: 100 s. One PgRest
    /// attempt is one pass through the HttpClient's handlers, so it bounds everything a resilience handler does
    /// inside it (its retries, delays and own timeouts). The HttpClient's
    /// <see cref="System.Net.Http.HttpClient.Timeout"/> is turned off: this one applies.</summary>
    public TimeSpan? Timeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>The largest body PgRest buffers (see <see cref="PostgrestClientOptions.MaxBufferedBodySize"/>).
    /// Default: <see cref="PostgrestClientOptions.DefaultMaxBufferedBodySize"/> (256 MiB).</summary>
    public long MaxBufferedBodySize { get; set; } = PostgrestClientOptions.DefaultMaxBufferedBodySize;

    /// <summary>Names of further headers whose values are credentials (see
    /// <see cref="PostgrestClientOptions.SensitiveHeaders"/>): redacted and scrubbed from everything the client
    /// prints.</summary>
    public IList<string> SensitiveHeaders { get; } = new List<string>();

    /// <summary>PgRest's own retries of GET and HEAD (see <see cref="PostgrestRetryOptions"/>), and whether they
    /// are on when the HttpClient has a resilience handler of its own.</summary>
    public PostgrestRetrySettings Retry { get; } = new();

    /// <summary>JSON options for bodies and rows (not read from configuration); null for
    /// <see cref="PostgrestClient.DefaultJsonOptions"/>. The client copies them.</summary>
    public JsonSerializerOptions? JsonSerializerOptions { get; set; }
}

/// <summary>
/// The configuration-bound form of <see cref="PostgrestRetryOptions"/>, plus <see cref="Enabled"/>: whether PgRest
/// retries at all, which by default depends on the HttpClient's handlers.
/// </summary>
public sealed class PostgrestRetrySettings
{
    /// <summary>
    /// Whether PgRest's own retries are on. null (the default): on, unless the client's HttpClient pipeline holds a
    /// resilience handler — a <c>ResilienceHandler</c> of Microsoft.Extensions.Http.Resilience (e.g.
    /// <c>AddStandardResilienceHandler()</c>, also when added to every client by <c>ConfigureHttpClientDefaults</c>)
    /// or a <c>PolicyHttpMessageHandler</c> of Microsoft.Extensions.Http.Polly — so that a request is retried by
    /// one layer only. true: on regardless (attempts then multiply: PgRest's times the handler's). false: off
    /// (every request is sent once by PgRest; your own handlers may still repeat it).
    /// </summary>
    public bool? Enabled { get; set; }

    /// <summary>Attempts in all, the first included (1 disables retries). Default: 3.</summary>
    public int MaxAttempts { get; set; } = PostgrestRetryOptions.Default.MaxAttempts;

    /// <summary>The delay before the first retry, doubled for each further one (before jitter).
    /// Default: 100 ms.</summary>
    public TimeSpan BaseDelay { get; set; } = PostgrestRetryOptions.Default.BaseDelay;

    /// <summary>The longest single delay, also the cap of a server's <c>Retry-After</c>. Default: 2 s.</summary>
    public TimeSpan MaxDelay { get; set; } = PostgrestRetryOptions.Default.MaxDelay;

    /// <summary>The longest time spent waiting between attempts, added up. Default: 10 s.</summary>
    public TimeSpan MaxTotalDelay { get; set; } = PostgrestRetryOptions.Default.MaxTotalDelay;

    /// <summary>Called before each retry (for logging or metrics); must not throw. Not read from configuration: set
    /// it with <c>services.AddOptions&lt;PostgrestClientSettings&gt;(name).Configure&lt;ILoggerFactory&gt;(…)</c> to
    /// use a logger from the container.</summary>
    public Action<PostgrestRetryEvent>? OnRetry { get; set; }
}
