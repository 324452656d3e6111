using System;
using System.Collections.Generic;

namespace PgRest.Internal;

/// <summary>
/// The refusals that keep a helper from running a write it was not asked to (docs/reliability.md, "Writes only when
/// asked"). Each throws <see cref="InvalidOperationException"/> before anything is sent, naming the helper, the
/// operation and what to do instead. The query type carries reads and writes alike (docs/design.md, "One query
/// type"), so these checks are made at run time, on the folded settings.
/// </summary>
internal static class WriteSafety
{
    /// <summary>The checks every request passes when it is rendered: no HEAD on a write, and no update or delete of
    /// every row unless the query said <c>AllRows()</c>.</summary>
    public static void CheckRequest(in QuerySettings s, ReadOnlySpan<IQueryEdit> edits)
    {
        if (s.Head && s.IsWrite)
        {
            throw new InvalidOperationException(
                $"Head() sends HEAD, a read, but this query is {OperationOf(s)} on '{s.Resource}': HEAD cannot "
                + "carry it, and PgRest does not send the write in its place. Remove Head(), or use it on a query "
                + "without Insert/Upsert/UpsertSingle/Update/Delete (e.g. with WithCount() to count rows).");
        }

        if (s.MayWrite && s.DroppedFormat is { } dropped && s.Format != ResponseFormat.Explain)
        {
            throw new InvalidOperationException(
                $"This query is {OperationOf(s)} on '{s.Resource}' that asked for {dropped}() and then for "
                + $"{s.Format}(), which replaces it: "
                + (dropped == ResponseFormat.Explain
                    ? "the write would run instead of being explained. "
                    : "the write would no longer be rolled back when it touches more than one row. ")
                + "Keep one of them: to explain the write in another format call Explain() last (e.g. "
                + "Csv().Explain()); to check one row, call Single() last and read it with SingleAsync.");
        }

        if (s.MayWrite && HandWrittenAccept(edits) is { } accept
            && (s.Format != ResponseFormat.Json || s.DroppedFormat is not null))
        {
            throw new InvalidOperationException(
                $"This query is {OperationOf(s)} on '{s.Resource}' with a hand-written Accept header ('{accept}') "
                + $"that would replace the media type of {s.DroppedFormat ?? s.Format}(): PostgREST decides by that "
                + "header whether the write runs (Explain) and whether it is rolled back when it touches several rows "
                + "(Single). Remove Header(\"Accept\", …) and use the format methods (Csv, GeoJson, Single, "
                + "Explain).");
        }

        CheckPreferences(s, edits);

        if (s.Operation is Operation.Update or Operation.Delete && !s.AllRows && !HasTopLevelFilter(edits))
        {
            var verb = s.Operation == Operation.Update ? "update" : "delete";
            throw new InvalidOperationException(
                $"This query would {verb} every row of '{s.Resource}': it has no top-level filter. Add one "
                + "(Eq, Where, Filter(column, op, value), …), or call AllRows() to say that every row is meant. "
                + "Filters on embedded resources, Limit/Order and hand-written Parameter(…) do not count as a "
                + "filter here.");
        }
    }

    /// <summary>
    /// A hand-written Prefer header (<c>Header("Prefer", …)</c> on the query) that sets a preference the query also
    /// sets through its own methods is refused: PostgREST honours the first of duplicates, so
    /// <c>tx=commit</c> written by hand would silently win over <c>RollbackTransaction()</c>. The client's Prefer
    /// headers come after the query's own preferences (defaults the query overrides) and are not checked.
    /// </summary>
    private static void CheckPreferences(in QuerySettings s, ReadOnlySpan<IQueryEdit> edits)
    {
        string? own = null;
        foreach (var edit in edits)
        {
            if (edit is not HeaderEdit h || !IsPrefer(h.Name))
            {
                continue;
            }

            own ??= RequestHeaders.OwnPreferences(s);
            if (own.Length == 0)
            {
                return;
            }

            foreach (var item in h.Value.Split(','))
            {
                var name = PreferenceName(item);
                foreach (var mine in own.Split(','))
                {
                    if (name.Length > 0 && name == PreferenceName(mine))
                    {
                        throw new InvalidOperationException(
                            $"A hand-written Prefer header sets '{item.Trim()}', but the query sets '{mine.Trim()}' "
                            + "through its own methods (RollbackTransaction, Select/Returning, WithCount, Upsert, "
                            + "missing values, Handling, MaxAffected, Timezone): PostgREST would honour whichever comes "
                            + "first. Set the preference once, with the query's method, and remove it from "
                            + "Header(\"Prefer\", …).");
                    }
                }
            }
        }
    }

