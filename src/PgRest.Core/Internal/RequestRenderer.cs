using System;
using System.Globalization;
using System.Net.Http;
using System.Text.Json;

namespace PgRest.Internal;

/// <summary>
/// Renders a query into a request: one pure function from (query, client settings) to method, URI, headers and body.
/// It never does I/O. The query's edits are folded once (<see cref="QueryPlan"/>), and the URL is written in one
/// pass into a pooled buffer that percent-encodes PostgREST text as it writes it (<see cref="QueryTextWriter"/>), so
/// nothing is encoded twice and nothing but the final string is allocated for the URL.
/// </summary>
internal static class RequestRenderer
{
    private static readonly UriCreationOptions ExactUri = new() { DangerousDisablePathAndQueryCanonicalization = true };

    private static readonly string[] ReservedRpcArguments =
        ["select", "order", "limit", "offset", "and", "or", "not", "columns", "on_conflict"];

    public static PostgrestRequest Render(PostgrestQuery query, ClientSettings client)
    {
        var plan = QueryPlan.Of(query);
        try
        {
            ref readonly var s = ref plan.Settings;
            WriteSafety.CheckRequest(s, plan.Edits);
            var method = MethodOf(s);
            var readsOnly = ReadsOnly(method);
            var body = BodyBytes(s, readsOnly, s.Operation == Operation.Rpc ? client.BodyJson : client.WriteJson);

            var w = QueryTextWriter.ForUrl();
            w.Structure(client.UrlPrefix);
            if (s.Operation == Operation.Rpc)
            {
                w.Structure("rpc/");
            }

            w.Append(s.Resource);
            if (s.Operation == Operation.Rpc && readsOnly && s.Body is not null)
            {
                AppendRpcArguments(ref w, s.Body.ToElement(client.ArgumentJson));
            }

            var sentColumns = AppendParameters(ref w, plan.Edits, s, body);
            // The URL is already in its final, exactly encoded form (QueryTextWriter): Uri keeps it as written instead of
            // scanning path and query again for escapes it would canonicalize.
            var uri = new Uri(w.ToStringAndDispose(), ExactUri);

            var headers = RequestHeaders.For(s, plan.Edits, readsOnly, client, body is not null, sentColumns);

            // Not `body` directly (nor `body is null ? null : …`): C# converts a null byte[], and even the null
            // literal, to an empty ReadOnlyMemory through its implicit operator, which would make every GET carry an
            // empty body.
            ReadOnlyMemory<byte>? content = default;
            if (body is not null)
            {
                content = new ReadOnlyMemory<byte>(body);
            }

            return new PostgrestRequest(method, uri, headers, content, s.Timeout ?? client.Timeout);
        }
        finally
        {
            plan.Dispose();
        }
    }

    /// <summary>A readable, unencoded summary of a query (no client settings, no credentials): the values of the
    /// query's own credential headers are shown as <c>[redacted]</c> (the default names, and the client's
    /// <c>SensitiveHeaders</c> when the query is bound).</summary>
    public static string Describe(PostgrestQuery query)
    {
        var secrets = query.Client?.Secrets ?? Secrets.Default;
        var plan = QueryPlan.Of(query);
        try
        {
            ref readonly var s = ref plan.Settings;
            var method = MethodOf(s);
            var w = QueryTextWriter.Plain(128);
            w.Append(method.Method);
            w.Append(" /");
            if (s.Operation == Operation.Rpc)
            {
                w.Append("rpc/");
            }

            w.Append(s.Resource);
            AppendParameters(ref w, plan.Edits, s, null);
            var own = RequestHeaders.OwnPreferences(s);
            foreach (var (name, value) in RequestHeaders.QueryHeaders(RequestHeaders.Accept(s), own, plan.Edits, null))
            {
                w.Append('\n');
                w.Append(name);
                w.Append(": ");
                w.Append(secrets.IsSensitive(name) ? Secrets.Redacted : value);
            }

            return w.ToStringAndDispose();
        }
        finally
        {
            plan.Dispose();
        }
    }

    private static HttpMethod MethodOf(in QuerySettings s) => s.Operation switch
    {
        Operation.Select => s.Head ? HttpMethod.Head : HttpMethod.Get,
        Operation.Insert or Operation.Upsert => HttpMethod.Post,
        Operation.Put => HttpMethod.Put,
        Operation.Update => HttpMethod.Patch,
        Operation.Delete => HttpMethod.Delete,
        Operation.Rpc => s.Head || s.RpcMethod == RpcMethod.Head ? HttpMethod.Head
            : s.RpcMethod == RpcMethod.Get ? HttpMethod.Get
            : HttpMethod.Post,
        _ => throw new InvalidOperationException($"Unknown operation {s.Operation}."),
    };

    private static bool ReadsOnly(HttpMethod method) => method == HttpMethod.Get || method == HttpMethod.Head;

