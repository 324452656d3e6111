using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using PgRest.Internal;

namespace PgRest;

/// <summary>
/// The entry point: a thread-safe, immutable PostgREST client. Settings are frozen at construction; the
/// <c>With…</c> methods return derived clients that share the same HTTP connection pool and leave this client
/// unchanged. Dispose the client you created (derived clients share its connections and need no disposal).
/// </summary>
public sealed partial class PostgrestClient : IDisposable
{
    private readonly HttpTransport _transport;
    private readonly bool _ownsTransport;
    private readonly string? _bearer;
    private readonly string? _basic;
    private readonly Func<CancellationToken, ValueTask<string>>? _tokenProvider;
    private readonly bool _injectedHttp;
    private readonly ImmutableList<KeyValuePair<string, string>> _headers;
    private readonly ClientSettings _settings;
    private readonly HttpExecutor _executor;

    /// <summary>Creates a client for the PostgREST server at <paramref name="baseUrl"/>.</summary>
    /// <param name="baseUrl">The server's root URL (e.g. <c>http://127.0.0.1:3000</c>); a path prefix
    /// (<c>http://host/api/v1</c>) is kept, trailing slashes are not significant.</param>
    /// <param name="options">Schema, headers, HttpClient, timeout and JSON options.</param>
    /// <exception cref="ArgumentException">The URL is not an absolute http(s) URL; it has a query (<c>?…</c>), a
    /// fragment (<c>#…</c>) or user info (<c>user:password@</c>), which a base URL cannot carry (send keys with
    /// <see cref="PostgrestClientOptions.Headers"/> or <see cref="WithHeader"/>, credentials with
    /// <see cref="WithBasicAuth"/> or <see cref="WithBearer"/>); it holds a control character (raw or
    /// percent-encoded) or an IPv6 zone id (<c>[fe80::1%25eth0]</c>, which HttpClient would drop); or an option is
    /// invalid.</exception>
    public PostgrestClient(string baseUrl, PostgrestClientOptions? options = null)
        : this(ParseBaseUrl(baseUrl), options, nameof(baseUrl))
    {
    }

    /// <summary>Creates a client for the PostgREST server at <paramref name="baseUri"/>.</summary>
    /// <param name="baseUri">The server's root URL; a path prefix is kept.</param>
    /// <param name="options">Schema, headers, HttpClient, timeout and JSON options.</param>
    /// <exception cref="ArgumentException">The URI is not an absolute http(s) URI; it has a query, a fragment,
    /// user info, a control character or an IPv6 zone id (see <see cref="PostgrestClient(string, PostgrestClientOptions?)"/>); or an option is
    /// invalid.</exception>
    public PostgrestClient(Uri baseUri, PostgrestClientOptions? options = null)
        : this(baseUri, options, nameof(baseUri))
    {
    }

    private PostgrestClient(Uri baseUri, PostgrestClientOptions? options, string paramName)
    {
        CheckBaseUri(baseUri, paramName);

        options ??= new PostgrestClientOptions();
        if (options.Timeout is { } t && t <= TimeSpan.Zero && t != System.Threading.Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(options), t, "The timeout must be positive.");
        }

        _transport = options.HttpClient is { } http ? HttpTransport.Injected(http) : HttpTransport.CreateOwned();
        _ownsTransport = true;
        _injectedHttp = options.HttpClient is not null;
        _tokenProvider = options.AccessTokenProvider;
        _headers = (options.Headers ?? new Dictionary<string, string>())
            .Select(h => new KeyValuePair<string, string>(
                Guard.HeaderName(h.Key, nameof(options)), Guard.HeaderValue(h.Value, nameof(options))))
            .ToImmutableList();
        var schema = options.Schema is null ? null : Guard.HeaderValue(Guard.NotEmptyName(options.Schema, nameof(options)), nameof(options));
        var json = options.JsonSerializerOptions is { } given
            ? new JsonSerializerOptions(given)
            : DefaultJsonOptions();
        if (!options.AllowMissingColumns)
        {
            StrictRows.Apply(json);
        }

