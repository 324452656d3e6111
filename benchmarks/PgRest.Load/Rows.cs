using System;

namespace PgRest.Load;

/// <summary>A row of <c>bench.rows</c> (about 160 bytes of JSON).</summary>
public sealed class BenchRow
{
    public long Id { get; init; }

    public string Name { get; init; } = string.Empty;

    public string Category { get; init; } = string.Empty;

    public decimal Amount { get; init; }

    public int Qty { get; init; }

    public bool Active { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public string? Note { get; init; }
}

/// <summary>The columns of the small select.</summary>
public sealed class SmallRow
{
    public long Id { get; init; }

    public string Name { get; init; } = string.Empty;

    public decimal Amount { get; init; }
}

/// <summary>A row of <c>bench.bulk</c>, the bulk-insert target.</summary>
public sealed class BulkRow
{
    public long Id { get; init; }

    public string Name { get; init; } = string.Empty;

    public int Qty { get; init; }

    public decimal Amount { get; init; }
}
