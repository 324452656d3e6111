using System;
using System.Text;

namespace PgRest.Internal;

/// <summary>
/// Column references in filters and order terms: a name, optionally followed by a JSON path written with
/// <c>-&gt;</c> / <c>-&gt;&gt;</c>. Each name and key is quoted when it is not a plain identifier; integer array
/// indexes stay bare.
/// </summary>
internal static class ColumnSyntax
{
    /// <summary>Checks a column reference and throws for an empty one or a control character.</summary>
    public static void Validate(string column, string paramName)
    {
        ArgumentNullException.ThrowIfNull(column, paramName);
        if (column.Length == 0)
        {
            throw new ArgumentException("A column name cannot be empty.", paramName);
        }

        Guard.NoControlCharacters(column, paramName);
    }

    /// <summary>Appends a column reference (with its JSON path, if any).</summary>
    public static void Append(StringBuilder sb, string column)
    {
        var start = 0;
        var first = true;
        while (true)
        {
            var arrow = column.IndexOf("->", start, StringComparison.Ordinal);
            var end = arrow < 0 ? column.Length : arrow;
            var segment = column.Substring(start, end - start);
            if (!first && IsArrayIndex(segment))
            {
                sb.Append(segment);
            }
            else if (first && IsReservedParameterName(segment))
            {
                // A bare `limit`, `or`, `select`, … as a filter key is read as that parameter, not as a column
                // (`limit=eq.x` is silently ignored); quoted, it is a column everywhere.
                PostgrestSyntax.AppendQuoted(sb, segment);
            }
            else
            {
                PostgrestSyntax.AppendIdentifier(sb, segment);
            }

            if (arrow < 0)
            {
                return;
            }

            var textArrow = arrow + 2 < column.Length && column[arrow + 2] == '>';
            sb.Append(textArrow ? "->>" : "->");
            start = arrow + (textArrow ? 3 : 2);
            first = false;
        }
    }

    /// <summary>Returns the rendered column reference.</summary>
    public static string Render(string column)
    {
        var sb = new StringBuilder(column.Length + 2);
        Append(sb, column);
        return sb.ToString();
    }

    /// <summary>Appends a dotted referenced-table path (<c>books.reviews</c>), quoting each segment as needed.</summary>
    public static void AppendTablePath(StringBuilder sb, string path)
    {
        var segments = path.Split('.');
        for (var i = 0; i < segments.Length; i++)
        {
            if (i > 0)
            {
                sb.Append('.');
            }

            PostgrestSyntax.AppendIdentifier(sb, segments[i]);
        }
    }

    /// <summary>Names PostgREST takes as its own query parameters (exactly, or as the last dotted word of a key).</summary>
    private static bool IsReservedParameterName(string name) =>
        name is "select" or "columns" or "on_conflict" or "order" or "limit" or "offset" or "and" or "or";

    private static bool IsArrayIndex(string segment)
    {
        var digits = segment.StartsWith('-') ? segment.AsSpan(1) : segment.AsSpan();
        if (digits.Length == 0)
        {
            return false;
        }

        foreach (var c in digits)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
