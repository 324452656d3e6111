// The C# developer's view of PgRest.Core against the live test server: each check prints PASS or FAIL, and the
// program ends with "N passed, N failed" and a non-zero exit code on any failure.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using PgRest;
using static PgRest.Conditions;

var baseUrl = Environment.GetEnvironmentVariable("PGREST_TEST_URL") ?? ReadEnvFile("PGREST_TEST_URL");
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
    var items = await client.From("items").Where<Item>(i => i.Name.StartsWith("ba") || i.Id == 4).Order("id")
        .ToListAsync<Item>();
    return items.Select(i => i.Id).SequenceEqual([2, 4]);
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

static string ReadEnvFile(string key)
{
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "PgRest.sln")))
    {
        dir = dir.Parent;
    }

    var file = dir is null ? null : Path.Combine(dir.FullName, ".run", "env");
    var line = file is not null && File.Exists(file)
        ? File.ReadAllLines(file).FirstOrDefault(l => l.StartsWith(key + "=", StringComparison.Ordinal))
        : null;
    return line?[(key.Length + 1)..] ?? throw new InvalidOperationException(
        $"{key} is not set: start the servers with scripts/server-start.sh.");
}

internal sealed record Item(int Id, string Name);
