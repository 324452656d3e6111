/// Ordering, paging, counting and response shapes through the core client: the assertions are on the rows, status
/// codes and headers the live PostgREST returns.
module PgRest.IntegrationTests.PagingTests

open System
open System.Collections.Generic
open System.Linq
open System.Text.Json
open System.Threading.Tasks
open Expecto
open PgRest
open PgRest.IntegrationTests.Expectations

// ---- row types -----------------------------------------------------------------------------------------------

type IdRow = { Id: int }

type IdName = { Id: int; Name: string }

type BookTitle = { Title: string }

type PublisherWithBooks = { Name: string; Books: BookTitle list }

type EventText = { Id: int; At: string }

type EventTyped = { Id: int; At: DateTimeOffset }

// ---- helpers -------------------------------------------------------------------------------------------------

let private client () = Server.client.Value

let private col (name: string) = Conditions.Col name

/// The fixture rows of a table (other test files may add rows with higher ids).
let private items () = client().From("items").Lte("id", 6)

let private big () = client().From("big").Lte("id", 25)

/// The ids a query returns, in the order the server sent them.
let private idsInOrder (query: PostgrestQuery) : Task<int list> =
    task {
        let! rows = query.Select("id").ToListAsync<IdRow>()
        return rows |> Seq.map (fun r -> r.Id) |> List.ofSeq
    }

/// A test that runs `query` and expects exactly `expected` ids in that order.
let private orderCase (name: string) (query: unit -> PostgrestQuery) (expected: int list) =
    testCaseTask name (fun () ->
        task {
            let! ids = idsInOrder (query ())
            Expect.equal ids expected name
        })

let private range (from: int64 option) (``to``: int64 option) (total: int64 option) =
    Nullable(ContentRange(Option.toNullable from, Option.toNullable ``to``, Option.toNullable total))

let private header (response: PostgrestResponse) (name: string) =
    match response.GetHeader name with
    | null -> failtestf "the response has no %s header" name
    | value -> value

