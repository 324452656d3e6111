using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.Json;

namespace PgRest.Internal;

/// <summary>What a client contributes to every request it renders.</summary>
internal sealed record ClientSettings(
    Uri BaseUri,
    string? Schema,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    JsonSerializerOptions Json,
    TimeSpan? Timeout);

/// <summary>
/// Renders a query into a request: one pure function from (query state, client settings) to method, URI,
/// headers and body. It never does I/O and never encodes twice: PostgREST text is built first, then
/// <see cref="QueryStringBuilder"/> percent-encodes it once.
/// </summary>
internal static class RequestRenderer
{
    private static readonly string[] ReservedRpcArguments =
        ["select", "order", "limit", "offset", "and", "or", "not", "columns", "on_conflict"];

    public static PostgrestRequest Render(QueryState state, ClientSettings client)
    {
        var method = MethodOf(state);
        var body = BodyBytes(state, method, client.Json);
        var parameters = Parameters(state, method, body, client.Json);

        var sb = new StringBuilder(client.BaseUri.AbsoluteUri.TrimEnd('/'));
        sb.Append('/');
        if (state.Operation == Operation.Rpc)
        {
            sb.Append("rpc/");
        }

        sb.Append(Uri.EscapeDataString(state.Resource));
        QueryStringBuilder.Append(sb, parameters.Items);

        var headers = Headers(state, method, client, body is not null);
        // Not `body` directly (nor `body is null ? null : …`): C# converts a null byte[], and even the null literal,
        // to an empty ReadOnlyMemory through its implicit operator, which would make every GET carry an empty body.
        ReadOnlyMemory<byte>? content = default;
        if (body is not null)
        {
            content = new ReadOnlyMemory<byte>(body);
        }

        return new PostgrestRequest(method, new Uri(sb.ToString()), headers, content, state.Timeout ?? client.Timeout);
    }

    /// <summary>A readable, unencoded summary of a query (no client settings, no credentials).</summary>
    public static string Describe(QueryState state)
    {
        var method = MethodOf(state);
        var parameters = Parameters(state, method, null, JsonSerializerOptions.Default, describeOnly: true);
        var sb = new StringBuilder(method.Method).Append(" /");
        if (state.Operation == Operation.Rpc)
        {
            sb.Append("rpc/");
        }

        sb.Append(state.Resource);
        for (var i = 0; i < parameters.Items.Count; i++)
        {
            sb.Append(i == 0 ? '?' : '&').Append(parameters.Items[i].Key).Append('=').Append(parameters.Items[i].Value);
        }

        foreach (var (name, value) in QueryHeaders(state, method))
        {
            sb.Append('\n').Append(name).Append(": ").Append(value);
        }

        return sb.ToString();
    }

    public static HttpMethod MethodOf(QueryState state) => state.Operation switch
    {
        Operation.Select => state.Head ? HttpMethod.Head : HttpMethod.Get,
        Operation.Insert or Operation.Upsert => HttpMethod.Post,
        Operation.Put => HttpMethod.Put,
        Operation.Update => HttpMethod.Patch,
        Operation.Delete => HttpMethod.Delete,
        Operation.Rpc => state.Head || state.RpcMethod == RpcMethod.Head ? HttpMethod.Head
            : state.RpcMethod == RpcMethod.Get ? HttpMethod.Get
            : HttpMethod.Post,
        _ => throw new InvalidOperationException($"Unknown operation {state.Operation}."),
    };

    private static bool ReadsOnly(HttpMethod method) => method == HttpMethod.Get || method == HttpMethod.Head;

    private static byte[]? BodyBytes(QueryState state, HttpMethod method, JsonSerializerOptions json)
    {
        if (ReadsOnly(method))
        {
            return null;
        }

        if (state.Operation == Operation.Rpc)
        {
            return state.Body?.Serialize(json) ?? "{}"u8.ToArray();
        }

        return state.Body?.Serialize(json);
    }

