using System;
using System.Diagnostics;

namespace PgRest.Benchmarks;

/// <summary>
/// Times two operations side by side in alternating rounds, for the time ratios the goals are judged on.
/// BenchmarkDotNet measures one benchmark after another, each for a few seconds; on a shared machine whose speed
/// drifts for seconds at a time, two benchmarks can then land in different phases and their ratio moves with the
/// machine (the same code was measured at 1.5× and 2.4× the baseline in two runs minutes apart). Here each round times
/// a batch of one side and then a batch of the other (the order alternating between rounds), so a slow phase slows
/// both sides of the rounds it covers and cancels in their ratio. The report takes the geometric mean of the per-round
/// ratios with a 95 % confidence interval, as it does for the load harness.
/// </summary>
internal static class PairedRounds
{
    /// <summary>Per-round nanoseconds per operation of each side.</summary>
    public sealed record Result(string Ours, string Baseline, double[] OursNs, double[] BaselineNs);

    /// <summary>Measures <paramref name="ours"/> against <paramref name="baseline"/>; each side is named after the
    /// benchmark method its delegate was made from.</summary>
    /// <param name="ours">The benchmark under test (a method group).</param>
    /// <param name="baseline">The baseline benchmark (a method group).</param>
    /// <param name="rounds">Rounds; each times one batch of each side.</param>
    /// <param name="batchTime">About how long one batch of one side runs.</param>
    public static Result Measure(Func<object> ours, Func<object> baseline, int rounds, TimeSpan batchTime)
    {
        // Warm both sides up until their code has reached tier 1 (in a fresh process the first rounds ran several
        // times slower while the JIT was still tiering), then size the batches from the slower of the two.
        var warm = Stopwatch.StartNew();
        while (warm.Elapsed < batchTime * 20)
        {
            Batch(ours, 100);
            Batch(baseline, 100);
        }

        var perOp = Math.Max(Batch(ours, 1000), Batch(baseline, 1000)) / 1000;
        var size = (int)Math.Clamp(batchTime.TotalNanoseconds / Math.Max(perOp, 1), 10, 10_000_000);

        var oursNs = new double[rounds];
        var baselineNs = new double[rounds];
        for (var r = 0; r < rounds; r++)
        {
            if (r % 2 == 0)
            {
                oursNs[r] = Batch(ours, size) / size;
                baselineNs[r] = Batch(baseline, size) / size;
            }
            else
            {
                baselineNs[r] = Batch(baseline, size) / size;
                oursNs[r] = Batch(ours, size) / size;
            }
        }

        return new Result(ours.Method.Name, baseline.Method.Name, oursNs, baselineNs);
    }

    /// <summary>Runs <paramref name="operation"/> <paramref name="count"/> times; returns the elapsed nanoseconds.</summary>
    private static double Batch(Func<object> operation, int count)
    {
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            GC.KeepAlive(operation());
        }

        return Stopwatch.GetElapsedTime(start).TotalNanoseconds;
    }
}
