// Quickstart in C#: read the demo film database (start it with scripts/server-start.sh).
// Usage: dotnet run --project examples/CSharpQuickstart [base-url]   (default: PGREST_DEMO_URL from .run/env)
using System;
using System.IO;
using System.Linq;
using PgRest;
using static PgRest.Conditions;

var baseUrl = args.FirstOrDefault() ?? Environment.GetEnvironmentVariable("PGREST_DEMO_URL") ?? DemoUrlFromEnvFile();
using var client = new PostgrestClient(baseUrl);

// A query is an immutable value; nothing is sent until it is executed.
var recent = client.From("films")
    .Select("title,year,directors(name)")
    .Where(Col("year") >= 1990 & Col("genre") != "war")
    .Order("year")
    .Limit(5);

Console.WriteLine($"Request: {recent.ToRequest().PathAndQuery}");
foreach (var film in await recent.ToListAsync<Film>())
{
    Console.WriteLine($"  {film.Year}  {film.Title,-28} {film.Directors.Name}");
}

// PostgREST's errors arrive as PostgrestException with its code, message, details and hint.
try
{
    await client.From("films").Eq("id", -1).SingleAsync<Film>();
}
catch (PostgrestException e)
{
    Console.WriteLine($"No film -1: {e.Status} {e.Code}: {e.ServerMessage} ({e.Details})");
}

static string DemoUrlFromEnvFile()
{
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "PgRest.sln")))
    {
        dir = dir.Parent;
    }

    var file = dir is null ? null : Path.Combine(dir.FullName, ".run", "env");
    var line = file is not null && File.Exists(file)
        ? File.ReadLines(file).FirstOrDefault(l => l.StartsWith("PGREST_DEMO_URL=", StringComparison.Ordinal))
        : null;
    return line?["PGREST_DEMO_URL=".Length..]
        ?? throw new InvalidOperationException("Start the servers first: scripts/server-start.sh");
}

internal sealed record Director(string Name);

internal sealed record Film(string Title, int Year, Director Directors);