        json.MakeReadOnly(populateMissingResolver: true);
        _settings = new ClientSettings(baseUri, schema, WithAuthorization(_headers, null, null, _tokenProvider), json, options.Timeout);
        var sensitive = new Secrets(
            (options.SensitiveHeaders ?? []).Select(name => Guard.HeaderName(name, nameof(options))).ToList());
        _executor = new HttpExecutor(
            _transport.Client, json, options.Retry ?? PostgrestRetryOptions.Default, options.MaxBufferedBodySize, sensitive);
    }

    private PostgrestClient(
        PostgrestClient parent, ImmutableList<KeyValuePair<string, string>> headers, string? schema, string? bearer, string? basic,
        Func<CancellationToken, ValueTask<string>>? tokenProvider)
    {
        _transport = parent._transport;
        _executor = parent._executor;
        _ownsTransport = false;
        _injectedHttp = parent._injectedHttp;
        _headers = headers;
        _bearer = bearer;
        _basic = basic;
        _tokenProvider = tokenProvider;
        _settings = parent._settings.With(schema, WithAuthorization(headers, bearer, basic, tokenProvider));
    }

    /// <summary>The client's header list with its credentials applied: a bearer token, a token provider or basic
    /// authentication replaces an <c>Authorization</c> header set by hand; the provider's token is added per attempt
    /// by the executor, so its header is not in the list.</summary>
    private static List<KeyValuePair<string, string>> WithAuthorization(
        ImmutableList<KeyValuePair<string, string>> headers, string? bearer, string? basic,
        Func<CancellationToken, ValueTask<string>>? tokenProvider)
    {
        var all = headers.ToList();
        if (bearer is not null || basic is not null || tokenProvider is not null)
        {
            all.RemoveAll(h => string.Equals(h.Key, "Authorization", StringComparison.OrdinalIgnoreCase));
        }

        if (tokenProvider is not null)
        {
            return all;
        }

        if (bearer is not null)
        {
            all.Add(new("Authorization", "Bearer " + bearer));
        }
        else if (basic is not null)
        {
            all.Add(new("Authorization", "Basic " + basic));
        }

        return all;
    }

    /// <summary>The server's root URL.</summary>
    public Uri BaseUri => _settings.BaseUri;

    /// <summary>The default schema, or null for the server's default.</summary>
    public string? Schema => _settings.Schema;

    /// <summary>The default request timeout, or null for none.</summary>
    public TimeSpan? Timeout => _settings.Timeout;

    /// <summary>The (read-only) JSON options used for bodies and rows.</summary>
    public JsonSerializerOptions JsonSerializerOptions => _settings.Json;

    /// <summary>The default JSON options: snake_case property names, case-insensitive reading, enums as their
    /// names (PostgreSQL enum labels; filters format enums the same way), and System.Text.Json's own support of
    /// F# records, options and lists.</summary>
    public static JsonSerializerOptions DefaultJsonOptions() => new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        PropertyNameCaseInsensitive = true,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    /// <summary>A query reading the table or view <paramref name="table"/>, bound to this client.</summary>
    /// <exception cref="ArgumentException">The name is invalid.</exception>
    public PostgrestQuery From(string table) => PostgrestQuery.From(table).Bind(this);

    /// <summary>A call of the function <paramref name="function"/>, bound to this client.</summary>
    /// <exception cref="ArgumentException">The name is invalid.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="method"/> is not a named value.</exception>
    public PostgrestQuery Rpc(string function, object? args = null, RpcMethod method = RpcMethod.Post) =>
        PostgrestQuery.Rpc(function, args, method).Bind(this);

    /// <summary>A client that sends <c>Authorization: Bearer <paramref name="token"/></c> (a JWT). It takes
    /// precedence over basic authentication and over an <c>Authorization</c> header set with
    /// <see cref="WithHeader"/> or <see cref="PostgrestClientOptions.Headers"/>, and it replaces this client's
    /// access-token provider (a fixed token for the derived client, e.g. for one call); a query's own
    /// <c>Authorization</c> header (<see cref="PostgrestQuery.Header"/>) still wins for that query.</summary>
    /// <exception cref="ArgumentException">The token is empty or holds anything but printable ASCII.</exception>
    public PostgrestClient WithBearer(string token)
    {
        Guard.HeaderValue(Guard.NotEmptyName(token, nameof(token)), nameof(token));
        return new PostgrestClient(this, _headers, _settings.Schema, token, _basic, null);
    }

    /// <summary>
    /// A client that asks <paramref name="provider"/> for the bearer token before every attempt (see
    /// <see cref="PostgrestClientOptions.AccessTokenProvider"/> for when it is asked, the one retry after PostgREST
    /// rejects a token, and its failures). Precedence, most specific first: a query's own <c>Authorization</c>
    /// header (the provider is then not asked); the latest of <see cref="WithBearer"/> and
    /// <see cref="WithAccessTokenProvider"/> on the chain of derived clients (each replaces the other); basic
    /// authentication and an <c>Authorization</c> header set with <see cref="WithHeader"/> or
    /// <see cref="PostgrestClientOptions.Headers"/> come last. <see cref="WithoutAccessTokenProvider"/> drops it.
    /// </summary>
    /// <param name="provider">Returns a JWT (without the <c>Bearer</c> prefix); it may be called concurrently by
    /// concurrent requests.</param>
    /// <exception cref="ArgumentNullException"><paramref name="provider"/> is null.</exception>
    public PostgrestClient WithAccessTokenProvider(Func<CancellationToken, ValueTask<string>> provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        return new PostgrestClient(this, _headers, _settings.Schema, null, _basic, provider);
    }

    /// <summary>A client without this client's access-token provider: it sends what it would without one (basic
    /// authentication, or an <c>Authorization</c> header set with <see cref="WithHeader"/> or
    /// <see cref="PostgrestClientOptions.Headers"/>, else no credentials: PostgREST's anonymous role). A client without
    /// a provider is returned as an equivalent derived client.</summary>
    public PostgrestClient WithoutAccessTokenProvider() =>
        new(this, _headers, _settings.Schema, _bearer, _basic, null);

    /// <summary>A client that sends HTTP basic authentication (for a proxy in front of PostgREST, which itself
    /// ignores it). A bearer token or an access-token provider, when also set, wins.</summary>
    /// <exception cref="ArgumentException">The user name is empty or holds ':'; the user name or password holds a control
    /// character or a lone surrogate.</exception>
    public PostgrestClient WithBasicAuth(string userName, string password)
    {
        Guard.NotEmptyName(userName, nameof(userName));
        ArgumentNullException.ThrowIfNull(password);
        Guard.NoControlCharacters(password, nameof(password));
        if (userName.Contains(':'))
        {
            throw new ArgumentException("A basic-auth user name cannot contain ':'.", nameof(userName));
        }

        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes(userName + ":" + password));
        return new PostgrestClient(this, _headers, _settings.Schema, _bearer, basic, _tokenProvider);
    }

    /// <summary>A client whose requests use <paramref name="schema"/> by default.</summary>
    /// <exception cref="ArgumentException">The name is empty or holds anything but printable ASCII (an HTTP header
    /// value).</exception>
    public PostgrestClient WithSchema(string schema) =>
        new(this, _headers, Guard.HeaderValue(Guard.NotEmptyName(schema, nameof(schema)), nameof(schema)), _bearer, _basic,
            _tokenProvider);

    /// <summary>A client that sends one more header (replacing one of the same name) with every request. An
    /// <c>Authorization</c> header set here is sent only when the client has no bearer token, access-token provider or
    /// basic authentication (they replace it).</summary>
    /// <exception cref="ArgumentException">The name is not an HTTP token, or the value holds anything but printable
    /// ASCII, space and tab.</exception>
    public PostgrestClient WithHeader(string name, string value)
    {
        Guard.HeaderName(name, nameof(name));
        Guard.HeaderValue(value, nameof(value));
        var headers = _headers.RemoveAll(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase))
            .Add(new(name, value));
        return new PostgrestClient(this, headers, _settings.Schema, _bearer, _basic, _tokenProvider);
    }

    /// <summary>Renders <paramref name="query"/> into the request this client would send. With an access-token
    /// provider, the <c>Authorization</c> header is not rendered (the provider is asked per attempt when the request is
    /// sent, never here); the request's <see cref="PostgrestRequest.ToString"/> says so.</summary>
    public PostgrestRequest Render(PostgrestQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var request = RequestRenderer.Render(query, _settings);
        request.Secrets = _executor.Secrets;

        // The client's own Authorization header was removed when the provider was set: one here is the query's, which
        // wins for this request.
        if (_tokenProvider is not null && request.GetHeader("Authorization") is null)
        {
            request.TokenProvider = _tokenProvider;
        }

        return request;
    }

    /// <summary>Disposes the HttpClient when this client created it. Derived clients do nothing.</summary>
    public void Dispose()
    {
        if (_ownsTransport)
        {
            _transport.Dispose();
        }
    }

    /// <summary>The base URL, schema and where the credentials come from, never the credentials: <c>auth: token
    /// provider</c>, <c>bearer [redacted]</c>, <c>basic [redacted]</c>, <c>Authorization header [redacted]</c> (set
    /// with <see cref="WithHeader"/> or <see cref="PostgrestClientOptions.Headers"/>), followed by the other credential
    /// headers it sends (<c>apikey [redacted]</c>, …); with none of these, <c>auth: none</c> for a client that owns
    /// its HttpClient, and <c>auth: left to the injected HttpClient</c> for one that sends through an injected
    /// HttpClient, whose handlers may add credentials that the client cannot see.</summary>
    public override string ToString()
    {
        var parts = new List<string>();
        if (_tokenProvider is not null)
        {
            parts.Add("token provider");
        }
        else if (_bearer is not null)
        {
            parts.Add("bearer " + Secrets.Redacted);
        }
        else if (_basic is not null)
        {
            parts.Add("basic " + Secrets.Redacted);
        }

        foreach (var (name, _) in _settings.Headers)
        {
            if (_executor.Secrets.IsSensitive(name)
                && (parts.Count == 0 || !string.Equals(name, "Authorization", StringComparison.OrdinalIgnoreCase)))
            {
                parts.Add((string.Equals(name, "Authorization", StringComparison.OrdinalIgnoreCase) ? "Authorization header" : name)
                    + " " + Secrets.Redacted);
            }
        }

        var auth = parts.Count > 0 ? string.Join(", ", parts) : _injectedHttp ? "left to the injected HttpClient" : "none";
        return $"PostgrestClient({BaseUri}, schema: {Schema ?? "(server default)"}, auth: {auth})";
    }

    /// <summary>The credential header names of this client (the defaults and its <c>SensitiveHeaders</c>).</summary>
    internal Secrets Secrets => _executor.Secrets;

    private static Uri ParseBaseUrl(string baseUrl)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);

        // The text is not quoted in the message: it may hold a password.
        return Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri)
            ? uri
            : throw new ArgumentException(
                "The base URL is not an absolute URL (expected e.g. http://127.0.0.1:3000).", nameof(baseUrl));
    }

    /// <summary>
    /// A base URL is a scheme, a host, a port and an optional path prefix, nothing more: the request path and query are
    /// appended to it, so a query there would swallow the path (<c>/?apikey=k/books?…</c>), a fragment would drop it,
    /// and user info would be sent to nobody (HttpClient does not turn it into a header) yet printed by ToString.
    /// </summary>
    private static void CheckBaseUri(Uri? baseUri, string paramName)
    {
        ArgumentNullException.ThrowIfNull(baseUri, paramName);
        if (!baseUri.IsAbsoluteUri || (baseUri.Scheme != Uri.UriSchemeHttp && baseUri.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException(
                "The base URL must be an absolute http or https URL (e.g. http://127.0.0.1:3000).", paramName);
        }

        if (baseUri.UserInfo.Length > 0 || Authority(baseUri.OriginalString).Contains('@'))
        {
            throw new ArgumentException(
                "The base URL cannot carry user info (user:password@): it would not be sent as credentials. "
                + "Use WithBasicAuth(user, password), WithBearer(token) or a header instead.",
                paramName);
        }

        // Control characters (CR, LF, TAB, …), raw or percent-encoded, would be printed by ToString and logged.
        if (HasControl(baseUri.OriginalString) || HasControl(Uri.UnescapeDataString(baseUri.OriginalString))
            || HasControl(baseUri.ToString()))
        {
            throw new ArgumentException(
                "The base URL cannot hold control characters (CR, LF, TAB, …), raw or percent-encoded.", paramName);
        }

        // HttpClient connects to a link-local IPv6 address without its zone id (`%25eth0`): refused rather than sent
        // through whatever interface the system picks.
        if (baseUri.HostNameType == UriHostNameType.IPv6 && Authority(baseUri.OriginalString).Contains('%'))
        {
            throw new ArgumentException(
                "The base URL cannot carry an IPv6 zone id (%25…): it would be dropped. Use an address or host name "
                + "that routes without one.",
                paramName);
        }

        if (baseUri.Query.Length > 0)
        {
            throw new ArgumentException(
                "The base URL cannot have a query (?…): the request path would be appended to it. Send keys such as "
                + "apikey as headers (PostgrestClientOptions.Headers or WithHeader).",
                paramName);
        }

        if (baseUri.Fragment.Length > 0)
        {
            throw new ArgumentException(
                "The base URL cannot have a fragment (#…): the request path would be lost after it.", paramName);
        }

        static bool HasControl(string text)
        {
            foreach (var c in text)
            {
                if (char.IsControl(c))
                {
                    return true;
                }
            }

            return false;
        }

        // `http://@host/` has an empty user info that Uri does not report.
        static ReadOnlySpan<char> Authority(string url)
        {
            var start = url.IndexOf("://", StringComparison.Ordinal);
            var rest = start < 0 ? ReadOnlySpan<char>.Empty : url.AsSpan(start + 3);
            var end = rest.IndexOfAny('/', '?', '#');
            return end < 0 ? rest : rest[..end];
        }
    }
}
