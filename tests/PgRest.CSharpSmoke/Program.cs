// The C# developer's view of PgRest.Core against the live test server: each check prints PASS or FAIL, and the
// program ends with "N passed, N failed" and a non-zero exit code on any failure.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using PgRest;
using static PgRest.Conditions;

var baseUrl = Environment.GetEnvironmentVariable("PGREST_TEST_URL") ?? RunEnv.Read("PGREST_TEST_URL");
using var client = new PostgrestClient(baseUrl);
var passed = 0;
var failed = 0;

await Check("fluent filters, order and limit", async () =>
{
    var items = await client.From("items").Select("id,name").Gt("id", 1).Lt("id", 5).Order("id", ascending: false).Limit(2)
        .ToListAsync<Item>();
    return items.Select(i => i.Id).SequenceEqual([4, 3]);
});

await Check("conditions with C# operators", async () =>
{
    var items = await client.From("items")
        .Where(Col("qty") >= 5 & Col("qty") <= 10 | Col("name").ILike("apple*"))
        .Order("id")
        .ToListAsync<Item>();
    return items.Select(i => i.Id).SequenceEqual([1, 3, 5, 6]);
});

await Check("typed predicate", async () =>
{
    var items = await client.From("items").Where<Item>(i => i.Name.StartsWith("ba", StringComparison.Ordinal) || i.Id == 4).Order("id")
        .ToListAsync<Item>();
    return items.Select(i => i.Id).SequenceEqual([2, 4]);
});

await Check("typed predicates as C# 14 binds them (span Contains, char overloads, conversions) select the right rows", async () =>
{
    // Issue 16: real C# lambdas (the F# differential test builds these shapes by hand). The in-memory side treats a
    // NULL column as unknown, as the translation does.
    var rows = await client.From("typed_diff").Select("id,n,s").Order("id").ToListAsync<DiffRow>();
    string[] names = ["a", "abc", "a*b", "zebra:colon"];
    var hay = "zebra:colon";
    var zero = '0';
    var dv = 43.5;
    var cases = new (System.Linq.Expressions.Expression<Func<DiffRow, bool>> Typed, Func<DiffRow, bool> Memory)[]
    {
        (r => names.Contains(r.S), r => r.S is not null && names.Contains(r.S)),
        (r => r.S.StartsWith('a') || r.S.EndsWith('$'), r => r.S is not null && (r.S.StartsWith('a') || r.S.EndsWith('$'))),
        (r => r.S.Contains('*'), r => r.S is not null && r.S.Contains('*')),
        (r => r.S.EndsWith("B", StringComparison.OrdinalIgnoreCase), r => r.S is not null && r.S.EndsWith("B", StringComparison.OrdinalIgnoreCase)),
        (r => r.N > dv, r => r.N is not null && r.N > dv),
        (r => !(r.N <= dv), r => r.N is not null && !(r.N <= dv)),
        (r => r.N != zero, r => r.N is not null && r.N != zero),
        // C# 14 binds int?[].Contains to MemoryExtensions.Contains(span, value, comparer = null) (review 2, item 5).
        (r => new int?[] { 1, 2, 30 }.Contains(r.N), r => r.N is not null && new int?[] { 1, 2, 30 }.Contains(r.N)),
    };
    foreach (var (typed, memory) in cases)
    {
        var got = (await client.From("typed_diff").Select("id,n,s").Where(typed).Order("id").ToListAsync<DiffRow>())
            .Select(r => r.Id).ToList();
        var expected = rows.Where(memory).Select(r => r.Id).ToList();
        if (!got.SequenceEqual(expected) || expected.Count == 0)
        {
            Console.WriteLine($"  {typed}: server {got.Count} rows, expected {expected.Count}");
            return false;
        }
    }

    try
    {
        PostgrestExpressions.ToCondition<DiffRow>(r => hay.Contains(r.S));
        return false;
    }
    catch (NotSupportedException)
    {
        return true;
    }
});

await Check("single row and typed error", async () =>
{
    var apple = await client.From("items").Eq("id", 1).SingleAsync<Item>();
    try
    {
        await client.From("items").Eq("id", -1).SingleAsync<Item>();
        return false;
    }
    catch (PostgrestException e)
    {
        return apple.Name == "apple" && e.Status == 406 && e.Code == "PGRST116";
    }
});

await Check("insert with rollback returns the row and leaves nothing", async () =>
{
    var key = "cs-" + Guid.NewGuid().ToString("N");
    var rows = await client.From("kv").Insert(new { K = key, V = "x" }).Select("k,n").RollbackTransaction()
        .ToListAsync<Dictionary<string, object>>();
    var left = await client.From("kv").Eq("k", key).CountAsync();
    return rows.Count == 1 && rows[0]["n"].ToString() == "42" && left == 0;
});

await Check("rpc and count", async () =>
{
    var sum = (await client.Rpc("add", new { A = 1, B = 2 }).ExecuteAsync<int>()).Value;
    var count = await client.From("big").CountAsync();
    return sum == 3 && count == 25;
});

await Check("the query is a value: deriving leaves the original unchanged", () =>
{
    var baseQuery = client.From("items").Eq("category", "fruit");
    var before = baseQuery.ToRequest().ToString();
    _ = baseQuery.Limit(1).Order("id").Neq("id", 2).Select("id");
    return Task.FromResult(before == baseQuery.ToRequest().ToString());
});

Console.WriteLine($"{passed} passed, {failed} failed");
return failed == 0 ? 0 : 1;

async Task Check(string name, Func<Task<bool>> check)
{
    bool ok;
    try
    {
        ok = await check();
    }
    catch (Exception e)
    {
        Console.WriteLine($"  error: {e.GetType().Name}: {e.Message}");
        ok = false;
    }

    Console.WriteLine($"{(ok ? "PASS" : "FAIL")} {name}");
    if (ok) passed++; else failed++;
}

internal sealed record Item(int Id, string Name);

internal sealed record DiffRow(int Id, int? N, string S);
