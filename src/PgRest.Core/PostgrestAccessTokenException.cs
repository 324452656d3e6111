using System;

namespace PgRest;

/// <summary>
/// The client's access-token provider (<see cref="PostgrestClientOptions.AccessTokenProvider"/>,
/// <see cref="PostgrestClient.WithAccessTokenProvider"/>) failed: it threw (the exception is the
/// <see cref="Exception.InnerException"/>), or it returned an empty token or one an HTTP header cannot carry. Nothing
/// was sent for the attempt that needed the token, and the call is not retried: a failing token source is not a
/// transient transport failure. Carries the request's method and path; never a token.
/// </summary>
public sealed class PostgrestAccessTokenException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong (it must not hold a token).</param>
    /// <param name="method">The HTTP method of the request that needed the token.</param>
    /// <param name="path">The path and query string of that request.</param>
    /// <param name="inner">The provider's own exception, or null.</param>
    public PostgrestAccessTokenException(string message, string method, string path, Exception? inner = null)
        : base($"{message} (before {method} {path})", inner)
    {
        RequestMethod = method;
        RequestPath = path;
    }

    /// <summary>The HTTP method of the request that needed the token.</summary>
    public string RequestMethod { get; }

    /// <summary>The path and query string of the request that needed the token (it never holds credentials).</summary>
    public string RequestPath { get; }
}
