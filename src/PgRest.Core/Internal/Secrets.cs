using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Encodings.Web;

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

        var forms = new List<string>(values.Count * 8);
        foreach (var value in values)
        {
            AddForms(forms, value);
        }

        return forms.Where(v => v.Length >= ShortestScrubbed).Distinct().OrderByDescending(v => v.Length).ToArray();
    }

    /// <summary>
    /// Adds <paramref name="value"/> and the encodings a server may echo it in: JSON-escaped (only what JSON must
    /// escape, or also <c>+ &lt; &gt; &amp; '</c> as System.Text.Json does; hex digits upper or lower case),
    /// percent-encoded (upper or lower case) and base64 (standard and URL-safe). A handful of strings per credential,
    /// so scrubbing stays a few substring searches per credential.
    /// </summary>
    private static void AddForms(List<string> forms, string value)
    {
        forms.Add(value);
        var minimal = JsonEscaped(value);
        forms.Add(minimal);
        forms.Add(LowerHex(minimal));
        var strict = JavaScriptEncoder.Default.Encode(value);
        forms.Add(strict);
        forms.Add(LowerHex(strict));
        var percent = Uri.EscapeDataString(value);
        forms.Add(percent);
        forms.Add(LowerHex(percent));
        var base64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(value));
        forms.Add(base64);
        forms.Add(base64.TrimEnd('=').Replace('+', '-').Replace('/', '_'));
    }

    /// <summary>The body of a JSON string holding <paramref name="value"/>, with every character outside printable
    /// ASCII escaped as <c>\uXXXX</c> (upper-case hex).</summary>
    private static string JsonEscaped(string value)
    {
        var sb = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            switch (c)
            {
                case '"':
                    sb.Append("\\\"");
                    break;
                case '\\':
                    sb.Append("\\\\");
                    break;
                case < ' ' or > '~':
                    sb.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    break;
                default:
                    sb.Append(c);
                    break;
            }
        }

        return sb.ToString();
    }

    /// <summary><paramref name="text"/> with the hex digits of its <c>\uXXXX</c> and <c>%XX</c> escapes in lower
    /// case.</summary>
    private static string LowerHex(string text)
    {
        var chars = text.ToCharArray();
        var remaining = 0;
        for (var i = 0; i < chars.Length; i++)
        {
            if (remaining > 0)
            {
                chars[i] = char.ToLowerInvariant(chars[i]);
                remaining--;
            }
            else if (chars[i] == '%')
            {
                remaining = 2;
            }
            else if (chars[i] == '\\' && i + 1 < chars.Length && chars[i + 1] == 'u')
            {
                remaining = 4;
                i++;
            }
        }

        return new string(chars);
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
