using System;

namespace PgRest.Internal;

/// <summary>
/// One step of a query: what a builder call added. A <see cref="PostgrestQuery"/> is a chain of edits from its root
/// (the table or function) to its latest step, so a builder call allocates one small node instead of copying every
/// setting. Rendering folds the chain: <see cref="Apply"/> updates the single-valued settings, and the renderer
/// writes the listed edits (filters, order terms, paging, headers, parameters) in the order they were made. A
/// <see cref="Condition"/> is itself the edit of a top-level filter, so a filter step allocates no wrapper.
/// </summary>
internal interface IQueryEdit
{
    /// <summary>Applies this edit to the single-valued settings; list edits leave them alone.</summary>
    void Apply(ref QuerySettings settings);
}

/// <summary>An edit that changes no single-valued setting unless it overrides <see cref="Apply"/>.</summary>
internal abstract class QueryEdit : IQueryEdit
{
    /// <inheritdoc/>
    public virtual void Apply(ref QuerySettings settings)
    {
    }
}

/// <summary>The root of every query: the table, or the function with its arguments.</summary>
internal sealed class RootEdit(string resource, Operation operation, RpcMethod rpcMethod, RequestBody? body)
    : QueryEdit
{
    public string Resource { get; } = resource;

    public Operation Operation { get; } = operation;

    public override void Apply(ref QuerySettings settings)
    {
        settings.Resource = Resource;
        settings.Operation = Operation;
        settings.RpcMethod = rpcMethod;
        settings.Body = body;
    }
}

/// <summary>Sets one single-valued setting. <paramref name="set"/> is a static lambda, so the edit is one object.</summary>
internal sealed class SettingEdit<T>(T value, SettingEdit<T>.Setter set) : QueryEdit
{
    /// <summary>Writes <paramref name="value"/> into the settings.</summary>
    public delegate void Setter(ref QuerySettings settings, T value);

    public override void Apply(ref QuerySettings settings) => set(ref settings, value);
}

/// <summary>A condition on the rows of an embedded resource (a top-level condition is its own edit).</summary>
internal sealed class FilterEdit(string referencedTable, Condition condition) : QueryEdit
{
    public string ReferencedTable { get; } = referencedTable;

    public Condition Condition { get; } = condition;
}

/// <summary>One order term and the embedded resource it applies to (<c>null</c>: the top level).</summary>
internal sealed class OrderEdit(
    string? referencedTable, string column, bool plainColumn, bool ascending, NullsOrder nulls,
    string? toOneRelation = null) : QueryEdit
{
    public string? ReferencedTable { get; } = referencedTable;

    public string Column { get; } = column;

    /// <summary>What <see cref="ColumnSyntax.Validate"/> said of <see cref="Column"/>: written as is.</summary>
    public bool PlainColumn { get; } = plainColumn;

    public bool Ascending { get; } = ascending;

    public NullsOrder Nulls { get; } = nulls;

    public string? ToOneRelation { get; } = toOneRelation;
}

/// <summary>A limit or offset of the top level (<c>""</c>) or of an embedded resource; the last one per table wins.</summary>
internal sealed class PageEdit(string referencedTable, bool isLimit, long count) : QueryEdit
{
    public string ReferencedTable { get; } = referencedTable;

    public bool IsLimit { get; } = isLimit;

    public long Count { get; } = count;
}

/// <summary>A request header added to the query.</summary>
internal sealed class HeaderEdit(string name, string value) : QueryEdit
{
    public string Name { get; } = name;

    public string Value { get; } = value;

    public override void Apply(ref QuerySettings settings) => settings.HasHeaders = true;
}

/// <summary>A raw query-string parameter added to the query.</summary>
internal sealed class ParameterEdit(string name, string value) : QueryEdit
{
    public string Name { get; } = name;

    public string Value { get; } = value;
}

/// <summary>Turns the query into a write (insert, upsert, put, update or delete) with its body.</summary>
internal sealed class WriteEdit(
    Operation operation, RequestBody? body, bool missingAsDefault, string? onConflict, bool ignoreDuplicates)
    : QueryEdit
{
    public override void Apply(ref QuerySettings settings)
    {
        settings.Operation = operation;
        settings.Body = body;
        settings.MissingAsDefault = missingAsDefault;
        settings.Return ??= settings.Select is null ? null : ReturnMode.Representation;
        if (operation == Operation.Upsert)
        {
            settings.OnConflict = onConflict;
            settings.IgnoreDuplicates = ignoreDuplicates;
        }
    }
}
