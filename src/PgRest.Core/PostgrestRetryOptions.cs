using System;

namespace PgRest;

/// <summary>
/// Automatic retries of idempotent requests (GET and HEAD, including function calls made with GET or HEAD) after
/// a connection failure or a 502/503/504/520 answer (503 covers PostgREST's schema-cache-not-ready and
/// database-unreachable errors). POST, PATCH, PUT and DELETE are never retried: the caller decides.
/// Delays grow exponentially with full jitter, last at least a server's <c>Retry-After</c>, and stop at
/// <see cref="MaxAttempts"/> or <see cref="MaxTotalDelay"/>, whichever comes first.
/// </summary>
public sealed record PostgrestRetryOptions
{
    /// <summary>Three attempts, 100 ms base delay, 2 s cap per delay, 10 s of delays in all.</summary>
    public static PostgrestRetryOptions Default { get; } = new();

    /// <summary>No retries: every request is sent once.</summary>
    public static PostgrestRetryOptions None { get; } = new() { MaxAttempts = 1 };

    /// <summary>Attempts in all, the first included (1 disables retries).</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>The delay before the first retry, doubled for each further one (before jitter).</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest single delay, also the cap of a server's <c>Retry-After</c>.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest time spent waiting between attempts, added up.</summary>
    public TimeSpan MaxTotalDelay { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Called before each retry (for logging or metrics); must not throw.</summary>
    public Action<PostgrestRetryEvent>? OnRetry { get; init; }
}

/// <summary>A retry about to happen.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="Path">The path and query string (never credentials).</param>
/// <param name="FailedAttempt">The attempt that failed (1 for the first).</param>
/// <param name="StatusCode">The status of the failed attempt, or null for a connection failure.</param>
/// <param name="Exception">The connection failure, or null for a status.</param>
/// <param name="Delay">The wait before the next attempt.</param>
public sealed record PostgrestRetryEvent(
    string Method, string Path, int FailedAttempt, int? StatusCode, Exception? Exception, TimeSpan Delay);
