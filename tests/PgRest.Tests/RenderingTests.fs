/// How queries render into requests: query string, method, headers and body. Expectations are written as the
/// decoded PostgREST text (reasoned from the reference's grammar) and then strictly percent-encoded, or as literal
/// encoded strings where the exact bytes matter.
module PgRest.Tests.RenderingTests

open System
open System.Collections.Generic
open System.Numerics
open System.Text.Json
open System.Text.Json.Serialization
open Expecto
open PgRest
open PgRest.Tests.Support

type BookWithIsbn =
    {
        AuthorId: int
        Title: string
        Isbn: string option
    }

type Book = { AuthorId: int; Title: string }

type Status =
    | Open = 0
    | [<JsonStringEnumMemberName("in-progress")>] InProgress = 1

let col (name: string) = Conditions.Col name

let from (table: string) = PostgrestQuery.From table

/// The expected path and query: `path`, then each decoded (key, value) pair strictly percent-encoded.
let url (path: string) (pairs: (string * string) list) =
    match pairs with
    | [] -> path
    | _ ->
        path
        + "?"
        + (pairs |> List.map (fun (k, v) -> enc k + "=" + enc v) |> String.concat "&")

/// Asserts the rendered path and query of `query` against `/t` and decoded pairs.
let expectT (query: PostgrestQuery) (pairs: (string * string) list) (message: string) =
    Expect.equal (pathOf query) (url "/t" pairs) message

let t () = from "t"

let selectTests =
    testList
        "select"
        [
            test "no select sends no select parameter" { expectT (t ()) [] "bare table" }

            test "comma-separated list without spaces is sent as given" {
                expectT (t().Select("id,name")) [ "select", "id,name" ] "list"
            }

            test "whitespace around punctuation is dropped" {
                expectT
                    (t().Select(" id , books ( title , year ) , price :: text "))
                    [ "select", "id,books(title,year),price::text" ]
                    "normalised"
            }

            test "whitespace between two name characters is kept (Full Name)" {
                expectT (t().Select("Full Name, id")) [ "select", "Full Name,id" ] "space inside a name"
                Expect.equal (pathOf (from("people").Select("Full Name"))) "/people?select=Full%20Name" "doc §4 form"
            }

            test "an alias with a space is kept" {
                expectT (t().Select("id, my alias : UPPER")) [ "select", "id,my alias:UPPER" ] "alias with space"
            }

            test "whitespace inside double quotes is kept exactly" {
                expectT
                    (t().Select("\"my  alias\" : \"a, b\" ,  \" x \""))
                    [ "select", "\"my  alias\":\"a, b\",\" x \"" ]
                    "quoted parts untouched"
            }

            test "an escaped quote inside quotes does not end the quoted part" {
                expectT (t().Select("\"q\\\"u ote\" , id")) [ "select", "\"q\\\"u ote\",id" ] "escaped quote"
            }

            test "several entries are joined with commas" {
                expectT (t().Select([| "id"; " name "; "books(title)" |])) [ "select", "id,name,books(title)" ] "array"
            }

            test "select of no items is *" {
                expectT (t().Select(Array.empty<SelectItem>)) [ "select", "*" ] "empty list is *"
            }

            test "a later select replaces an earlier one" {
                expectT (t().Select("id").Select("name")) [ "select", "name" ] "replaced"
            }
        ]

let selectItemTests =
    let sel (items: SelectItem list) = t().Select(List.toArray items)

    testList
        "SelectItem"
        [
            test "plain column" { expectT (sel [ SelectItem.Column "id" ]) [ "select", "id" ] "id" }

            test "column that needs quoting" {
                expectT
                    (sel [ SelectItem.Column "Full Name"; SelectItem.Column "a,b" ])
                    [ "select", "\"Full Name\",\"a,b\"" ]
                    ""
            }

            test "column with alias and cast (doc §5: p:price::text)" {
                expectT
                    (sel [ SelectItem.Column("price", alias = "p", cast = "text") ])
                    [ "select", "p:price::text" ]
                    ""
            }

            test "JSON paths with alias and cast (doc §5)" {
                expectT
                    (sel
                        [
                            SelectItem.Column("id")
                            SelectItem.Column("meta->a->>b", alias = "b")
                            SelectItem.Column("meta->>n", alias = "nn", cast = "int")
                            SelectItem.Column("meta->arr->0")
                        ])
                    [ "select", "id,b:meta->a->>b,nn:meta->>n::int,meta->arr->0" ]
                    ""
            }

            test "alias with a space is quoted (doc §4: \"my alias\":\"a,b\")" {
                expectT (sel [ SelectItem.Column("a,b", alias = "my alias") ]) [ "select", "\"my alias\":\"a,b\"" ] ""
            }

            test "embed without items selects *" {
                expectT
                    (sel [ SelectItem.Column "title"; SelectItem.Embed "publishers" ])
                    [ "select", "title,publishers(*)" ]
                    ""
            }

            test "embed with alias and hint (doc §5: writer:authors!author_id(name))" {
                expectT
                    (sel
                        [
                            SelectItem.Embed(
                                "authors",
                                [ SelectItem.Column "name" ],
                                alias = "writer",
                                hint = "author_id"
                            )
                            SelectItem.Embed(
                                "authors",
                                [ SelectItem.Column "name" ],
                                alias = "editor",
                                hint = "editor_id"
                            )
                        ])
                    [ "select", "writer:authors!author_id(name),editor:authors!editor_id(name)" ]
                    ""
            }

            test "embed with !inner and !left" {
                expectT
                    (sel
                        [
                            SelectItem.Embed("publishers", [ SelectItem.Column "name" ], join = EmbedJoin.Inner)
                            SelectItem.Embed(
                                "authors",
                                [ SelectItem.Column "name" ],
                                hint = "author_id",
                                join = EmbedJoin.Left
                            )
                        ])
                    [ "select", "publishers!inner(name),authors!author_id!left(name)" ]
                    ""
            }

            test "nested embeds (doc §5: books!inner(title,reviews!inner(stars)))" {
                let reviews =
                    SelectItem.Embed("reviews", [ SelectItem.Column "stars" ], join = EmbedJoin.Inner)

                expectT
                    (sel
                        [
                            SelectItem.Embed("books", [ SelectItem.Column "title"; reviews ], join = EmbedJoin.Inner)
                        ])
                    [ "select", "books!inner(title,reviews!inner(stars))" ]
                    ""
            }

            test "embed with a hint that needs quoting" {
                expectT
                    (sel [ SelectItem.Embed("authors", [ SelectItem.All ], hint = "fk.with.dots") ])
                    [ "select", "authors!\"fk.with.dots\"(*)" ]
                    ""
            }

            test "spread (doc §5: ...publishers(pub:name))" {
                expectT
                    (sel
                        [
                            SelectItem.Column "title"
                            SelectItem.Spread("publishers", [ SelectItem.Column("name", alias = "pub") ])
                        ])
                    [ "select", "title,...publishers(pub:name)" ]
                    ""
            }

            test "aggregates (doc §5: category,qty.sum(),price.avg(),id.count())" {
                expectT
                    (sel
                        [
                            SelectItem.Column "category"
                            SelectItem.Aggregate("qty", AggregateFunction.Sum)
                            SelectItem.Aggregate("price", AggregateFunction.Avg)
                            SelectItem.Aggregate("id", AggregateFunction.Count)
                        ])
                    [ "select", "category,qty.sum(),price.avg(),id.count()" ]
                    ""
            }

            test "aggregates with alias and cast, min and max" {
                expectT
                    (sel
                        [
                            SelectItem.Aggregate("amount", AggregateFunction.Sum, alias = "total", cast = "int")
                            SelectItem.Aggregate("amount", AggregateFunction.Min)
                            SelectItem.Aggregate("amount", AggregateFunction.Max, alias = "top")
                        ])
                    [ "select", "total:amount.sum()::int,amount.min(),top:amount.max()" ]
                    ""
            }

            test "count() with and without alias" {
                expectT (sel [ SelectItem.Count() ]) [ "select", "count()" ] ""

                expectT
                    (sel [ SelectItem.Column "publisher_id"; SelectItem.Count "n" ])
                    [ "select", "publisher_id,n:count()" ]
                    ""
            }

            test "raw entries are normalised like a select string" {
                expectT (sel [ SelectItem.Raw " id "; SelectItem.All ]) [ "select", "id,*" ] ""
            }

            test "ToString is the unencoded entry" {
                Expect.equal
                    (string (SelectItem.Embed("authors", [ SelectItem.Column "name" ], alias = "w", hint = "author_id")))
                    "w:authors!author_id(name)"
                    ""
            }
        ]

