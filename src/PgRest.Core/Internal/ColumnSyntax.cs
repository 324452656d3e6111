using System;

namespace PgRest.Internal;

/// <summary>
/// Column references in filters and order terms: a name, optionally followed by a JSON path written with
/// <c>-&gt;</c> / <c>-&gt;&gt;</c>. Each name and key is quoted when it is not a plain identifier; integer array
/// indexes stay bare.
/// </summary>
internal static class ColumnSyntax
{
    /// <summary>
    /// Checks a column reference and throws for an empty one, a control character or a lone surrogate. Returns true when the reference
    /// is written exactly as given (<see cref="Append(ref QueryTextWriter, string, bool)"/>): a plain identifier with
    /// no JSON path that is not one of PostgREST's parameter names — the common case, classified in the same scan.
    /// </summary>
    public static bool Validate(string column, string paramName)
    {
        ArgumentNullException.ThrowIfNull(column, paramName);
        if (column.Length == 0)
        {
            throw new ArgumentException("A column name cannot be empty.", paramName);
        }

        var plain = !char.IsAsciiDigit(column[0]);
        foreach (var c in column)
        {
            if (char.IsAsciiLetterOrDigit(c) || c is '_' or '$')
            {
                continue;
            }

            plain = false;
            if (char.IsControl(c))
            {
                throw Guard.ControlCharacter(c, paramName);
            }
        }

        if (!plain)
        {
            Guard.NoLoneSurrogates(column, paramName);
        }

        return plain && !IsReservedParameterName(column);
    }

    /// <summary>Appends a column reference; <paramref name="plain"/> is what <see cref="Validate"/> returned for it,
    /// and such a reference is copied as is (its characters need neither quotes nor percent-encoding).</summary>
    public static void Append(ref QueryTextWriter w, string column, bool plain)
    {
        if (plain)
        {
            w.Structure(column);
        }
        else
        {
            Append(ref w, column);
        }
    }

    /// <summary>Appends a column reference (with its JSON path, if any).</summary>
    public static void Append(ref QueryTextWriter w, ReadOnlySpan<char> column)
    {
        var first = true;
        while (true)
        {
            var arrow = column.IndexOf("->", StringComparison.Ordinal);
            var segment = arrow < 0 ? column : column[..arrow];
            if (!first && IsArrayIndex(segment))
            {
                w.Append(segment);
            }
            else if (first && IsReservedParameterName(segment))
            {
                // A bare `limit`, `or`, `select`, … as a filter key is read as that parameter, not as a column
                // (`limit=eq.x` is silently ignored); quoted, it is a column everywhere.
                PostgrestSyntax.AppendQuoted(ref w, segment);
            }
            else
            {
                PostgrestSyntax.AppendIdentifier(ref w, segment);
            }

            if (arrow < 0)
            {
                return;
            }

            var textArrow = arrow + 2 < column.Length && column[arrow + 2] == '>';
            w.Append(textArrow ? "->>" : "->");
            column = column[(arrow + (textArrow ? 3 : 2))..];
            first = false;
        }
    }

    /// <summary>Appends a dotted referenced-table path (<c>books.reviews</c>), quoting each segment as needed.</summary>
    public static void AppendTablePath(ref QueryTextWriter w, ReadOnlySpan<char> path)
    {
        while (true)
        {
            var dot = path.IndexOf('.');
            PostgrestSyntax.AppendIdentifier(ref w, dot < 0 ? path : path[..dot]);
            if (dot < 0)
            {
                return;
            }

            w.Append('.');
            path = path[(dot + 1)..];
        }
    }

    /// <summary>Appends the key of a parameter scoped to an embedded resource (<c>books.limit</c>), or the bare key.</summary>
    public static void AppendScopedKey(ref QueryTextWriter w, string? referencedTable, string key)
    {
        AppendScope(ref w, referencedTable);
        w.Append(key);
    }

    /// <summary>Appends <c>books.reviews.</c> before a key that applies to an embedded resource; nothing for the top
    /// level (<c>null</c> or empty).</summary>
    public static void AppendScope(ref QueryTextWriter w, string? referencedTable)
    {
        if (!string.IsNullOrEmpty(referencedTable))
        {
            AppendTablePath(ref w, referencedTable);
            w.Append('.');
        }
    }

    /// <summary>Names PostgREST takes as its own query parameters (exactly, or as the last dotted word of a key).</summary>
    private static bool IsReservedParameterName(ReadOnlySpan<char> name) =>
        name is "select" or "columns" or "on_conflict" or "order" or "limit" or "offset" or "and" or "or";

    private static bool IsArrayIndex(ReadOnlySpan<char> segment)
    {
        var digits = segment.StartsWith('-') ? segment[1..] : segment;
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
