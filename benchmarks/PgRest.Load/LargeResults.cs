using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace PgRest.Load;

/// <summary>
/// A large result (<c>rows</c> rows of about 160 bytes of JSON each) decoded four ways: PgRest buffered
/// (<c>ToListAsync</c>), PgRest streaming (<c>StreamAsync</c>, rows counted), raw buffered
/// (<c>JsonSerializer.DeserializeAsync&lt;List&lt;T&gt;&gt;</c> over the response stream) and raw streaming
/// (<c>DeserializeAsyncEnumerable</c>). Measured twice: end to end against the live server, and decode only, on
/// one recorded response replayed from memory by an in-process handler (same bytes, no server, no socket).
/// </summary>
public sealed class LargeResults(string baseUrl, int rows, int liveRounds, int replayRounds)
{
    public async Task<List<Dictionary<string, object>>> RunAsync()
    {
        var results = new List<Dictionary<string, object>>();
        var url = $"{baseUrl}/rows?limit={rows}";

        // Live: the server builds and sends the body for every call.
        using (var client = new PostgrestClient(baseUrl))
        using (var http = Http.RawClient())
        {
            results.AddRange(await MeasureAsync("live", Variants(client, http, url), liveRounds));
        }

        // Replay: record one response, then answer every request with it from memory.
        byte[] body;
        List<KeyValuePair<string, IEnumerable<string>>> headers;
        using (var http = Http.RawClient())
        using (var response = await http.GetAsync(url))
        {
            response.EnsureSuccessStatusCode();
            body = await response.Content.ReadAsByteArrayAsync();
            headers = response.Content.Headers.ToList();
        }

        Console.WriteLine($"  large: {rows} rows = {Stats.MiB(body.Length):F1} MiB of JSON "
            + $"({body.Length / (double)rows:F0} bytes/row); content headers: "
            + string.Join(", ", headers.Select(h => h.Key)));
        using (var client = new PostgrestClient(baseUrl, new PostgrestClientOptions
        {
            HttpClient = new HttpClient(new ReplayHandler(body, headers)),
        }))
        using (var http = Http.RawClient(new ReplayHandler(body, headers)))
        {
            var replay = await MeasureAsync("replay", Variants(client, http, url), replayRounds);
            foreach (var r in replay)
            {
                r["bodyBytes"] = body.Length;
            }

            results.AddRange(replay);
        }

        return results;
    }

    private (string Name, Func<Task<long>> Op)[] Variants(PostgrestClient client, HttpClient http, string url) =>
    [
        ("pgrest-buffered", async () => (await client.From("rows").Limit(rows).ToListAsync<BenchRow>()).Count),
        ("raw-buffered", async () => (await Http.GetListAsync<BenchRow>(http, url, CancellationToken.None)).Count),
        ("pgrest-stream", async () =>
        {
            long n = 0;
            await foreach (var row in client.From("rows").Limit(rows).StreamAsync<BenchRow>())
            {
                n++;
            }

            return n;
        }),
        ("raw-stream", () => Http.StreamCountAsync<BenchRow>(http, url, CancellationToken.None)),
    ];

    private async Task<List<Dictionary<string, object>>> MeasureAsync(
        string kind, (string Name, Func<Task<long>> Op)[] variants, int rounds)
    {
        foreach (var (_, op) in variants)
        {
            await op();   // warm-up: JIT, connection, serializer metadata
        }

        var times = variants.ToDictionary(v => v.Name, _ => new List<double>());
        var allocations = variants.ToDictionary(v => v.Name, _ => new List<double>());
        for (var round = 0; round < rounds; round++)
        {
            var order = round % 2 == 0 ? variants : variants.Reverse().ToArray();
            foreach (var (name, op) in order)
            {
                GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
                GC.WaitForPendingFinalizers();
                var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
                var clock = Stopwatch.StartNew();
                var count = await op();
                var ms = clock.Elapsed.TotalMilliseconds;
                var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
                if (count != rows)
                {
                    throw new InvalidOperationException($"{name}: expected {rows} rows, got {count}");
                }

                times[name].Add(ms);
                allocations[name].Add(allocated);
                Console.WriteLine($"  large {kind,-6} round {round + 1} {name,-16} {ms,8:F1} ms "
                    + $"{Stats.MiB(allocated),8:F1} MiB allocated");
            }
        }

        return variants.Select(v => new Dictionary<string, object>
        {
            ["kind"] = kind,
            ["variant"] = v.Name,
            ["rows"] = rows,
            ["rounds"] = rounds,
            ["medianMs"] = Stats.Median(times[v.Name]),
            ["roundMs"] = times[v.Name],
            ["minMs"] = times[v.Name].Min(),
            ["allocatedMiB"] = Stats.MiB((long)Stats.Median(allocations[v.Name])),
        }).ToList();
    }
}
