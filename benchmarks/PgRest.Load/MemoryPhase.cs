using System;
using System.Collections.Generic;
using System.Runtime;
using System.Threading;
using System.Threading.Tasks;

namespace PgRest.Load;

/// <summary>
/// Peak managed memory while decoding a large result, for 100k and 1M rows. Method: a full compacting GC
/// (large-object heap included) before each run; during the run a sampler thread reads, every millisecond,
/// <see cref="GC.GetTotalMemory(bool)"/> (heap including not-yet-collected garbage: what the process holds) and
/// <see cref="GC.GetGCMemoryInfo(GCKind)"/> (heap size right after the latest GC: what is live). Both peaks
/// are reported above the pre-run baseline, with the bytes allocated (<see cref="GC.GetTotalAllocatedBytes"/>).
/// Run in its own process so earlier phases leave nothing behind.
/// </summary>
public sealed class MemoryPhase(string baseUrl, int[] rowCounts, int bufferedRows)
{
    public async Task<List<Dictionary<string, object>>> RunAsync()
    {
        using var client = new PostgrestClient(baseUrl);
        using var http = Http.RawClient();
        var results = new List<Dictionary<string, object>>();

        // Warm-up on a small result: JIT and serializer metadata are not what we measure.
        await foreach (var _ in client.From("rows").Limit(100).StreamAsync<BenchRow>())
        {
        }

        await Http.StreamCountAsync<BenchRow>(http, $"{baseUrl}/rows?limit=100", CancellationToken.None);
        await client.From("rows").Limit(100).ToListAsync<BenchRow>();

        foreach (var rows in rowCounts)
        {
            results.Add(await MeasureAsync("pgrest-stream", rows, async () =>
            {
                long n = 0;
                await foreach (var row in client.From("rows").Limit(rows).StreamAsync<BenchRow>())
                {
                    n++;
                }

                return n;
            }));
            results.Add(await MeasureAsync("raw-stream", rows,
                () => Http.StreamCountAsync<BenchRow>(http, $"{baseUrl}/rows?limit={rows}", CancellationToken.None)));
        }

        // For contrast: buffered decoding holds the whole body and every row.
        results.Add(await MeasureAsync("pgrest-buffered", bufferedRows,
            async () => (await client.From("rows").Limit(bufferedRows).ToListAsync<BenchRow>()).Count));
        return results;
    }

    private static async Task<Dictionary<string, object>> MeasureAsync(string variant, int rows, Func<Task<long>> op)
    {
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        var baseline = GC.GetTotalMemory(forceFullCollection: false);
        var gcIndexBefore = GC.GetGCMemoryInfo(GCKind.Any).Index;
        var gen0Before = GC.CollectionCount(0);
        var gen2Before = GC.CollectionCount(2);
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);

        long peakHeap = baseline;
        long peakAfterGc = 0;
        var stop = false;
        var sampler = new Thread(() =>
        {
            while (!Volatile.Read(ref stop))
            {
                peakHeap = Math.Max(peakHeap, GC.GetTotalMemory(forceFullCollection: false));
                var info = GC.GetGCMemoryInfo(GCKind.Any);
                if (info.Index > gcIndexBefore)
                {
                    peakAfterGc = Math.Max(peakAfterGc, info.HeapSizeBytes);
                }

                Thread.Sleep(1);
            }
        })
        { IsBackground = true, Priority = ThreadPriority.AboveNormal };
        sampler.Start();

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var count = await op();
        var seconds = clock.Elapsed.TotalSeconds;
        Volatile.Write(ref stop, true);
        sampler.Join();
        peakHeap = Math.Max(peakHeap, GC.GetTotalMemory(forceFullCollection: false));
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        if (count != rows)
        {
            throw new InvalidOperationException($"{variant}: expected {rows} rows, got {count}");
        }

        var result = new Dictionary<string, object>
        {
            ["variant"] = variant,
            ["rows"] = rows,
            ["seconds"] = seconds,
            ["baselineMiB"] = Stats.MiB(baseline),
            ["peakHeapMiB"] = Stats.MiB(peakHeap - baseline),
            // With no GC during the run nothing was collected: the live heap is then bounded by the heap peak.
            ["peakLiveAfterGcMiB"] =
                Stats.MiB(peakAfterGc == 0 ? peakHeap - baseline : Math.Max(0, peakAfterGc - baseline)),
            ["allocatedMiB"] = Stats.MiB(allocated),
            ["gen0Collections"] = GC.CollectionCount(0) - gen0Before,
            ["gen2Collections"] = GC.CollectionCount(2) - gen2Before,
        };
        Console.WriteLine($"  memory {variant,-16} {rows,9} rows: peak heap +{result["peakHeapMiB"]:F1} MiB, "
            + $"peak live after GC +{result["peakLiveAfterGcMiB"]:F1} MiB, allocated {result["allocatedMiB"]:F0} MiB, "
            + $"{result["gen0Collections"]} gen0 / {result["gen2Collections"]} gen2 GCs, {seconds:F2} s");
        return result;
    }
}