    private static QueryParameters Parameters(
        QueryState state, HttpMethod method, byte[]? body, JsonSerializerOptions json, bool describeOnly = false)
    {
        var p = new QueryParameters();
        if (state.Operation == Operation.Rpc && ReadsOnly(method) && state.Body is not null && !describeOnly)
        {
            AddRpcArguments(p, state.Body.ToElement(json));
        }

        if (state.Select is not null)
        {
            p.Add("select", state.Select);
        }

        foreach (var filter in state.Filters)
        {
            filter.Condition.AppendTopLevel(p, filter.ReferencedTable);
        }

        foreach (var group in state.Orders.GroupBy(o => o.ReferencedTable ?? string.Empty))
        {
            var value = new StringBuilder();
            foreach (var term in group)
            {
                if (value.Length > 0)
                {
                    value.Append(',');
                }

                if (term.ToOneRelation is { } relation)
                {
                    PostgrestSyntax.AppendIdentifier(value, relation);
                    value.Append('(');
                    ColumnSyntax.Append(value, term.Column);
                    value.Append(')');
                }
                else
                {
                    ColumnSyntax.Append(value, term.Column);
                }

                value.Append(term.Ascending ? ".asc" : ".desc");
                if (term.Nulls != NullsOrder.Default)
                {
                    value.Append(term.Nulls == NullsOrder.First ? ".nullsfirst" : ".nullslast");
                }
            }

            p.Add(ScopedKey(group.Key, "order"), value.ToString());
        }

        foreach (var (table, limit) in state.Limits.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            p.Add(ScopedKey(table, "limit"), limit.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        foreach (var (table, offset) in state.Offsets.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            p.Add(ScopedKey(table, "offset"), offset.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (state.OnConflict is not null)
        {
            p.Add("on_conflict", IdentifierList(state.OnConflict.Split(',').Select(c => c.Trim())));
        }

        if (body is not null && state.Operation is Operation.Insert or Operation.Upsert)
        {
            var columns = RequestBody.ArrayColumns(body)
                ?? (state.MissingAsDefault ? RequestBody.ObjectColumns(body) : null);
            if (columns is { Count: > 0 })
            {
                p.Add("columns", IdentifierList(columns));
            }
        }

        foreach (var (key, value) in state.ExtraParameters)
        {
            p.Add(key, value);
        }

        return p;
    }

    private static string ScopedKey(string table, string key)
    {
        if (table.Length == 0)
        {
            return key;
        }

        var sb = new StringBuilder();
        ColumnSyntax.AppendTablePath(sb, table);
        return sb.Append('.').Append(key).ToString();
    }

    private static string IdentifierList(IEnumerable<string> names) =>
        string.Join(",", names.Select(n => n.Length == 0
            ? throw new ArgumentException("An empty column name in a column list.")
            : PostgrestSyntax.Identifier(n)));

    /// <summary>
    /// Puts function arguments into the query string (GET/HEAD). PostgREST reads a value shaped like
    /// <c>op.value</c> as a filter, and some names as its own parameters; such arguments are refused here
    /// rather than silently misread.
    /// </summary>
    private static void AddRpcArguments(QueryParameters p, JsonElement args)
    {
        if (args.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException("Function arguments must serialize to a JSON object of named arguments.", "args");
        }

        foreach (var property in args.EnumerateObject())
        {
            if (ReservedRpcArguments.Contains(property.Name))
            {
                throw new ArgumentException(
                    $"The argument name '{property.Name}' is reserved by PostgREST in a query string; call the function with POST.",
                    "args");
            }

            var text = ArgumentText(property.Value, property.Name);
            if (LooksLikeFilter(text))
            {
                throw new ArgumentException(
                    $"The value of argument '{property.Name}' would be read by PostgREST as a filter; call the function with POST.",
                    "args");
            }

            p.Add(property.Name, text);
        }
    }

    private static string ArgumentText(JsonElement value, string name) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False or JsonValueKind.Object => value.GetRawText(),
        JsonValueKind.Array => PostgrestSyntax.ArrayLiteral(value.EnumerateArray()
            .Select(e => e.ValueKind switch
            {
                JsonValueKind.Null => null,
                JsonValueKind.String => e.GetString(),
                _ => e.GetRawText(),
            }).ToList()),
        _ => throw new ArgumentException(
            $"Argument '{name}' is null; a query string cannot carry SQL NULL. Leave it out (to use its default) or call with POST.",
            "args"),
    };

    private static bool LooksLikeFilter(string text)
    {
        var rest = text.AsSpan();
        if (rest.StartsWith("not."))
        {
            return true;
        }

        foreach (FilterOperator op in Enum.GetValues<FilterOperator>())
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

    private static List<KeyValuePair<string, string>> Headers(
        QueryState state, HttpMethod method, ClientSettings client, bool hasBody)
    {
        var headers = new List<KeyValuePair<string, string>>(client.Headers);
        var schema = state.Schema ?? client.Schema;
        if (schema is not null)
        {
            Set(headers, ReadsOnly(method) ? "Accept-Profile" : "Content-Profile", schema);
        }

        if (hasBody)
        {
            Set(headers, "Content-Type", "application/json");
        }

        foreach (var (name, value) in QueryHeaders(state, method, client.Headers))
        {
            Set(headers, name, value);
        }

        return headers;
    }

    /// <summary>The headers that come from the query itself (Accept, Prefer, extra headers).</summary>
    private static IEnumerable<KeyValuePair<string, string>> QueryHeaders(
        QueryState state, HttpMethod method, IReadOnlyList<KeyValuePair<string, string>>? clientHeaders = null)
    {
        yield return new("Accept", AcceptOf(state));

        // Prefer is a list, not a value to replace: a Prefer header added by hand (to the query, then to the client)
        // joins the preferences the query sets. PostgREST honours the first of duplicates, so the most specific
        // source comes first.
        var prefer = new List<string>();
        prefer.AddRange(state.Headers.Where(IsPrefer).Select(h => h.Value));
        var own = Prefer(state, method);
        if (own.Length > 0)
        {
            prefer.Add(own);
        }

        prefer.AddRange((clientHeaders ?? []).Where(IsPrefer).Select(h => h.Value));
        if (prefer.Count > 0)
        {
            yield return new("Prefer", string.Join(", ", prefer));
        }

        foreach (var header in state.Headers.Where(h => !IsPrefer(h)))
        {
            yield return header;
        }
    }

    private static bool IsPrefer(KeyValuePair<string, string> header) =>
        string.Equals(header.Key, "Prefer", StringComparison.OrdinalIgnoreCase);

    private static void Set(List<KeyValuePair<string, string>> headers, string name, string value)
    {
        headers.RemoveAll(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase));
        headers.Add(new KeyValuePair<string, string>(name, value));
    }

    private static string MediaType(ResponseFormat format) => format switch
    {
        ResponseFormat.Single => "application/vnd.pgrst.object+json",
        ResponseFormat.Csv => "text/csv",
        ResponseFormat.GeoJson => "application/geo+json",
        _ => "application/json",
    };

    private static string AcceptOf(QueryState state)
    {
        if (state.Format != ResponseFormat.Explain)
        {
            return MediaType(state.Format);
        }

        var o = state.Explain ?? new ExplainOptions();
        var sb = new StringBuilder("application/vnd.pgrst.plan+").Append(o.Json ? "json" : "text");
        sb.Append("; for=\"").Append(MediaType(state.ExplainedFormat)).Append('"');
        var options = new List<string>();
        if (o.Analyze) options.Add("analyze");
        if (o.Verbose) options.Add("verbose");
        if (o.Settings) options.Add("settings");
        if (o.Buffers) options.Add("buffers");
        if (o.Wal) options.Add("wal");
        if (options.Count > 0)
        {
            sb.Append("; options=").Append(string.Join('|', options));
        }

        return sb.ToString();
    }

    private static string Prefer(QueryState state, HttpMethod method)
    {
        var items = new List<string>();
        var writes = state.Operation is Operation.Insert or Operation.Upsert or Operation.Put or Operation.Update
            or Operation.Delete;
        if (state.Return is { } r && (writes || state.Operation == Operation.Rpc))
        {
            items.Add(r switch
            {
                ReturnMode.Minimal => "return=minimal",
                ReturnMode.HeadersOnly => "return=headers-only",
                _ => "return=representation",
            });
        }

        if (state.Count is { } c)
        {
            items.Add("count=" + c.ToString().ToLowerInvariant());
        }

        if (state.Operation == Operation.Upsert)
        {
            items.Add(state.IgnoreDuplicates ? "resolution=ignore-duplicates" : "resolution=merge-duplicates");
        }

        if (state.MissingAsDefault)
        {
            items.Add("missing=default");
        }

        if (state.Rollback)
        {
            items.Add("tx=rollback");
        }

        if (state.Handling is { } h)
        {
            items.Add(h == PreferenceHandling.Strict ? "handling=strict" : "handling=lenient");
        }

        if (state.MaxAffected is { } max)
        {
            items.Add("max-affected=" + max.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (state.Timezone is { } tz)
        {
            items.Add("timezone=" + tz);
        }

        return string.Join(", ", items);
    }
}
