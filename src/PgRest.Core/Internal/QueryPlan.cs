using System;
using System.Buffers;

namespace PgRest.Internal;

/// <summary>
/// A query folded for rendering: its edits in the order they were made (in a pooled array) and the settings they
/// leave. Dispose it to return the array.
/// </summary>
internal ref struct QueryPlan
{

    /// <summary>The single-valued settings after every edit (a field: read it by reference, it is large).</summary>
    public readonly QuerySettings Settings;

    private IQueryEdit[]? _rented;

    private QueryPlan(IQueryEdit[] rented, int count, scoped in QuerySettings settings)
    {
        _rented = rented;
        Edits = rented.AsSpan(0, count);
        Settings = settings;
    }

    /// <summary>The edits, root first.</summary>
    public ReadOnlySpan<IQueryEdit> Edits { get; }

    /// <summary>Folds the chain that ends at <paramref name="last"/>.</summary>
    public static QueryPlan Of(PostgrestQuery last)
    {
        var count = 0;
        for (var node = last; node is not null; node = node.Previous)
        {
            count++;
        }

        var rented = ArrayPool<IQueryEdit>.Shared.Rent(count);

        // Written through a span: a store into an interface-typed array checks the element type on every write (array
        // covariance), a span's was checked once when it was made.
        var edits = rented.AsSpan(0, count);
        var i = count;
        for (var node = last; node is not null; node = node.Previous)
        {
            edits[--i] = node.Edit;
        }

        var settings = default(QuerySettings);
        foreach (var edit in edits)
        {
            edit.Apply(ref settings);
        }

        return new QueryPlan(rented, count, settings);
    }

    /// <summary>The limit (<paramref name="limit"/> true) or offset of a table (<c>""</c>: top level), if set.</summary>
    public readonly long? Page(string referencedTable, bool limit)
    {
        for (var i = Edits.Length - 1; i >= 0; i--)
        {
            if (Edits[i] is PageEdit p && p.IsLimit == limit && p.ReferencedTable == referencedTable)
            {
                return p.Count;
            }
        }

        return null;
    }

    /// <summary>Returns the array to the pool.</summary>
    public void Dispose()
    {
        if (_rented is { } rented)
        {
            _rented = null;
            Array.Clear(rented, 0, Edits.Length);
            ArrayPool<IQueryEdit>.Shared.Return(rented);
        }
    }
}
