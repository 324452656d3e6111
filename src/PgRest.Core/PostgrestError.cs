using System;
using System.Text;
using System.Text.Json;

namespace PgRest;

/// <summary>
/// An error PostgREST (or PostgreSQL through it) reported: HTTP status plus the <c>code</c>, <c>message</c>,
/// <c>details</c> and <c>hint</c> of its JSON error body. A body that is not PostgREST's JSON (a proxy's HTML
/// page, plain text) still gives an error, with <see cref="Code"/> null and a short <see cref="BodySnippet"/>.
/// </summary>
public sealed record PostgrestError
{
    internal const int SnippetLength = 200;

    /// <summary>How much of an error answer's body is read: PostgREST's error JSON is a few hundred bytes (a few
    /// kilobytes for the longest details), so 64 KiB keeps every real one whole while a runaway error body costs
    /// nothing.</summary>
    internal const int ErrorBodyLimit = 64 * 1024;

    /// <summary>The HTTP status code.</summary>
    public required int Status { get; init; }

    /// <summary>PostgREST's code (<c>PGRST116</c>) or a PostgreSQL SQLSTATE (<c>23505</c>); null when the body had none.</summary>
    public string? Code { get; init; }

    /// <summary>The error message.</summary>
    public required string Message { get; init; }

    /// <summary>Details, when given. A non-string JSON value (PGRST201 sends an array) is kept as JSON text.</summary>
    public string? Details { get; init; }

    /// <summary>A hint, when given. A non-string JSON value is kept as JSON text.</summary>
    public string? Hint { get; init; }

    /// <summary>The start of the body when it was not PostgREST's JSON error shape; otherwise null.</summary>
    public string? BodySnippet { get; init; }

    /// <summary>Reads an error body. Never throws: anything unreadable becomes a message with a snippet.</summary>
    public static PostgrestError Parse(int status, ReadOnlySpan<byte> body) => Parse(status, body, cut: false, null);

    /// <summary>Reads an error body of which only the start may have been read (<paramref name="cut"/>), with
    /// <paramref name="scrub"/> (removing credentials a server echoed) applied to every text field.</summary>
    internal static PostgrestError Parse(int status, ReadOnlySpan<byte> body, bool cut, Func<string?, string?>? scrub)
    {
        scrub ??= static text => text;
        try
        {
            var reader = new Utf8JsonReader(body);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object
                && (root.TryGetProperty("message", out _) || root.TryGetProperty("code", out _)))
            {
                return new PostgrestError
                {
                    Status = status,
                    Code = scrub(Text(root, "code")),
                    Message = scrub(Text(root, "message")) ?? string.Empty,
                    Details = scrub(Text(root, "details")),
                    Hint = scrub(Text(root, "hint")),
                };
            }
        }
        catch (JsonException)
        {
            // Not JSON: fall through to the snippet.
        }

        var snippet = Snippet(body, scrub);
        return new PostgrestError
        {
            Status = status,
            Message = cut
                ? $"HTTP {status} with a body longer than {ErrorBodyLimit} bytes (only its start was read)"
                : snippet.Length == 0
                ? $"HTTP {status} with an empty body"
                : $"HTTP {status} with a body that is not a PostgREST error",
            BodySnippet = snippet,
        };
    }

    /// <summary>How much of a body a snippet is taken from: room for a credential that starts inside the snippet to
    /// be scrubbed whole (scrubbing also removes the start of one cut at the end of the window).</summary>
    internal const int SnippetWindow = 4 * 1024;

    /// <summary>The first characters of a body, for error messages.</summary>
    internal static string Snippet(ReadOnlySpan<byte> body) => Snippet(body, null);

    /// <summary>The first characters of a body, with <paramref name="scrub"/> applied before cutting.</summary>
    internal static string Snippet(ReadOnlySpan<byte> body, Func<string?, string?>? scrub)
    {
        var text = Encoding.UTF8.GetString(body.Length > SnippetWindow ? body[..SnippetWindow] : body);
        if (scrub is not null)
        {
            text = scrub(text) ?? string.Empty;
        }

        return text.Length > SnippetLength ? text[..SnippetLength] + "…" : text;
    }

    /// <summary>Status, code, message, details and hint on one line.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder().Append(Status);
        if (Code is not null)
        {
            sb.Append(' ').Append(Code);
        }

        sb.Append(": ").Append(Message);
        if (Details is not null)
        {
            sb.Append(" (details: ").Append(Details).Append(')');
        }

        if (Hint is not null)
        {
            sb.Append(" (hint: ").Append(Hint).Append(')');
        }

        if (BodySnippet is { Length: > 0 })
        {
            sb.Append(" [body: ").Append(BodySnippet).Append(']');
        }

        return sb.ToString();
    }

    private static string? Text(JsonElement root, string name) =>
        !root.TryGetProperty(name, out var value) ? null
        : value.ValueKind switch
        {
            JsonValueKind.Null or JsonValueKind.Undefined => null,
            JsonValueKind.String => value.GetString(),
            _ => value.GetRawText(),
        };
}
