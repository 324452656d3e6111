using System.Linq;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using PgRest;

namespace PgRest.Benchmarks;

/// <summary>
/// The body of a 1,000-row insert: PgRest's render (the client's JSON options plus the converters that refuse lone
/// surrogates in strings, chars and property names, and the <c>columns=</c> scan) against serializing the same rows
/// with the same options and nothing else. On request only: <c>--filter '*BodyBenchmarks*'</c>.
/// </summary>
[MemoryDiagnoser]
public class BodyBenchmarks
{
    private readonly JsonSerializerOptions _json = PostgrestClient.DefaultJsonOptions();
    private BookRow[] _rows = null!;
    private PostgrestClient _client = null!;

    /// <summary>Builds the rows and the client (nothing is sent).</summary>
    [GlobalSetup]
    public void Setup()
    {
        _rows = Enumerable.Range(1, 1000)
            .Select(i => new BookRow(i, $"Title number {i}, with a comma", 1900 + (i % 120), i % 3 == 0 ? null : "a note"))
            .ToArray();
        _client = new PostgrestClient(TypicalQuery.BaseUrl);
    }

    /// <summary>Disposes the client.</summary>
    [GlobalCleanup]
    public void Cleanup() => _client.Dispose();

    /// <summary>The rows serialized with the client's default options, nothing else.</summary>
    [Benchmark(Baseline = true)]
    public byte[] SerializeOnly() => JsonSerializer.SerializeToUtf8Bytes(_rows, _json);

    /// <summary>PgRest renders the insert: checked serialization plus URL and headers.</summary>
    [Benchmark]
    public int RenderInsertMany() => _client.Render(PostgrestQuery.From("books").InsertMany(_rows)).Body!.Value.Length;

    /// <summary>A row of the benchmark.</summary>
    public sealed record BookRow(int Id, string Title, int Year, string? Note);
}
