/// Every filter operator against real rows of the fixture, through the core client: the assertions are on the ids
/// PostgREST returns, so quoting, escaping and value formatting are checked end to end.
module PgRest.IntegrationTests.FilterTests

open System
open System.Collections.Generic
open System.Globalization
open System.Text.Json
open System.Text.Json.Nodes
open System.Text.Json.Serialization
open System.Threading.Tasks
open Expecto
open PgRest

// ---- row types -----------------------------------------------------------------------------------------------

type IdRow = { Id: int }

type TitleRow = { Title: string }

type BookTitle = { Title: string }

type PublisherWithBooks = { Name: string; Books: BookTitle list }

type NameRow = { Name: string }

type BookWithPublisher =
    {
        Title: string
        Publishers: NameRow option
    }

type Stars = { Stars: int }

type BookWithReviews = { Title: string; Reviews: Stars list }

type PublisherWithReviewedBooks =
    {
        Name: string
        Books: BookWithReviews list
    }

/// notes.mood, formatted by its case names.
type Mood =
    | sad = 0
    | ok = 1
    | happy = 2

/// notes.mood again, with .NET names mapped to the database labels.
type NamedMood =
    | [<JsonStringEnumMemberName("sad")>] Sad = 0
    | [<JsonStringEnumMemberName("ok")>] Fine = 1
    | [<JsonStringEnumMemberName("happy")>] Happy = 2

// ---- helpers -------------------------------------------------------------------------------------------------

let private client () = Server.client.Value

let private col (name: string) = Conditions.Col name

/// The fixture rows of a table (other test files may add rows with higher ids).
let private items () = client().From("items").Lte("id", 6)

let private strs () = client().From("strs").Lte("id", 36)

let private arrs () = client().From("arrs").Lte("id", 9)

let private events () = client().From("events").Lte("id", 2)

/// The ids a query returns, in id order.
let private idsOf (query: PostgrestQuery) : Task<int list> =
    task {
        let! rows = query.Select("id").Order("id").ToListAsync<IdRow>()
        return rows |> Seq.map (fun r -> r.Id) |> List.ofSeq
    }

/// A test that runs `query` and expects exactly `expected` ids.
let private idsCase (name: string) (query: unit -> PostgrestQuery) (expected: int list) =
    testCaseTask name (fun () ->
        task {
            let! ids = idsOf (query ())
            Expect.equal ids expected name
        })

let private pair (column: string) (value: obj) =
    KeyValuePair<string, objnull>(column, value)

let private json (text: string) = JsonDocument.Parse(text).RootElement

/// A culture that writes decimals with a comma, like de-DE. The test projects run with InvariantGlobalization,
/// where de-DE has no culture data, so the separators are set explicitly when they are missing.
let private germanCulture () =
    let culture =
        try
            CultureInfo("de-DE").Clone() :?> CultureInfo
        with :? CultureNotFoundException ->
            CultureInfo.InvariantCulture.Clone() :?> CultureInfo

    culture.NumberFormat.NumberDecimalSeparator <- ","
    culture.NumberFormat.NumberGroupSeparator <- "."
    culture.DateTimeFormat.DateSeparator <- "."
    culture