let private collect (source: IAsyncEnumerable<'T>) : Task<'T list> =
    task {
        let! all = source.ToListAsync()
        return List.ofSeq all
    }

// ---- ordering ------------------------------------------------------------------------------------------------

let private ordering =
    testList
        "order"
        [
            orderCase "ascending puts NULLs last" (fun () -> items().Order("qty").Order("id")) [ 6; 3; 5; 1; 2; 4 ]
            orderCase
                "descending puts NULLs first"
                (fun () -> items().Order("qty", ascending = false).Order("id"))
                [ 2; 4; 1; 5; 3; 6 ]
            orderCase
                "ascending with nullsfirst"
                (fun () -> items().Order("qty", nulls = NullsOrder.First).Order("id"))
                [ 2; 4; 6; 3; 5; 1 ]
            orderCase
                "descending with nullslast"
                (fun () -> items().Order("qty", ascending = false, nulls = NullsOrder.Last).Order("id"))
                [ 1; 5; 3; 6; 2; 4 ]
            orderCase
                "several columns apply in the order they are added"
                (fun () ->
                    items().Order("category", ascending = false).Order("qty", nulls = NullsOrder.Last).Order("id"))
                [ 4; 3; 5; 1; 2; 6 ]
            orderCase
                "a jsonb path orders numerically"
                (fun () -> items().Order("meta->n", ascending = false, nulls = NullsOrder.Last))
                [ 6; 5; 3; 2; 1; 4 ]
            orderCase
                "a text JSON path"
                (fun () -> items().Order("meta->a->>b", ascending = false).Order("id"))
                [ 4; 5; 6; 3; 2; 1 ]
            orderCase "descending by id" (fun () -> big().Order("id", ascending = false).Limit(3)) [ 25; 24; 23 ]
            testCaseTask "by a column of a to-one embed, descending with nullslast" (fun () ->
                task {
                    let! rows =
                        client()
                            .From("books")
                            .Select("id,publishers(name)")
                            .Lte("id", 4)
                            .OrderByRelated("publishers", "name", ascending = false, nulls = NullsOrder.Last)
                            .Order("id")
                            .ToListAsync<IdRow>()

                    Expect.equal (rows |> Seq.map _.Id |> List.ofSeq) [ 2; 3; 1; 4 ] "Tor, Tor, Penguin, none"
                })
            orderCase
                "a multi-line select list is whitespace"
                (fun () -> items().Select("id,\n\tname\r\n").Order("id").Limit(2))
                [ 1; 2 ]
        ]

let private embeddedPaging =
    let publishersWithBooks (configure: PostgrestQuery -> PostgrestQuery) =
        task {
            let query =
                client()
                    .From("publishers")
                    .Select("name,books(title)")
                    .Lte("id", 2)
                    .Where(col("id").Lte(4), "books")
                    .Order("id")

            let! rows = (configure query).ToListAsync<PublisherWithBooks>()
            return List.ofSeq rows
        }

    let titles (books: BookTitle list) = books |> List.map (fun b -> b.Title)

    testList
        "order and paging of an embedded resource"
        [
            testCaseTask "order and limit apply per publisher" (fun () ->
                task {
                    let! rows =
                        publishersWithBooks (fun q ->
                            q.Order("year", ascending = false, referencedTable = "books").Limit(1, "books"))

                    Expect.equal
                        [ for r in rows -> r.Name, titles r.Books ]
                        [ "Penguin", [ "Earthsea" ]; "Tor", [ "Mort" ] ]
                        "the newest book of each publisher"
                })

            testCaseTask "offset applies per publisher" (fun () ->
                task {
                    let! rows =
                        publishersWithBooks (fun q -> q.Order("year", referencedTable = "books").Offset(1, "books"))

                    Expect.equal
                        [ for r in rows -> r.Name, titles r.Books ]
                        [ "Penguin", []; "Tor", [ "Mort" ] ]
                        "the first book of each publisher is skipped"
                })

            testCaseTask "Range applies per publisher" (fun () ->
                task {
                    let! rows =
                        publishersWithBooks (fun q -> q.Order("year", referencedTable = "books").Range(0, 0, "books"))

                    Expect.equal
                        [ for r in rows -> r.Name, titles r.Books ]
                        [ "Penguin", [ "Earthsea" ]; "Tor", [ "Dispossessed" ] ]
                        "the oldest book of each publisher"
                })

            testCaseTask "the top-level limit does not limit the embedded rows" (fun () ->
                task {
                    let! rows = publishersWithBooks (fun q -> q.Order("id", referencedTable = "books").Limit(1))

                    Expect.equal
                        [ for r in rows -> r.Name, titles r.Books ]
                        [ "Penguin", [ "Earthsea" ] ]
                        "one publisher, all its books"
                })
        ]

// ---- limit, offset, range, counts ------------------------------------------------------------------------------

let private limitOffset =
    testList
        "limit, offset and Range"
        [
            testCaseTask "limit returns the first rows" (fun () ->
                task {
                    let! response = big().Select("id").Order("id").Limit(3).ExecuteAsync<IdRow list>()
                    Expect.equal response.Value [ { Id = 1 }; { Id = 2 }; { Id = 3 } ] "rows 1-3"
                    Expect.equal response.StatusCode 200 "no count: 200"
                    Expect.equal response.ContentRange (range (Some 0L) (Some 2L) None) "Content-Range 0-2/*"
                })
            orderCase "offset skips rows" (fun () -> big().Order("id").Offset(23)) [ 24; 25 ]
            orderCase "limit and offset" (fun () -> big().Order("id").Limit(3).Offset(5)) [ 6; 7; 8 ]
            orderCase "an offset past the end without a count is empty" (fun () -> big().Order("id").Offset(30)) []
            orderCase "limit 0 is empty" (fun () -> big().Order("id").Limit(0)) []
            testCaseTask "Range(5, 7) returns rows 5 to 7 inclusive (zero-based)" (fun () ->
                task {
                    let! response = big().Select("id").Order("id").Range(5, 7).ExecuteAsync<IdRow list>()
                    Expect.equal response.Value [ { Id = 6 }; { Id = 7 }; { Id = 8 } ] "ids 6, 7, 8"
                    Expect.equal response.ContentRange (range (Some 5L) (Some 7L) None) "Content-Range 5-7/*"
                    Expect.isFalse response.TotalCount.HasValue "no total without a count"
                })
        ]

let private counts =
    testList
        "counts"
        [
            testCaseTask "an exact count of a partial page is a 206 with the total" (fun () ->
                task {
                    let! response =
                        big()
                            .Select("id")
                            .Order("id")
                            .Range(5, 7)
                            .WithCount(CountMethod.Exact)
                            .ExecuteAsync<IdRow list>()

                    Expect.equal response.StatusCode 206 "Partial Content"
                    Expect.equal response.TotalCount (Nullable 25L) "25 rows in all"
                    Expect.equal response.ContentRange (range (Some 5L) (Some 7L) (Some 25L)) "Content-Range 5-7/25"

                    Expect.stringContains
                        (header response "Preference-Applied")
                        "count=exact"
                        "the preference is echoed"

                    Expect.equal (response.Value |> List.map (fun r -> r.Id)) [ 6; 7; 8 ] "rows 6-8"
                })

            testCaseTask "an exact count of the whole set is a 200" (fun () ->
                task {
                    let! response = big().Select("id").WithCount().ExecuteAsync<IdRow list>()
                    Expect.equal response.StatusCode 200 "OK"
                    Expect.equal response.ContentRange (range (Some 0L) (Some 24L) (Some 25L)) "Content-Range 0-24/25"
                })

            testCaseTask "an exact count of no rows is 0" (fun () ->
                task {
                    let! response = big().Select("id").Gt("id", 100).WithCount().ExecuteAsync<IdRow list>()
                    Expect.equal response.StatusCode 200 "OK"
                    Expect.equal response.Value [] "no rows"
                    Expect.equal response.ContentRange (range None None (Some 0L)) "Content-Range */0"
                })

            testCaseTask "an offset past the end with a count is 416 PGRST103" (fun () ->
                task {
                    let! e = expectPostgrestError (fun () -> big().Offset(30).WithCount().ToListAsync<IdRow>())
                    Expect.equal e.Status 416 "Range Not Satisfiable"
                    Expect.equal e.Code "PGRST103" "offset past the total"
                })

            yield!
                [ CountMethod.Planned; CountMethod.Estimated ]
                |> List.map (fun countMethod ->
                    testCaseTask $"a {countMethod} count reports a total" (fun () ->
                        task {
                            let! response =
                                client()
                                    .From("big")
                                    .Select("id")
                                    .Order("id")
                                    .Limit(3)
                                    .WithCount(countMethod)
                                    .ExecuteAsync<IdRow list>()

                            Expect.equal response.StatusCode 206 "partial"
                            Expect.equal (response.Value |> List.map (fun r -> r.Id)) [ 1; 2; 3 ] "rows 1-3"

                            match Option.ofNullable response.TotalCount with
                            | Some total ->
                                Expect.isGreaterThanOrEqual total 25L "an estimate of at least the real rows"
                            | None -> failtest "a total was expected"
                        }))

            testCaseTask "a HEAD request with a count has no body and the total" (fun () ->
                task {
                    let! response = big().Head().WithCount().ExecuteAsync()
                    Expect.equal response.Request.Method.Method "HEAD" "sent as HEAD"
                    Expect.isTrue response.Body.IsEmpty "HEAD has no body"
                    Expect.equal response.TotalCount (Nullable 25L) "25 rows"
                })

            testCaseTask "CountAsync counts the matching rows with HEAD" (fun () ->
                task {
                    let! all = big().CountAsync()
                    let! some = big().Gt("id", 20).CountAsync()
                    let! none = big().Gt("id", 100).CountAsync()
                    Expect.equal all 25L "all rows"
                    Expect.equal some 5L "ids 21-25"
                    Expect.equal none 0L "no rows"
                })

            testCaseTask "CountAsync honours another count method" (fun () ->
                task {
                    let! planned = client().From("big").WithCount(CountMethod.Planned).CountAsync()
                    Expect.isGreaterThanOrEqual planned 25L "the planner's estimate"
                })
        ]

// ---- response shapes ---------------------------------------------------------------------------------------------

let private singleRows =
    testList
        "Single and MaybeSingle"
        [
            testCaseTask "Single returns one row as an object" (fun () ->
                task {
                    let! row = items().Select("id,name").Eq("id", 1).SingleAsync<IdName>()
                    Expect.equal row { Id = 1; Name = "apple" } "item 1"
                })

            testCaseTask "Single asks for the object media type" (fun () ->
                task {
                    let! response = items().Select("id,name").Eq("id", 2).Single().ExecuteAsync<IdName>()
                    Expect.equal response.Value { Id = 2; Name = "banana" } "item 2"

                    Expect.stringContains
                        (header response "Content-Type")
                        "application/vnd.pgrst.object+json"
                        "an object"
                })

            testCaseTask "Single with no row is 406 PGRST116" (fun () ->
                task {
                    let! e = expectPostgrestError (fun () -> items().Eq("id", 999).SingleAsync<IdName>())
                    Expect.equal e.Status 406 "Not Acceptable"
                    Expect.equal e.Code "PGRST116" "no row"
                    Expect.equal e.Details "The result contains 0 rows" "details"
                })

            testCaseTask "Single with two rows is 406 PGRST116" (fun () ->
                task {
                    let! e = expectPostgrestError (fun () -> items().Lte("id", 2).SingleAsync<IdName>())
                    Expect.equal e.Status 406 "Not Acceptable"
                    Expect.equal e.Code "PGRST116" "two rows"
                    Expect.equal e.Details "The result contains 2 rows" "details"
                })

            testCaseTask "MaybeSingle with no row is null" (fun () ->
                task {
                    let! row = items().Select("id,name").Eq("id", 999).MaybeSingleAsync<IdName>()
                    Expect.isNull (box row) "no row"
                })

            testCaseTask "MaybeSingle with one row returns it" (fun () ->
                task {
                    let! row = items().Select("id,name").Eq("id", 3).MaybeSingleAsync<IdName>()
                    Expect.equal row { Id = 3; Name = "carrot" } "item 3"
                })

            testCaseTask
                "MaybeSingle with two rows on a read is PgRest's PostgrestMultipleRowsException, not PGRST116"
                (fun () ->
                    task {
                        let! e =
                            expectThrows<PostgrestMultipleRowsException, IdName | null> (fun () ->
                                items().Lte("id", 2).MaybeSingleAsync<IdName>())

                        Expect.equal e.RowCount 2 "two rows"
                        Expect.equal e.RequestMethod "GET" "a read"
                    })
        ]

let private otherFormats =
    testList
        "CSV, GeoJSON and plans"
        [
            testCaseTask "CSV has a header line and quotes awkward fields" (fun () ->
                task {
                    let! text =
                        client().From("strs").Select("id,v").In("id", [ 1; 5; 34 ]).Order("id").Csv().TextAsync()

                    Expect.equal
                        text
                        "id,v\n1,\"a,b\"\n5,\"a\"\"b\"\n34,abc"
                        "header, quoted comma, doubled quote, plain"
                })

            testCaseTask "CSV comes back as text/csv" (fun () ->
                task {
                    let! response = items().Select("id,name").Eq("id", 6).Csv().ExecuteAsync()
                    Expect.stringContains (header response "Content-Type") "text/csv" "content type"
                    Expect.equal response.BodyText "id,name\n6,\"Apple pie\"" "a field with a space is quoted"
                })

            testCaseTask "GeoJSON is a FeatureCollection of the places" (fun () ->
                task {
                    let! response =
                        client().From("places").Lte("id", 2).Order("id").GeoJson().ExecuteAsync<JsonElement>()

                    let root = response.Value
                    Expect.stringContains (header response "Content-Type") "application/geo+json" "content type"
                    Expect.equal (root.GetProperty("type").GetString()) "FeatureCollection" "a collection"
                    let features = root.GetProperty("features")
                    Expect.equal (features.GetArrayLength()) 2 "two places"
                    let paris = features[1]
                    Expect.equal (paris.GetProperty("type").GetString()) "Feature" "a feature"

                    Expect.equal
                        (paris.GetProperty("properties").GetProperty("name").GetString())
                        "Paris"
                        "its properties"

                    let geometry = paris.GetProperty("geometry")
                    Expect.equal (geometry.GetProperty("type").GetString()) "Point" "a point"

                    Expect.equal
                        [
                            for c in geometry.GetProperty("coordinates").EnumerateArray() -> c.GetDouble()
                        ]
                        [ 2.35; 48.85 ]
                        "longitude, latitude"
                })

            testCaseTask "Explain returns a text plan" (fun () ->
                task {
                    let! plan = client().From("big").Gt("id", 3).Explain().TextAsync()
                    Expect.stringContains plan "Scan" "a scan node"
                    Expect.isFalse (plan.Contains "actual time") "not analysed"
                })

            testCaseTask "Explain as JSON parses" (fun () ->
                task {
                    let! response =
                        client().From("big").Explain(ExplainOptions(Json = true)).ExecuteAsync<JsonElement>()

                    let root = response.Value
                    Expect.equal root.ValueKind JsonValueKind.Array "an array of plans"
                    let plan = root[0].GetProperty("Plan")
                    Expect.equal (plan.GetProperty("Node Type").ValueKind) JsonValueKind.String "a node type"

                    Expect.stringContains
                        (header response "Content-Type")
                        "application/vnd.pgrst.plan+json"
                        "content type"
                })

            testCaseTask "Explain with analyze reports actual times" (fun () ->
                task {
                    let! plan = client().From("big").Explain(ExplainOptions(Analyze = true)).TextAsync()
                    Expect.stringContains plan "actual time" "executed"
                    Expect.stringContains plan "Scan" "a scan node"
                })

            testCaseTask "Explain of a CSV query names the explained media type" (fun () ->
                task {
                    let! response = client().From("big").Csv().Explain().ExecuteAsync()
                    Expect.stringContains (header response "Content-Type") "for=\"text/csv\"" "the plan is for CSV"
                    Expect.stringContains response.BodyText "Scan" "a scan node"
                })
        ]

// ---- streaming and pages -------------------------------------------------------------------------------------------

let private streaming =
    testList
        "StreamAsync and PagesAsync"
        [
            testCaseTask "StreamAsync yields every row in order" (fun () ->
                task {
                    let! rows = collect (big().Order("id").StreamAsync<IdRow>())
                    Expect.equal (rows |> List.map (fun r -> r.Id)) [ 1..25 ] "25 rows in order"
                })

            testCaseTask "StreamAsync honours filters and limits" (fun () ->
                task {
                    let! rows =
                        collect (big().Gt("id", 10).Order("id", ascending = false).Limit(4).StreamAsync<IdRow>())

                    Expect.equal (rows |> List.map (fun r -> r.Id)) [ 25; 24; 23; 22 ] "the last four, descending"
                })

            testCaseTask "StreamAsync reports a server error" (fun () ->
                task {
                    let! e =
                        expectPostgrestError (fun () ->
                            collect (client().From("big").Select("nosuch").StreamAsync<IdRow>()))

                    Expect.equal e.Status 400 "Bad Request"
                    Expect.equal e.Code "42703" "undefined column"
                })

            testCaseTask "PagesAsync with page size 10 gives pages of 10, 10 and 5" (fun () ->
                task {
                    let! pages = collect (big().Order("id").PagesAsync<IdRow>(10))
                    Expect.equal (pages |> List.map (fun p -> p.Count)) [ 10; 10; 5 ] "page sizes"

                    Expect.equal
                        (pages |> List.collect (fun p -> p |> Seq.map (fun r -> r.Id) |> List.ofSeq))
                        [ 1..25 ]
                        "every row once, in order"
                })

            testCaseTask "PagesAsync with a size that divides the total ends without an empty page" (fun () ->
                task {
                    let! pages = collect (big().Order("id").PagesAsync<IdRow>(5))
                    Expect.equal (pages |> List.map (fun p -> p.Count)) [ 5; 5; 5; 5; 5 ] "five full pages"
                })

            testCaseTask "PagesAsync stops at the query's limit" (fun () ->
                task {
                    let! pages = collect (big().Order("id").Limit(7).PagesAsync<IdRow>(5))

                    Expect.equal
                        (pages |> List.map (fun p -> p |> Seq.map (fun r -> r.Id) |> List.ofSeq))
                        [ [ 1; 2; 3; 4; 5 ]; [ 6; 7 ] ]
                        "seven rows in all"
                })

            testCaseTask "PagesAsync with offset and limit walks that window" (fun () ->
                task {
                    let! pages = collect (big().Order("id").Offset(10).Limit(6).PagesAsync<IdRow>(3))

                    Expect.equal
                        (pages |> List.map (fun p -> p |> Seq.map (fun r -> r.Id) |> List.ofSeq))
                        [ [ 11; 12; 13 ]; [ 14; 15; 16 ] ]
                        "rows 10 to 15"
                })

            testCaseTask "PagesAsync starts at the query's offset" (fun () ->
                task {
                    let! pages = collect (big().Order("id").Offset(18).PagesAsync<IdRow>(4))

                    Expect.equal
                        (pages |> List.map (fun p -> p |> Seq.map (fun r -> r.Id) |> List.ofSeq))
                        [ [ 19; 20; 21; 22 ]; [ 23; 24; 25 ] ]
                        "pages from row 18"
                })
        ]

let private synchronous =
    testList
        "synchronous API"
        [
            testCase "ToList, Single, MaybeSingle, Count and Text work without tasks"
            <| fun () ->
                let query = items().Select("id,name").Order("id")

                Expect.equal
                    (query.Lte("id", 2).ToList<IdName>() |> List.ofSeq)
                    [ { Id = 1; Name = "apple" }; { Id = 2; Name = "banana" } ]
                    "ToList"

                Expect.equal (query.Eq("id", 4).Single<IdName>()) { Id = 4; Name = "date" } "Single"
                Expect.isNull (box (query.Eq("id", 999).MaybeSingle<IdName>())) "MaybeSingle of no row"
                Expect.equal (big().Count()) 25L "Count"
                Expect.equal (client().Text(query.Eq("id", 5).Csv())) "id,name\n5,eggplant" "Text of CSV"

                let response = client().Execute<IdName list>(query.Eq("id", 1))
                Expect.equal response.Value [ { Id = 1; Name = "apple" } ] "Execute<T>"
        ]

// ---- preferences and schemas -------------------------------------------------------------------------------------

let private preferences =
    testList
        "timezone and schema"
        [
            testCaseTask "the timezone preference converts timestamptz output" (fun () ->
                task {
                    let query =
                        client().From("events").Select("id,at").Eq("id", 1).Timezone("America/Los_Angeles")

                    let! response = query.ExecuteAsync<EventText list>()

                    Expect.equal
                        response.Value
                        [
                            {
                                Id = 1
                                At = "2024-01-01T02:00:00-08:00"
                            }
                        ]
                        "10:00 UTC is 02:00 in LA"

                    Expect.stringContains
                        (header response "Preference-Applied")
                        "timezone=America/Los_Angeles"
                        "echoed"

                    let! typed = query.ToListAsync<EventTyped>()
                    let at = typed[0].At
                    Expect.equal at.Offset (TimeSpan.FromHours -8.0) "the offset is -08:00"
                    Expect.equal at.UtcDateTime (DateTime(2024, 1, 1, 10, 0, 0, DateTimeKind.Utc)) "the same instant"
                })

            testCaseTask "without the preference timestamptz comes back in UTC" (fun () ->
                task {
                    let! rows = client().From("events").Select("id,at").Eq("id", 1).ToListAsync<EventText>()

                    Expect.equal
                        (List.ofSeq rows)
                        [
                            {
                                Id = 1
                                At = "2024-01-01T10:00:00+00:00"
                            }
                        ]
                        "UTC"
                })

            testCaseTask "Schema(\"v2\") reads v2.items through Accept-Profile" (fun () ->
                task {
                    let! response = client().From("items").Schema("v2").ExecuteAsync<IdName list>()
                    Expect.equal response.Value [ { Id = 100; Name = "v2-only" } ] "the v2 table"
                    Expect.equal (response.Request.GetHeader "Accept-Profile") "v2" "sent as Accept-Profile"
                    Expect.equal (header response "Content-Profile") "v2" "the server answers for v2"
                })

            testCaseTask "a client WithSchema(\"v2\") reads v2 by default" (fun () ->
                task {
                    let! rows = client().WithSchema("v2").From("items").ToListAsync<IdName>()
                    Expect.equal (List.ofSeq rows) [ { Id = 100; Name = "v2-only" } ] "the v2 table"
                })

            testCaseTask "a schema that is not exposed is 406 PGRST106" (fun () ->
                task {
                    let! e =
                        expectPostgrestError (fun () ->
                            client().From("secret_stuff").Schema("private").ToListAsync<IdRow>())

                    Expect.equal e.Status 406 "Not Acceptable"
                    Expect.equal e.Code "PGRST106" "schema not exposed"
                })
        ]

[<Tests>]
let tests =
    testList
        "Integration.Paging"
        [
            ordering
            embeddedPaging
            limitOffset
            counts
            singleRows
            otherFormats
            streaming
            synchronous
            preferences
        ]
