using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace PgRest.Load;

/// <summary>
/// Small selects (10 rows, 3 columns) for a fixed duration, sequential and with 32 concurrent callers, PgRest and
/// the raw baseline alternating (A B, then B A, …) in the same process so drift hits both sides alike.
/// </summary>
public sealed class SmallSelects(string baseUrl, TimeSpan duration, int rounds, int concurrency)
{
    private const int ExpectedRows = 10;

    public async Task<List<Dictionary<string, object>>> RunAsync()
    {
        using var client = new PostgrestClient(baseUrl);
        using var http = Http.RawClient();
        var rawUrl = baseUrl + "/rows?select=id,name,amount&id=lt.11";

        // What each side sends per request: PgRest builds and renders the query every time, like application code.
        Func<Task<int>> pgrest = async () =>
            (await client.From("rows").Select("id,name,amount").Lt("id", 11).ToListAsync<SmallRow>()
                .ConfigureAwait(false)).Count;
        Func<Task<int>> raw = async () =>
            (await Http.GetListAsync<SmallRow>(http, rawUrl, CancellationToken.None).ConfigureAwait(false)).Count;
        var sides = new (string Name, Func<Task<int>> Op)[] { ("pgrest", pgrest), ("raw", raw) };

        var modes = new (string Name, int Workers)[] { ("sequential", 1), ($"concurrent-{concurrency}", concurrency) };
        var results = new List<Dictionary<string, object>>();
        foreach (var (mode, workers) in modes)
        {
            foreach (var (_, op) in sides)
            {
                await RunForAsync(op, workers, TimeSpan.FromSeconds(Math.Min(1.0, duration.TotalSeconds)));   // warm-up
            }

            var perRound = sides.ToDictionary(s => s.Name, _ => new List<double>());
            var perRoundP99 = sides.ToDictionary(s => s.Name, _ => new List<double>());
            var totals = sides.ToDictionary(
                s => s.Name, _ => (Requests: 0L, Seconds: 0.0, Latencies: new List<double>()));
            for (var round = 0; round < rounds; round++)
            {
                var order = round % 2 == 0 ? sides : sides.Reverse().ToArray();
                foreach (var (name, op) in order)
                {
                    var (requests, seconds, latencies) = await RunForAsync(op, workers, duration);
                    var t = totals[name];
                    t.Latencies.AddRange(latencies);
                    totals[name] = (t.Requests + requests, t.Seconds + seconds, t.Latencies);
                    perRound[name].Add(requests / seconds);
                    perRoundP99[name].Add(Stats.Percentile(latencies, 0.99));
                    Console.WriteLine(
                        $"  small {mode,-14} round {round + 1} {name,-6} {requests / seconds,9:F0} req/s");
                }
            }

            foreach (var (name, _) in sides)
            {
                var t = totals[name];
                results.Add(new Dictionary<string, object>
                {
                    ["mode"] = mode,
                    ["side"] = name,
                    ["requests"] = t.Requests,
                    ["seconds"] = t.Seconds,
                    ["rps"] = t.Requests / t.Seconds,
                    ["p50Ms"] = Stats.Percentile(t.Latencies, 0.50),
                    ["p99Ms"] = Stats.Percentile(t.Latencies, 0.99),
                    ["roundRps"] = perRound[name],
                    ["roundP99Ms"] = perRoundP99[name],
                });
            }
        }

        results.AddRange(await ClientOnlyAsync(rawUrl));
        return results;
    }

    /// <summary>
    /// The client's own cost per request: the same small select answered from memory by a
    /// <see cref="ReplayHandler"/> holding a recorded response, so no server or socket is measured. Reports
    /// microseconds and bytes allocated per request.
    /// </summary>
    private async Task<List<Dictionary<string, object>>> ClientOnlyAsync(string rawUrl)
    {
        byte[] body;
        List<KeyValuePair<string, IEnumerable<string>>> headers;
        using (var live = Http.RawClient())
        using (var response = await live.GetAsync(rawUrl))
        {
            response.EnsureSuccessStatusCode();
            body = await response.Content.ReadAsByteArrayAsync();
            headers = response.Content.Headers.ToList();
        }

        using var client = new PostgrestClient(baseUrl, new PostgrestClientOptions
        {
            HttpClient = new HttpClient(new ReplayHandler(body, headers)),
        });
        using var http = Http.RawClient(new ReplayHandler(body, headers));
        Func<Task<int>> pgrest = async () =>
            (await client.From("rows").Select("id,name,amount").Lt("id", 11).ToListAsync<SmallRow>()
                .ConfigureAwait(false)).Count;
        Func<Task<int>> raw = async () =>
            (await Http.GetListAsync<SmallRow>(http, rawUrl, CancellationToken.None).ConfigureAwait(false)).Count;
        Func<Func<Task<int>>, Func<Task>> checkedRows = op => async () =>
        {
            if (await op() != ExpectedRows)
            {
                throw new InvalidOperationException("wrong row count from the recorded response");
            }
        };
        var operations = duration.TotalSeconds >= 2 ? 20_000 : 2_000;
        var measured = await ClientSideRounds.RunAsync(
            [("pgrest", checkedRows(pgrest)), ("raw", checkedRows(raw))], rounds, operations, "small", "request");
        return measured.Select(s => new Dictionary<string, object>
        {
            ["mode"] = "client-only",
            ["side"] = s.Name,
            ["operations"] = operations,
            ["microsecondsPerRequest"] = Stats.Median(s.Microseconds),
            ["bytesPerRequest"] = Stats.Median(s.Bytes),
            ["roundMicroseconds"] = s.Microseconds,
        }).ToList();
    }

    private static async Task<(long Requests, double Seconds, List<double> LatenciesMs)> RunForAsync(
        Func<Task<int>> op, int workers, TimeSpan duration)
    {
        GC.Collect();
        var clock = Stopwatch.StartNew();
        var perWorker = new List<double>[workers];
        var tasks = new Task[workers];
        for (var w = 0; w < workers; w++)
        {
            var latencies = perWorker[w] = new List<double>(16_384);
            tasks[w] = Task.Run(async () =>
            {
                while (clock.Elapsed < duration)
                {
                    var start = Stopwatch.GetTimestamp();
                    var rows = await op().ConfigureAwait(false);
                    latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                    if (rows != ExpectedRows)
                    {
                        throw new InvalidOperationException($"expected {ExpectedRows} rows, got {rows}");
                    }
                }
            });
        }

        await Task.WhenAll(tasks);
        var seconds = clock.Elapsed.TotalSeconds;
        var all = perWorker.SelectMany(l => l).ToList();
        return (all.Count, seconds, all);
    }
}
