// Micro benchmarks of PgRest (BenchmarkDotNet, in-process, Release build only).
//   dotnet run -c Release --project benchmarks/PgRest.Benchmarks -- [--smoke] [--json FILE] [--artifacts DIR]
// --smoke: one cold iteration per benchmark (checks the harness works; the figures mean nothing). A Debug build is
//          accepted then, so CI can reuse the build of the test command.
// --json:  writes a compact summary (mean/median time and allocated bytes per benchmark) for scripts/bench.sh.
// --filter GLOB: runs only the benchmarks whose full name (Type.Method) matches, e.g. '*QueryBenchmarks*'.
// After BenchmarkDotNet, the goal pairs are timed again side by side in alternating rounds (PairedRounds): the time
// ratios of the goals are judged on those rounds, the absolute figures and allocations come from BenchmarkDotNet.
// --paired-only: only those rounds (a quick check of the ratios while working on the code).
using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Filters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Perfolizer.Horology;
using PgRest.Benchmarks;

var smoke = args.Contains("--smoke");
var json = ArgValue("--json");
var filter = ArgValue("--filter");
var pairedOnly = args.Contains("--paired-only");
var artifacts = ArgValue("--artifacts") ?? Path.Combine(Path.GetTempPath(), "pgrest-bench-artifacts");

// Fails fast (before any measurement) when a variant renders a different request than the baseline.
TypicalQuery.Verify();

var job = smoke
    ? Job.Dry
    : Job.Default.WithWarmupCount(5).WithIterationCount(15).WithIterationTime(TimeInterval.FromMilliseconds(150));
var config = ManualConfig.CreateEmpty()
    .AddJob(job.WithToolchain(InProcessEmitToolchain.Instance).WithId(smoke ? "smoke" : "bench"))
    .AddDiagnoser(MemoryDiagnoser.Default)
    .AddColumnProvider(DefaultColumnProviders.Instance)
    .AddLogger(ConsoleLogger.Default)
    .AddExporter(MarkdownExporter.GitHub)
    .WithArtifactsPath(artifacts)
    .WithOptions(ConfigOptions.DisableLogFile);
if (smoke)
{
    config = config.WithOptions(ConfigOptions.DisableOptimizationsValidator);
}

if (filter is not null)
{
    config = config.AddFilter(new GlobFilter([filter]));
}

if (!smoke)
{
    // BenchmarkDotNet runs in this process: bring the shared code (PgRest, System.Text, Uri) to tier-1 JIT before
    // the first benchmark, so it does not pay for the tiering of code that every later benchmark reuses.
    PreWarm(TimeSpan.FromSeconds(2));
}

// TypedWhereBenchmarks (the typed F# where, step by step) and BodyBenchmarks (a 1,000-row insert body) run on
// request only (--filter '*TypedWhere*', '*BodyBenchmarks*'): they are not part of the reported suite.
Type[] suites = filter is null
    ? [typeof(QueryBenchmarks), typeof(ComponentBenchmarks)]
    : [typeof(QueryBenchmarks), typeof(ComponentBenchmarks), typeof(TypedWhereBenchmarks), typeof(BodyBenchmarks)];
var summaries = pairedOnly ? [] : BenchmarkRunner.Run(suites, config);

var results = summaries.SelectMany(s => s.Reports).Select(r => new
{
    suite = r.BenchmarkCase.Descriptor.Type.Name,
    name = r.BenchmarkCase.Descriptor.WorkloadMethod.Name,
    category = r.BenchmarkCase.Descriptor.Categories.FirstOrDefault() ?? string.Empty,
    baseline = r.BenchmarkCase.Descriptor.Baseline,
    meanNs = r.ResultStatistics?.Mean,
    medianNs = r.ResultStatistics?.Median,
    stdDevNs = r.ResultStatistics?.StandardDeviation,
    minNs = r.ResultStatistics?.Min,
    iterations = r.ResultStatistics?.N,
    allocatedBytes = r.GcStats.GetBytesAllocatedPerOperation(r.BenchmarkCase),
}).ToList();

var paired = filter is null ? MeasurePairs(smoke) : [];
foreach (var pair in paired)
{
    var ratios = pair.OursNs.Zip(pair.BaselineNs, (o, b) => o / b).Order().ToArray();
    Console.WriteLine(
        $"paired rounds: {pair.Ours} ÷ {pair.Baseline}: median {ratios[ratios.Length / 2]:F2}× over {ratios.Length} "
        + $"rounds (range {ratios[0]:F2}–{ratios[^1]:F2}×)");
}

if (json is not null)
{
    var indented = new JsonSerializerOptions { WriteIndented = true };
    File.WriteAllText(json, JsonSerializer.Serialize(new { smoke, benchmarks = results, paired }, indented));
}

var broken = results.Where(r => r.meanNs is null || r.allocatedBytes is null).Select(r => r.name).ToList();
if (summaries.Any(s => s.HasCriticalValidationErrors) || broken.Count > 0 || (results.Count == 0 && !pairedOnly))
{
    Console.Error.WriteLine($"benchmarks: no result for {string.Join(", ", broken)} (see the log above)");
    return 1;
}

return 0;

static PairedRounds.Result[] MeasurePairs(bool smoke)
{
    var query = new QueryBenchmarks();
    query.Setup();
    var rounds = smoke ? 2 : 40;
    var batch = TimeSpan.FromMilliseconds(smoke ? 5 : 50);
    try
    {
        (Func<object> Ours, Func<object> Baseline)[] pairs =
        [
            (query.PgRestBuildAndRender, query.HandWrittenUri),
            (query.PgRestRenderOnly, query.HandWrittenUri),
            (query.FSharpComputationExpression, query.CSharpChain),
            (query.FSharpComputationExpressionRender, query.CSharpChainRender),
        ];
        return [.. pairs.Select(p => PairedRounds.Measure(p.Ours, p.Baseline, rounds, batch))];
    }
    finally
    {
        query.Cleanup();
    }
}

static void PreWarm(TimeSpan duration)
{
    var query = new QueryBenchmarks();
    var parts = new ComponentBenchmarks();
    query.Setup();
    parts.Setup();
    var methods = new Func<object>[]
    {
        query.HandWrittenUri, query.PgRestBuildAndRender, query.PgRestRenderOnly, query.CSharpChain,
        query.FSharpComputationExpression, query.FSharpPipeline, query.CSharpChainRender,
        query.FSharpComputationExpressionRender, parts.StepFrom, parts.StepSelect, parts.StepGte, parts.StepIn,
        parts.StepOrder, parts.StepLimit, parts.RenderBare, parts.RenderOneFilter, parts.ParseUri,
        parts.FSharpCeWhere, parts.FSharpPipelineWhere, parts.FSharpCeSelect, parts.FSharpCeLimit,
        parts.FSharpCeTypedWhere,
    };
    var clock = System.Diagnostics.Stopwatch.StartNew();
    while (clock.Elapsed < duration)
    {
        foreach (var method in methods)
        {
            for (var i = 0; i < 50; i++)
            {
                GC.KeepAlive(method());
            }
        }
    }

    query.Cleanup();
    parts.Cleanup();
}

string? ArgValue(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}
