using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Text;

namespace PgRest.Internal;

/// <summary>
/// The headers of a request: the client's, then the schema profile, the content type, and the query's own (Accept,
/// Prefer, added headers), each replacing an earlier header of the same name. Lists are immutable, so a list built
/// once per client (<see cref="ClientSettings.PlainHeaders"/>) can be shared by every request that needs it.
/// </summary>
internal static class RequestHeaders
{
    /// <summary>The headers of a request rendered from <paramref name="s"/>.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> For(
        in QuerySettings s, ReadOnlySpan<IQueryEdit> edits, bool readsOnly, ClientSettings client, bool hasBody,
        bool sentColumns = false)
    {
        var own = OwnPreferences(s, sentColumns);
        if (!s.HasHeaders && s.Schema is null && s.Format != ResponseFormat.Explain && own.Length == 0)
        {
            return client.PlainHeaders(AcceptFormat(s), readsOnly, hasBody);
        }

        return Build(
            client, readsOnly, hasBody, s.Schema ?? client.Schema, QueryHeaders(Accept(s), own, edits, client.Headers));
    }

    /// <summary>The client's headers with the schema profile, content type and query headers set over them.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Build(
        ClientSettings client, bool readsOnly, bool hasBody, string? schema,
        List<KeyValuePair<string, string>> queryHeaders)
    {
        var headers = new List<KeyValuePair<string, string>>(client.Headers.Count + queryHeaders.Count + 2);
        headers.AddRange(client.Headers);
        if (schema is not null)
        {
            Set(headers, readsOnly ? "Accept-Profile" : "Content-Profile", schema);
        }

        if (hasBody)
        {
            Set(headers, "Content-Type", "application/json");
        }

        foreach (var (name, value) in queryHeaders)
        {
            Set(headers, name, value);
        }

        return ImmutableArray.CreateRange(headers);
    }

    /// <summary>
    /// The headers that come from the query itself: Accept, Prefer, then the headers added to it. Prefer is a list,
    /// not a value to replace: a Prefer header added by hand (to the query, then to the client) joins the
    /// preferences the query sets. PostgREST honours the first of duplicates, so the most specific source comes first.
    /// </summary>
    public static List<KeyValuePair<string, string>> QueryHeaders(
        string accept, string ownPreferences, ReadOnlySpan<IQueryEdit> edits,
        IReadOnlyList<KeyValuePair<string, string>>? clientHeaders)
    {
        var result = new List<KeyValuePair<string, string>>(2) { new("Accept", accept) };
        var prefer = new StringBuilder();
        foreach (var edit in edits)
        {
            if (edit is HeaderEdit h && IsPrefer(h.Name))
            {
                AppendPreference(prefer, h.Value);
            }
        }

        AppendPreference(prefer, ownPreferences);
        foreach (var (name, value) in clientHeaders ?? [])
        {
            if (IsPrefer(name))
            {
                AppendPreference(prefer, value);
            }
        }

        if (prefer.Length > 0)
        {
            result.Add(new("Prefer", prefer.ToString()));
        }

        foreach (var edit in edits)
        {
            if (edit is HeaderEdit h && !IsPrefer(h.Name))
            {
                result.Add(new(h.Name, h.Value));
            }
        }

        return result;
    }

    /// <summary>The Accept header of a query.</summary>
    public static string Accept(in QuerySettings s)
    {
        if (s.Format != ResponseFormat.Explain)
        {
            return MediaType(AcceptFormat(s));
        }

        var o = s.Explain ?? new ExplainOptions();
        var sb = new StringBuilder("application/vnd.pgrst.plan+").Append(o.Json ? "json" : "text");
        sb.Append("; for=\"").Append(MediaType(s.ExplainedFormat)).Append('"');
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

    /// <summary>The format whose media type a query asks for. A query that may write and wants at most one row asks
    /// for one object: PostgREST then rolls the write back when it touches several rows (and answers 406 for none,
    /// which MaybeSingle reads as no row).</summary>
    private static ResponseFormat AcceptFormat(in QuerySettings s) =>
        s.Format == ResponseFormat.MaybeSingle && s.MayWrite ? ResponseFormat.Single : s.Format;

    /// <summary>The media type of a response format.</summary>
    public static string MediaType(ResponseFormat format) => format switch
    {
        ResponseFormat.Single => "application/vnd.pgrst.object+json",
        ResponseFormat.Csv => "text/csv",
        ResponseFormat.GeoJson => "application/geo+json",
        _ => "application/json",
    };

    /// <summary>The preferences the query's settings ask for, comma-separated; empty (no allocation) for none.</summary>
    public static string OwnPreferences(in QuerySettings s, bool sentColumns = false)
    {
        StringBuilder? sb = null;
        if (s.Return is { } r && (s.IsWrite || s.Operation == Operation.Rpc))
        {
            Add(ref sb, r switch
            {
                ReturnMode.Minimal => "return=minimal",
                ReturnMode.HeadersOnly => "return=headers-only",
                _ => "return=representation",
            });
        }

        if (s.Count is { } c)
        {
            Add(ref sb, c switch
            {
                CountMethod.Planned => "count=planned",
                CountMethod.Estimated => "count=estimated",
                _ => "count=exact",
            });
        }

        if (s.Operation == Operation.Upsert)
        {
            Add(ref sb, s.IgnoreDuplicates ? "resolution=ignore-duplicates" : "resolution=merge-duplicates");
        }

        // A key left out of some rows of a bulk write (sent with columns=) means DEFAULT, as a property left out of a
        // single row does; without columns= the preference would change nothing.
        if (s.MissingAsDefault || sentColumns)
        {
            Add(ref sb, "missing=default");
        }

        if (s.Rollback)
        {
            Add(ref sb, "tx=rollback");
        }

        if (s.Handling is { } h)
        {
            Add(ref sb, h == PreferenceHandling.Strict ? "handling=strict" : "handling=lenient");
        }

        if (s.MaxAffected is { } max)
        {
            Add(ref sb, "max-affected=" + max.ToString(CultureInfo.InvariantCulture));
        }

        if (s.Timezone is { } tz)
        {
            Add(ref sb, "timezone=" + tz);
        }

        return sb?.ToString() ?? string.Empty;

        static void Add(ref StringBuilder? sb, string item) => AppendPreference(sb ??= new StringBuilder(), item);
    }

    private static void AppendPreference(StringBuilder prefer, string item)
    {
        if (item.Length == 0)
        {
            return;
        }

        if (prefer.Length > 0)
        {
            prefer.Append(", ");
        }

        prefer.Append(item);
    }

    private static bool IsPrefer(string name) => string.Equals(name, "Prefer", StringComparison.OrdinalIgnoreCase);

    private static void Set(List<KeyValuePair<string, string>> headers, string name, string value)
    {
        for (var i = headers.Count - 1; i >= 0; i--)
        {
            if (string.Equals(headers[i].Key, name, StringComparison.OrdinalIgnoreCase))
            {
                headers.RemoveAt(i);
            }
        }

        headers.Add(new KeyValuePair<string, string>(name, value));
    }
}