let identifierTests =
    testList
        "identifiers"
        [
            test "a name with a space is quoted in a filter key" {
                Expect.equal
                    (pathOf (t().Eq("Full Name", "Ann Lee")))
                    "/t?%22Full%20Name%22=eq.Ann%20Lee"
                    "quoted identifiers are accepted in filter keys (§4)"
            }

            test "upper case is plain" { expectT (t().Gt("UPPER", 10)) [ "UPPER", "gt.10" ] "" }

            test "comma, dot, colon and parentheses are quoted (doc §4)" {
                expectT
                    (t().Eq("a,b", "ab2").Eq("x.y", "xy2").Eq("c:d", "cd2").Eq("p(q)", "pq2"))
                    [
                        "\"a,b\"", "eq.ab2"
                        "\"x.y\"", "eq.xy2"
                        "\"c:d\"", "eq.cd2"
                        "\"p(q)\"", "eq.pq2"
                    ]
                    ""
            }

            test "a double quote in a name is escaped with a backslash, not doubled" {
                expectT (t().Eq("q\"uote", "x")) [ "\"q\\\"uote\"", "eq.x" ] ""
                Expect.equal (pathOf (t().Eq("q\"uote", "x"))) "/t?%22q%5C%22uote%22=eq.x" "literal"
            }

            test "dashes, leading digits and non-ASCII names are quoted (always accepted)" {
                expectT
                    (t().Eq("dash-col", "x").Eq("1st", "y").Eq("名前", "z"))
                    [ "\"dash-col\"", "eq.x"; "\"1st\"", "eq.y"; "\"名前\"", "eq.z" ]
                    ""
            }

            test "underscore and dollar are plain" { expectT (t().Eq("a_b$1", 1)) [ "a_b$1", "eq.1" ] "" }

            test "JSON paths keep their arrows (doc §3: meta->a->>b, meta->arr->>0)" {
                expectT
                    (t().Eq("meta->a->>b", "x2").Eq("meta->arr->>0", "30").Eq("meta->>n", 1))
                    [ "meta->a->>b", "eq.x2"; "meta->arr->>0", "eq.30"; "meta->>n", "eq.1" ]
                    ""

                Expect.equal (pathOf (t().Eq("meta->a->>b", "x2"))) "/t?meta-%3Ea-%3E%3Eb=eq.x2" "literal"
            }

            test "a JSON key with a space is quoted after the arrow (doc §3)" {
                expectT (t().Eq("meta->>key with space", "ks")) [ "meta->>\"key with space\"", "eq.ks" ] ""
            }

            test "identifiers in order terms" {
                expectT
                    (t().Order("Full Name", false).Order("a,b", false).Order("UPPER").Order("meta->>n", false))
                    [ "order", "\"Full Name\".desc,\"a,b\".desc,UPPER.asc,meta->>n.desc" ]
                    ""
            }

            test "identifiers inside logic trees" {
                expectT
                    (t().Or([ col("Full Name").Eq("Ann"); col("x.y").Eq("b"); col("meta->>k").Eq("c") ]))
                    [ "or", "(\"Full Name\".eq.\"Ann\",\"x.y\".eq.\"b\",meta->>k.eq.\"c\")" ]
                    ""
            }

            test "table names are path segments: a space is percent-encoded, never quoted (doc §4)" {
                Expect.equal (pathOf (from "Weird Table")) "/Weird%20Table" "space"
                Expect.equal (pathOf (from "CamelTable")) "/CamelTable" "case kept"
            }
        ]

let operatorTests =
    testList
        "operators"
        [
            test "comparison operators" {
                expectT
                    (t().Eq("a", 1).Neq("b", 2).Gt("c", 3).Gte("d", 4).Lt("e", 5).Lte("f", 6))
                    [
                        "a", "eq.1"
                        "b", "neq.2"
                        "c", "gt.3"
                        "d", "gte.4"
                        "e", "lt.5"
                        "f", "lte.6"
                    ]
                    ""
            }

            test "like, ilike, match and imatch send the pattern raw (doc §2, §3)" {
                expectT
                    (t().Like("v", "a*").ILike("v", "A%").Match("name", "^a").IMatch("name", "^A\\*b$"))
                    [
                        "v", "like.a*"
                        "v", "ilike.A%"
                        "name", "match.^a"
                        "name", "imatch.^A\\*b$"
                    ]
                    ""

                Expect.equal (pathOf (t().Match("name", "^a"))) "/t?name=match.%5Ea" "doc §3 literal"
                Expect.equal (pathOf (t().Like("v", "50\\%"))) "/t?v=like.50%5C%25" "doc §2 literal"
            }

            test "is takes keywords (doc §3)" {
                expectT
                    (t().Is("a", IsValue.Null).Is("a", IsValue.True).Is("a", IsValue.False).Is("a", IsValue.Unknown))
                    [ "a", "is.null"; "a", "is.true"; "a", "is.false"; "a", "is.unknown" ]
                    ""
            }

            test "is via Filter accepts null, true and false" {
                expectT
                    (t()
                        .Filter("a", FilterOperator.Is, null)
                        .Filter("b", FilterOperator.Is, true)
                        .Filter("c", FilterOperator.Is, false))
                    [ "a", "is.null"; "b", "is.true"; "c", "is.false" ]
                    ""
            }

            test "IsNull and its negation (doc §3: not.is.null)" {
                expectT (t().Where(col("a").IsNull())) [ "a", "is.null" ] ""
                expectT (t().Where(col("a").IsNull().Negate())) [ "a", "not.is.null" ] ""
                expectT (t().Where(col("a").IsNotNull())) [ "a", "not.is.null" ] ""
            }

            test "isdistinct" { expectT (t().IsDistinct("active", true)) [ "active", "isdistinct.true" ] "" }

            test "not prefix (doc §3: v=not.eq.abc)" {
                expectT (t().Not("v", FilterOperator.Eq, "abc")) [ "v", "not.eq.abc" ] ""

                expectT
                    (t().Where(Conditions.Not(col("v").In([ "abc"; "null" ]))))
                    [ "v", "not.in.(\"abc\",\"null\")" ]
                    ""
            }

            test "double negation cancels" {
                expectT (t().Where(col("v").Eq("x").Negate().Negate())) [ "v", "eq.x" ] ""
            }

            test "full-text operators with and without a language (doc §3)" {
                expectT
                    (t()
                        .Fts("tsv", "fox")
                        .Fts("tsv", "jumping", "english")
                        .Plfts("tsv", "quick brown")
                        .Phfts("tsv", "brown quick", "simple")
                        .Wfts("tsv", "dogs or rabbits", "english"))
                    [
                        "tsv", "fts.fox"
                        "tsv", "fts(english).jumping"
                        "tsv", "plfts.quick brown"
                        "tsv", "phfts(simple).brown quick"
                        "tsv", "wfts(english).dogs or rabbits"
                    ]
                    ""

                Expect.equal (pathOf (t().Fts("tsv", "quick&brown"))) "/t?tsv=fts.quick%26brown" "& is %26 (doc §3)"
            }

            test "negated full-text with a language" {
                expectT (t().Where(col("tsv").Fts("fox", "english").Negate())) [ "tsv", "not.fts(english).fox" ] ""
            }

            test "quantifiers take array literals (doc §3: eq(any), like(all))" {
                expectT
                    (t()
                        .Where(col("v").Op(FilterOperator.Eq, [ "abc"; "a.b" ], Quantifier.Any))
                        .Where(col("v").LikeAll([ "a*"; "*b" ])))
                    [ "v", "eq(any).{\"abc\",\"a.b\"}"; "v", "like(all).{\"a*\",\"*b\"}" ]
                    ""
            }

            test "like(any) with a comma in a pattern (doc §1.6)" {
                expectT (t().Where(col("v").LikeAny([ "a,*"; "x*" ]))) [ "v", "like(any).{\"a,*\",\"x*\"}" ] ""
            }

            test "numeric quantifier (doc §3: qty=lt(any).{3,6})" {
                expectT
                    (t().Where(col("qty").Op(FilterOperator.Lt, [ 3; 6 ], Quantifier.Any)))
                    [ "qty", "lt(any).{\"3\",\"6\"}" ]
                    "quoted elements are valid in a PostgreSQL int[] literal"
            }

            test "other quantified operators" {
                expectT
                    (t()
                        .Where(col("v").ILikeAny([ "a*" ]))
                        .Where(col("v").ILikeAll([ "*b" ]))
                        .Where(col("n").Op(FilterOperator.Match, [ "^a"; "^b" ], Quantifier.Any))
                        .Where(col("n").Op(FilterOperator.Gte, [ 1 ], Quantifier.All)))
                    [
                        "v", "ilike(any).{\"a*\"}"
                        "v", "ilike(all).{\"*b\"}"
                        "n", "match(any).{\"^a\",\"^b\"}"
                        "n", "gte(all).{\"1\"}"
                    ]
                    ""
            }

            test "Filter(column, op, value) and the raw escape hatch" {
                expectT (t().Filter("v", FilterOperator.Neq, "x")) [ "v", "neq.x" ] ""
                expectT (t().Filter("v", "like(any)", "{a*,b*}")) [ "v", "like(any).{a*,b*}" ] "raw sent as given"
                expectT (t().Where(Conditions.Raw("v", "eq", "x").Negate())) [ "v", "not.eq.x" ] ""
            }

            test "MatchAll is one eq per column" {
                let values =
                    [
                        KeyValuePair<string, objnull>("a", 1)
                        KeyValuePair<string, objnull>("b", "x")
                    ]

                expectT (t().MatchAll(values)) [ "a", "eq.1"; "b", "eq.x" ] ""
            }

            test "WhereIf adds the condition only when asked" {
                expectT (t().WhereIf(false, col("a").Eq(1)).WhereIf(true, col("b").Eq(2))) [ "b", "eq.2" ] ""
            }

            test "a lone string in an in-list is one value, never its characters" {
                expectT (t().In("v", "abc")) [ "v", "in.(\"abc\")" ] "params overload"
                expectT (t().Where(col("v").In("abc"))) [ "v", "in.(\"abc\")" ] "Column.In"
            }

            test "in with numbers quotes each element (doc §1.5: id=in.(\"1\",2) is fine)" {
                expectT (t().In("id", [ 1; 2; 3 ])) [ "id", "in.(\"1\",\"2\",\"3\")" ] ""
            }

            test "the same column twice gives two parameters (ANDed by PostgREST)" {
                expectT (t().Gt("id", 1).Lt("id", 4)) [ "id", "gt.1"; "id", "lt.4" ] ""
            }
        ]

