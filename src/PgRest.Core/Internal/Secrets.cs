using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace PgRest.Internal;

/// <summary>
/// Which request headers hold credentials (the defaults plus the names a client adds), and the scrubbing of their
/// values out of any text the client produces: exception messages, error fields, body snippets.
/// </summary>
internal sealed class Secrets
{
    /// <summary>Credential headers redacted by every client.</summary>
    public static readonly string[] DefaultNames = ["Authorization", "Proxy-Authorization", "apikey", "X-Api-Key", "Cookie"];

    /// <summary>Values shorter than this are not scrubbed from text (they would mangle every message and are no
    /// secret worth the name); <see cref="PostgrestRequest.ToString"/> still redacts them.</summary>
    public const int ShortestScrubbed = 4;

    public const string Redacted = "[redacted]";

    private readonly string[] _names;

    public Secrets(IEnumerable<string> extraNames) =>
        _names = DefaultNames.Concat(extraNames).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();

    /// <summary>The defaults only (a request rendered by a client without extra names).</summary>
    public static Secrets Default { get; } = new([]);

    public bool IsSensitive(string headerName)
    {
        foreach (var name in _names)
        {
            if (string.Equals(name, headerName, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The credential strings of a header list, longest first: each sensitive header's value, the
    /// credential after an auth scheme (<c>Bearer</c>, <c>Basic</c>, …) and, for basic auth, the decoded
    /// <c>user:password</c> and the password.</summary>
    public string[] ValuesIn(IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        var values = new List<string>();
        foreach (var (name, value) in headers)
        {
            if (!IsSensitive(name))
            {
                continue;
            }

            values.Add(value);
            var space = value.IndexOf(' ');
            if (space > 0)
            {
                var credential = value[(space + 1)..].Trim();
                values.Add(credential);
                if (value.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase) && Decoded(credential) is { } pair)
                {
                    values.Add(pair);
                    var colon = pair.IndexOf(':');
                    if (colon >= 0)
                    {
                        values.Add(pair[(colon + 1)..]);
                    }
                }
            }
        }

        return values.Where(v => v.Length >= ShortestScrubbed).Distinct().OrderByDescending(v => v.Length).ToArray();
    }

    /// <summary><paramref name="text"/> with every value of <paramref name="secrets"/> replaced by
    /// <c>[redacted]</c>, and the start of one (at least <see cref="ShortestScrubbed"/> characters) at the very end
    /// too: a snippet or a recorded head may cut a credential in two.</summary>
    public static string? Scrub(string? text, string[] secrets)
    {
        if (text is null || secrets.Length == 0)
        {
            return text;
        }

        foreach (var secret in secrets)
        {
            if (text.Contains(secret, StringComparison.Ordinal))
            {
                text = text.Replace(secret, Redacted, StringComparison.Ordinal);
            }
        }

        foreach (var secret in secrets)
        {
            for (var length = Math.Min(secret.Length - 1, text.Length); length >= ShortestScrubbed; length--)
            {
                if (text.AsSpan().EndsWith(secret.AsSpan(0, length), StringComparison.Ordinal))
                {
                    text = string.Concat(text.AsSpan(0, text.Length - length), Redacted);
                    break;
                }
            }
        }

        return text;
    }

    private static string? Decoded(string base64)
    {
        var bytes = new byte[base64.Length];
        return Convert.TryFromBase64String(base64, bytes, out var written) ? Encoding.UTF8.GetString(bytes, 0, written) : null;
    }
}