    private static string PreferenceName(string item)
    {
        var text = item.AsSpan().Trim();
        var eq = text.IndexOf('=');
        return (eq < 0 ? text : text[..eq]).Trim().ToString().ToLowerInvariant();
    }

    /// <summary>The value of the last Accept header added to the query by hand, or <c>null</c>.</summary>
    private static string? HandWrittenAccept(ReadOnlySpan<IQueryEdit> edits)
    {
        string? accept = null;
        foreach (var edit in edits)
        {
            if (edit is HeaderEdit h && string.Equals(h.Name, "Accept", StringComparison.OrdinalIgnoreCase))
            {
                accept = h.Value;
            }
        }

        return accept;
    }

    /// <summary>Count and CountAsync send HEAD: a read.</summary>
    public static void CheckCount(in QuerySettings s, string helper)
    {
        if (s.IsWrite)
        {
            throw new InvalidOperationException(
                $"{helper} counts rows with a HEAD request, a read, but this query is {OperationOf(s)} on "
                + $"'{s.Resource}'; PgRest does not send the write to count it. To count the rows the write "
                + "affects, add WithCount() and run it once with ExecuteAsync (the count is in TotalCount); to count "
                + "the rows it would touch, count the same filters without the write.");
        }
    }

    /// <summary>PagesAsync sends the query once per page: reads only.</summary>
    public static void CheckPages(in QuerySettings s, string helper)
    {
        if (s.IsWrite)
        {
            throw new InvalidOperationException(
                $"{helper} sends the query once per page, but this query is {OperationOf(s)} on '{s.Resource}', "
                + "which would be written again for every page. Send it once with ExecuteAsync, or with ToListAsync "
                + "and Select(…) to get the written rows back.");
        }

        if (s.MayWrite)
        {
            throw new InvalidOperationException(
                $"{helper} sends the query once per page, but this query calls the function '{s.Resource}' with "
                + "POST, which may write and would be called again for every page. Page a function's rows with "
                + "RpcMethod.Get (PostgREST then runs it read-only), or call it once with ToListAsync.");
        }
    }

    /// <summary>
    /// The helpers that decode a body (<c>ToList</c>, <c>Stream</c>, <c>Single</c>, <c>MaybeSingle</c>,
    /// <c>Execute&lt;T&gt;</c>): on a table write the body exists only with <c>return=representation</c>; without
    /// it the write would commit and the helper then fail on the empty body.
    /// </summary>
    public static void CheckReturnsRows(
        PostgrestQuery query, in QuerySettings s, IReadOnlyList<KeyValuePair<string, string>> clientHeaders,
        string helper)
    {
        if (s.MayWrite)
        {
            for (var node = query; node is not null; node = node.Previous)
            {
                if (node.Edit is HeaderEdit h && string.Equals(h.Name, "Accept", StringComparison.OrdinalIgnoreCase))
                {
                    throw new InvalidOperationException(
                        $"{helper} decodes the rows as JSON, but this query is {OperationOf(s)} on '{s.Resource}' "
                        + $"with a hand-written Accept header ('{h.Value}'): the write would be committed and "
                        + $"{helper} would then fail on a body in another media type. Remove Header(\"Accept\", …) "
                        + "(use Csv()/GeoJson() with TextAsync or ExecuteAsync for another format).");
                }
            }
        }

        if (s.IsWrite && EffectiveReturn(query, s, clientHeaders) != ReturnMode.Representation)
        {
            throw new InvalidOperationException(
                $"{helper} decodes the rows the write returns, but this query is {OperationOf(s)} on "
                + $"'{s.Resource}' that returns none (return=minimal): the write would be committed and {helper} "
                + "would then fail on the empty body. Add Select(\"…\") (or Returning(ReturnMode.Representation)) "
                + "to get the written rows, or run it with ExecuteAsync.");
        }
    }