let arrayLiteralTests =
    testList
        "array literals (cs, cd, ov)"
        [
            test "elements are quoted; commas survive (doc §1.6: cs.{\"a,b\"})" {
                expectT (t().Contains("tags", [ "a,b" ])) [ "tags", "cs.{\"a,b\"}" ] ""
                Expect.equal (pathOf (t().Contains("tags", [ "a,b" ]))) "/t?tags=cs.%7B%22a,b%22%7D" "literal"
            }

            test "two elements" { expectT (t().Contains("tags", [ "a"; "b" ])) [ "tags", "cs.{\"a\",\"b\"}" ] "" }

            test "quote and backslash are escaped (doc §1.6: {\"a\\\"b\"}, {\"a\\\\b\"})" {
                expectT (t().Contains("tags", [ "a\"b" ])) [ "tags", "cs.{\"a\\\"b\"}" ] "quote"
                expectT (t().Contains("tags", [ "a\\b" ])) [ "tags", "cs.{\"a\\\\b\"}" ] "backslash"
            }

            test "braces, empty string, spaces and the word null stay text" {
                expectT (t().Contains("tags", [ "x}"; "{y" ])) [ "tags", "cs.{\"x}\",\"{y\"}" ] "braces"
                expectT (t().Contains("tags", [ "" ])) [ "tags", "cs.{\"\"}" ] "empty"
                expectT (t().Contains("tags", [ " a b " ])) [ "tags", "cs.{\" a b \"}" ] "spaces"
                expectT (t().Contains("tags", [ "null"; "NULL" ])) [ "tags", "cs.{\"null\",\"NULL\"}" ] "null words"
            }

            test "a null element is the bare NULL" {
                expectT (t().Contains("tags", [| box "a"; null |])) [ "tags", "cs.{\"a\",NULL}" ] ""
            }

            test "empty array" { expectT (t().Contains("tags", Array.empty<string>)) [ "tags", "cs.{}" ] "" }

            test "cd and ov with numbers" {
                expectT
                    (t().ContainedBy("nums", [ 1; 2; 3; 4 ]).Overlaps("nums", [| 1L; 9L |]))
                    [ "nums", "cd.{\"1\",\"2\",\"3\",\"4\"}"; "nums", "ov.{\"1\",\"9\"}" ]
                    ""
            }

            test "a JSON text or JsonElement is sent verbatim (doc §1.6: meta=cs.{\"n\":1})" {
                expectT (t().Contains("meta", "{\"n\":1}")) [ "meta", "cs.{\"n\":1}" ] "string"
                use doc = JsonDocument.Parse("{\"n\":1}")
                expectT (t().Contains("meta", doc.RootElement)) [ "meta", "cs.{\"n\":1}" ] "JsonElement"
            }

            test "a scalar element for a range column" { expectT (t().Contains("r", 3)) [ "r", "cs.3" ] "" }
        ]

let rangeTests =
    testList
        "ranges (PgRange)"
        [
            test "half-open range with quoted bounds" {
                Expect.equal (string (PgRange.Create(1, 5))) "[\"1\",\"5\")" "literal"
                expectT (t().StrictlyLeftOf("r", PgRange.Create(1, 5))) [ "r", "sl.[\"1\",\"5\")" ] ""
            }

            test "every range operator" {
                let r = PgRange.Inclusive(1, 5)

                expectT
                    (t()
                        .StrictlyRightOf("r", r)
                        .NotExtendsLeftOf("r", r)
                        .NotExtendsRightOf("r", r)
                        .AdjacentTo("r", r)
                        .Overlaps("r", r)
                        .Contains("r", r)
                        .ContainedBy("r", r))
                    [
                        "r", "sr.[\"1\",\"5\"]"
                        "r", "nxl.[\"1\",\"5\"]"
                        "r", "nxr.[\"1\",\"5\"]"
                        "r", "adj.[\"1\",\"5\"]"
                        "r", "ov.[\"1\",\"5\"]"
                        "r", "cs.[\"1\",\"5\"]"
                        "r", "cd.[\"1\",\"5\"]"
                    ]
                    ""
            }

            test "exclusive lower and inclusive upper" {
                expectT (t().AdjacentTo("r", PgRange<int>(1, 5, false, true))) [ "r", "adj.(\"1\",\"5\"]" ] ""
            }

            test "unbounded sides are empty" {
                let upperOnly = PgRange.Create<Nullable<int>>(Nullable(), Nullable 5)
                let lowerOnly = PgRange.Create<Nullable<int>>(Nullable 1, Nullable())

                expectT
                    (t().Overlaps("r", upperOnly).Overlaps("r", lowerOnly))
                    [ "r", "ov.[,\"5\")"; "r", "ov.[\"1\",)" ]
                    ""
            }

            test "timestamptz bounds keep their offset, + encoded as %2B" {
                let a = DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.FromHours 2.0)
                let r = PgRange.Create(a, a.AddDays 1.0)

                expectT
                    (t().Contains("during", r))
                    [ "during", "cs.[\"2024-01-01T00:00:00+02:00\",\"2024-01-02T00:00:00+02:00\")" ]
                    ""

                Expect.stringContains (pathOf (t().Contains("during", r))) "%2B02:00" "+ is %2B"
            }
        ]

