using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace PgRest.Internal;

/// <summary>
/// Sends rendered requests. It never decides encoding; it applies the timeout (per attempt), tells a timeout from
/// the caller's cancellation, retries idempotent requests after transient failures (a body cut off mid-way
/// included), records telemetry, refuses an answer that came from another URL (a redirect followed by an injected
/// handler), and buffers (up to the client's limit; an error body up to 64 KiB) or streams the body.
/// </summary>
internal sealed class HttpExecutor(
    HttpClient http, JsonSerializerOptions json, PostgrestRetryOptions retry, long maxBody, Secrets secrets)
{
    /// <summary>The client's credential headers (shared by the clients derived from it, like this executor).</summary>
    public Secrets Secrets => secrets;

    public async Task<PostgrestResponse> SendAsync(PostgrestRequest request, CancellationToken cancellationToken)
    {
        var retries = new RetrySchedule(request, retry);
        while (true)
        {
            var started = Stopwatch.GetTimestamp();
            using var activity = Telemetry.Start(request, retries.Attempt);
            PostgrestResponse response;
            string? bearer;
            try
            {
                (response, bearer) = await SendOnceAsync(request, retries.Attempt, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException e) when (retries.ShouldRetry(e, out var delay))
            {
                Record(activity, started, null, e);
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                continue;
            }
            catch (Exception e)
            {
                Record(activity, started, null, e);
                throw;
            }

            Record(activity, started, response, null);
            if (await RefreshAsync(request, response, bearer, retries, cancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            if (retries.ShouldRetry(response, out var wait))
            {
                await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
                continue;
            }

            return response;
        }
    }

    public PostgrestResponse Send(PostgrestRequest request, CancellationToken cancellationToken)
    {
        if (request.TokenProvider is not null)
        {
            // The provider is asynchronous and waiting for it here would be sync-over-async.
            throw new InvalidOperationException(
                "This client asks an access-token provider for its bearer token, which is asynchronous: use the async "
                + "methods (SendAsync, ToListAsync, …), or a client with a fixed token (WithBearer) for synchronous calls.");
        }

        var retries = new RetrySchedule(request, retry);
        while (true)
        {
            var started = Stopwatch.GetTimestamp();
            using var activity = Telemetry.Start(request, retries.Attempt);
            PostgrestResponse response;
            try
            {
                response = SendOnce(request, retries.Attempt, cancellationToken);
            }
            catch (HttpRequestException e) when (retries.ShouldRetry(e, out var delay))
            {
                Record(activity, started, null, e);
                Sleep(delay, cancellationToken);
                continue;
            }
            catch (Exception e)
            {
                Record(activity, started, null, e);
                throw;
            }

            Record(activity, started, response, null);
            if (retries.ShouldRetry(response, out var wait))
            {
                Sleep(wait, cancellationToken);
                continue;
            }

            return response;
        }
    }

    /// <summary>
    /// Sends a request and returns the open response when the status is 2xx (the caller reads and disposes it);
    /// an error status is read, disposed and thrown as <see cref="PostgrestException"/>. Transient failures before
    /// the first byte of the body are retried like any idempotent request. The timeout covers the wait for the
    /// response headers only.
    /// </summary>
    public Task<(HttpResponseMessage Response, Stream Body)> OpenStreamAsync(
        PostgrestRequest request, CancellationToken cancellationToken) =>
        ReadAsync(
            request,
            cancellationToken,
            async (response, _, caller) =>
                (response, (Stream)new HeadRecordingStream(
                    await response.Content.ReadAsStreamAsync(caller).ConfigureAwait(false), 0, long.MaxValue, request,
                    (int)response.StatusCode)),
            keepResponse: true);

    /// <summary>
    /// Sends a request and decodes a 2xx body as JSON straight from the response stream (no copy of the body is
    /// kept); an error status is thrown as <see cref="PostgrestException"/>. The timeout covers the whole read.
    /// </summary>
    /// <exception cref="PostgrestUnexpectedResponseException">The body is empty or not a <typeparamref name="T"/>.</exception>
    public Task<T> ReadJsonAsync<T>(PostgrestRequest request, CancellationToken cancellationToken) =>
        ReadAsync(
            request,
            cancellationToken,
            async (response, token, _) =>
            {
                var status = (int)response.StatusCode;
                if (response.Content.Headers.ContentLength == 0)
                {
                    throw Unexpected(request, status, DecodeMessages.NoBody, string.Empty, null);
                }

                var stream = new HeadRecordingStream(
                    await response.Content.ReadAsStreamAsync(token).ConfigureAwait(false), PostgrestError.SnippetLength,
                    maxBody, request, status);
                await using (stream.ConfigureAwait(false))
                {
                    T? value;
                    try
                    {
                        value = await JsonSerializer.DeserializeAsync<T>(stream, json, token).ConfigureAwait(false);
                    }
                    catch (Exception e) when (e is JsonException or NotSupportedException)
                    {
                        throw Unexpected(
                            request, status, DecodeMessages.CannotRead<T>(e), PostgrestError.Snippet(stream.Head, request.Scrub), e);
                    }

                    // Read to the end of the body (at most the end of a chunked encoding is left) so that the connection
                    // goes back to the pool now: a response disposed before its end is drained in the background, and
                    // meanwhile the next request opens another connection.
                    await DrainAsync(stream, token).ConfigureAwait(false);
                    return value is null && default(T) is not null
                        ? throw Unexpected(request, status, DecodeMessages.JsonNull, "null", null)
                        : value!;
                }
            },
            keepResponse: false);

    /// <summary>
    /// The loop shared by the reads that consume a successful response themselves: send, retry transient failures
    /// (connection failures, 502/503/504/520) of idempotent requests, throw an error status as
    /// <see cref="PostgrestException"/>, and hand a 2xx response to <paramref name="read"/> (called with the
    /// timeout's token and the caller's). With <paramref name="keepResponse"/>, the response is the caller's to
    /// dispose once <paramref name="read"/> returns.
    /// </summary>
    private async Task<TResult> ReadAsync<TResult>(
        PostgrestRequest request, CancellationToken cancellationToken,
        Func<HttpResponseMessage, CancellationToken, CancellationToken, Task<TResult>> read, bool keepResponse)
    {
        var retries = new RetrySchedule(request, retry);
        while (true)
        {
            var started = Stopwatch.GetTimestamp();
            using var timeout = TimeoutSource(request, cancellationToken);
            var token = timeout?.Token ?? cancellationToken;
            HttpResponseMessage? response = null;
            using var activity = Telemetry.Start(request, retries.Attempt);
            try
            {
                var bearer = await BearerAsync(request, token).ConfigureAwait(false);
                using var message = request.ToHttpRequestMessage(bearer);
                Telemetry.Requests.Add(1);
                response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, token).ConfigureAwait(false);
                EnsureNotRedirected(request, message, response);
                if (!response.IsSuccessStatusCode)
                {
                    var (body, cut) = await ReadBodyAsync(request, response, token).ConfigureAwait(false);
                    var failed = new PostgrestResponse(
                        request, (int)response.StatusCode, HeadersOf(response), body, json, retries.Attempt, cut);
                    Record(activity, started, failed, null);
                    if (await RefreshAsync(request, failed, bearer, retries, cancellationToken).ConfigureAwait(false))
                    {
                        continue;
                    }

                    if (retries.ShouldRetry(failed, out var wait))
                    {
                        await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
                        continue;
                    }

                    failed.EnsureSuccess();
                }

                var result = await read(response, token, cancellationToken).ConfigureAwait(false);
                RecordSuccess(activity, started, (int)response.StatusCode);
                if (keepResponse)
                {
                    response = null;
                }

                return result;
            }
            catch (HttpRequestException e) when (retries.ShouldRetry(e, out var delay))
            {
                Record(activity, started, null, e);
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException e) when (IsTimeout(e, timeout, cancellationToken))
            {
                Record(activity, started, null, e);
                throw TimeoutError(request, e);
            }
            catch (Exception e) when (e is not PostgrestException)
            {
                Record(activity, started, null, e);
                throw;
            }
            finally
            {
                response?.Dispose();
            }
        }
    }

    private async Task<(PostgrestResponse Response, string? Bearer)> SendOnceAsync(
        PostgrestRequest request, int attempt, CancellationToken cancellationToken)
    {
        using var timeout = TimeoutSource(request, cancellationToken);
        var token = timeout?.Token ?? cancellationToken;
        try
        {
            var bearer = await BearerAsync(request, token).ConfigureAwait(false);
            using var message = request.ToHttpRequestMessage(bearer);
            Telemetry.Requests.Add(1);
            using var response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, token)
                .ConfigureAwait(false);
            EnsureNotRedirected(request, message, response);
            var (body, cut) = await ReadBodyAsync(request, response, token).ConfigureAwait(false);
            return (new PostgrestResponse(request, (int)response.StatusCode, HeadersOf(response), body, json, attempt, cut), bearer);
        }
        catch (OperationCanceledException e) when (IsTimeout(e, timeout, cancellationToken))
        {
            throw TimeoutError(request, e);
        }
    }

    /// <summary>The provider token for this attempt (null without a provider): the one already asked for after a
    /// rejected token, else the provider's answer now.</summary>
    private static async ValueTask<string?> BearerAsync(PostgrestRequest request, CancellationToken token)
    {
        if (request.TokenProvider is not { } provider)
        {
            return null;
        }

        if (request.NextToken is { } next)
        {
            request.NextToken = null;
            return next;
        }

        return await AskAsync(request, provider, token).ConfigureAwait(false);
    }

    /// <summary>
    /// Asks the provider for a token (cancelled by the caller or the attempt's timeout, which stay
    /// <see cref="OperationCanceledException"/>s for the caller to translate). Anything else it throws, and a token
    /// that cannot be sent, is <see cref="PostgrestAccessTokenException"/>: not an <see cref="HttpRequestException"/>,
    /// so the retry schedule never mistakes a failing token source for a failing server. The token is recorded for
    /// scrubbing before anything can echo it.
    /// </summary>
    private static async ValueTask<string> AskAsync(
        PostgrestRequest request, Func<CancellationToken, ValueTask<string>> provider, CancellationToken token)
    {
        string? value;
        try
        {
            value = await provider(token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            // The provider's message is not repeated: it may come from a token endpoint and hold a secret.
            throw new PostgrestAccessTokenException(
                $"The access-token provider threw {e.GetType().Name} (see the inner exception); nothing was sent",
                request.Method.Method, request.PathAndQuery, e);
        }

        if (string.IsNullOrEmpty(value))
        {
            throw new PostgrestAccessTokenException(
                "The access-token provider returned an empty token; nothing was sent", request.Method.Method,
                request.PathAndQuery);
        }

        foreach (var c in value)
        {
            if (c is < '!' or > '~')
            {
                throw new PostgrestAccessTokenException(
                    "The access-token provider returned a token with a character an HTTP header cannot carry (a JWT is "
                    + "printable ASCII without spaces); nothing was sent",
                    request.Method.Method, request.PathAndQuery);
            }
        }

        request.AddToken(value);
        return value;
    }

    /// <summary>
    /// After PostgREST rejected a provider token (401 <c>PGRST301</c>: expired, bad signature, not a JWT — decided
    /// before any transaction, so nothing ran, writes included): asks the provider once more, within a timeout of its
    /// own, and when it returns another token keeps it for the next attempt and counts the attempt. At most once per
    /// request; false (the 401 stands) when the provider returns the token that was just rejected.
    /// </summary>
    private static async ValueTask<bool> RefreshAsync(
        PostgrestRequest request, PostgrestResponse failed, string? sent, RetrySchedule retries,
        CancellationToken cancellationToken)
    {
        if (sent is null || request.TokenProvider is not { } provider || !retries.MayRefresh || !IsRejectedToken(failed))
        {
            return false;
        }

        using var timeout = TimeoutSource(request, cancellationToken);
        string fresh;
        try
        {
            fresh = await AskAsync(request, provider, timeout?.Token ?? cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (IsTimeout(e, timeout, cancellationToken))
        {
            throw TimeoutError(request, e);
        }

        if (string.Equals(fresh, sent, StringComparison.Ordinal))
        {
            return false;
        }

        request.NextToken = fresh;
        retries.Refreshed();
        return true;
    }

    /// <summary>PostgREST's answer to a token it does not accept: 401 with the code <c>PGRST301</c>, or — for HEAD,
    /// which has no body — with <c>WWW-Authenticate: Bearer error="invalid_token", …</c>, which PostgREST sends with
    /// every PGRST301 (RFC 6750's code for an expired, revoked or malformed token).</summary>
    private static bool IsRejectedToken(PostgrestResponse response) =>
        response.StatusCode == 401
        && (response.Error?.Code == "PGRST301"
            || (response.GetHeader("WWW-Authenticate") is { } challenge
                && challenge.Contains("error=\"invalid_token\"", StringComparison.OrdinalIgnoreCase)));

    private PostgrestResponse SendOnce(PostgrestRequest request, int attempt, CancellationToken cancellationToken)
    {
        using var timeout = TimeoutSource(request, cancellationToken);
        var token = timeout?.Token ?? cancellationToken;
        try
        {
            using var message = request.ToHttpRequestMessage();
            Telemetry.Requests.Add(1);

            using var response = http.Send(message, HttpCompletionOption.ResponseHeadersRead, token);
            EnsureNotRedirected(request, message, response);

            // A synchronous Stream.Read cannot be cancelled: like HttpClient's own buffering, tear the response down
            // when the token fires, so that a server that sent its headers and then stalled cannot hang the call past
            // its timeout or the caller's cancellation.
            (ReadOnlyMemory<byte> Body, bool Cut) read;
            using (token.Register(static r => ((HttpResponseMessage)r!).Dispose(), response))
            {
                try
                {
                    read = ReadBody(request, response, token);
                }
                catch (Exception e) when (token.IsCancellationRequested && e is not OperationCanceledException)
                {
                    throw new OperationCanceledException("The request was cancelled while reading the body.", e, token);
                }
            }

            return new PostgrestResponse(
                request, (int)response.StatusCode, HeadersOf(response), read.Body, json, attempt, read.Cut);
        }
        catch (OperationCanceledException e) when (IsTimeout(e, timeout, cancellationToken))
        {
            throw TimeoutError(request, e);
        }
    }

    /// <summary>
    /// Reads a whole body into memory, counting the bytes as they come (after decompression; Content-Length only
    /// sizes the first allocation, never beyond the limit). A 2xx body past the client's limit throws
    /// <see cref="PostgrestResponseTooLargeException"/>; an error body is read up to
    /// <see cref="PostgrestError.ErrorBodyLimit"/> and the rest left unread (<c>Cut</c>). Either way the caller
    /// disposes the response without reading further, which closes the connection.
    /// </summary>
    private async Task<(ReadOnlyMemory<byte> Body, bool Cut)> ReadBodyAsync(
        PostgrestRequest request, HttpResponseMessage response, CancellationToken token)
    {
        if (request.Method == HttpMethod.Head)
        {
            return (ReadOnlyMemory<byte>.Empty, false);
        }

        var buffer = new BodyBuffer(response, response.IsSuccessStatusCode ? maxBody : PostgrestError.ErrorBodyLimit);
        var stream = await response.Content.ReadAsStreamAsync(token).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            try
            {
                while (await stream.ReadAsync(buffer.Free(), token).ConfigureAwait(false) is var read and > 0
                    && buffer.Advance(read))
                {
                }
            }
            catch (IOException e)
            {
                throw BodyFailure(e);
            }
        }

        return buffer.Finish(request, (int)response.StatusCode);
    }

    /// <summary>The synchronous <see cref="ReadBodyAsync"/>.</summary>
    private (ReadOnlyMemory<byte> Body, bool Cut) ReadBody(
        PostgrestRequest request, HttpResponseMessage response, CancellationToken token)
    {
        if (request.Method == HttpMethod.Head)
        {
            return (ReadOnlyMemory<byte>.Empty, false);
        }

        var buffer = new BodyBuffer(response, response.IsSuccessStatusCode ? maxBody : PostgrestError.ErrorBodyLimit);
        using (var stream = response.Content.ReadAsStream(token))
        {
            try
            {
                while (stream.Read(buffer.Free().Span) is var read and > 0 && buffer.Advance(read))
                {
                }
            }
            catch (IOException e)
            {
                throw BodyFailure(e);
            }
        }

        return buffer.Finish(request, (int)response.StatusCode);
    }

    /// <summary>A body that broke off after the headers (connection reset, fewer bytes than Content-Length, a
    /// chunked body without its end): a transport failure like one before the answer, reported as
    /// <see cref="HttpRequestException"/> (<see cref="HttpRequestError.ResponseEnded"/> unless the transport named
    /// another cause), which the retry schedule retries for GET and HEAD.</summary>
    internal static HttpRequestException BodyFailure(IOException e) =>
        new(
            e is HttpIOException { HttpRequestError: not HttpRequestError.Unknown } h
                ? h.HttpRequestError
                : HttpRequestError.ResponseEnded,
            "The response body broke off before its end: " + e.Message,
            e);

    /// <summary>
    /// Fails an answer that came from another URL than the request's. The client's own handler never follows
    /// redirects; an injected HttpClient that does has already sent the request to the new address (with every
    /// header but Authorization, which .NET drops), so this cannot take that back: it keeps the foreign answer from
    /// being used as PostgREST's. The message names the other origin only.
    /// </summary>
    private static void EnsureNotRedirected(
        PostgrestRequest request, HttpRequestMessage message, HttpResponseMessage response)
    {
        var sent = response.RequestMessage?.RequestUri ?? message.RequestUri;
        if (sent is null || ReferenceEquals(sent, request.Uri) || sent == request.Uri)
        {
            return;
        }

        throw new PostgrestUnexpectedResponseException(
            $"The request was redirected to {sent.Scheme}://{sent.Authority} by the HttpClient's handler, which followed "
            + "the redirect and sent the request there (with every header but Authorization). PgRest never follows "
            + "redirects and did not use that answer: configure the injected HttpClient with AllowAutoRedirect = false",
            (int)response.StatusCode, string.Empty, request.Method.Method, request.PathAndQuery);
    }

    /// <summary>
    /// A body buffer that stops one byte past its limit. Bytes go into a list of chunks (the first sized by
    /// Content-Length, capped by the limit, then growing to at most 4 MiB each, the last cut to the limit), never
    /// reallocated: a body past the limit (a gzip bomb) costs the limit plus one byte, not the doubling steps of a
    /// growing array (about 3× the limit). A body within the limit that filled more than one chunk is copied once
    /// into an exact array (about 2× its size at the peak).
    /// </summary>
    private sealed class BodyBuffer
    {
        private const int FirstChunk = 16 * 1024;
        private const int LargestChunk = 4 * 1024 * 1024;

        private readonly long _limit;
        private readonly List<byte[]> _full = [];
        private byte[] _current;
        private int _used;
        private long _length;

        public BodyBuffer(HttpResponseMessage response, long limit)
        {
            _limit = limit;

            // Content-Length sizes the first chunk (plus one byte to see the end without another), never beyond the
            // limit; the count of bytes actually read decides (a decompressed body is longer).
            var first = response.Content.Headers.ContentLength is { } declared and >= 0
                ? Math.Min(declared, limit) + 1
                : Math.Min(FirstChunk, limit + 1);
            _current = new byte[first];
        }

        public Memory<byte> Free()
        {
            if (_used == _current.Length)
            {
                _full.Add(_current);
                var room = _limit + 1 - _length;
                _current = new byte[Math.Min(room, Math.Clamp(_current.Length * 2L, FirstChunk, LargestChunk))];
                _used = 0;
            }

            return _current.AsMemory(_used);
        }

        /// <summary>Counts <paramref name="read"/> bytes; false once past the limit.</summary>
        public bool Advance(int read)
        {
            _used += read;
            _length += read;
            return _length <= _limit;
        }

        public (ReadOnlyMemory<byte> Body, bool Cut) Finish(PostgrestRequest request, int status)
        {
            var cut = _length > _limit;
            if (cut && status is >= 200 and < 300)
            {
                // The snippet needs only the start of the body: no copy of the rest.
                throw new PostgrestResponseTooLargeException(
                    _limit, status, PostgrestError.Snippet(Start(PostgrestError.SnippetWindow), request.Scrub),
                    request.Method.Method, request.PathAndQuery);
            }

            var length = (int)Math.Min(_length, _limit);
            return _full.Count == 0 ? (new ReadOnlyMemory<byte>(_current, 0, length), cut) : (Start(length), cut);
        }

        /// <summary>The first <paramref name="count"/> bytes read (fewer if fewer were read), in one array.</summary>
        private byte[] Start(int count)
        {
            var result = new byte[(int)Math.Min(count, _length)];
            var at = 0;
            foreach (var chunk in _full)
            {
                var n = Math.Min(chunk.Length, result.Length - at);
                chunk.AsSpan(0, n).CopyTo(result.AsSpan(at));
                at += n;
            }

            _current.AsSpan(0, Math.Min(_used, result.Length - at)).CopyTo(result.AsSpan(at));
            return result;
        }
    }

    private static async Task DrainAsync(Stream stream, CancellationToken token)
    {
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(512);
        try
        {
            while (await stream.ReadAsync(buffer, token).ConfigureAwait(false) > 0)
            {
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void RecordSuccess(Activity? activity, long started, int status)
    {
        Telemetry.Duration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
        activity?.SetTag("http.response.status_code", status);
    }

    private static PostgrestUnexpectedResponseException Unexpected(
        PostgrestRequest request, int status, string message, string snippet, Exception? inner) =>
        new(request.Scrub(message)!, status, snippet, request.Method.Method, request.PathAndQuery, inner);

    private static void Record(Activity? activity, long started, PostgrestResponse? response, Exception? error)
    {
        Telemetry.Duration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
        if (activity is null)
        {
            return;
        }

        if (response is not null)
        {
            activity.SetTag("http.response.status_code", response.StatusCode);
            if (response.Error is { } e)
            {
                activity.SetTag("db.response.status_code", e.Code);
                activity.SetStatus(ActivityStatusCode.Error, e.Code ?? response.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        else if (error is not null)
        {
            activity.SetTag("error.type", error.GetType().FullName);
            activity.SetStatus(ActivityStatusCode.Error, error.GetType().Name);
        }
    }

    private static void Sleep(TimeSpan delay, CancellationToken cancellationToken)
    {
        if (cancellationToken.WaitHandle.WaitOne(delay))
        {
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    private static CancellationTokenSource? TimeoutSource(PostgrestRequest request, CancellationToken cancellationToken)
    {
        // Longer than a timer holds (about 24.8 days; the client's option refuses it, a query's own may not): no
        // timeout rather than an ArgumentOutOfRangeException in the middle of a call.
        if (request.Timeout is not { } t || t == Timeout.InfiniteTimeSpan || t > PostgrestRetryOptions.LongestDelay)
        {
            return null;
        }

        var source = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        source.CancelAfter(t);
        return source;
    }

    private static bool IsTimeout(OperationCanceledException e, CancellationTokenSource? timeout, CancellationToken caller) =>
        !caller.IsCancellationRequested
        && ((timeout?.IsCancellationRequested ?? false) || e.InnerException is TimeoutException);

    private static PostgrestTimeoutException TimeoutError(PostgrestRequest request, Exception inner) =>
        new(request.Timeout ?? TimeSpan.Zero, request.Method.Method, request.PathAndQuery, inner);

    private static List<KeyValuePair<string, string>> HeadersOf(HttpResponseMessage response)
    {
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            foreach (var value in values)
            {
                headers.Add(new KeyValuePair<string, string>(name, value));
            }
        }

        return headers;
    }
}
