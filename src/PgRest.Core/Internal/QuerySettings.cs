using System;

namespace PgRest.Internal;

/// <summary>The kind of request a query makes.</summary>
internal enum Operation
{
    Select,
    Insert,
    Upsert,
    Put,
    Update,
    Delete,
    Rpc,
}

/// <summary>
/// The single-valued settings of a query, as its edits leave them (the last edit of a setting wins). Built fresh by
/// <see cref="QueryPlan"/> at each render; the lists of a query (filters, order terms, paging, headers, parameters)
/// stay in the edits and are written from there.
/// </summary>
internal struct QuerySettings
{
    public string Resource;

    public Operation Operation;

    /// <summary>The normalised select list, or <c>null</c> for none (the server's default, <c>*</c>).</summary>
    public string? Select;

    public CountMethod? Count;

    public ResponseFormat Format;

    public ExplainOptions? Explain;

    /// <summary>The format the explained query would produce (<c>for=</c> of the plan media type).</summary>
    public ResponseFormat ExplainedFormat;

    public bool Head;

    /// <summary>Explain, Single or MaybeSingle when a later format method replaced it (last wins): on a query that
    /// may write, the dropped format was what kept the write from running or from committing several rows, so
    /// <see cref="WriteSafety.CheckRequest"/> refuses it. Cleared by <c>Explain()</c>, which is dominant again.</summary>
    public ResponseFormat? DroppedFormat;

    public ReturnMode? Return;

    public RequestBody? Body;

    public bool MissingAsDefault;

    public string? OnConflict;

    public bool IgnoreDuplicates;

    public RpcMethod RpcMethod;

    public bool Rollback;

    public PreferenceHandling? Handling;

    public long? MaxAffected;

    public string? Timezone;

    public string? Schema;

    public TimeSpan? Timeout;

    /// <summary>True once any header edit was seen (headers then need the general, uncached path).</summary>
    public bool HasHeaders;

    /// <summary>The query said that an update or delete without a top-level filter is meant (<c>AllRows()</c>).</summary>
    public bool AllRows;

    public readonly bool IsWrite =>
        Operation is Operation.Insert or Operation.Upsert or Operation.Put or Operation.Update or Operation.Delete;

    /// <summary>A write, or a function called with POST (which may write): never re-sent, never HEAD, and a
    /// single-row format is left to PostgREST, which rolls the transaction back.</summary>
    public readonly bool MayWrite =>
        IsWrite || (Operation == Operation.Rpc && !Head && RpcMethod == RpcMethod.Post);
}