let treeTests =
    testList
        "logic trees"
        [
            test "values are always quoted in a tree" {
                expectT (t().Or([ col("id").Eq(1); col("id").Eq(2) ])) [ "or", "(id.eq.\"1\",id.eq.\"2\")" ] ""
            }

            test "nesting (doc §1.5: or=(id.gt.30,and(id.gte.1,id.lte.2)))" {
                expectT
                    (t().Or([ col("id").Gt(30); Conditions.And([ col("id").Gte(1); col("id").Lte(2) ]) ]))
                    [ "or", "(id.gt.\"30\",and(id.gte.\"1\",id.lte.\"2\"))" ]
                    ""
            }

            test "a negated or at top level is not.or (doc §1.5)" {
                expectT
                    (t().Where(Conditions.Not(Conditions.Or([ col("id").Gt(2); col("v").IsNull() ]))))
                    [ "not.or", "(id.gt.\"2\",v.is.null)" ]
                    ""
            }

            test "a negated and inside an or is not.and(…) (doc §1.5)" {
                expectT
                    (t()
                        .Or(
                            [
                                col("id").Eq(1)
                                Conditions.Not(Conditions.And([ col("id").Gt(2); col("id").Lt(36) ]))
                            ]
                        ))
                    [ "or", "(id.eq.\"1\",not.and(id.gt.\"2\",id.lt.\"36\"))" ]
                    ""
            }

            test "a negated filter in a tree puts not after the column (doc §1.3)" {
                expectT
                    (t().Or([ Conditions.Not(col("v").In([ "abc"; "a.b" ])); col("id").Eq(1) ]))
                    [ "or", "(v.not.in.(\"abc\",\"a.b\"),id.eq.\"1\")" ]
                    ""
            }

            test "a plain and at top level becomes separate parameters" {
                expectT (t().And([ col("id").Gte(1); col("id").Lte(3) ])) [ "id", "gte.1"; "id", "lte.3" ] ""
            }

            test "a negated and at top level is not.and" {
                expectT
                    (t().Where(Conditions.Not(Conditions.And([ col("a").Eq(1); col("b").Eq(2) ]))))
                    [ "not.and", "(a.eq.\"1\",b.eq.\"2\")" ]
                    ""
            }

            test "nested ors of the same kind are flattened" {
                expectT
                    (t().Or([ Conditions.Or([ col("a").Eq(1); col("b").Eq(2) ]); col("c").Eq(3) ]))
                    [ "or", "(a.eq.\"1\",b.eq.\"2\",c.eq.\"3\")" ]
                    ""
            }

            test "the & and | operators build trees" {
                let c = (col("a").Eq(1) &&& col("b").Eq(2)) ||| col("c").Eq(3)
                expectT (t().Where(c)) [ "or", "(and(a.eq.\"1\",b.eq.\"2\"),c.eq.\"3\")" ] ""
            }

            test "is keywords are never quoted in a tree (doc §1.3)" {
                expectT (t().Or([ col("a").IsNull(); col("b").Is(IsValue.True) ])) [ "or", "(a.is.null,b.is.true)" ] ""
            }

            test "like patterns, full-text and quantifiers inside trees" {
                expectT
                    (t()
                        .Or(
                            [
                                col("v").Like("a*")
                                col("tsv").Fts("fox", "english")
                                col("v").Op(FilterOperator.Eq, [ "a"; "b" ], Quantifier.Any)
                            ]
                        ))
                    [
                        "or", "(v.like.\"a*\",tsv.fts(english).\"fox\",v.eq(any).\"{\\\"a\\\",\\\"b\\\"}\")"
                    ]
                    ""
            }

            test "an array literal is quoted again inside a tree: two layers (doc §1.6)" {
                expectT
                    (t()
                        .Or([ col("tags").Contains([ "x}"; "{y" ]) ])
                        .Or([ col("tags").Contains([ "a\"b" ]); col("id").Eq(5) ]))
                    [
                        "tags", "cs.{\"x}\",\"{y\"}"
                        "or", "(tags.cs.\"{\\\"a\\\\\\\"b\\\"}\",id.eq.\"5\")"
                    ]
                    "single-child or collapses; the two-child tree double-escapes"
            }

            test "array literal with braces inside a tree (doc §1.6: tags.cs.\"{\\\"x}\\\",\\\"{y\\\"}\")" {
                expectT
                    (t().Or([ col("tags").Contains([ "x}"; "{y" ]); col("id").Eq(5) ]))
                    [ "or", "(tags.cs.\"{\\\"x}\\\",\\\"{y\\\"}\",id.eq.\"5\")" ]
                    ""
            }

            test "backslash element inside a tree (doc §1.6: tags.cs.\"{\\\"a\\\\\\\\b\\\"}\")" {
                expectT
                    (t().Or([ col("tags").Contains([ "a\\b" ]); col("id").Eq(5) ]))
                    [ "or", "(tags.cs.\"{\\\"a\\\\\\\\b\\\"}\",id.eq.\"5\")" ]
                    ""
            }

            test "a range is quoted inside a tree (doc §1.6)" {
                expectT
                    (t().Or([ col("r").StrictlyLeftOf(PgRange.Create(1, 5)); col("id").Eq(1) ]))
                    [ "or", "(r.sl.\"[\\\"1\\\",\\\"5\\\")\",id.eq.\"1\")" ]
                    ""
            }

            test "typed values inside a tree are quoted and encoded" {
                let at = DateTimeOffset(2024, 1, 1, 10, 0, 0, TimeSpan.FromHours 2.0)

                Expect.equal
                    (pathOf (t().Or([ col("at").Eq(at); col("amount").Eq(1.5m) ])))
                    "/t?or=(at.eq.%222024-01-01T10:00:00%2B02:00%22,amount.eq.%221.5%22)"
                    "literal"
            }

            test "integers inside a tree are quoted like any value, at top level bare" {
                Expect.equal
                    (pathOf (t().Or([ col("n").Gte(5); col("m").Lt(-7L) ])))
                    "/t?or=(n.gte.%225%22,m.lt.%22-7%22)"
                    "tree"

                Expect.equal
                    (pathOf (t().Eq("n", Int64.MinValue).Neq("m", Some 42)))
                    "/t?n=eq.-9223372036854775808&m=neq.42"
                    "top level"

                Expect.equal (string (col("n").Gte(5))) "n.gte.\"5\"" "ToString"
            }

            test "Condition.ToString is the unencoded tree form" {
                Expect.equal
                    (string (Conditions.Or([ col("a").Eq("x,y"); col("b").IsNull() ])))
                    "or(a.eq.\"x,y\",b.is.null)"
                    ""
            }

            test "raw conditions inside a tree are sent as given" {
                expectT
                    (t().Or([ Conditions.Raw("v", "eq", "abc"); col("id").Eq(1) ]))
                    [ "or", "(v.eq.abc,id.eq.\"1\")" ]
                    ""
            }
        ]

let referencedTableTests =
    testList
        "referenced tables"
        [
            test "filter, order, limit and offset on an embed (doc §5)" {
                expectT
                    (t()
                        .Select("name,books(title,year)")
                        .Where(col("year").Gt(1980), "books")
                        .Order("year", false, referencedTable = "books")
                        .Limit(1, "books")
                        .Offset(1, "books"))
                    [
                        "select", "name,books(title,year)"
                        "books.year", "gt.1980"
                        "books.order", "year.desc"
                        "books.limit", "1"
                        "books.offset", "1"
                    ]
                    ""
            }

            test "logic tree on an embed (doc §5: books.or=(…))" {
                expectT
                    (t().Where(Conditions.Or([ col("year").Lt(1970); col("year").Gt(1980) ]), "books"))
                    [ "books.or", "(year.lt.\"1970\",year.gt.\"1980\")" ]
                    ""
            }

            test "negated logic tree on an embed" {
                expectT
                    (t().Where(Conditions.Not(Conditions.Or([ col("a").Eq(1); col("b").Eq(2) ])), "books"))
                    [ "books.not.or", "(a.eq.\"1\",b.eq.\"2\")" ]
                    ""
            }

            test "nested embed path (doc §5: books.reviews.stars=gte.5)" {
                expectT (t().Where(col("stars").Gte(5), "books.reviews")) [ "books.reviews.stars", "gte.5" ] ""
            }

            test "a plain and on an embed becomes separate embed filters" {
                expectT
                    (t().Where(Conditions.And([ col("a").Eq(1); col("b").Eq(2) ]), "books"))
                    [ "books.a", "eq.1"; "books.b", "eq.2" ]
                    ""
            }

            test "a raw filter on an embed" {
                expectT
                    (t().Where(Conditions.Raw("name", "eq", "Tor"), "publishers"))
                    [ "publishers.name", "eq.Tor" ]
                    ""
            }

            test "range on an embed is limit and offset on that embed" {
                expectT (t().Range(2, 4, "books")) [ "books.limit", "3"; "books.offset", "2" ] ""
            }

            test "top-level and embedded order terms are separate parameters" {
                expectT
                    (t().Order("id").Order("year", false, referencedTable = "books").Order("name"))
                    [ "order", "id.asc,name.asc"; "books.order", "year.desc" ]
                    ""
            }
        ]

