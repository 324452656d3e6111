using System;
using System.Collections.Generic;
using System.Linq;
using PgRest.Internal;

namespace PgRest;

/// <summary>
/// An immutable PostgREST request description: a table or function, its filters, ordering, paging, format and
/// preferences. Every method returns a new value and leaves this one unchanged, so a query can be shared across
/// threads and reused as a template. A query created by <see cref="PostgrestClient.From(string)"/> is bound to
/// that client and can be executed directly; one created by <see cref="From(string)"/> is executed with
/// <see cref="PostgrestClient"/> methods.
/// </summary>
public sealed partial class PostgrestQuery
{
    internal PostgrestQuery(PostgrestQuery? previous, IQueryEdit edit, PostgrestClient? client)
    {
        Previous = previous;
        Edit = edit;
        Client = client;
    }

    /// <summary>The client this query is bound to, or <c>null</c> when unbound.</summary>
    public PostgrestClient? Client { get; }

    /// <summary>The table, view or function name.</summary>
    public string Resource => Root.Resource;

    /// <summary>True when the query calls a function (<c>/rpc/…</c>).</summary>
    public bool IsRpc => Root.Operation == Operation.Rpc;

    /// <summary>The media type this query asks for.</summary>
    public ResponseFormat Format => Settings().Format;

    /// <summary>The query this one was made from, or <c>null</c> for the root (see <see cref="QueryEdit"/>).</summary>
    internal PostgrestQuery? Previous { get; }

    /// <summary>What this step added.</summary>
    internal IQueryEdit Edit { get; }

    private RootEdit Root
    {
        get
        {
            var node = this;
            while (node.Previous is { } previous)
            {
                node = previous;
            }

            return (RootEdit)node.Edit;
        }
    }

    /// <summary>An unbound query reading a table or view (all columns until <see cref="Select(string)"/>).</summary>
    /// <exception cref="ArgumentException">The name is null, empty, <c>.</c>/<c>..</c>, or holds a control character or a
    /// lone surrogate.</exception>
    public static PostgrestQuery From(string table) =>
        new(null, new RootEdit(Guard.ResourceName(table, nameof(table)), Operation.Select, RpcMethod.Post, null), null);

    /// <summary>An unbound query calling a function through <c>/rpc</c>.</summary>
    /// <param name="function">The function name.</param>
    /// <param name="args">Named arguments: an object or dictionary serialized to a JSON object, or <c>null</c>.</param>
    /// <param name="method">POST (default), GET or HEAD; GET and HEAD put the arguments in the query string (an array
    /// as one array literal; a <see cref="VariadicArgument"/> as the parameter repeated once per value).</param>
    /// <exception cref="ArgumentException">The name is invalid.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="method"/> is not a named value.</exception>
    public static PostgrestQuery Rpc(string function, object? args = null, RpcMethod method = RpcMethod.Post) =>
        new(
            null,
            new RootEdit(
                Guard.ResourceName(function, nameof(function)), Operation.Rpc, Guard.Defined(method, nameof(method)), args is null ? null : BodyOf(args, nameof(args))),
            null);

    /// <summary>The same query bound to <paramref name="client"/>.</summary>
    public PostgrestQuery Bind(PostgrestClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        return new PostgrestQuery(Previous, Edit, client);
    }

    /// <summary>The request this query sends through its bound client.</summary>
    /// <exception cref="InvalidOperationException">The query is not bound to a client.</exception>
    public PostgrestRequest ToRequest() => RequireClient().Render(this);

    /// <summary>The method, relative path and query string (unencoded for readability) and the query's own headers,
    /// credential headers (<c>Authorization</c>, <c>Proxy-Authorization</c>, <c>apikey</c>, <c>X-Api-Key</c>,
    /// <c>Cookie</c>, and the client's <c>SensitiveHeaders</c> once bound) shown as <c>[redacted]</c>.</summary>
    public override string ToString() => RequestRenderer.Describe(this);

    // ---- select -------------------------------------------------------------------------------------------

    /// <summary>Selects columns with a select list in PostgREST syntax (<c>id,title,author:authors(name)</c>).</summary>
    /// <remarks>Whitespace inside double quotes and between two name characters is kept; all other whitespace is
    /// dropped. On a write, selecting also asks for the written rows (<c>return=representation</c>).</remarks>
    /// <exception cref="ArgumentException">The text is empty or holds a control character or a lone surrogate.</exception>
    public PostgrestQuery Select(string columns) => WithSelect(SelectText.Parse(columns, nameof(columns)));

