using System;
using System.Globalization;
using System.Net.Http;

namespace PgRest;

/// <summary>
/// Automatic retries of idempotent requests (GET and HEAD, including function calls made with GET or HEAD) after
/// a connection failure, a body cut off mid-way, or a 502/503/504/520 answer (503 covers PostgREST's
/// schema-cache-not-ready and database-unreachable errors). POST, PATCH, PUT and DELETE are never retried: the
/// caller decides. Delays grow exponentially with full jitter, last at least a server's <c>Retry-After</c>, and
/// stop at <see cref="MaxAttempts"/> or <see cref="MaxTotalDelay"/>, whichever comes first; a <c>Retry-After</c>
/// longer than <see cref="MaxDelay"/> or than what is left of <see cref="MaxTotalDelay"/> ends the retries at once.
/// Every value is checked when it is set: an out-of-range value throws <see cref="ArgumentOutOfRangeException"/>
/// naming the property.
/// </summary>
public sealed record PostgrestRetryOptions
{
    /// <summary>The longest single delay a timer can wait for (<see cref="int.MaxValue"/> milliseconds, about 24.8
    /// days).</summary>
    internal static readonly TimeSpan LongestDelay = TimeSpan.FromMilliseconds(int.MaxValue);

    private readonly int _maxAttempts = 3;
    private readonly TimeSpan _baseDelay = TimeSpan.FromMilliseconds(100);
    private readonly TimeSpan _maxDelay = TimeSpan.FromSeconds(2);
    private readonly TimeSpan _maxTotalDelay = TimeSpan.FromSeconds(10);

    /// <summary>Three attempts, 100 ms base delay, 2 s cap per delay, 10 s of delays in all.</summary>
    public static PostgrestRetryOptions Default { get; } = new();

    /// <summary>No retries: every request is sent once.</summary>
    public static PostgrestRetryOptions None { get; } = new() { MaxAttempts = 1 };

    /// <summary>Attempts in all, the first included (1 disables retries). At least 1.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public int MaxAttempts
    {
        get => _maxAttempts;
        init => _maxAttempts = value >= 1
            ? value
            : throw new ArgumentOutOfRangeException(nameof(MaxAttempts), value, "At least 1 attempt (1 disables retries).");
    }

    /// <summary>The delay before the first retry, doubled for each further one (before jitter, and never more than
    /// <see cref="MaxDelay"/>). Zero or positive.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative (including
    /// <see cref="System.Threading.Timeout.InfiniteTimeSpan"/>).</exception>
    public TimeSpan BaseDelay
    {
        get => _baseDelay;
        init => _baseDelay = NotNegative(value, nameof(BaseDelay));
    }

    /// <summary>The longest single delay. A server's <c>Retry-After</c> longer than this ends the retries (the
    /// answer is returned at once) rather than being cut short. Zero or positive, at most about 24.8 days
    /// (<see cref="int.MaxValue"/> milliseconds, the longest wait a timer holds).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative or longer than about 24.8 days.</exception>
    public TimeSpan MaxDelay
    {
        get => _maxDelay;
        init => _maxDelay = NotNegative(value, nameof(MaxDelay)) <= LongestDelay
            ? value
            : throw new ArgumentOutOfRangeException(
                nameof(MaxDelay), value, "At most int.MaxValue milliseconds (about 24.8 days).");
    }

    /// <summary>The longest time spent waiting between attempts, added up. Zero or positive
    /// (<see cref="TimeSpan.MaxValue"/> for no bound).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public TimeSpan MaxTotalDelay
    {
        get => _maxTotalDelay;
        init => _maxTotalDelay = NotNegative(value, nameof(MaxTotalDelay));
    }

    /// <summary>Called before each retry (for logging or metrics); must not throw.</summary>
    public Action<PostgrestRetryEvent>? OnRetry { get; init; }

    private static TimeSpan NotNegative(TimeSpan value, string name) =>
        value >= TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(name, value, "The delay cannot be negative.");
}

/// <summary>A retry about to happen.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="Path">The path and query string (never credentials).</param>
/// <param name="FailedAttempt">The attempt that failed (1 for the first).</param>
/// <param name="StatusCode">The status of the failed attempt, or null for a connection failure.</param>
/// <param name="Exception">The connection failure, or null for a status.</param>
/// <param name="Delay">The wait before the next attempt.</param>
public sealed record PostgrestRetryEvent(
    string Method, string Path, int FailedAttempt, int? StatusCode, Exception? Exception, TimeSpan Delay)
{
    /// <summary>The exception summary with the request's credentials scrubbed, set by the client that retries.</summary>
    internal string? ScrubbedFailure { get; init; }

    /// <summary>One line for a log: <c>GET /items: attempt 1 failed with status 503; retrying in 250 ms</c>, or
    /// with the exception's type, its <see cref="HttpRequestError"/> and the first line of its message instead of the
    /// status (never a stack trace; the request's credentials are redacted when the client made the event).</summary>
    /// <returns>The line.</returns>
    public override string ToString()
    {
        var failure = StatusCode is { } status ? "status " + status.ToString(CultureInfo.InvariantCulture)
            : ScrubbedFailure ?? Summary(Exception) ?? "an unknown failure";
        return string.Create(CultureInfo.InvariantCulture,
            $"{Method} {Path}: attempt {FailedAttempt} failed with {failure}; retrying in {Delay.TotalMilliseconds:0.###} ms");
    }

    /// <summary><c>Type (HttpRequestError): first line of the message</c>, or null without an exception.</summary>
    internal static string? Summary(Exception? exception)
    {
        if (exception is null)
        {
            return null;
        }

        var type = exception.GetType().Name;
        if (exception is HttpRequestException { HttpRequestError: not HttpRequestError.Unknown } http)
        {
            type += " (" + http.HttpRequestError + ")";
        }

        var message = exception.Message;
        var end = message.AsSpan().IndexOfAny('\r', '\n');
        if (end >= 0)
        {
            message = message[..end];
        }

        return message.Length == 0 ? type : type + ": " + message;
    }
}