let orderTests =
    testList
        "order"
        [
            test "ascending and descending" {
                expectT (t().Order("id")) [ "order", "id.asc" ] ""
                expectT (t().Order("id", false)) [ "order", "id.desc" ] ""
            }

            test "nulls first and last" {
                expectT
                    (t().Order("a", true, NullsOrder.First).Order("b", false, NullsOrder.Last))
                    [ "order", "a.asc.nullsfirst,b.desc.nullslast" ]
                    ""
            }

            test "several terms in one parameter (doc §6: category.desc,qty.asc.nullslast,id)" {
                expectT
                    (t().Order("category", false).Order("qty", true, NullsOrder.Last).Order("id"))
                    [ "order", "category.desc,qty.asc.nullslast,id.asc" ]
                    ""
            }
        ]

let pagingTests =
    testList
        "limit, offset, range"
        [
            test "limit and offset" {
                expectT (t().Limit(3)) [ "limit", "3" ] ""
                expectT (t().Offset(5)) [ "offset", "5" ] ""
                expectT (t().Limit(3).Offset(5)) [ "limit", "3"; "offset", "5" ] ""
                expectT (t().Limit(0)) [ "limit", "0" ] "zero is valid (doc §6)"
            }

            test "a later limit replaces an earlier one" { expectT (t().Limit(5).Limit(3)) [ "limit", "3" ] "" }

            test "range is inclusive like postgrest-js: range(0, 9) is 10 rows from 0" {
                expectT (t().Range(0, 9)) [ "limit", "10"; "offset", "0" ] ""
            }

            test "range(5, 7) is rows 5..7 (doc §6: limit=3&offset=5 gives 5-7)" {
                expectT (t().Range(5, 7)) [ "limit", "3"; "offset", "5" ] ""
            }

            test "range of one row" { expectT (t().Range(4, 4)) [ "limit", "1"; "offset", "4" ] "" }

            test "large values" { expectT (t().Limit(Int64.MaxValue)) [ "limit", "9223372036854775807" ] "" }
        ]

let typedValueTests =
    testList
        "typed values"
        [
            test "numbers render in the invariant culture under de-DE" {
                withCulture (germanCulture ()) (fun () ->
                    let local = (1.5).ToString()
                    Expect.equal local "1,5" "the culture really is German"
                    expectT (t().Eq("x", 1.5)) [ "x", "eq.1.5" ] "double"
                    expectT (t().Eq("x", 1.5f)) [ "x", "eq.1.5" ] "float32"

                    expectT
                        (t().Eq("x", 1.50m))
                        [ "x", "eq.1.50" ]
                        "decimal keeps its scale (doc §1.7: amount=eq.1.50)"

                    expectT (t().Eq("x", 1234567.25)) [ "x", "eq.1234567.25" ] "no group separator"
                    expectT (t().Eq("x", -2.5m)) [ "x", "eq.-2.5" ] "negative decimal"
                    expectT (t().In("x", [ 1.5; 2.25 ])) [ "x", "in.(\"1.5\",\"2.25\")" ] "in-list"
                    expectT (t().Contains("x", [ 1.5 ])) [ "x", "cs.{\"1.5\"}" ] "array"

                    expectT
                        (t().Or([ col("x").Eq(1.5); col("y").Eq(2.5) ]))
                        [ "or", "(x.eq.\"1.5\",y.eq.\"2.5\")" ]
                        "tree")
            }

            test "dates and times render in ISO form under de-DE" {
                withCulture (germanCulture ()) (fun () ->
                    let at = DateTimeOffset(2024, 1, 1, 10, 0, 0, TimeSpan.FromHours 2.0)

                    Expect.equal
                        (pathOf (t().Eq("at", at)))
                        "/t?at=eq.2024-01-01T10:00:00%2B02:00"
                        "DateTimeOffset with + encoded as %2B (doc §1.7)"

                    expectT
                        (t().Eq("at", DateTimeOffset(2024, 1, 1, 10, 0, 0, 123, TimeSpan.FromHours(-5.5))))
                        [ "at", "eq.2024-01-01T10:00:00.123-05:30" ]
                        "fraction and negative offset"

                    expectT
                        (t().Eq("at", DateTime(2024, 1, 1, 10, 0, 0, DateTimeKind.Utc)))
                        [ "at", "eq.2024-01-01T10:00:00Z" ]
                        "UTC DateTime (doc §1.7)"

                    expectT
                        (t().Eq("at", DateTime(2024, 12, 31, 23, 59, 58, DateTimeKind.Unspecified)))
                        [ "at", "eq.2024-12-31T23:59:58" ]
                        "unspecified DateTime has no zone"

                    expectT (t().Eq("d", DateOnly(2024, 2, 29))) [ "d", "eq.2024-02-29" ] "DateOnly"
                    expectT (t().Eq("t", TimeOnly(10, 30))) [ "t", "eq.10:30:00" ] "TimeOnly"
                    expectT (t().Eq("t", TimeOnly(10, 30, 0, 500))) [ "t", "eq.10:30:00.5" ] "TimeOnly with a fraction")
            }

            test "intervals render as ISO 8601 durations PostgreSQL accepts" {
                expectT (t().Eq("i", TimeSpan(1, 2, 3, 4, 500))) [ "i", "eq.P1DT2H3M4.5S" ] "positive"
                expectT (t().Eq("i", TimeSpan.Zero)) [ "i", "eq.P0DT0H0M0S" ] "zero"
            }

            test "negative intervals put the sign on each component (PostgreSQL rejects -P…)" {
                // PostgreSQL 15: '-P1DT2H3M4.5S'::interval fails (invalid input syntax), while
                // 'P-1DT-2H-3M-4.5S'::interval is -1 days -02:03:04.5.
                expectT (t().Eq("i", TimeSpan(-1, -2, -3, -4, -500))) [ "i", "eq.P-1DT-2H-3M-4.5S" ] "negative"
                expectT (t().Eq("i", TimeSpan.FromHours(-1.0))) [ "i", "eq.P-0DT-1H-0M-0S" ] "negative hour"
            }

            test "negative zero, infinities and exponents" {
                expectT (t().Eq("x", -0.0)) [ "x", "eq.-0" ] "-0 is a valid float8/numeric literal"
                expectT (t().Eq("x", Double.PositiveInfinity)) [ "x", "eq.Infinity" ] "+inf"
                expectT (t().Eq("x", Double.NegativeInfinity)) [ "x", "eq.-Infinity" ] "-inf"
                Expect.equal (pathOf (t().Eq("x", 1e20))) "/t?x=eq.1E%2B20" "exponent with + encoded"
            }

            test "integers of every width" {
                expectT
                    (t()
                        .Eq("a", Int64.MaxValue)
                        .Eq("b", Int32.MinValue)
                        .Eq("c", 7uy)
                        .Eq("d", -3s)
                        .Eq("e", UInt64.MaxValue)
                        .Eq("f", BigInteger.Pow(BigInteger 10, 30)))
                    [
                        "a", "eq.9223372036854775807"
                        "b", "eq.-2147483648"
                        "c", "eq.7"
                        "d", "eq.-3"
                        "e", "eq.18446744073709551615"
                        "f", "eq.1000000000000000000000000000000"
                    ]
                    ""
            }

            test "guid, bool, char, enum, bytes" {
                let g = Guid("6f9619ff-8b86-d011-b42d-00c04fc964ff")

                expectT
                    (t()
                        .Eq("g", g)
                        .Eq("b", true)
                        .Eq("c", false)
                        .Eq("ch", 'x')
                        .Eq("day", DayOfWeek.Monday)
                        .Eq("s", Status.InProgress)
                        .Eq("s", Status.Open)
                        .Eq("bytes", [| 1uy; 0xABuy |]))
                    [
                        "g", "eq.6f9619ff-8b86-d011-b42d-00c04fc964ff"
                        "b", "eq.true"
                        "c", "eq.false"
                        "ch", "eq.x"
                        "day", "eq.Monday"
                        "s", "eq.in-progress"
                        "s", "eq.Open"
                        "bytes", "eq.\\x01ab"
                    ]
                    ""
            }
        ]

