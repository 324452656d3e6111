using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;

namespace PgRest.Load;

/// <summary>
/// Times the client's own work against a handler that answers from memory (no server, no socket): each side's
/// operation run a fixed number of times per round, the sides in alternating order, after one unrecorded warm-up
/// round; a full GC before each side's turn. Gives per-operation microseconds and bytes allocated, round by round.
/// </summary>
public static class ClientSideRounds
{
    /// <summary>One side's figures, one entry per recorded round.</summary>
    public sealed record Side(string Name, List<double> Microseconds, List<double> Bytes);

    /// <summary>Runs the rounds; <paramref name="label"/> and <paramref name="unit"/> name the log lines.</summary>
    public static async Task<Side[]> RunAsync(
        (string Name, Func<Task> Run)[] sides, int rounds, int operations, string label, string unit)
    {
        var results = sides.Select(s => new Side(s.Name, [], [])).ToArray();
        for (var round = -1; round < rounds; round++)   // round -1: warm-up
        {
            var order = Enumerable.Range(0, sides.Length);
            foreach (var i in round % 2 == 0 ? order : order.Reverse())
            {
                GC.Collect();
                var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
                var start = Stopwatch.GetTimestamp();
                for (var n = 0; n < operations; n++)
                {
                    await sides[i].Run();
                }

                var elapsed = Stopwatch.GetElapsedTime(start);
                var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
                if (round >= 0)
                {
                    results[i].Microseconds.Add(elapsed.TotalMicroseconds / operations);
                    results[i].Bytes.Add((double)allocated / operations);
                    Console.WriteLine($"  {label} client-only round {round + 1} {sides[i].Name,-11} "
                        + $"{elapsed.TotalMicroseconds / operations,8:F1} µs/{unit} {allocated / operations,9} B/{unit}");
                }
            }
        }

        return results;
    }
}
