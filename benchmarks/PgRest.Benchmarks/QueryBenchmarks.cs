using System;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using PgRest;
using FSharpQuery = PgRest.Benchmarks.FSharpQueries.TypicalQuery;

namespace PgRest.Benchmarks;

/// <summary>
/// Building and rendering the typical query. Category <c>url</c>: a full build + render to the request URI
/// against the hand-written URI (baseline). Category <c>build</c>: building the query value only, the F# ways
/// against the C# chain (baseline). Category <c>ce-render</c>: build + render, CE against the chain.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class QueryBenchmarks
{
    private PostgrestClient _client = null!;
    private PostgrestQuery _prebuilt = null!;
    private readonly string _baseUrl = TypicalQuery.BaseUrl;
    private readonly string _select = TypicalQuery.SelectList;
    private readonly string[] _titles = TypicalQuery.InValues;
    private readonly string _pattern = "*earth*";
    private readonly int _yearFrom = 1970;
    private readonly int _yearTo = 2000;
    private readonly int _authorId = 3;
    private readonly int _limit = 20;

    /// <summary>Creates the client (nothing is sent) and checks that all variants mean the same request.</summary>
    [GlobalSetup]
    public void Setup()
    {
        TypicalQuery.Verify();
        _client = new PostgrestClient(TypicalQuery.BaseUrl);
        _prebuilt = TypicalQuery.CSharpChain();
    }

    /// <summary>Disposes the client.</summary>
    [GlobalCleanup]
    public void Cleanup() => _client.Dispose();

    /// <summary>Hand-written URL: concatenation + Uri.EscapeDataString, then <c>new Uri</c>.</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory("url")]
    public Uri HandWrittenUri() =>
        TypicalQuery.HandWritten(_baseUrl, _select, _yearFrom, _yearTo, _titles, _pattern, _authorId, _limit);

    /// <summary>PgRest: build the query with the C# chain and render it to the request.</summary>
    [Benchmark]
    [BenchmarkCategory("url")]
    public Uri PgRestBuildAndRender() => _client.Render(TypicalQuery.CSharpChain()).Uri;

    /// <summary>PgRest: render an already built query (the cost of rendering alone).</summary>
    [Benchmark]
    [BenchmarkCategory("url")]
    public Uri PgRestRenderOnly() => _client.Render(_prebuilt).Uri;

    /// <summary>Building the query value with the C# chain.</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory("build")]
    public PostgrestQuery CSharpChain() => TypicalQuery.CSharpChain();

    /// <summary>Building the same value with the F# <c>pgrest { }</c> computation expression.</summary>
    [Benchmark]
    [BenchmarkCategory("build")]
    public PostgrestQuery FSharpComputationExpression() => FSharpQuery.computationExpression();

    /// <summary>Building the same value with the F# <c>Query</c> pipeline.</summary>
    [Benchmark]
    [BenchmarkCategory("build")]
    public PostgrestQuery FSharpPipeline() => FSharpQuery.pipeline();

    /// <summary>Build + render with the C# chain (baseline of the CE comparison including rendering).</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory("ce-render")]
    public Uri CSharpChainRender() => _client.Render(TypicalQuery.CSharpChain()).Uri;

    /// <summary>Build + render with the F# computation expression.</summary>
    [Benchmark]
    [BenchmarkCategory("ce-render")]
    public Uri FSharpComputationExpressionRender() => _client.Render(FSharpQuery.computationExpression()).Uri;
}
