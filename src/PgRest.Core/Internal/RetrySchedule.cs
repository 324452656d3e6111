using System;
using System.Globalization;
using System.Net.Http;
using System.Net.Sockets;

namespace PgRest.Internal;

/// <summary>
/// The retry decisions for one request: only GET and HEAD, only transient failures, exponential backoff with
/// full jitter, <c>Retry-After</c> honoured, attempts and total delay bounded.
/// </summary>
internal sealed class RetrySchedule(PostgrestRequest request, PostgrestRetryOptions options)
{
    private readonly bool _idempotent = request.Method == HttpMethod.Get || request.Method == HttpMethod.Head;
    private TimeSpan _waited = TimeSpan.Zero;

    /// <summary>The current attempt, 1 for the first.</summary>
    public int Attempt { get; private set; } = 1;

    public bool ShouldRetry(PostgrestResponse response, out TimeSpan delay)
    {
        delay = TimeSpan.Zero;
        if (response.StatusCode is not (502 or 503 or 504 or 520))
        {
            return false;
        }

        return Next(RetryAfter(response), response.StatusCode, null, out delay);
    }

    public bool ShouldRetry(HttpRequestException exception, out TimeSpan delay)
    {
        delay = TimeSpan.Zero;
        return IsConnectionFailure(exception) && Next(null, null, exception, out delay);
    }

    private bool Next(TimeSpan? serverDelay, int? status, Exception? exception, out TimeSpan delay)
    {
        delay = TimeSpan.Zero;
        if (!_idempotent || Attempt >= options.MaxAttempts)
        {
            return false;
        }

        // In ticks as a double: BaseDelay * 2^(n-1) overflows TimeSpan after a few dozen attempts.
        var backoff = options.BaseDelay.Ticks * Math.Pow(2, Attempt - 1);
        var capped = backoff < options.MaxDelay.Ticks ? TimeSpan.FromTicks((long)backoff) : options.MaxDelay;
        var jittered = TimeSpan.FromTicks((long)(capped.Ticks * Random.Shared.NextDouble()));

        // Retry-After is a floor, not a replacement: PostgREST 12 answers its schema-cache 503 with
        // "Retry-After: 0", which taken literally burns every attempt within milliseconds.
        delay = serverDelay is { } s && s > jittered
            ? (s < options.MaxDelay ? s : options.MaxDelay)
            : jittered;
        if (_waited + delay > options.MaxTotalDelay)
        {
            return false;
        }

        options.OnRetry?.Invoke(new PostgrestRetryEvent(
            request.Method.Method, request.PathAndQuery, Attempt, status, exception, delay));
        Telemetry.Retries.Add(1);
        _waited += delay;
        Attempt++;
        return true;
    }

    /// <summary>Connection refused or reset, or the connection closed before an answer: the request did not reach
    /// PostgreSQL in a way that could have changed anything, and GET/HEAD change nothing anyway.</summary>
    private static bool IsConnectionFailure(HttpRequestException e)
    {
        if (e.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.ResponseEnded
            or HttpRequestError.ProxyTunnelError)
        {
            return true;
        }

        for (Exception? inner = e.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.ConnectionReset })
            {
                return true;
            }
        }

        return false;
    }

    private static TimeSpan? RetryAfter(PostgrestResponse response)
    {
        var value = response.GetHeader("Retry-After");
        if (value is null)
        {
            return null;
        }

        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return TimeSpan.FromSeconds(seconds);
        }

        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? (at - DateTimeOffset.UtcNow is var d && d > TimeSpan.Zero ? d : TimeSpan.Zero)
            : null;
    }
}
