using System;
using System.Collections.Generic;
using System.Linq;

namespace PgRest.Load;

/// <summary>Order statistics over measured values.</summary>
public static class Stats
{
    /// <summary>The value at quantile <paramref name="q"/> (nearest rank) of unsorted values.</summary>
    public static double Percentile(IReadOnlyList<double> values, double q)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.OrderBy(v => v).ToArray();
        var rank = (int)Math.Ceiling(q * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }

    /// <summary>The median.</summary>
    public static double Median(IReadOnlyList<double> values) => Percentile(values, 0.5);

    /// <summary>Bytes to MiB.</summary>
    public static double MiB(long bytes) => bytes / 1024.0 / 1024.0;
}
