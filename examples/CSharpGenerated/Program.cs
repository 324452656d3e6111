// C# on generated types: the demo film database through the records, name constants and RPC helpers that
// `dotnet pgrest gen --lang csharp` wrote into Generated/Demo.cs (see docs/guide/schema-types.md).
// Usage: dotnet run --project examples/CSharpGenerated [base-url]   (default: PGREST_DEMO_URL from .run/env)
using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using Demo.Db;
using PgRest;

var baseUrl = args.FirstOrDefault() ?? Environment.GetEnvironmentVariable("PGREST_DEMO_URL") ?? DemoUrlFromEnvFile();
using var client = new PostgrestClient(baseUrl);

// Table and column names come from the schema: a renamed column is a compile error after regenerating.
var recent = client.From(Demo.Db.Demo.Tables.Films)
    .Where<Films>(f => f.Year >= 1990 && f.Genre != "war")
    .Order(Demo.Db.Demo.Columns.Films.Year)
    .Limit(3);
Console.WriteLine($"Request: {recent.ToRequest().PathAndQuery}");
foreach (var film in await recent.ToListAsync<Films>())
{
    Console.WriteLine($"  {film.Year}  {film.Title}");
}

// Embedding through a foreign key, by the generated embed name ("directors!director_id").
var withDirector = await client.From(Demo.Db.Demo.Tables.Films)
    .Select($"title,director:{Demo.Db.Demo.Embeds.Films.DirectorsViaDirectorId}(name)")
    .Where<Films>(f => f.Id == 1)
    .SingleAsync<JsonElement>();
Console.WriteLine($"Film 1: {withDirector.GetProperty("title")} by {withDirector.GetProperty("director").GetProperty("name")}");

// A typed RPC helper: the optional argument may be left out (the function's default, 4 stars, applies).
var top = await Demo.Db.Demo.TopRated(client).ToListAsync<Films>();
var five = await Demo.Db.Demo.TopRated(client, minStars: 5).ToListAsync<Films>();
Console.WriteLine($"Rated 4+: {top.Count} films; rated 5: {string.Join(", ", five.Select(f => f.Title))}");

// The insert record leaves out what the database fills (id, created_at): a null property is not sent at all.
var review = client.From(Demo.Db.Demo.Tables.Reviews)
    .Insert(new ReviewsInsert { FilmId = 1, Reviewer = "me", Stars = 5 });
Console.WriteLine($"Insert body (not sent): {review.ToRequest().BodyText}");

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
