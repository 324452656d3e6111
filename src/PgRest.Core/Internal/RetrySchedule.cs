using System;
using System.Globalization;
using System.Net.Http;
using System.Net.Sockets;

namespace PgRest.Internal;

/// <summary>
/// The retry decisions for one request: only GET and HEAD, only transient failures, exponential backoff with
/// full jitter, <c>Retry-After</c> honoured as a floor (one longer than the budget ends the retries), attempts and
/// total delay bounded.
/// </summary>
internal sealed class RetrySchedule(PostgrestRequest request, PostgrestRetryOptions options)
{
    private readonly bool _idempotent = request.Method == HttpMethod.Get || request.Method == HttpMethod.Head;
    private TimeSpan _waited = TimeSpan.Zero;
    private bool _refreshed;

    /// <summary>The current attempt, 1 for the first.</summary>
    public int Attempt { get; private set; } = 1;

    /// <summary>Whether the one retry with a fresh provider token is still available.</summary>
    public bool MayRefresh => !_refreshed;

    /// <summary>Counts the retry with a fresh provider token after a 401 <c>PGRST301</c>: reported like a retry
    /// (status 401, no delay), outside the transient-failure budget of <see cref="PostgrestRetryOptions.MaxAttempts"/>
    /// (so it happens with retries off too), and only once.</summary>
    public void Refreshed()
    {
        _refreshed = true;
        options.OnRetry?.Invoke(new PostgrestRetryEvent(
            request.Method.Method, request.PathAndQuery, Attempt, 401, null, TimeSpan.Zero));
        Telemetry.Retries.Add(1);
        Attempt++;
    }

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
        // The refresh-retry after a rejected token is not a transient failure's attempt.
        var attempts = _refreshed ? Attempt - 1 : Attempt;
        if (!_idempotent || attempts >= options.MaxAttempts)
        {
            return false;
        }

        // In ticks as a double: BaseDelay * 2^(n-1) overflows TimeSpan after a few dozen attempts.
        var backoff = options.BaseDelay.Ticks * Math.Pow(2, attempts - 1);
        var capped = backoff < options.MaxDelay.Ticks ? TimeSpan.FromTicks((long)backoff) : options.MaxDelay;
        var jittered = TimeSpan.FromTicks((long)(capped.Ticks * Random.Shared.NextDouble()));

        // Retry-After is a floor, not a replacement: PostgREST 12 answers its schema-cache 503 with
        // "Retry-After: 0", which taken literally burns every attempt within milliseconds. A server that asks for
        // more than one delay may last is not retried early against its word: the answer is returned at once.
        if (serverDelay is { } s && s > jittered)
        {
            if (s > options.MaxDelay)
            {
                return false;
            }

            delay = s;
        }
        else
        {
            delay = jittered;
        }

        if (delay > options.MaxTotalDelay - _waited)
        {
            return false;
        }

        options.OnRetry?.Invoke(new PostgrestRetryEvent(
            request.Method.Method, request.PathAndQuery, Attempt, status, exception, delay)
        {
            ScrubbedFailure = request.Scrub(PostgrestRetryEvent.Summary(exception)),
        });
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

    private static readonly string[] HttpDateFormats =
    [
        "r", // IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT
        "dddd, dd'-'MMM'-'yy HH':'mm':'ss 'GMT'", // obsolete RFC 850 form
        "ddd MMM d HH':'mm':'ss yyyy", // obsolete asctime form
    ];

    /// <summary>The wait a <c>Retry-After</c> header asks for: delta-seconds (digits only; beyond what a timer holds
    /// is <see cref="TimeSpan.MaxValue"/>) or an HTTP-date (in the past: zero); null when absent or invalid (a
    /// negative or fractional number, any other text), which leaves the backoff alone.</summary>
    internal static TimeSpan? RetryAfter(PostgrestResponse response) => ParseRetryAfter(response.GetHeader("Retry-After"));

    internal static TimeSpan? ParseRetryAfter(string? header)
    {
        var value = header?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (value.AsSpan().IndexOfAnyExceptInRange('0', '9') < 0)
        {
            return long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
                && seconds <= PostgrestRetryOptions.LongestDelay.TotalSeconds
                ? TimeSpan.FromSeconds(seconds)
                : TimeSpan.MaxValue;
        }

        if (DateTimeOffset.TryParseExact(
                value, HttpDateFormats, CultureInfo.InvariantCulture,
                DateTimeStyles.AllowWhiteSpaces | DateTimeStyles.AssumeUniversal, out var at))
        {
            var wait = at - DateTimeOffset.UtcNow;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }
}
