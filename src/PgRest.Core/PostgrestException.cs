using System;

namespace PgRest;

/// <summary>
/// PostgREST answered with an error status. Carries the <see cref="PostgrestError"/> (status, code, message,
/// details, hint) and the request's method and path; never the credentials.
/// </summary>
public class PostgrestException : Exception
{
    /// <summary>Creates the exception for an error answer to <paramref name="method"/> <paramref name="path"/>.</summary>
    public PostgrestException(PostgrestError error, string method, string path)
        : base($"PostgREST error {error} on {method} {path}")
    {
        Error = error ?? throw new ArgumentNullException(nameof(error));
        RequestMethod = method;
        RequestPath = path;
    }

    /// <summary>The error as PostgREST reported it.</summary>
    public PostgrestError Error { get; }

    /// <summary>The HTTP status code.</summary>
    public int Status => Error.Status;

    /// <summary>PostgREST's code or the SQLSTATE, when the body had one.</summary>
    public string? Code => Error.Code;

    /// <summary>The server's message.</summary>
    public string ServerMessage => Error.Message;

    /// <summary>The server's details, when given.</summary>
    public string? Details => Error.Details;

    /// <summary>The server's hint, when given.</summary>
    public string? Hint => Error.Hint;

    /// <summary>The HTTP method of the failed request.</summary>
    public string RequestMethod { get; }

    /// <summary>The path and query string of the failed request (it never holds credentials).</summary>
    public string RequestPath { get; }
}

/// <summary>
/// A successful status came with a body this client could not use: not JSON, truncated, empty where rows were
/// expected, not of the requested type, or larger than the client's limit (<see cref="PostgrestResponseTooLargeException"/>);
/// or the answer came from another URL than the request's because an injected <c>HttpClient</c> followed a redirect.
/// Carries the status and a short snippet of the body (scrubbed of the request's credentials).
/// </summary>
public class PostgrestUnexpectedResponseException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PostgrestUnexpectedResponseException(
        string message, int status, string bodySnippet, string method, string path, Exception? inner = null)
        : base($"{message} (HTTP {status} on {method} {path}; body: {(bodySnippet.Length == 0 ? "empty" : bodySnippet)})", inner)
    {
        Status = status;
        BodySnippet = bodySnippet;
        RequestMethod = method;
        RequestPath = path;
    }

    /// <summary>The HTTP status code.</summary>
    public int Status { get; }

    /// <summary>The first characters of the body.</summary>
    public string BodySnippet { get; }

    /// <summary>The HTTP method of the request.</summary>
    public string RequestMethod { get; }

    /// <summary>The path and query string of the request.</summary>
    public string RequestPath { get; }
}

/// <summary>The request did not complete within its timeout (not the caller's cancellation).</summary>
public sealed class PostgrestTimeoutException : TimeoutException
{
    /// <summary>Creates the exception.</summary>
    public PostgrestTimeoutException(TimeSpan timeout, string method, string path, Exception? inner = null)
        : base($"The request {method} {path} did not complete within {timeout.TotalSeconds:0.###} s.", inner)
    {
        Timeout = timeout;
        RequestMethod = method;
        RequestPath = path;
    }

    /// <summary>The timeout that expired.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>The HTTP method of the request.</summary>
    public string RequestMethod { get; }

    /// <summary>The path and query string of the request.</summary>
    public string RequestPath { get; }
}


/// <summary>
/// The response body is larger than <see cref="PostgrestClientOptions.MaxBufferedBodySize"/> (counted after
/// decompression, as it is read): the call stopped reading at the limit and closed the connection. Read large
/// results with <c>StreamAsync</c> (not limited) or <c>PagesAsync</c>, or raise the limit.
/// </summary>
public sealed class PostgrestResponseTooLargeException : PostgrestUnexpectedResponseException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="limit">The limit in bytes that the body exceeded.</param>
    /// <param name="status">The HTTP status code.</param>
    /// <param name="bodySnippet">The first characters of the body.</param>
    /// <param name="method">The HTTP method of the request.</param>
    /// <param name="path">The path and query string of the request.</param>
    public PostgrestResponseTooLargeException(long limit, int status, string bodySnippet, string method, string path)
        : base(
            $"The response body is larger than the client's limit of {limit} bytes (MaxBufferedBodySize); the rest was "
            + "not read. Use StreamAsync or PagesAsync for large results, or raise the limit",
            status, bodySnippet, method, path) =>
        Limit = limit;

    /// <summary>The limit in bytes (<see cref="PostgrestClientOptions.MaxBufferedBodySize"/>) the body exceeded.</summary>
    public long Limit { get; }
}
