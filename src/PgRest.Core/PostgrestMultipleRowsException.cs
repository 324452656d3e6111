using System;

namespace PgRest;

/// <summary>
/// <c>MaybeSingle</c> on a read got more than one row. The check is PgRest's own, made on the rows the read returned
/// (nothing was written), so this is not a <see cref="PostgrestException"/> and never carries PostgREST's PGRST116:
/// that code comes only from the server (for <c>Single</c>, and for <c>MaybeSingle</c> on writes and on functions
/// called with POST, where PostgREST also rolls the transaction back).
/// </summary>
public sealed class PostgrestMultipleRowsException : Exception
{
    /// <summary>Creates the exception for <paramref name="rowCount"/> rows returned by <paramref name="method"/>
    /// <paramref name="path"/>.</summary>
    public PostgrestMultipleRowsException(int rowCount, string method, string path)
        : base($"MaybeSingle expected at most one row, but {method} {path} returned {rowCount} rows "
            + "(checked by PgRest on a read: nothing was written). Narrow the filters, add Limit(1), or use ToList.")
    {
        RowCount = rowCount;
        RequestMethod = method;
        RequestPath = path;
    }

    /// <summary>How many rows the read returned (two or more).</summary>
    public int RowCount { get; }

    /// <summary>The HTTP method of the request.</summary>
    public string RequestMethod { get; }

    /// <summary>The path and query string of the request (it never holds credentials).</summary>
    public string RequestPath { get; }
}