    /// <summary>Selects the given entries (each in PostgREST syntax).</summary>
    public PostgrestQuery Select(params string[] columns) =>
        WithSelect(SelectItem.Join(columns.Select(SelectItem.Raw)));

    /// <summary>Selects structured entries (<see cref="SelectItem.Column"/>, <see cref="SelectItem.Embed"/>, …).</summary>
    public PostgrestQuery Select(params SelectItem[] items) => WithSelect(SelectItem.Join(items));

    // ---- ordering and paging --------------------------------------------------------------------------------

    /// <summary>Adds an order term; terms apply in the order they are added.</summary>
    /// <param name="column">The column (with an optional JSON path).</param>
    /// <param name="ascending">Ascending (default) or descending.</param>
    /// <param name="nulls">Where NULLs go.</param>
    /// <param name="referencedTable">Order the rows of this embedded resource instead of the top level.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="nulls"/> is not a named value.</exception>
    public PostgrestQuery Order(
        string column, bool ascending = true, NullsOrder nulls = NullsOrder.Default, string? referencedTable = null)
    {
        var plain = ColumnSyntax.Validate(column, nameof(column));
        return Then(new OrderEdit(CheckTable(referencedTable), column, plain, ascending, Guard.Defined(nulls, nameof(nulls))));
    }

    /// <summary>Orders the rows by a column of a to-one embedded resource (<c>order=publishers(name).desc</c>).</summary>
    /// <param name="relation">The embedded to-one relation (it must be in the select list).</param>
    /// <param name="column">Its column.</param>
    /// <param name="ascending">Ascending (default) or descending.</param>
    /// <param name="nulls">Where NULLs go (rows without a related row have NULL here).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="nulls"/> is not a named value.</exception>
    public PostgrestQuery OrderByRelated(
        string relation, string column, bool ascending = true, NullsOrder nulls = NullsOrder.Default)
    {
        Guard.NotEmptyName(relation, nameof(relation));
        var plain = ColumnSyntax.Validate(column, nameof(column));
        return Then(new OrderEdit(null, column, plain, ascending, Guard.Defined(nulls, nameof(nulls)), relation));
    }

    /// <summary>Returns at most <paramref name="count"/> rows (of the top level or an embedded resource).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The count is negative.</exception>
    public PostgrestQuery Limit(long count, string? referencedTable = null) =>
        Then(new PageEdit(CheckTable(referencedTable) ?? string.Empty, true, Guard.NotNegative(count, nameof(count))));

    /// <summary>Skips <paramref name="count"/> rows (of the top level or an embedded resource).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The count is negative.</exception>
    public PostgrestQuery Offset(long count, string? referencedTable = null) =>
        Then(new PageEdit(CheckTable(referencedTable) ?? string.Empty, false, Guard.NotNegative(count, nameof(count))));

    /// <summary>Returns rows <paramref name="from"/> to <paramref name="to"/>, both inclusive and zero-based.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A negative bound, <paramref name="to"/> below <paramref name="from"/>, or a
    /// range of more than <see cref="long.MaxValue"/> rows.</exception>
    public PostgrestQuery Range(long from, long to, string? referencedTable = null)
    {
        Guard.NotNegative(from, nameof(from));
        if (to < from)
        {
            throw new ArgumentOutOfRangeException(nameof(to), to, "The end of a range cannot be before its start.");
        }

        if (to - from == long.MaxValue)
        {
            throw new ArgumentOutOfRangeException(
                nameof(to), to, "The range holds more than long.MaxValue rows; use Offset alone to read every row from a start.");
        }

        return Offset(from, referencedTable).Limit(to - from + 1, referencedTable);
    }

    // ---- response shape -------------------------------------------------------------------------------------

    /// <summary>Asks for exactly one row as an object; 0 or several rows give the error PGRST116.</summary>
    public PostgrestQuery Single() => SetFormat(ResponseFormat.Single);

    /// <summary>Asks for at most one row: none is not an error; several rows give the error PGRST116.</summary>
    public PostgrestQuery MaybeSingle() => SetFormat(ResponseFormat.MaybeSingle);

    /// <summary>Asks for CSV text.</summary>
    public PostgrestQuery Csv() => SetFormat(ResponseFormat.Csv);

