using System;
using System.Collections.Generic;

namespace PgRest.Internal;

/// <summary>
/// PostgREST- and PostgreSQL-level text rules: quoting inside <c>in.(…)</c> and logic trees, identifier quoting,
/// array literals. Writes PostgREST text through a <see cref="QueryTextWriter"/>, which percent-encodes it once when
/// it writes a URL.
/// </summary>
internal static class PostgrestSyntax
{
    /// <summary>Wraps <paramref name="value"/> in double quotes, escaping <c>\</c> and <c>"</c> with a backslash.</summary>
    public static void AppendQuoted(ref QueryTextWriter w, ReadOnlySpan<char> value)
    {
        w.Append('"');
        while (true)
        {
            var special = value.IndexOfAny('"', '\\');
            if (special < 0)
            {
                w.Append(value);
                break;
            }

            w.Append(value[..special]);
            w.Append('\\');
            w.Append(value[special]);
            value = value[(special + 1)..];
        }

        w.Append('"');
    }

    /// <summary>Returns <paramref name="value"/> quoted as by <see cref="AppendQuoted"/>.</summary>
    public static string Quote(string value)
    {
        var w = QueryTextWriter.Plain(value.Length + 8);
        AppendQuoted(ref w, value);
        return w.ToStringAndDispose();
    }

    /// <summary>
    /// True when a name can be written without quotes: ASCII letters, digits, <c>_</c> and <c>$</c>, not starting
    /// with a digit. Everything else (punctuation, spaces, non-ASCII) is quoted, which PostgREST accepts in every
    /// position.
    /// </summary>
    public static bool IsPlainIdentifier(ReadOnlySpan<char> name)
    {
        if (name.Length == 0 || char.IsAsciiDigit(name[0]))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '$'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Appends an identifier, quoting it when it is not plain.</summary>
    public static void AppendIdentifier(ref QueryTextWriter w, ReadOnlySpan<char> name)
    {
        if (IsPlainIdentifier(name))
        {
            w.Append(name);
        }
        else
        {
            AppendQuoted(ref w, name);
        }
    }

    /// <summary>Returns an identifier, quoted when it is not plain.</summary>
    public static string Identifier(string name) => IsPlainIdentifier(name) ? name : Quote(name);

    /// <summary>
    /// Returns a PostgreSQL array literal. Every element is double-quoted (with <c>\</c> and <c>"</c> escaped), so
    /// commas, braces, whitespace, the empty string and the word <c>null</c> survive; a null element is written as
    /// the bare word <c>NULL</c>, which PostgreSQL reads as SQL NULL.
    /// </summary>
    public static string ArrayLiteral(IReadOnlyList<string?> elements)
    {
        var w = QueryTextWriter.Plain();
        w.Append('{');
        for (var i = 0; i < elements.Count; i++)
        {
            if (i > 0)
            {
                w.Append(',');
            }

            if (elements[i] is { } e)
            {
                AppendQuoted(ref w, e);
            }
            else
            {
                w.Append("NULL");
            }
        }

        w.Append('}');
        return w.ToStringAndDispose();
    }
}
