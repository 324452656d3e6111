// Live checks of the generated C# (Generated/Gen.cs, `pgrest gen --lang csharp` for schema gen of db/gen-fixture.sql)
// against the test PostgREST and its database: typed reads, an insert relying on defaults (rows checked in the
// database over SQL), an enum round trip, embeds and RPCs with and without their optional argument. Each check prints
// PASS or FAIL; the program ends with "N passed, N failed" and a non-zero exit code on any failure.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Npgsql;
using PgRest;
using PgRest.CSharpGenerated.Db;

var baseUrl = Environment.GetEnvironmentVariable("PGREST_TEST_URL") ?? RunEnv.Read("PGREST_TEST_URL");
var pgUri = new Uri(Environment.GetEnvironmentVariable("PGREST_PG_URI_TEST") ?? RunEnv.Read("PGREST_PG_URI_TEST"));
var connectionString = new NpgsqlConnectionStringBuilder
{
    Host = pgUri.Host,
    Port = pgUri.Port,
    Database = pgUri.AbsolutePath.TrimStart('/'),
    Username = pgUri.UserInfo.Split(':')[0],
}.ConnectionString;
await using var db = NpgsqlDataSource.Create(connectionString);
using var root = new PostgrestClient(baseUrl);
var client = root.WithSchema(Gen.Schema);
var run = Guid.NewGuid().ToString("N");
var passed = 0;
var failed = 0;

await Check("typed Where<T> on generated records: enum label with spaces, mapped and plain columns", async () =>
{
    // Roslyn folds an enum constant into its number ((int)b.Status == 2), which the core refuses (it cannot tell a
    // label column from a number column); an enum value held in a variable keeps the label (docs/guide/schema-types.md).
    var wanted = Status.OutOfPrint;
    var outOfPrint = await client.From(Gen.Tables.Books)
        .Where<Books>(b => b.Status == wanted && b.Pages > 300)
        .ToListAsync<Books>();
    var sent = client.From(Gen.Tables.Books).Where<Books>(b => b.Status == wanted).ToRequest().PathAndQuery;
    var constantRefused = false;
    try
    {
        PostgrestExpressions.ToCondition<Books>(b => b.Status == Status.OutOfPrint);
    }
    catch (NotSupportedException)
    {
        constantRefused = true;
    }

    var ursula = await client.From(Gen.Tables.Authors)
        .Where<Authors>(a => a.FirstName == "Ursula" && a.Upper == 1)
        .ToListAsync<Authors>();
    var query = client.From(Gen.Tables.Authors).Where<Authors>(a => a.FirstName == "Ursula").ToRequest().PathAndQuery;
    Console.WriteLine($"  sent {sent} and {query}; constant refused: {constantRefused}");
    return outOfPrint.Select(b => b.Title).SequenceEqual(["Fiasco"]) && constantRefused
        && sent.Contains("status=eq.out%20of%20print", StringComparison.Ordinal)
        && ursula.Select(a => a.Name).SequenceEqual(["Ursula K. Le Guin"])
        && query.Contains("%22first%20name%22=eq.Ursula", StringComparison.Ordinal);
});

await Check("generated records read every column of the fixture row (types, arrays, json, computed)", async () =>
{
    var book = await client.From(Gen.Tables.Books).Where<Books>(b => b.Title == "The Dispossessed")
        .SingleAsync<Books>();
    return book.Status == Status.Published && book.Tags.SequenceEqual(["sf", "anarchy"]) && book.Price == 12.50m
        && book.PriceX2 == 25.00m && book.InPrint && book.Published == new DateOnly(1974, 5, 1) && book.Pages == 387
        && book.Uid != Guid.Empty && book.Meta is null && book.Code is null;
});

await Check("insert through BooksInsert relying on defaults: only the given keys are sent, the database fills the rest", async () =>
{
    var authorId = await Scalar<long>("select id from gen.authors where name = 'Stanisław Lem'");
    var title = "cs-gen-" + run;
    var insert = client.From(Gen.Tables.Books).Insert(new BooksInsert { AuthorId = authorId, Title = title });
    var body = insert.ToRequest().BodyText ?? "";
    try
    {
        var rows = await insert.Select("*").ToListAsync<Books>();
        var count = await Scalar<long>($"select count(*) from gen.books where title = '{title}'");
        var stored = await Scalar<string>(
            "select concat_ws('|', status, tags::text, in_print, pages, uid is not null, price_x2 is null, created_at is not null) "
            + $"from gen.books where title = '{title}'");
        Console.WriteLine($"  sent {body}; stored {stored}; returned {rows.Count} rows");
        return JsonDocument.Parse(body).RootElement.EnumerateObject().Select(p => p.Name)
                   .SequenceEqual(["author_id", "title"])
               && rows.Count == 1 && rows[0].Id > 0 && rows[0].Status == Status.Draft && rows[0].Tags.Length == 0
               && count == 1 && stored == "draft|{}|f|0|t|t|t";
    }
    finally
    {
        await Exec($"delete from gen.books where title = '{title}'");
    }
});