    /// <summary>Asks for a GeoJSON FeatureCollection (needs PostGIS and a geometry column).</summary>
    public PostgrestQuery GeoJson() => SetFormat(ResponseFormat.GeoJson);

    /// <summary>Asks for the execution plan of this query instead of its rows (needs <c>db-plan-enabled</c>).</summary>
    public PostgrestQuery Explain(ExplainOptions? options = null) => Set(
        options ?? new ExplainOptions(),
        static (ref QuerySettings s, ExplainOptions o) =>
        {
            s.ExplainedFormat = s.Format == ResponseFormat.Explain ? s.ExplainedFormat : s.Format;
            s.Format = ResponseFormat.Explain;
            s.Explain = o;
            s.DroppedFormat = null;
        });

    /// <summary>Asks for the number of matching rows (<c>Prefer: count=…</c>), reported in <c>Content-Range</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="method"/> is not a named value.</exception>
    public PostgrestQuery WithCount(CountMethod method = CountMethod.Exact) =>
        Set<CountMethod?>(Guard.Defined(method, nameof(method)), static (ref QuerySettings s, CountMethod? m) => s.Count = m);

    /// <summary>Sends HEAD instead of GET: headers only (use with <see cref="WithCount"/> for a cheap count). On a
    /// function called with POST it sends HEAD too (PostgREST then runs the function read-only); on an insert,
    /// upsert, update or delete the request is refused when rendered (<see cref="InvalidOperationException"/>).</summary>
    public PostgrestQuery Head() => Set(true, static (ref QuerySettings s, bool head) => s.Head = head);

    // ---- preferences, schema, headers ------------------------------------------------------------------------

    /// <summary>Rolls the transaction back after the request (<c>Prefer: tx=rollback</c>; needs
    /// <c>db-tx-end=commit-allow-override</c> on the server): a dry run that still returns its result.</summary>
    public PostgrestQuery RollbackTransaction() =>
        Set(true, static (ref QuerySettings s, bool rollback) => s.Rollback = rollback);

    /// <summary>Sets <c>Prefer: handling=strict|lenient</c> (strict rejects invalid preferences).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="handling"/> is not a named value.</exception>
    public PostgrestQuery Handling(PreferenceHandling handling) =>
        Set<PreferenceHandling?>(Guard.Defined(handling, nameof(handling)), static (ref QuerySettings s, PreferenceHandling? h) => s.Handling = h);

    /// <summary>Sets <c>Prefer: max-affected=N</c>. Honoured by PostgREST 12.2 and later. PostgREST 12.0.2 does not know
    /// it: by default (lenient handling) it ignores it and the write touches every matched row; with
    /// <see cref="Handling"/> <see cref="PreferenceHandling.Strict"/> it refuses the request (400 PGRST122, "Invalid
    /// preferences given with handling=strict") and writes nothing.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The count is negative.</exception>
    public PostgrestQuery MaxAffected(long count) =>
        Set<long?>(Guard.NotNegative(count, nameof(count)), static (ref QuerySettings s, long? max) => s.MaxAffected = max);

    /// <summary>Sets <c>Prefer: timezone=…</c>: timestamptz values come back in that time zone.</summary>
    /// <param name="timezone">A name of <c>pg_timezone_names</c> (<c>UTC</c>, <c>Europe/Berlin</c>,
    /// <c>Etc/GMT+3</c>): PostgREST applies only those, and ignores other spellings such as <c>+05:30</c>.</param>
    /// <exception cref="ArgumentException">The name is empty or holds a character other than an ASCII letter, a digit,
    /// <c>/</c>, <c>_</c>, <c>+</c> or <c>-</c> (a <c>,</c>, <c>;</c> or <c>=</c> would add preferences to the
    /// header).</exception>
    public PostgrestQuery Timezone(string timezone) =>
        Set(
            Guard.TimeZoneName(timezone, nameof(timezone)),
            static (ref QuerySettings s, string tz) => s.Timezone = tz);

    /// <summary>Uses another exposed schema for this request (<c>Accept-Profile</c>/<c>Content-Profile</c>).</summary>
    /// <exception cref="ArgumentException">The name is empty or holds anything but printable ASCII (an HTTP header
    /// value).</exception>
    public PostgrestQuery Schema(string schema) =>
        Set(
            Guard.HeaderValue(Guard.NotEmptyName(schema, nameof(schema)), nameof(schema)),
            static (ref QuerySettings s, string name) => s.Schema = name);