    /// <summary>
    /// The helpers that read a list (<c>ToList</c>, <c>Stream</c>): on a query that may write and asked for one
    /// row (<c>Single()</c>/<c>MaybeSingle()</c>), a list would drop the check PostgREST makes by rolling back.
    /// </summary>
    public static void CheckList(in QuerySettings s, string helper)
    {
        if (s.MayWrite && s.Format is ResponseFormat.Single or ResponseFormat.MaybeSingle)
        {
            throw new InvalidOperationException(
                $"{helper} reads a list of rows, but this query is {OperationOf(s)} on '{s.Resource}' that asked "
                + $"for one row ({s.Format}()): PostgREST enforces that by rolling the write back, and a list would "
                + "drop the check. Use SingleAsync or MaybeSingleAsync, or remove the single-row format.");
        }
    }

    /// <summary>Single and MaybeSingle replace the format: on an EXPLAIN query that would run the query instead.</summary>
    public static void CheckSingle(in QuerySettings s, string helper)
    {
        if (s.Format == ResponseFormat.Explain)
        {
            throw new InvalidOperationException(
                $"{helper} asks for one row as an object, which would replace the execution plan this query asks "
                + "for (Explain) and run the query instead of explaining it. Read the plan with TextAsync or "
                + "ExecuteAsync.");
        }
    }

    /// <summary>
    /// The <c>return=</c> preference PostgREST honours for a query: the first one in its Prefer header, which lists
    /// the query's hand-written Prefer headers, then its own preferences, then the client's Prefer headers
    /// (<see cref="RequestHeaders.QueryHeaders"/>).
    /// </summary>
    private static ReturnMode? EffectiveReturn(
        PostgrestQuery query, in QuerySettings s, IReadOnlyList<KeyValuePair<string, string>> clientHeaders)
    {
        ReturnMode? handWritten = null;
        for (var node = query; node is not null; node = node.Previous)
        {
            // Walking from the latest step back: the last one found is the first header edit made.
            if (node.Edit is HeaderEdit h && IsPrefer(h.Name) && ReturnIn(h.Value) is { } r)
            {
                handWritten = r;
            }
        }

        if ((handWritten ?? s.Return) is { } chosen)
        {
            return chosen;
        }

        foreach (var (name, value) in clientHeaders)
        {
            if (IsPrefer(name) && ReturnIn(value) is { } r)
            {
                return r;
            }
        }

        return null;
    }

    private static bool IsPrefer(string name) => string.Equals(name, "Prefer", StringComparison.OrdinalIgnoreCase);

    private static ReturnMode? ReturnIn(string prefer)
    {
        foreach (var item in prefer.Split(','))
        {
            switch (item.Trim())
            {
                case "return=representation":
                    return ReturnMode.Representation;
                case "return=minimal":
                    return ReturnMode.Minimal;
                case "return=headers-only":
                    return ReturnMode.HeadersOnly;
            }
        }

        return null;
    }

    /// <summary>How a message names the operation of a query.</summary>
    public static string OperationOf(in QuerySettings s) => s.Operation switch
    {
        Operation.Insert => "an insert (POST)",
        Operation.Upsert => "an upsert (POST)",
        Operation.Put => "an UpsertSingle (PUT)",
        Operation.Update => "an update (PATCH)",
        Operation.Delete => "a delete (DELETE)",
        Operation.Rpc => s.MayWrite ? "a function call with POST" : "a function call with GET/HEAD",
        _ => "a read (GET)",
    };

    /// <summary>True when a condition filters the top-level rows (an embedded resource's conditions do not).</summary>
    private static bool HasTopLevelFilter(ReadOnlySpan<IQueryEdit> edits)
    {
        foreach (var edit in edits)
        {
            // A condition added with Where(…, referencedTable) is a FilterEdit, never counted; a hand-written filter
            // on books.id writes an embedded resource's key (Condition.FiltersTopLevelRows).
            if (edit is Condition { FiltersTopLevelRows: true })
            {
                return true;
            }
        }

        return false;
    }
}
