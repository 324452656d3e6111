using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace PgRest.Internal;

/// <summary>
/// Sends rendered requests. It never decides encoding; it applies the timeout, tells a timeout from the caller's
/// cancellation, and buffers or streams the body.
/// </summary>
internal static class HttpExecutor
{
    public static async Task<PostgrestResponse> SendAsync(
        HttpClient http, PostgrestRequest request, JsonSerializerOptions json, CancellationToken cancellationToken)
    {
        using var timeout = TimeoutSource(request, cancellationToken);
        var token = timeout?.Token ?? cancellationToken;
        try
        {
            using var message = request.ToHttpRequestMessage();
            using var response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, token)
                .ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync(token).ConfigureAwait(false);
            return new PostgrestResponse(request, (int)response.StatusCode, HeadersOf(response), body, json);
        }
        catch (OperationCanceledException e) when (IsTimeout(e, timeout, cancellationToken))
        {
            throw TimeoutError(request, e);
        }
    }

    public static PostgrestResponse Send(
        HttpClient http, PostgrestRequest request, JsonSerializerOptions json, CancellationToken cancellationToken)
    {
        using var timeout = TimeoutSource(request, cancellationToken);
        var token = timeout?.Token ?? cancellationToken;
        try
        {
            using var message = request.ToHttpRequestMessage();

            // ResponseContentRead: HttpClient buffers the body under `token`. A synchronous Stream.CopyTo cannot be
            // cancelled, so reading the stream ourselves let a server that sent its headers and then stalled hang
            // the call past its timeout and past the caller's cancellation.
            using var response = http.Send(message, HttpCompletionOption.ResponseContentRead, token);
            using var stream = response.Content.ReadAsStream(token);
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            return new PostgrestResponse(request, (int)response.StatusCode, HeadersOf(response), buffer.ToArray(), json);
        }
        catch (OperationCanceledException e) when (IsTimeout(e, timeout, cancellationToken))
        {
            throw TimeoutError(request, e);
        }
    }

    /// <summary>
    /// Sends a request and returns the open response when the status is 2xx (the caller reads and disposes it);
    /// an error status is read, disposed and thrown as <see cref="PostgrestException"/>.
    /// </summary>
    public static async Task<(HttpResponseMessage Response, Stream Body)> OpenStreamAsync(
        HttpClient http, PostgrestRequest request, JsonSerializerOptions json, CancellationToken cancellationToken)
    {
        using var timeout = TimeoutSource(request, cancellationToken);
        var token = timeout?.Token ?? cancellationToken;
        HttpResponseMessage? response = null;
        try
        {
            using var message = request.ToHttpRequestMessage();
            response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                var body = await response.Content.ReadAsByteArrayAsync(token).ConfigureAwait(false);
                new PostgrestResponse(request, (int)response.StatusCode, HeadersOf(response), body, json).EnsureSuccess();
            }

            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            var result = (response, stream);
            response = null;
            return result;
        }
        catch (OperationCanceledException e) when (IsTimeout(e, timeout, cancellationToken))
        {
            throw TimeoutError(request, e);
        }
        finally
        {
            response?.Dispose();
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