    /// <summary>Adds a request header; it replaces a client header of the same name. A <c>Prefer</c> header joins
    /// the query's own preferences (first), but one that sets a preference the query also sets (<c>tx</c>,
    /// <c>return</c>, <c>count</c>, …) is refused when the request is rendered (<see cref="InvalidOperationException"/>);
    /// on a query that may write, an <c>Accept</c> header is refused when the query asks for a format
    /// (<c>Single()</c>, <c>Explain()</c>, <c>Csv()</c>, …) or the helper decodes rows.</summary>
    /// <exception cref="ArgumentException">The name is not an HTTP token, or the value holds anything but printable
    /// ASCII, space and tab.</exception>
    public PostgrestQuery Header(string name, string value) =>
        Then(new HeaderEdit(Guard.HeaderName(name, nameof(name)), Guard.HeaderValue(value, nameof(value))));

    /// <summary>Adds a raw query-string parameter (percent-encoded, otherwise sent as given).</summary>
    /// <exception cref="ArgumentException">The name is empty, or the name or value holds a control character (U+0000
    /// included) or a lone surrogate.</exception>
    public PostgrestQuery Parameter(string name, string value)
    {
        Guard.NotEmptyName(name, nameof(name));
        ArgumentNullException.ThrowIfNull(value);
        Guard.NoControlCharacters(value, nameof(value));
        return Then(new ParameterEdit(name, value));
    }

    /// <summary>Overrides the client's timeout for this request.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The timeout is not positive.</exception>
    public PostgrestQuery Timeout(TimeSpan timeout)
    {
        if (timeout <= TimeSpan.Zero && timeout != System.Threading.Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "A timeout must be positive.");
        }

        return Set<TimeSpan?>(timeout, static (ref QuerySettings s, TimeSpan? t) => s.Timeout = t);
    }

    /// <summary>This query with one more step.</summary>
    internal PostgrestQuery Then(IQueryEdit edit) => new(this, edit, Client);

    /// <summary>The single-valued settings this query's steps leave.</summary>
    internal QuerySettings Settings()
    {
        var plan = QueryPlan.Of(this);
        var settings = plan.Settings;
        plan.Dispose();
        return settings;
    }

    /// <summary>The same query asking for <paramref name="format"/> (this one when it already does).</summary>
    internal PostgrestQuery WithFormat(ResponseFormat format) => Format == format ? this : SetFormat(format);

    /// <summary>The same query as a HEAD request counting its rows (<c>count=exact</c> unless it chose another
    /// method), in plain JSON format.</summary>
    internal PostgrestQuery AsCount() => Set(
        true,
        static (ref QuerySettings s, bool _) =>
        {
            s.Head = true;
            s.Count ??= CountMethod.Exact;
            s.Format = ResponseFormat.Json;
        });

    private PostgrestQuery Set<T>(T value, SettingEdit<T>.Setter set) => Then(new SettingEdit<T>(value, set));

    internal PostgrestClient RequireClient() => Client ?? throw new InvalidOperationException(
        "This query is not bound to a client: create it with client.From(...) or call Bind(client), "
        + "or pass it to a PostgrestClient method.");

    private static string? CheckTable(string? referencedTable) =>
        referencedTable is null ? null : Guard.NotEmptyName(referencedTable, nameof(referencedTable));

    private PostgrestQuery WithSelect(string select) => Set(
        select,
        static (ref QuerySettings s, string text) =>
        {
            s.Select = text;
            if (s.IsWrite)
            {
                s.Return ??= ReturnMode.Representation;
            }
        });

    private PostgrestQuery SetFormat(ResponseFormat format) =>
        Set(
            format,
            static (ref QuerySettings s, ResponseFormat f) =>
            {
                // Last wins, but a write must not lose Explain (the write would run) or Single/MaybeSingle (several
                // rows would be committed) silently: remember what was dropped (WriteSafety.CheckRequest).
                var singleToSingle = s.Format is ResponseFormat.Single or ResponseFormat.MaybeSingle
                    && f is ResponseFormat.Single or ResponseFormat.MaybeSingle;
                if (s.Format is ResponseFormat.Explain or ResponseFormat.Single or ResponseFormat.MaybeSingle
                    && f != s.Format && !singleToSingle)
                {
                    s.DroppedFormat ??= s.Format;
                }

                s.Format = f;
            });
}
