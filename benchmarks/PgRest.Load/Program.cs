// Load harness: PgRest against hand-written HttpClient + System.Text.Json, live PostgREST on loopback.
//   dotnet run -c Release --project benchmarks/PgRest.Load -- --url URL --pg-uri URI
//       [--phases small,large,bulk,memory] [--smoke] [--out FILE]
//       [--duration SECONDS] [--rounds N (small selects)] [--large-rows N] [--huge-rows N] [--bulk-rows N]
// scripts/bench.sh prepares the bench schema (bench.rows, bench.bulk), starts a PostgREST exposing it and runs
// this twice: the memory phase in a process of its own. Every run is bounded: durations and row counts are fixed.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime;
using System.Text.Json;
using System.Threading.Tasks;
using PgRest.Load;

var smoke = args.Contains("--smoke");
var url = (Arg("--url") ?? Environment.GetEnvironmentVariable("PGREST_BENCH_URL")
    ?? throw new ArgumentException("--url is required")).TrimEnd('/');
var pgUri = Arg("--pg-uri") ?? Environment.GetEnvironmentVariable("PGREST_BENCH_PG_URI");
var phases = (Arg("--phases") ?? "small,large,bulk,memory").Split(',', StringSplitOptions.RemoveEmptyEntries);
var output = Arg("--out");
var duration = TimeSpan.FromSeconds(
    double.Parse(Arg("--duration") ?? (smoke ? "1" : "2"), System.Globalization.CultureInfo.InvariantCulture));

// Many short rounds rather than a few long ones: this machine's speed drifts for seconds at a time, and the confidence
// interval of the per-round ratios narrows with the number of rounds (6 rounds of 3 s left the sequential figures
// inconclusive).
var rounds = int.Parse(Arg("--rounds") ?? (smoke ? "1" : "12"));
var largeRows = int.Parse(Arg("--large-rows") ?? (smoke ? "1000" : "100000"));
var hugeRows = int.Parse(Arg("--huge-rows") ?? (smoke ? "2000" : "1000000"));
var bulkRows = int.Parse(Arg("--bulk-rows") ?? (smoke ? "1000" : "50000"));

Console.WriteLine($"load: {url}, phases {string.Join(",", phases)}{(smoke ? " (smoke)" : string.Empty)}, "
    + $"server GC {GCSettings.IsServerGC}, {Environment.ProcessorCount} CPUs");
var result = new Dictionary<string, object>
{
    ["smoke"] = smoke,
    ["serverGc"] = GCSettings.IsServerGC,
    ["runtime"] = System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription,
};
var total = Stopwatch.StartNew();
foreach (var phase in phases)
{
    var clock = Stopwatch.StartNew();
    Console.WriteLine($"phase {phase}");
    result[phase] = phase switch
    {
        "small" => await new SmallSelects(url, duration, rounds, concurrency: 32).RunAsync(),
        "large" => await new LargeResults(url, largeRows, liveRounds: smoke ? 1 : 4, replayRounds: smoke ? 2 : 8)
            .RunAsync(),
        // A multiple of 3 rounds: the three sides rotate through the three positions of a round, and the server's rows/s
        // drifts upwards through the run, so a whole number of rotations gives every side each position equally often.
        "bulk" => await new BulkInsert(url, Truncate, bulkRows, batchSize: smoke ? 100 : 1000, rounds: smoke ? 1 : 18)
            .RunAsync(),
        "memory" => await new MemoryPhase(url, [largeRows, hugeRows], largeRows).RunAsync(),
        _ => throw new ArgumentException($"unknown phase '{phase}'"),
    };
    result[phase + "Seconds"] = clock.Elapsed.TotalSeconds;
}

Console.WriteLine($"load: done in {total.Elapsed.TotalSeconds:F0} s");
if (output is not null)
{
    File.WriteAllText(output, JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true }));
}

return 0;

async Task Truncate()
{
    if (pgUri is null)
    {
        throw new ArgumentException("--pg-uri is required for the bulk phase (the table is truncated with psql)");
    }

    string[] psqlArgs = ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", pgUri, "-c", "truncate bench.bulk"];
    using var psql = Process.Start(new ProcessStartInfo("psql", psqlArgs)
    {
        RedirectStandardError = true,
    }) ?? throw new InvalidOperationException("psql did not start");
    var error = await psql.StandardError.ReadToEndAsync();
    await psql.WaitForExitAsync();
    if (psql.ExitCode != 0)
    {
        throw new InvalidOperationException("psql truncate failed: " + error);
    }
}

string? Arg(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}
