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

    /// <summary>
    /// True when a hand-written query key holds a dot outside double quotes (a backslash escapes the next character
    /// inside quotes, as <see cref="AppendQuoted"/> writes it), or an unclosed quote: PostgREST 12.0.2 then reads the
    /// part before the dot as an embedded resource (<c>books.id=eq.1</c>), not as a column of the top level.
    /// </summary>
    public static bool HasUnquotedDot(ReadOnlySpan<char> key)
    {
        var quoted = false;
        for (var i = 0; i < key.Length; i++)
        {
            var c = key[i];
            if (quoted && c == '\\')
            {
                i++;
            }
            else if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == '.' && !quoted)
            {
                return true;
            }
        }

        return quoted;
    }

    /// <summary>
    /// The name of the PostgREST parameter a hand-written query key would be read as instead of a filter, or
    /// <c>null</c>: PostgREST 12.0.2 takes <c>select</c>, <c>columns</c> and <c>on_conflict</c> as the whole key, and
    /// <c>order</c>, <c>limit</c>, <c>offset</c>, <c>and</c>, <c>or</c> as the last dot-separated word of the key
    /// (<c>books.order</c>, <c>not.or</c>), splitting on every dot, quoted or not (QueryParams.hs, <c>endingIn</c>).
    /// </summary>
    public static string? ReservedParameterOf(string key)
    {
        if (key is "select" or "columns" or "on_conflict")
        {
            return key;
        }

        var last = key.AsSpan(key.LastIndexOf('.') + 1);
        return last switch
        {
            "order" => "order",
            "limit" => "limit",
            "offset" => "offset",
            "and" => "and",
            "or" => "or",
            _ => null,
        };
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
