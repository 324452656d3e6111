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
/// the caller's cancellation, retries idempotent requests after transient failures, records telemetry, and
/// buffers or streams the body.
/// </summary>
internal sealed class HttpExecutor(HttpClient http, JsonSerializerOptions json, PostgrestRetryOptions retry)
{
    public async Task<PostgrestResponse> SendAsync(PostgrestRequest request, CancellationToken cancellationToken)
    {
        var retries = new RetrySchedule(request, retry);
        while (true)
        {
            var started = Stopwatch.GetTimestamp();
            using var activity = Telemetry.Start(request, retries.Attempt);
            PostgrestResponse response;
            try
            {
                response = await SendOnceAsync(request, retries.Attempt, cancellationToken).ConfigureAwait(false);
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
            static async (response, _, caller) =>
                (response, await response.Content.ReadAsStreamAsync(caller).ConfigureAwait(false)),
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
                    await response.Content.ReadAsStreamAsync(token).ConfigureAwait(false), PostgrestError.SnippetLength);
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
                            request, status, DecodeMessages.CannotRead<T>(e), PostgrestError.Snippet(stream.Head), e);
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
                using var message = request.ToHttpRequestMessage();
                Telemetry.Requests.Add(1);
                response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, token).ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                {
                    var body = await response.Content.ReadAsByteArrayAsync(token).ConfigureAwait(false);
                    var failed = new PostgrestResponse(
                        request, (int)response.StatusCode, HeadersOf(response), body, json, retries.Attempt);
                    Record(activity, started, failed, null);
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

    private async Task<PostgrestResponse> SendOnceAsync(PostgrestRequest request, int attempt, CancellationToken cancellationToken)
    {
        using var timeout = TimeoutSource(request, cancellationToken);
        var token = timeout?.Token ?? cancellationToken;
        try
        {
            using var message = request.ToHttpRequestMessage();
            Telemetry.Requests.Add(1);
            using var response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, token)
                .ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync(token).ConfigureAwait(false);
            return new PostgrestResponse(request, (int)response.StatusCode, HeadersOf(response), body, json, attempt);
        }
        catch (OperationCanceledException e) when (IsTimeout(e, timeout, cancellationToken))
        {
            throw TimeoutError(request, e);
        }
    }

    private PostgrestResponse SendOnce(PostgrestRequest request, int attempt, CancellationToken cancellationToken)
    {
        using var timeout = TimeoutSource(request, cancellationToken);
        var token = timeout?.Token ?? cancellationToken;
        try
        {
            using var message = request.ToHttpRequestMessage();
            Telemetry.Requests.Add(1);

            // ResponseContentRead: HttpClient buffers the body under `token`. A synchronous Stream.CopyTo cannot be
            // cancelled, so reading the stream ourselves let a server that sent its headers and then stalled hang
            // the call past its timeout and past the caller's cancellation.
            using var response = http.Send(message, HttpCompletionOption.ResponseContentRead, token);
            // The content is buffered already: copy it once into an exact array (a handler that returns an
            // unbuffered stream anyway gets the general copy).
            using var stream = response.Content.ReadAsStream(token);
            byte[] body;
            if (stream.CanSeek)
            {
                body = new byte[stream.Length - stream.Position];
                stream.ReadExactly(body);
            }
            else
            {
                using var buffer = new MemoryStream();
                stream.CopyTo(buffer);
                body = buffer.ToArray();
            }
            return new PostgrestResponse(request, (int)response.StatusCode, HeadersOf(response), body, json, attempt);
        }
        catch (OperationCanceledException e) when (IsTimeout(e, timeout, cancellationToken))
        {
            throw TimeoutError(request, e);
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
        new(message, status, snippet, request.Method.Method, request.PathAndQuery, inner);

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
        if (request.Timeout is not { } t || t == Timeout.InfiniteTimeSpan)
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
