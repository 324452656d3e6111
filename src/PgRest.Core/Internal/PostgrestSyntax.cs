using System.Collections.Generic;
using System.Text;

namespace PgRest.Internal;

/// <summary>
/// PostgREST- and PostgreSQL-level text rules: quoting inside <c>in.(…)</c> and logic trees, identifier quoting,
/// array literals. Produces unencoded text; percent-encoding happens once, later, in <see cref="QueryStringBuilder"/>.
/// </summary>
internal static class PostgrestSyntax
{
    /// <summary>Wraps <paramref name="value"/> in double quotes, escaping <c>\</c> and <c>"</c> with a backslash.</summary>
    public static void AppendQuoted(StringBuilder sb, string value)
    {
        sb.Append('"');
        foreach (var c in value)
        {
            if (c is '"' or '\\')
            {
                sb.Append('\\');
            }

            sb.Append(c);
        }

        sb.Append('"');
    }

    /// <summary>Returns <paramref name="value"/> quoted as by <see cref="AppendQuoted"/>.</summary>
    public static string Quote(string value)
    {
        var sb = new StringBuilder(value.Length + 2);
        AppendQuoted(sb, value);
        return sb.ToString();
    }

    /// <summary>
    /// True when a name can be written without quotes: ASCII letters, digits, <c>_</c> and <c>$</c>, not starting
    /// with a digit. Everything else (spaces, upper case is fine but punctuation is not, non-ASCII) is quoted,
    /// which PostgREST accepts in every position.
    /// </summary>
    public static bool IsPlainIdentifier(string name)
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
    public static void AppendIdentifier(StringBuilder sb, string name)
    {
        if (IsPlainIdentifier(name))
        {
            sb.Append(name);
        }
        else
        {
            AppendQuoted(sb, name);
        }
    }

    /// <summary>Returns an identifier, quoted when it is not plain.</summary>
    public static string Identifier(string name) => IsPlainIdentifier(name) ? name : Quote(name);

    /// <summary>
    /// Appends a PostgreSQL array literal. Every element is double-quoted (with <c>\</c> and <c>"</c> escaped),
    /// so commas, braces, whitespace, the empty string and the word <c>null</c> survive; a null element is
    /// written as the bare word <c>NULL</c>, which PostgreSQL reads as SQL NULL.
    /// </summary>
    public static void AppendArrayLiteral(StringBuilder sb, IReadOnlyList<string?> elements)
    {
        sb.Append('{');
        for (var i = 0; i < elements.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(',');
            }

            var e = elements[i];
            if (e is null)
            {
                sb.Append("NULL");
            }
            else
            {
                AppendQuoted(sb, e);
            }
        }

        sb.Append('}');
    }

    /// <summary>Returns a PostgreSQL array literal (see <see cref="AppendArrayLiteral"/>).</summary>
    public static string ArrayLiteral(IReadOnlyList<string?> elements)
    {
        var sb = new StringBuilder();
        AppendArrayLiteral(sb, elements);
        return sb.ToString();
    }
}
