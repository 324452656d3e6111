using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using PgRest;

namespace PgRest.Benchmarks;

/// <summary>
/// The typical query of the micro benchmarks: a table, a select list with an embed, five filters (one an
/// <c>in</c> list holding <c>a,b</c>, <c>"q"</c> and <c>x)y</c>), two order terms and a limit.
/// </summary>
public static class TypicalQuery
{
    /// <summary>A base URL; nothing is sent.</summary>
    public const string BaseUrl = "http://127.0.0.1:3000";

    /// <summary>The select list (with an embedded, aliased relation).</summary>
    public const string SelectList = "id,title,year,author:authors(name,country)";

    /// <summary>Values that need PostgREST quoting inside <c>in.(…)</c>: a comma, quotes, a parenthesis.</summary>
    public static readonly string[] InValues = ["a,b", "\"q\"", "x)y"];

    /// <summary>The query built with the C# method chain.</summary>
    public static PostgrestQuery CSharpChain() =>
        PostgrestQuery.From("books")
            .Select(SelectList)
            .Gte("year", 1970)
            .Lt("year", 2000)
            .In("title", InValues)
            .ILike("title", "*earth*")
            .Neq("author_id", 3)
            .Order("year", ascending: false)
            .Order("id")
            .Limit(20);

    /// <summary>
    /// The baseline: the same request URL written by hand with string concatenation and
    /// <see cref="Uri.EscapeDataString(string)"/>, following the verified encoder of postgrest-reference.md §1.8:
    /// top-level operator values are percent-encoded and never quoted; every <c>in</c> element is PostgREST-quoted
    /// (<c>\</c> and <c>"</c> escaped with a backslash) and then percent-encoded. Parameters are arguments so the
    /// compiler cannot fold the string.
    /// </summary>
    public static Uri HandWritten(
        string baseUrl, string select, int yearFrom, int yearTo, string[] titles, string titlePattern, int authorId,
        int limit)
    {
        var quoted = new string[titles.Length];
        for (var i = 0; i < titles.Length; i++)
        {
            quoted[i] = Uri.EscapeDataString("\"" + titles[i].Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"");
        }

        var url = baseUrl + "/books?select=" + Uri.EscapeDataString(select)
            + "&year=gte." + yearFrom.ToString(CultureInfo.InvariantCulture)
            + "&year=lt." + yearTo.ToString(CultureInfo.InvariantCulture)
            + "&title=in.(" + string.Join(",", quoted) + ")"
            + "&title=ilike." + Uri.EscapeDataString(titlePattern)
            + "&author_id=neq." + authorId.ToString(CultureInfo.InvariantCulture)
            + "&order=year.desc,id.asc"
            + "&limit=" + limit.ToString(CultureInfo.InvariantCulture);
        return new Uri(url);
    }

    /// <summary>The baseline with the typical query's values.</summary>
    public static Uri HandWritten() =>
        HandWritten(BaseUrl, SelectList, 1970, 2000, InValues, "*earth*", 3, 20);

    /// <summary>
    /// Throws unless every way of writing the query means the same request: same path, and the same decoded
    /// (key, value) pairs in the same order. The encodings may differ in which punctuation they percent-encode
    /// (both are correct, §1.1), so the comparison is on what the server decodes.
    /// </summary>
    public static void Verify()
    {
        using var client = new PostgrestClient(BaseUrl);
        var expected = Decoded(HandWritten());
        var candidates = new (string Name, Uri Uri)[]
        {
            ("C# chain", client.Render(CSharpChain()).Uri),
            ("F# computation expression", client.Render(FSharpQueries.TypicalQuery.computationExpression()).Uri),
            ("F# Query pipeline", client.Render(FSharpQueries.TypicalQuery.pipeline()).Uri),
        };
        foreach (var (name, uri) in candidates)
        {
            var actual = Decoded(uri);
            if (!actual.SequenceEqual(expected))
            {
                throw new InvalidOperationException(
                    $"The {name} renders a different request than the hand-written baseline:\n  {uri}\n  "
                    + HandWritten());
            }
        }
    }

    private static List<string> Decoded(Uri uri)
    {
        var result = new List<string> { uri.AbsolutePath };
        foreach (var pair in uri.Query.TrimStart('?').Split('&'))
        {
            var eq = pair.IndexOf('=');
            result.Add(Uri.UnescapeDataString(pair[..eq]) + " = " + Uri.UnescapeDataString(pair[(eq + 1)..]));
        }

        return result;
    }
}
