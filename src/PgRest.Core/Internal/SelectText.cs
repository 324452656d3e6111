using System;
using System.Text;

namespace PgRest.Internal;

/// <summary>
/// Checks and normalises a hand-written select list. Whitespace inside double quotes is kept, and so is whitespace
/// between two name characters (PostgREST allows <c>Full Name</c> unquoted); all other whitespace is dropped, so
/// <c>id, books ( title )</c> becomes <c>id,books(title)</c>. Text without whitespace is returned as given.
/// </summary>
internal static class SelectText
{
    /// <summary>The normalised text.</summary>
    /// <exception cref="ArgumentException">The text is blank, or holds a control character other than a line break
    /// or tab (a multi-line select list is fine).</exception>
    public static string Parse(string text, string paramName)
    {
        ArgumentNullException.ThrowIfNull(text, paramName);
        if (text.Length > 0 && !text.AsSpan().ContainsAnyExceptInRange('!', '~'))
        {
            // Printable ASCII without spaces (a vectorized check): nothing to refuse or normalise.
            return text;
        }

        var blank = true;
        var whitespace = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                whitespace = true;
            }
            else
            {
                blank = false;
            }

            if (char.IsControl(c) && c is not ('\n' or '\r' or '\t'))
            {
                throw Guard.ControlCharacter(c, paramName);
            }
        }

        if (blank)
        {
            throw new ArgumentException("A select entry cannot be empty.", paramName);
        }

        Guard.NoLoneSurrogates(text, paramName);

        return whitespace ? Normalize(text) : text;
    }

    private static string Normalize(string text)
    {
        var sb = new StringBuilder(text.Length);
        var inQuotes = false;
        var pendingSpace = -1;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (inQuotes)
            {
                sb.Append(c);
                if (c == '\\' && i + 1 < text.Length)
                {
                    sb.Append(text[++i]);
                }
                else if (c == '"')
                {
                    inQuotes = false;
                }

                continue;
            }

            if (char.IsWhiteSpace(c))
            {
                pendingSpace = pendingSpace < 0 ? i : pendingSpace;
                continue;
            }

            if (pendingSpace >= 0)
            {
                if (sb.Length > 0 && IsNameChar(sb[^1]) && IsNameChar(c))
                {
                    sb.Append(text, pendingSpace, i - pendingSpace);
                }

                pendingSpace = -1;
            }

            if (c == '"')
            {
                inQuotes = true;
            }

            sb.Append(c);
        }

        return sb.ToString();
    }

    private static bool IsNameChar(char c) => char.IsLetterOrDigit(c) || c is '_' or '$';
}