/// Runs `action` with `culture` as the current culture (it flows with the async context only).
let private withCulture (culture: CultureInfo) (action: unit -> Task<'T>) : Task<'T> =
    task {
        let saved = CultureInfo.CurrentCulture
        CultureInfo.CurrentCulture <- culture

        try
            return! action ()
        finally
            CultureInfo.CurrentCulture <- saved
    }

// ---- comparison, pattern and regex operators -------------------------------------------------------------------

let private comparisons =
    testList
        "comparison operators"
        [
            idsCase "eq matches one name" (fun () -> items().Eq("name", "apple")) [ 1 ]
            idsCase "neq excludes the name" (fun () -> items().Neq("name", "apple")) [ 2; 3; 4; 5; 6 ]
            idsCase "gt on qty skips NULLs" (fun () -> items().Gt("qty", 5)) [ 1; 5 ]
            idsCase "gte on qty" (fun () -> items().Gte("qty", 5)) [ 1; 3; 5 ]
            idsCase "lt on qty" (fun () -> items().Lt("qty", 5)) [ 6 ]
            idsCase "lte on qty" (fun () -> items().Lte("qty", 5)) [ 3; 6 ]
            idsCase "eq on a boolean" (fun () -> items().Eq("active", true)) [ 1; 4 ]
            idsCase "like with * wildcards" (fun () -> items().Like("name", "*an*")) [ 2; 5 ]
            idsCase "like is case-sensitive" (fun () -> items().Like("name", "A*")) [ 6 ]
            idsCase "ilike is case-insensitive" (fun () -> items().ILike("name", "a*")) [ 1; 6 ]
            idsCase "like with a parenthesis in the pattern" (fun () -> strs().Like("v", "a(*")) [ 4 ]
            idsCase "match is a case-sensitive regex" (fun () -> items().Match("name", "^a")) [ 1 ]
            idsCase "imatch is a case-insensitive regex" (fun () -> items().IMatch("name", "^a")) [ 1; 6 ]
            idsCase "match finds a literal asterisk" (fun () -> strs().Match("v", "^a\\*b$")) [ 15 ]
            idsCase "eq on a text JSON path" (fun () -> items().Eq("meta->a->>b", "x2")) [ 2 ]
            idsCase "eq on a JSON key with a space" (fun () -> items().Eq("meta->>key with space", "ks")) [ 5 ]
            idsCase "eq on an array element of a JSON path" (fun () -> items().Eq("meta->arr->>0", "30")) [ 2 ]
        ]

/// Values that are significant in a URL or in PostgREST's grammar, each matched with eq (top level) and inside a
/// logic tree; the ids are those of table strs.
let private awkwardValues =
    let cases =
        [
            "a,b", 1
            "a.b", 2
            "a:b", 3
            "a(b)", 4
            "a\"b", 5
            "a\\b", 6
            "a b", 7
            "50%", 8
            "a&b", 9
            "a+b", 10
            "a#b", 11
            "a?b", 12
            "a=b", 13
            "a/b", 14
            "a*b", 15
            "😀", 16
            "日本語", 17
            " lead", 18
            "trail ", 19
            "", 20
            "null", 21
            "x\"y,z", 25
            "p\\\"q", 26
            "{c}", 27
            "it's", 28
            "a;b", 30
            "\"q\"", 31
            "a)b", 33
            "a\tb", 35
            "a%2Bb", 36
        ]

    testList
        "awkward values"
        [
            for value, id in cases do
                idsCase $"eq %A{value}" (fun () -> strs().Eq("v", value)) [ id ]

                idsCase
                    $"eq %A{value} in a logic tree"
                    (fun () -> strs().Or([ col("v").Eq(value); col("id").Eq(-1) ]))
                    [ id ]
        ]

let private inLists =
    testList
        "in"
        [
            idsCase
                "in with commas, quotes, parentheses and a leading space returns exactly those rows"
                (fun () -> strs().In("v", "a,b", "a\"b", "a(b)", "a)b", "x\"y,z", "\"q\"", " lead", "p\\\"q"))
                [ 1; 4; 5; 18; 25; 26; 31; 33 ]
            idsCase "in with a lone empty string matches the empty value" (fun () -> strs().In("v", "")) [ 20 ]
            idsCase
                "in with the word null matches the text, not SQL NULL"
                (fun () -> strs().In("v", "null", "NULL"))
                [ 21; 32 ]
            idsCase "in with integers" (fun () -> items().In("id", [ 1; 3; 99 ])) [ 1; 3 ]
            idsCase
                "in through a Column condition"
                (fun () -> items().Where(col("name").In("date", "Apple pie")))
                [ 4; 6 ]
            idsCase
                "not in excludes the listed values and the NULL row"
                (fun () -> strs().Not("v", FilterOperator.In, [ "abc"; "null" ]))
                ([ 1..36 ] |> List.except [ 21; 24; 34 ])
        ]

let private isAndDistinct =
    testList
        "is and isdistinct"
        [
            idsCase "is true" (fun () -> items().Is("active", IsValue.True)) [ 1; 4 ]
            idsCase "is false" (fun () -> items().Is("active", IsValue.False)) [ 2; 5 ]
            idsCase "is null" (fun () -> items().Is("active", IsValue.Null)) [ 3; 6 ]
            idsCase "is unknown" (fun () -> items().Is("active", IsValue.Unknown)) [ 3; 6 ]
            idsCase "not is null" (fun () -> items().Where(col("active").IsNull().Negate())) [ 1; 2; 4; 5 ]
            idsCase "isdistinct includes NULLs" (fun () -> items().IsDistinct("active", true)) [ 2; 3; 5; 6 ]
            idsCase "not isdistinct" (fun () -> items().Not("active", FilterOperator.IsDistinct, true)) [ 1; 4 ]
        ]

let private fullText =
    testList
        "full-text search"
        [
            idsCase "fts" (fun () -> items().Fts("tsv", "fox")) [ 1 ]
            idsCase "fts with & between terms" (fun () -> items().Fts("tsv", "quick & brown")) [ 1 ]
            idsCase
                "fts with the english configuration stems the word"
                (fun () -> items().Fts("tsv", "jumping", "english"))
                [ 1 ]
            idsCase
                "fts with the simple configuration does not stem"
                (fun () -> items().Fts("tsv", "jumping", "simple"))
                []
            idsCase "plfts" (fun () -> items().Plfts("tsv", "quick brown")) [ 1 ]
            idsCase "plfts with a language" (fun () -> items().Plfts("tsv", "sleeping dogs", "english")) [ 2 ]
            idsCase "phfts keeps word order" (fun () -> items().Phfts("tsv", "brown quick")) []
            idsCase "phfts with the words in order" (fun () -> items().Phfts("tsv", "quick brown", "english")) [ 1 ]
            idsCase
                "wfts with a quoted phrase and an exclusion"
                (fun () -> items().Wfts("tsv", "\"quick brown\" -lazy"))
                [ 1 ]
            idsCase "wfts with or and a language" (fun () -> items().Wfts("tsv", "dogs or rabbits", "english")) [ 2; 3 ]
            idsCase
                "fts through a Column condition"
                (fun () -> items().Where(col("tsv").Fts("carrots", "english")))
                [ 3 ]
        ]

let private arrays =
    testList
        "arrays (cs cd ov)"
        [
            idsCase "cs with an element holding a comma" (fun () -> arrs().Contains("tags", [ "a,b" ])) [ 1 ]
            idsCase "cs with an element holding a double quote" (fun () -> arrs().Contains("tags", [ "a\"b" ])) [ 2 ]
            idsCase "cs with an element holding a backslash" (fun () -> arrs().Contains("tags", [ "a\\b" ])) [ 3 ]
            idsCase "cs with an element holding a space" (fun () -> arrs().Contains("tags", [ "a b" ])) [ 4 ]
            idsCase "cs with the word null as text" (fun () -> arrs().Contains("tags", [ "null" ])) [ 5 ]
            idsCase "cs with elements holding braces" (fun () -> arrs().Contains("tags", [ "x}"; "{y" ])) [ 7 ]
            idsCase "cs with the empty string" (fun () -> arrs().Contains("tags", [ "" ])) [ 8 ]
            idsCase
                "cs with parentheses, dots and colons"
                (fun () -> arrs().Contains("tags", [ "a(b)"; "a.b:c" ]))
                [ 9 ]
            idsCase
                "cs with a SQL NULL element never matches"
                (fun () -> arrs().Contains("tags", [ (null: string | null) ]))
                []
            idsCase "cd on text" (fun () -> arrs().ContainedBy("tags", [ ""; "f"; "x}"; "{y"; "zzz" ])) [ 7; 8 ]
            idsCase "ov on text" (fun () -> arrs().Overlaps("tags", [ "a b"; "f" ])) [ 4; 8 ]
            idsCase "cs on integers" (fun () -> arrs().Contains("nums", [ 1; 2 ])) [ 1 ]
            idsCase "cd on integers" (fun () -> arrs().ContainedBy("nums", [ 1; 2; 3; 4 ])) [ 1; 2; 3; 4 ]
            idsCase "ov on integers" (fun () -> arrs().Overlaps("nums", [ 1; 9 ])) [ 1; 9 ]
            idsCase
                "cs with braces inside a logic tree"
                (fun () -> arrs().Or([ col("tags").Contains([ "x}"; "{y" ]); col("id").Eq(5) ]))
                [ 5; 7 ]
            idsCase
                "cs with a quote inside a logic tree"
                (fun () -> arrs().Or([ col("tags").Contains([ "a\"b" ]); col("tags").Contains([ "a\\b" ]) ]))
                [ 2; 3 ]
        ]

let private ranges =
    /// Seeds three notes whose `pages` and `valid` ranges sit left of, on and right of [5,10), runs the test with
    /// the query over those rows only, and deletes them afterwards.
    let withNotes (name: string) (test: (unit -> PostgrestQuery) -> Task<unit>) =
        testCaseTask name (fun () ->
            task {
                let tag = Server.uniqueTag "ranges"

                Server.sql (
                    $"insert into api.notes (title, pages, valid) values "
                    + $"('{tag}-a', '[1,5)', '[2024-01-01 00:00+00,2024-02-01 00:00+00)'), "
                    + $"('{tag}-b', '[5,10)', '[2024-02-01 00:00+00,2024-03-01 00:00+00)'), "
                    + $"('{tag}-c', '[10,20)', '[2024-06-01 00:00+00,)')"
                )
                |> ignore

                try
                    do! test (fun () -> client().From("notes").Like("title", tag + "-*"))
                finally
                    Server.sql $"delete from api.notes where title like '{tag}-%%'" |> ignore
            })

    /// The suffixes (a, b, c) of the seeded notes a query returns.
    let suffixes (query: PostgrestQuery) =
        task {
            let! rows = query.Select("title").Order("title").ToListAsync<TitleRow>()
            return rows |> Seq.map (fun r -> r.Title.Substring(r.Title.Length - 1)) |> List.ofSeq
        }

    let fiveToTen = PgRange.Create(5, 10)

    let rangeCase name (filter: PostgrestQuery -> PostgrestQuery) (expected: string list) =
        withNotes name (fun notes ->
            task {
                let! found = suffixes (filter (notes ()))
                Expect.equal found expected name
            })

    let at (month: int) =
        Nullable(DateTimeOffset(2024, month, 1, 2, 0, 0, TimeSpan.FromHours 2.0))

    testList
        "ranges"
        [
            rangeCase "sl: strictly left of [5,10)" (fun q -> q.StrictlyLeftOf("pages", fiveToTen)) [ "a" ]
            rangeCase "sr: strictly right of [5,10)" (fun q -> q.StrictlyRightOf("pages", fiveToTen)) [ "c" ]
            rangeCase
                "nxl: does not extend left of [5,10)"
                (fun q -> q.NotExtendsLeftOf("pages", fiveToTen))
                [ "b"; "c" ]
            rangeCase
                "nxr: does not extend right of [5,10)"
                (fun q -> q.NotExtendsRightOf("pages", fiveToTen))
                [ "a"; "b" ]
            rangeCase "adj: adjacent to [5,10)" (fun q -> q.AdjacentTo("pages", fiveToTen)) [ "a"; "c" ]
            rangeCase "ov: overlaps [4,6)" (fun q -> q.Overlaps("pages", PgRange.Create(4, 6))) [ "a"; "b" ]
            rangeCase "cs: contains [6,8]" (fun q -> q.Contains("pages", PgRange.Inclusive(6, 8))) [ "b" ]
            rangeCase "cd: contained by [0,10)" (fun q -> q.ContainedBy("pages", PgRange.Create(0, 10))) [ "a"; "b" ]
            rangeCase
                "not sl through a Column condition"
                (fun q -> q.Where(col("pages").StrictlyLeftOf(fiveToTen).Negate()))
                [ "b"; "c" ]
            rangeCase
                "range operators inside a logic tree"
                (fun q ->
                    q.Or(
                        [
                            col("pages").StrictlyLeftOf(fiveToTen)
                            col("pages").StrictlyRightOf(fiveToTen)
                        ]
                    ))
                [ "a"; "c" ]
            rangeCase
                "sl on a tstzrange with +02:00 bounds"
                (fun q -> q.StrictlyLeftOf("valid", PgRange<Nullable<DateTimeOffset>>(at 2, at 3)))
                [ "a" ]
            rangeCase
                "sr on a tstzrange with an unbounded lower end"
                (fun q -> q.StrictlyRightOf("valid", PgRange<Nullable<DateTimeOffset>>(Nullable(), at 6)))
                [ "c" ]
            rangeCase
                "adj on a tstzrange inside a logic tree"
                (fun q ->
                    q.Or(
                        [
                            col("valid").AdjacentTo(PgRange<Nullable<DateTimeOffset>>(at 3, at 6))
                            col("id").Eq(-1)
                        ]
                    ))
                [ "b"; "c" ]
        ]

// ---- negation and logic trees ----------------------------------------------------------------------------------

let private negation =
    testList
        "not"
        [
            idsCase "not like" (fun () -> items().Not("name", FilterOperator.Like, "*a*")) [ 6 ]
            idsCase "not gt skips NULLs" (fun () -> items().Not("qty", FilterOperator.Gt, 5)) [ 3; 6 ]
            idsCase "not in" (fun () -> items().Not("id", FilterOperator.In, [ 1; 2; 3 ])) [ 4; 5; 6 ]
            idsCase "not fts" (fun () -> items().Not("tsv", FilterOperator.Fts, "fox")) [ 2; 3; 4; 5; 6 ]
            idsCase "not is null" (fun () -> items().Not("active", FilterOperator.Is, IsValue.Null)) [ 1; 2; 4; 5 ]
            idsCase "not match" (fun () -> items().Not("name", FilterOperator.Match, "^[a-d]")) [ 5; 6 ]
            idsCase "not cs" (fun () -> arrs().Not("nums", FilterOperator.Cs, [ 1 ])) [ 2; 3; 4; 5; 6; 7; 8; 9 ]
            idsCase
                "Negate() of a condition"
                (fun () -> items().Where(col("category").Eq("fruit").Negate()))
                [ 3; 5; 6 ]
            idsCase
                "a double negation is the condition"
                (fun () -> items().Where(col("id").Gt(4).Negate().Negate()))
                [ 5; 6 ]
        ]

let private logicTrees =
    testList
        "or/and trees"
        [
            idsCase
                "or with a nested and (reference §1.5)"
                (fun () -> strs().Or([ col("id").Gt(30); Conditions.And([ col("id").Gte(1); col("id").Lte(2) ]) ]))
                [ 1; 2; 31; 32; 33; 34; 35; 36 ]
            idsCase
                "a negated or (reference §1.5)"
                (fun () -> strs().Where(Conditions.Or([ col("id").Gt(2); col("v").IsNull() ]).Negate()))
                [ 1; 2 ]
            idsCase
                "or with a negated and (reference §1.5)"
                (fun () ->
                    strs()
                        .Or(
                            [
                                col("id").Eq(1)
                                Conditions.And([ col("id").Gt(2); col("id").Lt(36) ]).Negate()
                            ]
                        ))
                [ 1; 2; 36 ]
            idsCase
                "a negated in inside an or, ANDed with a top-level filter (reference §1.5)"
                (fun () -> strs().Or([ col("v").In("abc", "a.b").Negate(); col("id").Eq(1) ]).Lt("id", 5))
                [ 1; 3; 4 ]
            idsCase
                "three levels: or(and(or(...))) with awkward values"
                (fun () ->
                    strs()
                        .Or(
                            [
                                col("id").Eq(1)
                                Conditions.And(
                                    [
                                        col("id").Gte(30)
                                        Conditions.Or(
                                            [ col("v").Eq("a)b"); col("v").Eq("x\"y,z"); col("v").Like("*;*") ]
                                        )
                                    ]
                                )
                            ]
                        ))
                [ 1; 30; 33 ]
            idsCase
                "three levels with a negated innermost or"
                (fun () ->
                    strs()
                        .Or(
                            [
                                col("id").Eq(1)
                                Conditions.And(
                                    [
                                        col("id").Gte(30)
                                        Conditions.Or([ col("v").Eq("a)b"); col("v").IsNull() ]).Negate()
                                    ]
                                )
                            ]
                        ))
                [ 1; 30; 31; 32; 34; 35; 36 ]
            idsCase
                "a top-level And group"
                (fun () -> strs().And([ col("id").Gte(5); col("id").Lte(7); col("v").Neq("a b") ]))
                [ 5; 6 ]
            idsCase
                "the C# & and | operators (&&& and ||| in F#)"
                (fun () -> strs().Where((col("id").Gte(30) &&& col("id").Lte(31)) ||| col("v").Eq("a,b")))
                [ 1; 30; 31 ]
            idsCase
                "| inside & keeps its grouping"
                (fun () -> strs().Where(col("id").Lt(10) &&& (col("v").Eq("a.b") ||| col("v").Eq("50%"))))
                [ 2; 8 ]
            idsCase
                "repeated Or calls are ANDed"
                (fun () -> strs().Or([ col("id").Eq(1); col("id").Eq(2) ]).Or([ col("id").Eq(2); col("id").Eq(3) ]))
                [ 2 ]
        ]

let private columnOperators =
    testList
        "Column operators"
        [
            idsCase
                "Col >= value (C# operator >=)"
                (fun () -> items().Where(Column.op_GreaterThanOrEqual (col "qty", 5)))
                [ 1; 3; 5 ]
            idsCase
                "Col > value (C# operator >)"
                (fun () -> items().Where(Column.op_GreaterThan (col "qty", 5)))
                [ 1; 5 ]
            idsCase "Col < value (C# operator <)" (fun () -> items().Where(Column.op_LessThan (col "qty", 5))) [ 6 ]
            idsCase
                "Col <= value (C# operator <=)"
                (fun () -> items().Where(Column.op_LessThanOrEqual (col "qty", 5)))
                [ 3; 6 ]
            idsCase
                "Col == value (C# operator ==)"
                (fun () -> items().Where(Column.op_Equality (col "name", "date")))
                [ 4 ]
            idsCase "Col == null is is.null" (fun () -> items().Where(Column.op_Equality (col "qty", null))) [ 2; 4 ]
            idsCase
                "Col != null is not.is.null"
                (fun () -> items().Where(Column.op_Inequality (col "qty", null)))
                [ 1; 3; 5; 6 ]
            idsCase
                "Col != value (C# operator !=)"
                (fun () -> items().Where(Column.op_Inequality (col "category", "fruit")))
                [ 3; 5; 6 ]
            idsCase
                "Col.Gte combined with &&&"
                (fun () -> items().Where(col("qty").Gte(5) &&& col("active").Is(IsValue.False)))
                [ 5 ]
            idsCase
                "a negated combination (C# operator !)"
                (fun () -> items().Where(Condition.op_LogicalNot (col("qty").Gte(5) ||| col("qty").IsNull())))
                [ 6 ]
            idsCase
                "Col.Op with eq(any)"
                (fun () -> strs().Where(col("v").Op(FilterOperator.Eq, [ "abc"; "a.b" ], Quantifier.Any)))
                [ 2; 34 ]
            idsCase
                "Col.Op with match(any)"
                (fun () -> items().Where(col("name").Op(FilterOperator.Match, [ "^a"; "^b" ], Quantifier.Any)))
                [ 1; 2 ]
            idsCase
                "Col.Op with lt(any) on integers"
                (fun () -> items().Where(col("qty").Op(FilterOperator.Lt, [ 3; 6 ], Quantifier.Any)))
                [ 3; 6 ]
        ]

let private quantifiedLike =
    testList
        "like(any) / like(all)"
        [
            idsCase
                "like(any) with a comma in a pattern"
                (fun () -> strs().Where(col("v").LikeAny([ "a,*"; "x*" ])))
                [ 1; 25 ]
            idsCase "like(any) on names" (fun () -> items().Where(col("name").LikeAny([ "c*"; "d*" ]))) [ 3; 4 ]
            idsCase
                "like(all)"
                (fun () -> strs().Lte("id", 15).Where(col("v").LikeAll([ "a*"; "*b" ])))
                [ 1; 2; 3; 5; 6; 7; 9; 10; 11; 12; 13; 14; 15 ]
            idsCase "ilike(any)" (fun () -> items().Where(col("name").ILikeAny([ "APPLE*"; "BAN*" ]))) [ 1; 2; 6 ]
            idsCase "ilike(all)" (fun () -> items().Where(col("name").ILikeAll([ "*A*"; "*N*" ]))) [ 2; 5 ]
        ]

let private multiColumnAndRaw =
    testList
        "MatchAll and raw filters"
        [
            idsCase
                "MatchAll requires every column to match"
                (fun () -> items().MatchAll([ pair "category" "fruit"; pair "active" false ]))
                [ 2 ]
            idsCase
                "MatchAll with awkward values"
                (fun () -> strs().MatchAll([ pair "label" "quote+comma"; pair "v" "x\"y,z" ]))
                [ 25 ]
            idsCase "a raw filter is sent as given" (fun () -> items().Filter("name", "ilike", "*APPLE*")) [ 1; 6 ]
            idsCase "a raw negated operator" (fun () -> items().Filter("qty", "not.in", "(10,5)")) [ 5; 6 ]
            idsCase
                "Negate() of a raw condition"
                (fun () -> items().Where(Conditions.Raw("id", "in", "(1,2)").Negate()))
                [ 3; 4; 5; 6 ]
            idsCase
                "raw conditions inside a logic tree"
                (fun () -> items().Or([ Conditions.Raw("id", "eq", "1"); Conditions.Raw("name", "eq", "date") ]))
                [ 1; 4 ]
            idsCase
                "Filter with an operator and a quantifier"
                (fun () -> items().Filter("name", FilterOperator.ILike, [ "*pie"; "d*" ], Quantifier.Any))
                [ 4; 6 ]
        ]

let private embedded =
    testList
        "filters on embedded resources"
        [
            testCaseTask "a filter on books keeps every publisher and filters its books" (fun () ->
                task {
                    let! rows =
                        client()
                            .From("publishers")
                            .Select("name,books(title)")
                            .Lte("id", 2)
                            .Where(col("id").Lte(4), "books")
                            .Where(col("year").Gt(1980), "books")
                            .Order("id")
                            .ToListAsync<PublisherWithBooks>()

                    Expect.equal
                        (List.ofSeq rows)
                        [
                            { Name = "Penguin"; Books = [] }
                            {
                                Name = "Tor"
                                Books = [ { Title = "Mort" } ]
                            }
                        ]
                        "Penguin stays with no books"
                })

            testCaseTask "with an inner join the filter on books drops the publisher without a match" (fun () ->
                task {
                    let! rows =
                        client()
                            .From("publishers")
                            .Select("name,books!inner(title)")
                            .Lte("id", 2)
                            .Where(col("id").Lte(4), "books")
                            .Where(col("year").Gt(1980), "books")
                            .Order("id")
                            .ToListAsync<PublisherWithBooks>()

                    Expect.equal
                        (List.ofSeq rows)
                        [
                            {
                                Name = "Tor"
                                Books = [ { Title = "Mort" } ]
                            }
                        ]
                        "only Tor has a book after 1980"
                })

            testCaseTask "a logic tree on an embedded resource" (fun () ->
                task {
                    let! rows =
                        client()
                            .From("publishers")
                            .Select("name,books(title)")
                            .Lte("id", 2)
                            .Where(col("id").Lte(4), "books")
                            .Where(Conditions.Or([ col("year").Lt(1970); col("year").Gt(1980) ]), "books")
                            .Order("id")
                            .ToListAsync<PublisherWithBooks>()

                    Expect.equal
                        (List.ofSeq rows)
                        [
                            {
                                Name = "Penguin"
                                Books = [ { Title = "Earthsea" } ]
                            }
                            {
                                Name = "Tor"
                                Books = [ { Title = "Mort" } ]
                            }
                        ]
                        "1968 and 1987"
                })

            testCaseTask "a filter on a to-one embed nulls the non-matching embeds" (fun () ->
                task {
                    let! rows =
                        client()
                            .From("books")
                            .Select("title,publishers(name)")
                            .Lte("id", 4)
                            .Where(col("name").Eq("Tor"), "publishers")
                            .Order("id")
                            .ToListAsync<BookWithPublisher>()

                    Expect.equal
                        (List.ofSeq rows)
                        [
                            {
                                Title = "Earthsea"
                                Publishers = None
                            }
                            {
                                Title = "Dispossessed"
                                Publishers = Some { Name = "Tor" }
                            }
                            {
                                Title = "Mort"
                                Publishers = Some { Name = "Tor" }
                            }
                            { Title = "Orphan"; Publishers = None }
                        ]
                        "all books, Tor ones with their publisher"
                })

            testCaseTask "a filter on a nested embed path (books.reviews)" (fun () ->
                task {
                    let! rows =
                        client()
                            .From("publishers")
                            .Select("name,books(title,reviews(stars))")
                            .Lte("id", 2)
                            .Where(col("id").Lte(4), "books")
                            .Where(col("stars").Gte(5), "books.reviews")
                            .Order("id")
                            .Order("id", referencedTable = "books")
                            .ToListAsync<PublisherWithReviewedBooks>()

                    Expect.equal
                        (List.ofSeq rows)
                        [
                            {
                                Name = "Penguin"
                                Books =
                                    [
                                        {
                                            Title = "Earthsea"
                                            Reviews = [ { Stars = 5 } ]
                                        }
                                    ]
                            }
                            {
                                Name = "Tor"
                                Books = [ { Title = "Dispossessed"; Reviews = [] }; { Title = "Mort"; Reviews = [] } ]
                            }
                        ]
                        "only the five-star review is kept"
                })
        ]

// ---- typed values --------------------------------------------------------------------------------------------

let private typedValues =
    testList
        "typed values"
        [
            testCaseTask "a decimal is sent with a dot whatever the current culture" (fun () ->
                withCulture (germanCulture ()) (fun () ->
                    task {
                        Expect.equal ((1.50M).ToString()) "1,50" "the current culture writes a decimal comma"
                        let! exact = idsOf (events().Eq("amount", 1.50M))
                        let! listed = idsOf (events().In("amount", [ 1.50M; 3.25M ]))
                        let! below = idsOf (events().Lt("amount", 1.75))
                        Expect.equal exact [ 1 ] "eq 1.50"
                        Expect.equal listed [ 1 ] "in (1.50, 3.25)"
                        Expect.equal below [ 1 ] "lt 1.75 (a double)"
                    }))
            idsCase "a decimal with a different scale" (fun () -> events().Eq("amount", 2M)) [ 2 ]
            idsCase
                "a DateTimeOffset with a +02:00 offset"
                (fun () -> events().Eq("at", DateTimeOffset(2024, 1, 1, 12, 0, 0, TimeSpan.FromHours 2.0)))
                [ 1 ]
            idsCase
                "a DateTimeOffset with fractional seconds"
                (fun () -> events().Eq("at", DateTimeOffset(2024, 6, 15, 23, 59, 59, 500, TimeSpan.FromHours 2.0)))
                [ 2 ]
            idsCase
                "gt on a DateTimeOffset"
                (fun () -> events().Gt("at", DateTimeOffset(2024, 3, 1, 0, 0, 0, TimeSpan.FromHours -5.0)))
                [ 2 ]
            idsCase
                "a UTC DateTime"
                (fun () -> events().Eq("at", DateTime(2024, 1, 1, 10, 0, 0, DateTimeKind.Utc)))
                [ 1 ]
            idsCase "a DateOnly" (fun () -> events().Eq("d", DateOnly(2024, 6, 15))) [ 2 ]
            idsCase
                "in with DateOnly values"
                (fun () -> events().In("d", [ DateOnly(2024, 1, 1); DateOnly(2024, 6, 15) ]))
                [ 1; 2 ]
            idsCase "a TimeOnly" (fun () -> events().Eq("t", TimeOnly(10, 30))) [ 1 ]
            idsCase "gte on a TimeOnly" (fun () -> events().Gte("t", TimeOnly(12, 0))) [ 2 ]
            testCaseTask "an enum is sent by its name" (fun () ->
                task {
                    let fixtureNotes () =
                        client().From("notes").In("title", "first", "second", "third")

                    let titles (q: PostgrestQuery) =
                        task {
                            let! rows = q.Select("title").Order("id").ToListAsync<TitleRow>()
                            return rows |> Seq.map (fun r -> r.Title) |> List.ofSeq
                        }

                    let! sad = titles (fixtureNotes().Eq("mood", Mood.sad))
                    let! happyOrSad = titles (fixtureNotes().In("mood", [ Mood.happy; Mood.sad ]))
                    let! named = titles (fixtureNotes().Eq("mood", NamedMood.Fine))
                    let! notHappy = titles (fixtureNotes().Neq("mood", NamedMood.Happy))
                    Expect.equal sad [ "second" ] "mood = sad"
                    Expect.equal happyOrSad [ "first"; "second" ] "mood in (happy, sad)"
                    Expect.equal named [ "third" ] "JsonStringEnumMemberName gives the database label"
                    Expect.equal notHappy [ "second"; "third" ] "mood <> happy"
                })
            idsCase
                "JSON containment with a JsonElement"
                (fun () -> items().Contains("meta", json """{"a":{"b":"x2"}}"""))
                [ 2 ]
            idsCase "JSON containment on a JSON path" (fun () -> items().Contains("meta->arr", json "[20]")) [ 1 ]
            idsCase
                "JSON containment with a JsonNode"
                (fun () -> items().Contains("meta", nonNull (JsonNode.Parse("""{"n":6}"""))))
                [ 6 ]
            idsCase
                "JSON containment inside a logic tree"
                (fun () ->
                    items()
                        .Or(
                            [
                                col("meta").Contains(json """{"n":1}""")
                                col("meta").Contains(json """{"n":3}""")
                            ]
                        ))
                [ 1; 3 ]
        ]

[<Tests>]
let tests =
    testList
        "Integration.Filters"
        [
            comparisons
            awkwardValues
            inLists
            isAndDistinct
            fullText
            arrays
            ranges
            negation
            logicTrees
            columnOperators
            quantifiedLike
            multiColumnAndRaw
            embedded
            typedValues
        ]