let acceptTests =
    let accept q = render q |> header "Accept"

    testList
        "Accept"
        [
            test "JSON by default" { Expect.equal (accept (t ())) (Some "application/json") "" }

            test "single object (doc §8)" {
                Expect.equal (accept (t().Single())) (Some "application/vnd.pgrst.object+json") ""
            }

            test "maybe-single asks for an array (there is no maybe-single media type, doc §8)" {
                Expect.equal (accept (t().MaybeSingle())) (Some "application/json") ""
            }

            test "csv and geojson" {
                Expect.equal (accept (t().Csv())) (Some "text/csv") ""
                Expect.equal (accept (t().GeoJson())) (Some "application/geo+json") ""
            }

            test "explain as text for JSON" {
                Expect.equal
                    (accept (t().Explain()))
                    (Some "application/vnd.pgrst.plan+text; for=\"application/json\"")
                    ""
            }

            test "explain with options (doc §8: options=analyze|verbose)" {
                Expect.equal
                    (accept (t().Explain(ExplainOptions(Analyze = true, Verbose = true))))
                    (Some "application/vnd.pgrst.plan+text; for=\"application/json\"; options=analyze|verbose")
                    ""
            }

            test "explain with every option, as JSON" {
                Expect.equal
                    (accept (t().Explain(ExplainOptions(true, true, true, true, true, true))))
                    (Some
                        "application/vnd.pgrst.plan+json; for=\"application/json\"; options=analyze|verbose|settings|buffers|wal")
                    ""
            }

            test "explain names the explained media type in for=" {
                Expect.equal
                    (accept (t().Csv().Explain()))
                    (Some "application/vnd.pgrst.plan+text; for=\"text/csv\"")
                    "csv"

                Expect.equal
                    (accept (t().Single().Explain(ExplainOptions(Json = true))))
                    (Some "application/vnd.pgrst.plan+json; for=\"application/vnd.pgrst.object+json\"")
                    "single"

                Expect.equal
                    (accept (t().Csv().Explain().Explain(ExplainOptions(Analyze = true))))
                    (Some "application/vnd.pgrst.plan+text; for=\"text/csv\"; options=analyze")
                    "explaining twice keeps the explained format"
            }

            test "a single write asks for an object too" {
                Expect.equal
                    (accept (t().Insert({| a = 1 |}).Select("a").Single()))
                    (Some "application/vnd.pgrst.object+json")
                    ""
            }
        ]

let preferTests =
    let prefer q = render q |> header "Prefer"
    let row = {| a = 1 |}

    testList
        "Prefer"
        [
            test "no Prefer header on a plain read" { Expect.equal (prefer (t().Select("id"))) None "" }

            test "count methods" {
                Expect.equal (prefer (t().WithCount())) (Some "count=exact") "exact"
                Expect.equal (prefer (t().WithCount(CountMethod.Planned))) (Some "count=planned") "planned"
                Expect.equal (prefer (t().WithCount(CountMethod.Estimated))) (Some "count=estimated") "estimated"
            }

            test "a write without select leaves return to the server (minimal)" {
                Expect.equal (prefer (t().Insert(row))) None "insert"
                Expect.equal (prefer (t().AllRows().Update(row))) None "update"
                Expect.equal (prefer (t().AllRows().Delete())) None "delete"
            }

            test "select on a write asks for the representation, before or after the write" {
                Expect.equal (prefer (t().Insert(row).Select("a"))) (Some "return=representation") "after"
                Expect.equal (prefer (t().Select("a").Insert(row))) (Some "return=representation") "before"
                Expect.equal (prefer (t().AllRows().Delete().Select("a"))) (Some "return=representation") "delete"
                Expect.equal (prefer (t().AllRows().Update(row).Select("a"))) (Some "return=representation") "update"
            }

            test "explicit return modes" {
                Expect.equal (prefer (t().Insert(row).Returning(ReturnMode.Minimal))) (Some "return=minimal") ""

                Expect.equal
                    (prefer (t().Insert(row).Returning(ReturnMode.HeadersOnly)))
                    (Some "return=headers-only")
                    ""

                Expect.equal
                    (prefer (t().AllRows().Delete().Returning(ReturnMode.Representation)))
                    (Some "return=representation")
                    ""

                Expect.equal
                    (prefer (t().Insert(row).Returning(ReturnMode.Minimal).Select("a")))
                    (Some "return=minimal")
                    "explicit mode wins over select"
            }

            test "return is not sent on a read" {
                Expect.equal (prefer (t().Returning(ReturnMode.Representation))) None ""
            }

            test "return and count together (doc §7: return=representation, count=exact)" {
                Expect.equal
                    (prefer (t().Insert(row).Select("a").WithCount()))
                    (Some "return=representation, count=exact")
                    ""
            }

            test "upsert resolutions" {
                Expect.equal (prefer (t().Upsert(row))) (Some "resolution=merge-duplicates") "merge"

                Expect.equal
                    (prefer (t().Upsert(row, ignoreDuplicates = true)))
                    (Some "resolution=ignore-duplicates")
                    "ignore"
            }

            test "missing=default" {
                Expect.equal (prefer (t().Insert(row, missingAsDefault = true))) (Some "missing=default") ""
            }

            test "a hand-written Prefer joins the query's preferences instead of replacing them" {
                let q = t().Insert(row).Select("a")

                Expect.equal
                    (prefer (q.Header("Prefer", "tx=rollback")))
                    (Some "tx=rollback, return=representation")
                    "query header first"

                let withClientPrefer = client.WithHeader("Prefer", "tx=rollback")

                Expect.equal
                    ((withClientPrefer.Render q).GetHeader "Prefer")
                    "return=representation, tx=rollback"
                    "client header last"

                Expect.equal
                    ((withClientPrefer.Render(t().Select("a"))).GetHeader "Prefer")
                    "tx=rollback"
                    "the client's alone on a read"

                Expect.equal
                    ((render q).Headers |> Seq.filter (fun h -> h.Key = "Prefer") |> Seq.length)
                    1
                    "one Prefer header"
            }

            test "tx, handling, max-affected, timezone" {
                Expect.equal (prefer (t().RollbackTransaction())) (Some "tx=rollback") "tx"
                Expect.equal (prefer (t().Handling(PreferenceHandling.Strict))) (Some "handling=strict") "strict"
                Expect.equal (prefer (t().Handling(PreferenceHandling.Lenient))) (Some "handling=lenient") "lenient"
                Expect.equal (prefer (t().AllRows().Delete().MaxAffected(5))) (Some "max-affected=5") "max-affected"
                Expect.equal (prefer (t().Timezone("America/Los_Angeles"))) (Some "timezone=America/Los_Angeles") "tz"
            }

            test "every preference at once, comma-separated in one header" {
                Expect.equal
                    (prefer (
                        t()
                            .Upsert(row, ignoreDuplicates = true, missingAsDefault = true)
                            .Select("a")
                            .WithCount(CountMethod.Planned)
                            .RollbackTransaction()
                            .Handling(PreferenceHandling.Strict)
                            .MaxAffected(10)
                            .Timezone("UTC")
                    ))
                    (Some
                        "return=representation, count=planned, resolution=ignore-duplicates, missing=default, tx=rollback, handling=strict, max-affected=10, timezone=UTC")
                    ""
            }

            test "a read with count and timezone" {
                Expect.equal
                    (prefer (t().WithCount().Timezone("Europe/Berlin")))
                    (Some "count=exact, timezone=Europe/Berlin")
                    ""
            }
        ]

