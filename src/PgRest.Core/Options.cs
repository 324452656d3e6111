namespace PgRest;

/// <summary>How PostgREST counts the rows a request matches (<c>Prefer: count=…</c>).</summary>
public enum CountMethod
{
    /// <summary>An exact <c>count(*)</c>; precise but slow on large tables.</summary>
    Exact,

    /// <summary>The planner's estimate; fast but approximate.</summary>
    Planned,

    /// <summary>Exact below the server's <c>db-max-rows</c>, the planner's estimate above it.</summary>
    Estimated,
}

/// <summary>What a write returns (<c>Prefer: return=…</c>).</summary>
public enum ReturnMode
{
    /// <summary>No body (PostgREST's default for writes).</summary>
    Minimal,

    /// <summary>No body, but a <c>Location</c> header for a single inserted row.</summary>
    HeadersOnly,

    /// <summary>The written rows, shaped by the query's select list.</summary>
    Representation,
}

/// <summary>Where NULLs sort in an order term.</summary>
public enum NullsOrder
{
    /// <summary>PostgreSQL's default: last when ascending, first when descending.</summary>
    Default,

    /// <summary><c>nullsfirst</c>.</summary>
    First,

    /// <summary><c>nullslast</c>.</summary>
    Last,
}

/// <summary>How PostgREST treats invalid preferences (<c>Prefer: handling=…</c>).</summary>
public enum PreferenceHandling
{
    /// <summary>Ignore invalid preferences (the server's default).</summary>
    Lenient,

    /// <summary>Reject invalid preferences with 400 PGRST122.</summary>
    Strict,
}

/// <summary>The HTTP method used to call a function through <c>/rpc</c>.</summary>
public enum RpcMethod
{
    /// <summary>POST with the arguments as a JSON body (works for every function).</summary>
    Post,

    /// <summary>GET with the arguments in the query string (stable or immutable functions only).</summary>
    Get,

    /// <summary>HEAD with the arguments in the query string: headers and count only.</summary>
    Head,
}

/// <summary>The media type a query asks for, which decides the shape of the response body.</summary>
public enum ResponseFormat
{
    /// <summary>A JSON array of rows (<c>application/json</c>).</summary>
    Json,

    /// <summary>Exactly one row as a JSON object; 0 or more rows is the error PGRST116.</summary>
    Single,

    /// <summary>At most one row: a JSON array whose length the client checks (0 rows is not an error).</summary>
    MaybeSingle,

    /// <summary>CSV text (<c>text/csv</c>).</summary>
    Csv,

    /// <summary>A GeoJSON FeatureCollection (<c>application/geo+json</c>; needs PostGIS).</summary>
    GeoJson,

    /// <summary>The execution plan (<c>application/vnd.pgrst.plan</c>); see <see cref="ExplainOptions"/>.</summary>
    Explain,
}

/// <summary>Options of an EXPLAIN request (<c>Accept: application/vnd.pgrst.plan…</c>).</summary>
/// <param name="Analyze">Run the query (writes are executed: combine with <c>RollbackTransaction</c>).</param>
/// <param name="Verbose">Include output columns and more detail.</param>
/// <param name="Settings">Include modified planner settings.</param>
/// <param name="Buffers">Include buffer usage (with <paramref name="Analyze"/>).</param>
/// <param name="Wal">Include WAL usage (with <paramref name="Analyze"/>).</param>
/// <param name="Json">Ask for the plan as JSON instead of text.</param>
public sealed record ExplainOptions(
    bool Analyze = false,
    bool Verbose = false,
    bool Settings = false,
    bool Buffers = false,
    bool Wal = false,
    bool Json = false);

/// <summary>The join used for an embedded resource in a select list.</summary>
public enum EmbedJoin
{
    /// <summary>PostgREST's default (a left join).</summary>
    Default,

    /// <summary><c>!inner</c>: parent rows without a match are dropped.</summary>
    Inner,

    /// <summary><c>!left</c>: an explicit left join.</summary>
    Left,
}

/// <summary>Aggregate functions PostgREST accepts in a select list (needs <c>db-aggregates-enabled</c>).</summary>
public enum AggregateFunction
{
    /// <summary><c>count()</c>.</summary>
    Count,

    /// <summary><c>sum()</c>.</summary>
    Sum,

    /// <summary><c>avg()</c>.</summary>
    Avg,

    /// <summary><c>min()</c>.</summary>
    Min,

    /// <summary><c>max()</c>.</summary>
    Max,
}