    private static byte[]? BodyBytes(in QuerySettings s, bool readsOnly, JsonSerializerOptions json)
    {
        if (readsOnly)
        {
            return null;
        }

        if (s.Operation == Operation.Rpc)
        {
            return s.Body?.Serialize(json) ?? "{}"u8.ToArray();
        }

        return s.Body?.Serialize(json);
    }

    /// <summary>Writes the query-string parameters: select, filters, order, limit, offset, on_conflict, columns,
    /// then parameters added by hand. True when <c>columns=</c> was written.</summary>
    private static bool AppendParameters(
        ref QueryTextWriter w, ReadOnlySpan<IQueryEdit> edits, in QuerySettings s, byte[]? body)
    {
        if (s.Select is not null)
        {
            w.AppendParameter("select", s.Select);
        }

        foreach (var edit in edits)
        {
            if (edit is Condition c)
            {
                c.AppendTopLevel(ref w, null);
            }
            else if (edit is FilterEdit f)
            {
                f.Condition.AppendTopLevel(ref w, f.ReferencedTable);
            }
        }

        AppendOrders(ref w, edits);
        AppendPages(ref w, edits, limits: true);
        AppendPages(ref w, edits, limits: false);

        if (s.OnConflict is not null)
        {
            w.BeginParameter();
            w.Append("on_conflict");
            w.BeginValue();
            var first = true;
            foreach (var column in s.OnConflict.Split(','))
            {
                AppendListedIdentifier(ref w, column.Trim(), ref first);
            }
        }

        var sentColumns = false;
        if (body is not null && s.Operation is Operation.Insert or Operation.Upsert)
        {
            var columns = RequestBody.ArrayColumns(body)
                ?? (s.MissingAsDefault ? RequestBody.ObjectColumns(body) : null);
            if (columns is { Count: > 0 })
            {
                sentColumns = true;
                w.BeginParameter();
                w.Append("columns");
                w.BeginValue();
                var first = true;
                foreach (var column in columns)
                {
                    AppendListedIdentifier(ref w, column, ref first);
                }
            }
        }

        foreach (var edit in edits)
        {
            if (edit is ParameterEdit p)
            {
                w.AppendParameter(p.Name, p.Value);
            }
        }

        return sentColumns;
    }

    private static void AppendListedIdentifier(ref QueryTextWriter w, string name, ref bool first)
    {
        if (name.Length == 0)
        {
            throw new ArgumentException("An empty column name in a column list.");
        }

        if (!first)
        {
            w.Append(',');
        }

        first = false;
        PostgrestSyntax.AppendIdentifier(ref w, name);
    }