let profileTests =
    let v2 = client.WithSchema "v2"

    let profiles (q: PostgrestQuery) =
        let r = v2.Render q in header "Accept-Profile" r, header "Content-Profile" r

    let row = {| a = 1 |}

    testList
        "profiles"
        [
            test "no schema, no profile header" {
                let r = render (t ())
                Expect.equal (header "Accept-Profile" r, header "Content-Profile" r) (None, None) ""
            }

            test "GET and HEAD use Accept-Profile (doc §9)" {
                Expect.equal (profiles (t ())) (Some "v2", None) "GET"
                Expect.equal (profiles (t().Head())) (Some "v2", None) "HEAD"
            }

            test "POST, PATCH and DELETE use Content-Profile (doc §9)" {
                Expect.equal (profiles (t().Insert(row))) (None, Some "v2") "POST"
                Expect.equal (profiles (t().Upsert(row))) (None, Some "v2") "upsert"
                Expect.equal (profiles (t().AllRows().Update(row))) (None, Some "v2") "PATCH"
                Expect.equal (profiles (t().AllRows().Delete())) (None, Some "v2") "DELETE"
            }

            test "RPC: POST uses Content-Profile, GET and HEAD use Accept-Profile (doc §9)" {
                Expect.equal (profiles (PostgrestQuery.Rpc("add", {| a = 1 |}))) (None, Some "v2") "POST"
                Expect.equal (profiles (PostgrestQuery.Rpc("add", {| a = 1 |}, RpcMethod.Get))) (Some "v2", None) "GET"

                Expect.equal
                    (profiles (PostgrestQuery.Rpc("add", {| a = 1 |}, RpcMethod.Head)))
                    (Some "v2", None)
                    "HEAD"
            }

            test "a query's schema overrides the client's" {
                Expect.equal (profiles (t().Schema("v3"))) (Some "v3", None) "GET"
                Expect.equal (profiles (t().Schema("v3").AllRows().Delete())) (None, Some "v3") "DELETE"
                Expect.equal (header "Accept-Profile" (render (t().Schema("v3")))) (Some "v3") "without a client schema"
            }

            test "the client's schema from options" {
                use c = new PostgrestClient(baseUrl, PostgrestClientOptions(Schema = "api"))
                Expect.equal (header "Accept-Profile" (c.Render(t ()))) (Some "api") ""
            }
        ]

let methodTests =
    let methodOf q = (render q).Method.Method

    testList
        "methods and paths"
        [
            test "table operations" {
                Expect.equal (methodOf (t ())) "GET" "select"
                Expect.equal (methodOf (t().Head())) "HEAD" "head"
                Expect.equal (methodOf (t().Insert({| a = 1 |}))) "POST" "insert"
                Expect.equal (methodOf (t().Upsert({| a = 1 |}))) "POST" "upsert"
                Expect.equal (methodOf (t().AllRows().Update({| a = 1 |}))) "PATCH" "update"
                Expect.equal (methodOf (t().AllRows().Delete())) "DELETE" "delete"
            }

            test "RPC methods" {
                Expect.equal (methodOf (PostgrestQuery.Rpc("f"))) "POST" "default"
                Expect.equal (methodOf (PostgrestQuery.Rpc("f", null, RpcMethod.Get))) "GET" "get"
                Expect.equal (methodOf (PostgrestQuery.Rpc("f", null, RpcMethod.Head))) "HEAD" "head"
                Expect.equal (methodOf (PostgrestQuery.Rpc("f").WithRpcMethod(RpcMethod.Get))) "GET" "changed"

                Expect.equal
                    (methodOf (PostgrestQuery.Rpc("f", null, RpcMethod.Get).Head()))
                    "HEAD"
                    "Head() on a GET call"
            }

            test "RPC path" {
                Expect.equal (pathOf (PostgrestQuery.Rpc("add"))) "/rpc/add" "POST has no query string"
                Expect.equal (pathOf (PostgrestQuery.Rpc("add", null, RpcMethod.Get))) "/rpc/add" "GET without args"
            }

            test "a base URL with a path prefix is kept" {
                use c = new PostgrestClient("http://127.0.0.1:1/api/")
                Expect.equal (c.Render(from("items").Eq("id", 1)).PathAndQuery) "/api/items?id=eq.1" "trailing slash"
                use c2 = new PostgrestClient("http://127.0.0.1:1/api")
                Expect.equal (c2.Render(PostgrestQuery.Rpc("f")).PathAndQuery) "/api/rpc/f" "no trailing slash"
            }

            test "the absolute URI" {
                let r = render (from "items")
                Expect.equal r.Uri.AbsoluteUri "http://127.0.0.1:1/items" ""
            }

            test "parameter order: select, filters, order, limit, offset, extra parameters" {
                expectT
                    (t().Parameter("x-extra", "a b").Offset(20).Limit(10).Order("id").Eq("a", 1).Select("id"))
                    [
                        "select", "id"
                        "a", "eq.1"
                        "order", "id.asc"
                        "limit", "10"
                        "offset", "20"
                        "x-extra", "a b"
                    ]
                    ""
            }
        ]

let bodyTests =
    testList
        "bodies and columns"
        [
            test "default JSON naming is snake_case (AuthorId -> author_id)" {
                let r = render (t().Insert({ AuthorId = 7; Title = "Mort" }))
                Expect.equal r.BodyText "{\"author_id\":7,\"title\":\"Mort\"}" "body"
                Expect.equal (header "Content-Type" r) (Some "application/json") "content type"
                Expect.equal r.PathAndQuery "/t" "a single object needs no columns="
            }

            test "F# options in a write body: Some is the value, None is left out (the column's DEFAULT, or unchanged)" {
                let r =
                    render (
                        t()
                            .AllRows()
                            .Update(
                                {
                                    BookWithIsbn.AuthorId = 1
                                    Title = "x"
                                    Isbn = None
                                }
                            )
                    )

                Expect.equal r.BodyText "{\"author_id\":1,\"title\":\"x\"}" ""
            }

            test "insert many sends columns= with the union of the keys, in first-seen order" {
                let rows: obj list = [ {| a = 1; b = 2 |}; {| a = 3; c = 4 |}; {| d = 5; b = 6 |} ]
                let r = render (t().InsertMany(rows))
                Expect.equal r.PathAndQuery (url "/t" [ "columns", "a,b,c,d" ]) "columns"
                Expect.equal r.BodyText "[{\"a\":1,\"b\":2},{\"a\":3,\"c\":4},{\"b\":6,\"d\":5}]" "body"
            }

            test "columns= follows keys that change order, repeat, go missing or are escaped in the JSON" {
                let json =
                    """[{"a":1,"b":2},{"b":3,"a":4},{"a":5},{"c":6,"b":7,"a":8},{"\u0061":9,"d\u00e9":10},{"a":1,"b":2}]"""

                let r = render (t().InsertJson(json))

                Expect.equal
                    r.PathAndQuery
                    (url "/t" [ "columns", "a,b,c,\"dé\"" ])
                    "columns (a non-ASCII name is quoted)"
            }

            test "insert many of records uses snake_case column names" {
                let r =
                    render (t().InsertMany([ { AuthorId = 1; Title = "a" }; { AuthorId = 2; Title = "b" } ]))

                Expect.equal r.PathAndQuery (url "/t" [ "columns", "author_id,title" ]) ""
            }

            test "insert of an object with missing=default sends its keys as columns=" {
                let r = render (t().Insert({ AuthorId = 1; Title = "a" }, missingAsDefault = true))
                Expect.equal r.PathAndQuery (url "/t" [ "columns", "author_id,title" ]) ""
            }

            test "columns that need quoting are quoted" {
                let r = render (t().InsertJson("[{\"Full Name\":1},{\"a,b\":2}]"))
                Expect.equal r.PathAndQuery (url "/t" [ "columns", "\"Full Name\",\"a,b\"" ]) ""
                Expect.equal r.BodyText "[{\"Full Name\":1},{\"a,b\":2}]" "raw JSON kept"
            }

            test "upsert with on_conflict (doc §7)" {
                Expect.equal
                    (pathOf (t().Upsert({| name = "x" |}, onConflict = "name")))
                    (url "/t" [ "on_conflict", "name" ])
                    ""

                Expect.equal
                    (pathOf (t().Upsert({| a = 1 |}, onConflict = "a, b")))
                    (url "/t" [ "on_conflict", "a,b" ])
                    "trimmed"
            }

            test "upsert of several rows: on_conflict then columns" {
                let rows = [ {| k = "a"; v = 1 |}; {| k = "b"; v = 2 |} ]

                Expect.equal
                    (pathOf (t().Upsert(rows, onConflict = "k").Select("k")))
                    (url "/t" [ "select", "k"; "on_conflict", "k"; "columns", "k,v" ])
                    ""
            }

            test "JsonElement bodies are sent verbatim" {
                use doc = JsonDocument.Parse("{\"SomeKey\":1}")
                let r = render (t().Insert(doc.RootElement))
                Expect.equal r.BodyText "{\"SomeKey\":1}" "no renaming"
            }

            test "dictionary keys are not renamed" {
                let row = dict [ "AuthorId", box 1 ]
                let r = render (t().AllRows().Update(row))
                Expect.equal r.BodyText "{\"AuthorId\":1}" ""
            }

            test "delete and reads have no body and no Content-Type" {
                for q in [ t().AllRows().Delete(); t (); t().Head() ] do
                    let r = render q
                    Expect.isNull r.BodyText "no body"
                    Expect.equal (header "Content-Type" r) None "no content type"
            }

            test "a request without a body has no body in its text form either" {
                Expect.equal (string (render (t ()))) "GET http://127.0.0.1:1/t\nAccept: application/json" "GET"

                Expect.equal
                    (string (render (t().Insert({| a = 1 |}))))
                    "POST http://127.0.0.1:1/t\nContent-Type: application/json\nAccept: application/json\n\n{\"a\":1}"
                    "POST"
            }

            test "RPC POST sends the arguments, or {} without any (doc §10)" {
                let r = render (PostgrestQuery.Rpc("add", {| a = 1; b = 2 |}))
                Expect.equal r.BodyText "{\"a\":1,\"b\":2}" "args"
                Expect.equal (header "Content-Type" r) (Some "application/json") "json"
                let noArgs = render (PostgrestQuery.Rpc("noop"))
                Expect.equal noArgs.BodyText "{}" "no args"
            }

            test "RPC POST with select and order keeps them in the query string (doc §10)" {
                let r =
                    render (PostgrestQuery.Rpc("items_by_cat", {| cat = "fruit" |}).Select("id").Order("id", false))

                Expect.equal r.PathAndQuery (url "/rpc/items_by_cat" [ "select", "id"; "order", "id.desc" ]) "query"
                Expect.equal r.BodyText "{\"cat\":\"fruit\"}" "body"
            }
        ]

