using System;
using System.Collections.Generic;
using System.Collections.Immutable;

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

/// <summary>A condition and the embedded resource it applies to (<c>null</c>: the top-level rows).</summary>
internal sealed record ScopedCondition(string? ReferencedTable, Condition Condition);

/// <summary>One order term and the embedded resource it applies to.</summary>
internal sealed record OrderTerm(
    string? ReferencedTable, string Column, bool Ascending, NullsOrder Nulls, string? ToOneRelation = null);

/// <summary>
/// Every setting of a query. Immutable: collections are immutable, and every change goes through a
/// <c>with</c> expression producing a new state.
/// </summary>
internal sealed record QueryState
{
    public required string Resource { get; init; }

    public Operation Operation { get; init; } = Operation.Select;

    /// <summary>The rendered select list, or <c>null</c> for none (the server's default, <c>*</c>).</summary>
    public string? Select { get; init; }

    public ImmutableList<ScopedCondition> Filters { get; init; } = ImmutableList<ScopedCondition>.Empty;

    public ImmutableList<OrderTerm> Orders { get; init; } = ImmutableList<OrderTerm>.Empty;

    /// <summary>Limits per referenced table; the empty string stands for the top level.</summary>
    public ImmutableDictionary<string, long> Limits { get; init; } = ImmutableDictionary<string, long>.Empty;

    /// <summary>Offsets per referenced table; the empty string stands for the top level.</summary>
    public ImmutableDictionary<string, long> Offsets { get; init; } = ImmutableDictionary<string, long>.Empty;

    public CountMethod? Count { get; init; }

    public ResponseFormat Format { get; init; } = ResponseFormat.Json;

    public ExplainOptions? Explain { get; init; }

    /// <summary>The format the explained query would produce (<c>for=</c> of the plan media type).</summary>
    public ResponseFormat ExplainedFormat { get; init; } = ResponseFormat.Json;

    public bool Head { get; init; }

    public ReturnMode? Return { get; init; }

    public RequestBody? Body { get; init; }

    public bool MissingAsDefault { get; init; }

    public string? OnConflict { get; init; }

    public bool IgnoreDuplicates { get; init; }

    public RpcMethod RpcMethod { get; init; } = RpcMethod.Post;

    public bool Rollback { get; init; }

    public PreferenceHandling? Handling { get; init; }

    public long? MaxAffected { get; init; }

    public string? Timezone { get; init; }

    public string? Schema { get; init; }

    public TimeSpan? Timeout { get; init; }

    public ImmutableList<KeyValuePair<string, string>> Headers { get; init; } =
        ImmutableList<KeyValuePair<string, string>>.Empty;

    public ImmutableList<KeyValuePair<string, string>> ExtraParameters { get; init; } =
        ImmutableList<KeyValuePair<string, string>>.Empty;
}
