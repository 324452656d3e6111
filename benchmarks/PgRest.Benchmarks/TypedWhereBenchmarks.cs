using System;
using System.Linq.Expressions;
using BenchmarkDotNet.Attributes;
using PgRest;
using FSharpParts = PgRest.Benchmarks.FSharpQueries.TypicalQuery.Parts;
using TypedWhere = PgRest.Benchmarks.FSharpQueries.TypedWhere;

namespace PgRest.Benchmarks;

/// <summary>
/// The cost of a typed F# <c>where</c> (issue 16, part C), step by step: the quotation literal the F# compiler
/// rebuilds at every evaluation, its conversion to a LINQ tree, PgRest's translation of that tree, and the whole
/// block, against the untyped block with a <c>Filter</c> condition.
/// </summary>
[MemoryDiagnoser]
public class TypedWhereBenchmarks
{
    /// <summary>The untyped block: <c>from</c> + <c>where (Filter.gte "year" 1970)</c>.</summary>
    [Benchmark(Baseline = true)]
    public PostgrestQuery UntypedBlock() => FSharpParts.ceWhere();

    /// <summary>The typed block: <c>for b in table&lt;Book&gt; "books" do where (b.Year &gt;= 1970)</c>.</summary>
    [Benchmark]
    public PostgrestQuery TypedBlock() => FSharpParts.ceTypedWhere();

    /// <summary>The quotation literal alone.</summary>
    [Benchmark]
    public object QuotationLiteral() => TypedWhere.quotationOnly();

    /// <summary>The quotation literal converted to a LINQ tree (what the compiler hands to <c>where</c>).</summary>
    [Benchmark]
    public Expression<Func<FSharpQueries.TypicalQuery.Book, bool>> QuotationToLinq() => TypedWhere.quotationToLinq();

    /// <summary>PgRest's translation of a ready LINQ tree.</summary>
    [Benchmark]
    public Condition TranslateTree() => TypedWhere.translateOnly();
}
