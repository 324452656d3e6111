using System;
using BenchmarkDotNet.Attributes;
using PgRest;
using FSharpParts = PgRest.Benchmarks.FSharpQueries.TypicalQuery.Parts;

namespace PgRest.Benchmarks;

/// <summary>
/// Where the time of <see cref="QueryBenchmarks"/> goes: each builder step on its own (one new immutable query
/// value), rendering a bare query and a one-filter query, parsing the final URI (which the hand-written baseline
/// pays as well), and single operations of the F# computation expression against the pipeline.
/// </summary>
[MemoryDiagnoser]
public class ComponentBenchmarks
{
    private readonly PostgrestQuery _books = PostgrestQuery.From("books");
    private readonly PostgrestQuery _oneFilter = PostgrestQuery.From("books").Gte("year", 1970);
    private readonly string _url = TypicalQuery.HandWritten().OriginalString;
    private PostgrestClient _client = null!;

    /// <summary>Creates the client (nothing is sent).</summary>
    [GlobalSetup]
    public void Setup() => _client = new PostgrestClient(TypicalQuery.BaseUrl);

    /// <summary>Disposes the client.</summary>
    [GlobalCleanup]
    public void Cleanup() => _client.Dispose();

    /// <summary><c>PostgrestQuery.From</c>.</summary>
    [Benchmark]
    public PostgrestQuery StepFrom() => PostgrestQuery.From("books");

    /// <summary>One <c>Select(string)</c> step.</summary>
    [Benchmark]
    public PostgrestQuery StepSelect() => _books.Select(TypicalQuery.SelectList);

    /// <summary>One <c>Gte</c> step (a boxed int formatted to text).</summary>
    [Benchmark]
    public PostgrestQuery StepGte() => _books.Gte("year", 1970);

    /// <summary>One <c>In</c> step with the three reserved-character values.</summary>
    [Benchmark]
    public PostgrestQuery StepIn() => _books.In("title", TypicalQuery.InValues);

    /// <summary>One <c>Order</c> step.</summary>
    [Benchmark]
    public PostgrestQuery StepOrder() => _books.Order("year", ascending: false);

    /// <summary>One <c>Limit</c> step.</summary>
    [Benchmark]
    public PostgrestQuery StepLimit() => _books.Limit(20);

    /// <summary>Rendering a query with no parameter: the fixed cost of a render.</summary>
    [Benchmark]
    public Uri RenderBare() => _client.Render(_books).Uri;

    /// <summary>Rendering a query with one filter: the fixed cost plus one parameter.</summary>
    [Benchmark]
    public Uri RenderOneFilter() => _client.Render(_oneFilter).Uri;

    /// <summary>Parsing the typical URL into a <see cref="Uri"/> (PgRest and the baseline both pay it).</summary>
    [Benchmark]
    public Uri ParseUri() => new(_url);

    /// <summary>F# CE, untyped block: <c>from</c> + one <c>where</c> with a <c>Filter</c> condition.</summary>
    [Benchmark]
    public PostgrestQuery FSharpCeWhere() => FSharpParts.ceWhere();

    /// <summary>F# pipeline: <c>from</c> + one <c>where</c>.</summary>
    [Benchmark]
    public PostgrestQuery FSharpPipelineWhere() => FSharpParts.pipelineWhere();

    /// <summary>F# CE, untyped block: <c>from</c> + <c>select</c> with a select string.</summary>
    [Benchmark]
    public PostgrestQuery FSharpCeSelect() => FSharpParts.ceSelect();

    /// <summary>F# CE: <c>from</c> + <c>limit</c> (a plain parameter).</summary>
    [Benchmark]
    public PostgrestQuery FSharpCeLimit() => FSharpParts.ceLimit();

    /// <summary>F# CE, typed block: <c>where (b.Year &gt;= 1970)</c>, an expression tree translated per call.</summary>
    [Benchmark]
    public PostgrestQuery FSharpCeTypedWhere() => FSharpParts.ceTypedWhere();
}