    /// <summary>One <c>order</c> parameter per table (top level first seen first), its terms in the order given.</summary>
    private static void AppendOrders(ref QueryTextWriter w, ReadOnlySpan<IQueryEdit> edits)
    {
        for (var i = 0; i < edits.Length; i++)
        {
            if (edits[i] is not OrderEdit head || SeenBefore(edits, i, head.ReferencedTable ?? string.Empty))
            {
                continue;
            }

            var table = head.ReferencedTable ?? string.Empty;
            w.BeginParameter();
            ColumnSyntax.AppendScopedKey(ref w, table, "order");
            w.BeginValue();
            for (var j = i; j < edits.Length; j++)
            {
                if (edits[j] is not OrderEdit term || (term.ReferencedTable ?? string.Empty) != table)
                {
                    continue;
                }

                // The separators and keywords below need no percent-encoding.
                if (j > i)
                {
                    w.Structure(',');
                }

                if (term.ToOneRelation is { } relation)
                {
                    PostgrestSyntax.AppendIdentifier(ref w, relation);
                    w.Append('(');
                    ColumnSyntax.Append(ref w, term.Column, term.PlainColumn);
                    w.Append(')');
                }
                else
                {
                    ColumnSyntax.Append(ref w, term.Column, term.PlainColumn);
                }

                w.Structure(term.Ascending ? ".asc" : ".desc");
                if (term.Nulls != NullsOrder.Default)
                {
                    w.Structure(term.Nulls == NullsOrder.First ? ".nullsfirst" : ".nullslast");
                }
            }
        }

        static bool SeenBefore(ReadOnlySpan<IQueryEdit> edits, int index, string table)
        {
            for (var k = 0; k < index; k++)
            {
                if (edits[k] is OrderEdit o && (o.ReferencedTable ?? string.Empty) == table)
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>The <c>limit</c> (or <c>offset</c>) parameters: the last one set per table, tables in ordinal order
    /// (the top level, <c>""</c>, first).</summary>
    private static void AppendPages(ref QueryTextWriter w, ReadOnlySpan<IQueryEdit> edits, bool limits)
    {
        string? previous = null;
        while (true)
        {
            // The next table in ordinal order after `previous`, and its last value.
            PageEdit? next = null;
            foreach (var edit in edits)
            {
                if (edit is PageEdit p && p.IsLimit == limits
                    && (previous is null || string.CompareOrdinal(p.ReferencedTable, previous) > 0)
                    && (next is null || string.CompareOrdinal(p.ReferencedTable, next.ReferencedTable) <= 0))
                {
                    next = p;
                }
            }

            if (next is null)
            {
                return;
            }

            w.BeginParameter();
            ColumnSyntax.AppendScopedKey(ref w, next.ReferencedTable, limits ? "limit" : "offset");
            w.BeginValue();
            w.AppendInteger(next.Count);
            previous = next.ReferencedTable;
        }
    }

    /// <summary>
    /// Puts function arguments into the query string (GET/HEAD). PostgREST reads a value shaped like
    /// <c>op.value</c> as a filter, and some names as its own parameters; such arguments are refused here
    /// rather than silently misread.
    /// </summary>
    private static void AppendRpcArguments(ref QueryTextWriter w, JsonElement args)
    {
        if (args.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException("Function arguments must serialize to a JSON object of named arguments.", "args");
        }

        foreach (var property in args.EnumerateObject())
        {
            if (Array.IndexOf(ReservedRpcArguments, property.Name) >= 0)
            {
                throw new ArgumentException(
                    $"The argument name '{property.Name}' is reserved by PostgREST in a query string; call the function with POST.",
                    "args");
            }

            Guard.SendableText(property.Name, "args");
            if (VariadicValues(property.Value) is { } values)
            {
                AppendVariadic(ref w, property.Name, values);
                continue;
            }

            AppendArgument(ref w, property.Name, ArgumentText(property.Value, property.Name));
        }
    }

    private static void AppendArgument(ref QueryTextWriter w, string name, string value)
    {
        var text = Guard.SendableText(value, "args");
        if (LooksLikeFilter(text))
        {
            throw new ArgumentException(
                $"The value of argument '{name}' would be read by PostgREST as a filter; call the function with POST.",
                "args");
        }

        w.AppendParameter(name, text);
    }

    /// <summary>The values of a <see cref="VariadicArgument"/> (marked by the argument serializer), or null.</summary>
    private static JsonElement? VariadicValues(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        using var members = value.EnumerateObject();
        if (!members.MoveNext() || members.Current.Name != VariadicArgumentConverter.MarkerKey)
        {
            return null;
        }

        var values = members.Current.Value;
        return members.MoveNext() ? null : values;
    }

    /// <summary>A VARIADIC argument: PostgREST 12 reads the parameter repeated, each value one element (as text). A
    /// query string cannot say "no values" (no parameter means the argument is missing) nor NULL (a value is always a
    /// string), and an object or array element would arrive as a JSON string, not as JSON.</summary>
    private static void AppendVariadic(ref QueryTextWriter w, string name, JsonElement values)
    {
        if (values.GetArrayLength() == 0)
        {
            throw new ArgumentException(
                $"The variadic argument '{name}' has no values; a query string cannot send an empty list. Call the function with POST.",
                "args");
        }

        foreach (var e in values.EnumerateArray())
        {
            var text = e.ValueKind switch
            {
                JsonValueKind.String => e.GetString()!,
                JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => e.GetRawText(),
                JsonValueKind.Null => throw new ArgumentException(
                    $"The variadic argument '{name}' holds a null value; a query string cannot carry SQL NULL. Call the function with POST.",
                    "args"),
                _ => throw new ArgumentException(
                    $"The variadic argument '{name}' holds a JSON {e.ValueKind.ToString().ToLowerInvariant()}; over GET each value arrives as text. Call the function with POST.",
                    "args"),
            };
            AppendArgument(ref w, name, text);
        }
    }

    private static string ArgumentText(JsonElement value, string name)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                return value.GetString()!;
            case JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False or JsonValueKind.Object:
                return value.GetRawText();
            case JsonValueKind.Array:
                var elements = new System.Collections.Generic.List<string?>();
                foreach (var e in value.EnumerateArray())
                {
                    elements.Add(e.ValueKind switch
                    {
                        JsonValueKind.Null => null,
                        JsonValueKind.String => e.GetString(),
                        // {"[1,2]"} is a string element, not a row of a two-dimensional array: no exact form here.
                        JsonValueKind.Array => throw new ArgumentException(
                            $"Argument '{name}' is a nested array, which a query string cannot send exactly; call the function with POST.",
                            "args"),
                        _ => e.GetRawText(),
                    });
                }

                return PostgrestSyntax.ArrayLiteral(elements);
            default:
                throw new ArgumentException(
                    $"Argument '{name}' is null; a query string cannot carry SQL NULL. Leave it out (to use its default) or call with POST.",
                    "args");
        }
    }

    private static bool LooksLikeFilter(string text)
    {
        var rest = text.AsSpan();
        if (rest.StartsWith("not."))
        {
            return true;
        }

        foreach (var op in Enum.GetValues<FilterOperator>())
        {
            var name = OperatorNames.Of(op);
            if (rest.StartsWith(name, StringComparison.Ordinal) && rest.Length > name.Length
                && rest[name.Length] is '.' or '(')
            {
                return true;
            }
        }

        return false;
    }
}