let rpcGetTests =
    let getPath (args: obj) =
        pathOf (PostgrestQuery.Rpc("f", args, RpcMethod.Get))

    testList
        "RPC GET arguments"
        [
            test "named arguments in the query string (doc §10: /rpc/add?a=1&b=2)" {
                Expect.equal
                    (pathOf (PostgrestQuery.Rpc("add", {| a = 1; b = 2 |}, RpcMethod.Get)))
                    "/rpc/add?a=1&b=2"
                    ""
            }

            test "HEAD carries the arguments too, and no body" {
                let r = render (PostgrestQuery.Rpc("add", {| a = 1; b = 2 |}, RpcMethod.Head))
                Expect.equal r.PathAndQuery "/rpc/add?a=1&b=2" "query"
                Expect.isNull r.BodyText "no body"
            }

            test "strings are sent raw and encoded; a dotted value is an argument (doc §10: veg.fruit)" {
                Expect.equal (getPath {| cat = "veg.fruit" |}) "/rpc/f?cat=veg.fruit" "dot"
                Expect.equal (getPath {| cat = "a b&c" |}) "/rpc/f?cat=a%20b%26c" "encoded"
                Expect.equal (getPath {| cat = "eq" |}) "/rpc/f?cat=eq" "an operator name alone is not a filter"
            }

            test "arrays become PostgreSQL array literals (doc §10: xs={1,2,3})" {
                // {"1","2","3"} is the same int[] as {1,2,3}: PostgreSQL accepts quoted elements of any type.
                Expect.equal (getPath {| xs = [| 1; 2; 3 |] |}) (url "/rpc/f" [ "xs", "{\"1\",\"2\",\"3\"}" ]) "numbers"

                Expect.equal
                    (getPath
                        {|
                            xs = ([| "a,b"; null |]: (string | null) array)
                        |})
                    (url "/rpc/f" [ "xs", "{\"a,b\",NULL}" ])
                    "strings and null"
            }

            test "booleans, numbers and objects" {
                Expect.equal
                    (getPath {| b = true; n = 1.5; o = {| k = 1 |} |})
                    (url "/rpc/f" [ "b", "true"; "n", "1.5"; "o", "{\"k\":1}" ])
                    ""
            }

            test "argument names follow the JSON naming (snake_case)" {
                Expect.equal (getPath { AuthorId = 3; Title = "x" }) "/rpc/f?author_id=3&title=x" ""
            }

            test "arguments come before select, filters, order and limit (doc §10)" {
                let q =
                    PostgrestQuery
                        .Rpc("items_by_cat", {| cat = "veg" |}, RpcMethod.Get)
                        .Select("id,name")
                        .Order("id", false)
                        .Limit(1)

                Expect.equal
                    (pathOf q)
                    (url "/rpc/items_by_cat" [ "cat", "veg"; "select", "id,name"; "order", "id.desc"; "limit", "1" ])
                    ""
            }
        ]

let headerTests =
    testList
        "other headers"
        [
            test "client headers from options are sent" {
                use c =
                    new PostgrestClient(baseUrl, PostgrestClientOptions(Headers = readOnlyDict [ "apikey", "k1" ]))

                Expect.equal (header "apikey" (c.Render(t ()))) (Some "k1") ""
            }

            test "a query header replaces a client header of the same name (case-insensitive)" {
                let c = client.WithHeader("X-Trace", "client")
                let r = c.Render(t().Header("x-trace", "query"))

                let traces =
                    headersOf r
                    |> List.filter (fun (k, _) -> k.Equals("x-trace", StringComparison.OrdinalIgnoreCase))

                Expect.equal traces [ "x-trace", "query" ] ""
            }

            test "WithHeader replaces an earlier value" {
                let c = client.WithHeader("X-A", "1").WithHeader("x-a", "2")

                Expect.equal
                    (headersOf (c.Render(t ()))
                     |> List.filter (fun (k, _) -> k.ToLowerInvariant() = "x-a"))
                    [ "x-a", "2" ]
                    ""
            }

            test "bearer token" {
                Expect.equal (header "Authorization" (client.WithBearer("tok").Render(t ()))) (Some "Bearer tok") ""
            }

            test "a derived client never reuses the header list its parent built for the same kind of request" {
                use parent = new PostgrestClient("http://localhost:3000")
                let before = parent.Render(t ())
                let derived = parent.WithBearer("tok").WithSchema("v2")
                let after = parent.Render(t ())

                Expect.equal (header "Authorization" (derived.Render(t ()))) (Some "Bearer tok") "derived: token"
                Expect.equal (header "Accept-Profile" (derived.Render(t ()))) (Some "v2") "derived: schema"
                Expect.equal (headersOf after) (headersOf before) "parent: unchanged"
                Expect.isNone (header "Authorization" after) "parent: no token"
            }

            test "the header list of a request cannot be changed through a cast" {
                let headers = (client.Render(t ())).Headers

                Expect.isFalse
                    (headers :? ResizeArray<Collections.Generic.KeyValuePair<string, string>>
                     || headers :? Collections.Generic.KeyValuePair<string, string>[])
                    "an immutable list, shared safely between requests"
            }

            test "basic auth is base64 of user:password" {
                Expect.equal
                    (header "Authorization" (client.WithBasicAuth("user", "pa:ss").Render(t ())))
                    (Some("Basic " + Convert.ToBase64String(Text.Encoding.UTF8.GetBytes "user:pa:ss")))
                    ""
            }

            test "timeouts: the query's, else the client's" {
                use c =
                    new PostgrestClient(baseUrl, PostgrestClientOptions(Timeout = Nullable(TimeSpan.FromSeconds 7.0)))

                let fromClient = c.Render(t ())
                let fromQuery = c.Render(t().Timeout(TimeSpan.FromSeconds 2.0))
                Expect.equal fromClient.Timeout (Nullable(TimeSpan.FromSeconds 7.0)) "client"
                Expect.equal fromQuery.Timeout (Nullable(TimeSpan.FromSeconds 2.0)) "query"
            }
        ]

[<Tests>]
let tests =
    testList
        "Unit.Rendering"
        [
            selectTests
            selectItemTests
            identifierTests
            operatorTests
            arrayLiteralTests
            rangeTests
            treeTests
            referencedTableTests
            orderTests
            pagingTests
            typedValueTests
            acceptTests
            preferTests
            profileTests
            methodTests
            bodyTests
            rpcGetTests
            headerTests
        ]