await Check("enum round trip: a label with spaces written through the insert record, read back and stored as the label", async () =>
{
    var bookId = await Scalar<long>("select id from gen.books where title = 'Fiasco'");
    var at = DateTimeOffset.UnixEpoch.AddSeconds(Random.Shared.Next(1, 1_000_000_000));
    var status = Status.OutOfPrint;
    try
    {
        var rows = await client.From(Gen.Tables.BookStatusLog)
            .Insert(new BookStatusLogInsert { BookId = bookId, Status = Status.OutOfPrint, At = at })
            .Select("*")
            .ToListAsync<BookStatusLog>();
        var stored = await Scalar<string>(
            $"select status::text from gen.book_status_log where book_id = {bookId} and at = '{at:O}'");
        var read = await client.From(Gen.Tables.BookStatusLog)
            .Where<BookStatusLog>(l => l.BookId == bookId && l.Status == status && l.At == at)
            .ToListAsync<BookStatusLog>();
        return rows.Single().Status == Status.OutOfPrint && stored == "out of print" && read.Count == 1;
    }
    finally
    {
        await Exec($"delete from gen.book_status_log where book_id = {bookId} and at = '{at:O}'");
    }
});

await Check("embed names from the generated constants, both directions and both keys to authors", async () =>
{
    var books = await client.From(Gen.Tables.Books)
        .Select($"title,author:{Gen.Embeds.Books.AuthorsViaAuthorId}(name),co:{Gen.Embeds.Books.AuthorsViaCoAuthorId}(name)")
        .Where<Books>(b => b.Title == "Solaris")
        .ToListAsync<JsonElement>();
    var authors = await client.From(Gen.Tables.Authors)
        .Select($"name,{Gen.Embeds.Authors.BooksViaAuthorId}(title)")
        .Where<Authors>(a => a.Name == "Stanisław Lem")
        .ToListAsync<JsonElement>();
    var titles = authors.Single().GetProperty("books").EnumerateArray().Select(b => b.GetProperty("title").GetString())
        .Order(StringComparer.Ordinal);
    return books.Single().GetProperty("author").GetProperty("name").GetString() == "Stanisław Lem"
        && books.Single().GetProperty("co").ValueKind == JsonValueKind.Null
        && titles.Take(2).SequenceEqual(["Fiasco", "Solaris"]);
});

await Check("RPC helpers: with and without the optional argument (database checked), scalar, enum argument, variadic", async () =>
{
    var authorId = await Scalar<long>("select id from gen.authors where name = 'Stanisław Lem'");
    var title = "cs-gen-rpc-" + run;
    var id = await Scalar<long>($"insert into gen.books (author_id, title) values ({authorId}, '{title}') returning id");
    try
    {
        var withDefault = (await Gen.AddPages(client, id).ExecuteAsync<int>()).Value;
        var afterDefault = await Scalar<int>($"select pages from gen.books where id = {id}");
        var withExtra = (await Gen.AddPages(client, id, 5).ExecuteAsync<int>()).Value;
        var afterExtra = await Scalar<int>($"select pages from gen.books where id = {id}");
        var count = (await Gen.BookCount(client).ExecuteAsync<long>()).Value;
        var dbCount = await Scalar<long>("select count(*) from gen.books");
        var byStatus = await Gen.BooksByStatus(client, Status.OutOfPrint).ToListAsync<Books>();
        var ids = await client.From(Gen.Tables.Books)
            .Where<Books>(b => b.Title == "Solaris" || b.Title == "The Dispossessed").Order(Gen.Columns.Books.Id)
            .ToListAsync<Books>();
        var titles = await Gen.Titles(client, ids.Select(b => b.Id).ToArray()).ToListAsync<string>();
        var body = Gen.AddPages(client, id).ToRequest().BodyText;
        return withDefault == 1 && afterDefault == 1 && withExtra == 6 && afterExtra == 6 && count == dbCount
            && byStatus.Select(b => b.Title).SequenceEqual(["Fiasco"])
            && titles.SequenceEqual(["The Dispossessed", "Solaris"])
            && body == $"{{\"book\":{id}}}";
    }
    finally
    {
        await Exec($"delete from gen.books where id = {id}");
    }
});

await Check("name constants are the database's exact names", () => Task.FromResult(
    Gen.Columns.Authors.FirstName == "first name" && Gen.Columns.Books._1st == "1st"
    && Gen.Columns.Books.WithDash == "with-dash" && Gen.Columns.Books.Class == "class"
    && Gen.Tables.PublishedBooks == "published_books" && Gen.Functions.AddPages == "add_pages"));

Console.WriteLine();
Console.WriteLine($"{passed} passed, {failed} failed");
return failed == 0 ? 0 : 1;

async Task Check(string name, Func<Task<bool>> check)
{
    try
    {
        if (await check())
        {
            passed++;
            Console.WriteLine($"PASS {name}");
        }
        else
        {
            failed++;
            Console.WriteLine($"FAIL {name}");
        }
    }
    catch (Exception e)
    {
        failed++;
        Console.WriteLine($"FAIL {name}: {e.GetType().Name}: {e.Message}");
    }
}

async Task<T> Scalar<T>(string sql)
{
    await using var command = db.CreateCommand(sql);
    return (T)(await command.ExecuteScalarAsync())!;
}

async Task Exec(string sql)
{
    await using var command = db.CreateCommand(sql);
    await command.ExecuteNonQueryAsync();
}

