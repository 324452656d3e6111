using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Threading.Tasks;

namespace PgRest.Load;

/// <summary>
/// Inserts <c>rows</c> rows into <c>bench.bulk</c> in sequential batches, PgRest (<c>InsertMany</c>, default
/// return=minimal) against a raw POST of the same rows serialized with the same options, once as hand-written code
/// sends it and once with PgRest's <c>columns=</c> parameter. The table is truncated
/// (through psql) before each run and the row count checked after it.
/// </summary>
public sealed class BulkInsert(string baseUrl, Func<Task> truncate, int rows, int batchSize, int rounds)
{
    public async Task<List<Dictionary<string, object>>> RunAsync()
    {
        var data = Enumerable.Range(1, rows)
            .Select(i => new BulkRow { Id = i, Name = "bulk-" + i, Qty = i % 1000, Amount = i % 100_000 / 100m })
            .ToArray();
        var batches = data.Chunk(batchSize).ToArray();

        using var client = new PostgrestClient(baseUrl);
        using var http = Http.RawClient();
        var url = baseUrl + "/bulk";

        Func<Task> pgrest = async () =>
        {
            foreach (var batch in batches)
            {
                await client.From("bulk").InsertMany(batch).ExecuteAsync();
            }
        };
        // Two baselines: the plain POST hand-written code sends, and the very request PgRest sends (it adds
        // columns=..., which PostgREST 12 inserts through a faster path than the keys of a bare JSON array).
        Func<string, Func<Task>> raw = target => async () =>
        {
            foreach (var batch in batches)
            {
                var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(batch, Http.Json));
                content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                using var response = await http.PostAsync(target, content);
                response.EnsureSuccessStatusCode();
            }
        };
        var sides = new (string Name, Func<Task> Op)[]
        {
            ("pgrest", pgrest), ("raw", raw(url)), ("raw-columns", raw(url + "?columns=id,name,qty,amount")),
        };

        // Warm-up: a whole unrecorded run of each side (with one batch each, the first recorded rounds were still
        // 20–40 % slower than the rest, and whichever side ran first in them paid for it).
        foreach (var (_, op) in sides)
        {
            await truncate();
            await op();
        }

        var seconds = sides.ToDictionary(s => s.Name, _ => new List<double>());
        for (var round = 0; round < rounds; round++)
        {
            var order = sides.Skip(round % sides.Length).Concat(sides.Take(round % sides.Length)).ToArray();
            foreach (var (name, op) in order)
            {
                await truncate();
                GC.Collect();
                var clock = Stopwatch.StartNew();
                await op();
                var elapsed = clock.Elapsed.TotalSeconds;
                var stored = await client.From("bulk").CountAsync();
                if (stored != rows)
                {
                    throw new InvalidOperationException($"{name}: expected {rows} rows stored, found {stored}");
                }

                seconds[name].Add(elapsed);
                Console.WriteLine($"  bulk round {round + 1} {name,-6} {rows / elapsed,9:F0} rows/s");
            }
        }

        await truncate();
        var results = sides.Select(s => new Dictionary<string, object>
        {
            ["side"] = s.Name,
            ["rows"] = rows,
            ["batchSize"] = batchSize,
            ["rounds"] = rounds,
            ["medianSeconds"] = Stats.Median(seconds[s.Name]),
            ["roundRowsPerSecond"] = seconds[s.Name].Select(t => rows / t).ToList(),
            ["rowsPerSecond"] = rows / Stats.Median(seconds[s.Name]),
        }).ToList();
        results.AddRange(await ClientOnlyAsync(batches));
        return results;
    }

    /// <summary>
    /// The client's own cost of a batch: the same inserts answered from memory (201, no body), so no server and no
    /// socket; the request body is still read to its end. PgRest against the raw POST with columns= (the same
    /// request), alternating, per batch: µs and bytes allocated.
    /// </summary>
    private async Task<List<Dictionary<string, object>>> ClientOnlyAsync(BulkRow[][] batches)
    {
        var created = new ReplayHandler([], [], System.Net.HttpStatusCode.Created);
        using var client = new PostgrestClient(baseUrl, new PostgrestClientOptions { HttpClient = new HttpClient(created) });
        using var http = Http.RawClient(new ReplayHandler([], [], System.Net.HttpStatusCode.Created));
        var target = baseUrl + "/bulk?columns=id,name,qty,amount";
        Func<BulkRow[], Task> pgrest = async batch => await client.From("bulk").InsertMany(batch).ExecuteAsync();
        Func<BulkRow[], Task> raw = async batch =>
        {
            var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(batch, Http.Json));
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var response = await http.PostAsync(target, content);
            response.EnsureSuccessStatusCode();
        };
        // One batch per operation, cycling through the batches.
        Func<Func<BulkRow[], Task>, Func<Task>> cycling = op =>
        {
            var next = 0;
            return () => op(batches[next++ % batches.Length]);
        };
        var measured = await ClientSideRounds.RunAsync(
            [("pgrest", cycling(pgrest)), ("raw-columns", cycling(raw))], rounds, batches.Length, "bulk", "batch");
        return measured.Select(s => new Dictionary<string, object>
        {
            ["side"] = "client-only " + s.Name,
            ["batchSize"] = batches[0].Length,
            ["microsecondsPerBatch"] = Stats.Median(s.Microseconds),
            ["bytesPerBatch"] = Stats.Median(s.Bytes),
            ["roundMicroseconds"] = s.Microseconds,
        }).ToList();
    }
}
