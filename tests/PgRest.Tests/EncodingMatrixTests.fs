/// The 35-value escaping matrix of the PostgREST reference (§1.4), in the three contexts `eq`, `in` and `or`.
///
/// Each row holds the value and the doc's three fragments copied verbatim. The doc prints the structural `(` `)`
/// of `in.(…)` and `or=(…)` raw and percent-encodes every character of a value that is not unreserved. This library
/// leaves the query literals `! $ ( ) * , / : @` raw in keys and values too (RFC 3986 allows them in a query, and
/// PostgREST gives them no meaning at the URL level), so the expected string is the doc fragment with the escapes of
/// those characters undone (`Support.relaxLiterals`), and nothing else changed.
module PgRest.Tests.EncodingMatrixTests

open System
open Expecto
open PgRest
open PgRest.Tests.Support

/// (row number, value, doc `eq` fragment, doc `in` fragment, doc `or` fragment), from §1.4 of the reference.
let matrix =
    [
        1, "a,b", "v=eq.a%2Cb", "v=in.(%22a%2Cb%22)", "or=(v.eq.%22a%2Cb%22)"
        2, "a.b", "v=eq.a.b", "v=in.(%22a.b%22)", "or=(v.eq.%22a.b%22)"
        3, "a:b", "v=eq.a%3Ab", "v=in.(%22a%3Ab%22)", "or=(v.eq.%22a%3Ab%22)"
        4, "a(b)", "v=eq.a%28b%29", "v=in.(%22a%28b%29%22)", "or=(v.eq.%22a%28b%29%22)"
        5, "a\"b", "v=eq.a%22b", "v=in.(%22a%5C%22b%22)", "or=(v.eq.%22a%5C%22b%22)"
        6, "a\\b", "v=eq.a%5Cb", "v=in.(%22a%5C%5Cb%22)", "or=(v.eq.%22a%5C%5Cb%22)"
        7, "a b", "v=eq.a%20b", "v=in.(%22a%20b%22)", "or=(v.eq.%22a%20b%22)"
        8, "50%", "v=eq.50%25", "v=in.(%2250%25%22)", "or=(v.eq.%2250%25%22)"
        9, "a&b", "v=eq.a%26b", "v=in.(%22a%26b%22)", "or=(v.eq.%22a%26b%22)"
        10, "a+b", "v=eq.a%2Bb", "v=in.(%22a%2Bb%22)", "or=(v.eq.%22a%2Bb%22)"
        11, "a#b", "v=eq.a%23b", "v=in.(%22a%23b%22)", "or=(v.eq.%22a%23b%22)"
        12, "a?b", "v=eq.a%3Fb", "v=in.(%22a%3Fb%22)", "or=(v.eq.%22a%3Fb%22)"
        13, "a=b", "v=eq.a%3Db", "v=in.(%22a%3Db%22)", "or=(v.eq.%22a%3Db%22)"
        14, "a/b", "v=eq.a%2Fb", "v=in.(%22a%2Fb%22)", "or=(v.eq.%22a%2Fb%22)"
        15, "a*b", "v=eq.a%2Ab", "v=in.(%22a%2Ab%22)", "or=(v.eq.%22a%2Ab%22)"
        16, "😀", "v=eq.%F0%9F%98%80", "v=in.(%22%F0%9F%98%80%22)", "or=(v.eq.%22%F0%9F%98%80%22)"
        17,
        "日本語",
        "v=eq.%E6%97%A5%E6%9C%AC%E8%AA%9E",
        "v=in.(%22%E6%97%A5%E6%9C%AC%E8%AA%9E%22)",
        "or=(v.eq.%22%E6%97%A5%E6%9C%AC%E8%AA%9E%22)"
        18, " lead", "v=eq.%20lead", "v=in.(%22%20lead%22)", "or=(v.eq.%22%20lead%22)"
        19, "trail ", "v=eq.trail%20", "v=in.(%22trail%20%22)", "or=(v.eq.%22trail%20%22)"
        20, "", "v=eq.", "v=in.(%22%22)", "or=(v.eq.%22%22)"
        21, "null", "v=eq.null", "v=in.(%22null%22)", "or=(v.eq.%22null%22)"
        22, "true", "v=eq.true", "v=in.(%22true%22)", "or=(v.eq.%22true%22)"
        23, "false", "v=eq.false", "v=in.(%22false%22)", "or=(v.eq.%22false%22)"
        25, "x\"y,z", "v=eq.x%22y%2Cz", "v=in.(%22x%5C%22y%2Cz%22)", "or=(v.eq.%22x%5C%22y%2Cz%22)"
        26, "p\\\"q", "v=eq.p%5C%22q", "v=in.(%22p%5C%5C%5C%22q%22)", "or=(v.eq.%22p%5C%5C%5C%22q%22)"
        27, "{c}", "v=eq.%7Bc%7D", "v=in.(%22%7Bc%7D%22)", "or=(v.eq.%22%7Bc%7D%22)"
        28, "it's", "v=eq.it%27s", "v=in.(%22it%27s%22)", "or=(v.eq.%22it%27s%22)"
        29, "a_b", "v=eq.a_b", "v=in.(%22a_b%22)", "or=(v.eq.%22a_b%22)"
        30, "a;b", "v=eq.a%3Bb", "v=in.(%22a%3Bb%22)", "or=(v.eq.%22a%3Bb%22)"
        31, "\"q\"", "v=eq.%22q%22", "v=in.(%22%5C%22q%5C%22%22)", "or=(v.eq.%22%5C%22q%5C%22%22)"
        32, "NULL", "v=eq.NULL", "v=in.(%22NULL%22)", "or=(v.eq.%22NULL%22)"
        33, "a)b", "v=eq.a%29b", "v=in.(%22a%29b%22)", "or=(v.eq.%22a%29b%22)"
        34, "abc", "v=eq.abc", "v=in.(%22abc%22)", "or=(v.eq.%22abc%22)"
        35, "a\tb", "v=eq.a%09b", "v=in.(%22a%09b%22)", "or=(v.eq.%22a%09b%22)"
        36, "a%2Bb", "v=eq.a%252Bb", "v=in.(%22a%252Bb%22)", "or=(v.eq.%22a%252Bb%22)"
    ]

let baseQuery () =
    PostgrestQuery.From("strs").Select("id")

let prefix = "/strs?select=id&"

/// §1.8 of the reference: PostgREST quoting, `"` + value with `\` and `"` escaped + `"`.
let docQuote (value: string) =
    "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\""

/// The only cell of the matrix the library must render differently from the doc: `in.("")` is read by PostgREST
/// 12 as an empty list (§1.5), so a lone empty string is sent as `in.("","")`.
let emptyStringIn = "v=in.(%22%22,%22%22)"

/// The `in` fragment expected for a row.
let expectedIn (value: string) (docIn: string) =
    if value = "" then emptyStringIn else relaxLiterals docIn

/// The `or` context is rendered with a second child, `id.is.null`, because a one-child `or` collapses to the plain
/// filter (see `single-child or`). `id` is the primary key, so the meaning is the doc's query.
let orWithSecondChild (value: string) =
    baseQuery().Or([ Conditions.Col("v").Eq(value); Conditions.Col("id").IsNull() ])

/// The doc's `or=(…)` fragment with `,id.is.null` inserted before its closing parenthesis.
let expectedOr (docOr: string) =
    relaxLiterals (docOr.Substring(0, docOr.Length - 1)) + ",id.is.null)"

let rowTests =
    matrix
    |> List.map (fun (n, value, docEq, docIn, docOr) ->
        testList
            $"row {n}"
            [
                test "eq matches the doc fragment" {
                    Expect.equal (pathOf (baseQuery().Eq("v", value))) (prefix + relaxLiterals docEq) $"eq of {value}"
                }

                test "eq is the query encoding of eq.<value>, never quoted" {
                    Expect.equal (pathOf (baseQuery().Eq("v", value))) (prefix + "v=" + enc ("eq." + value)) "eq"
                }

                test "in (list) matches the doc fragment" {
                    Expect.equal (pathOf (baseQuery().In("v", [ value ]))) (prefix + expectedIn value docIn) "in"
                }

                test "in (array) matches the doc fragment" {
                    Expect.equal (pathOf (baseQuery().In("v", [| value |]))) (prefix + expectedIn value docIn) "in"
                }

                test "in is the query encoding of in.(<quoted value>)" {
                    let text =
                        if value = "" then
                            "in.(\"\",\"\")"
                        else
                            "in.(" + docQuote value + ")"

                    Expect.equal (pathOf (baseQuery().In("v", [ value ]))) (prefix + "v=" + enc text) "in"
                }

                test "or matches the doc fragment" {
                    Expect.equal (pathOf (orWithSecondChild value)) (prefix + expectedOr docOr) "or"
                }

                test "in inside a logic tree uses the same quoted list" {
                    let q =
                        baseQuery().Or([ Conditions.Col("v").In([ value ]); Conditions.Col("id").IsNull() ])

                    let list =
                        if value = "" then
                            "(%22%22,%22%22)"
                        else
                            relaxLiterals (docIn.Substring("v=in.".Length))

                    Expect.equal (pathOf q) (prefix + "or=(v.in." + list + ",id.is.null)") "in inside or"
                }

                test "single-child or renders as the equivalent plain filter" {
                    Expect.equal
                        (pathOf (baseQuery().Or([ Conditions.Col("v").Eq(value) ])))
                        (prefix + relaxLiterals docEq)
                        "or of one condition is that condition"
                }
            ])

/// Literal expectations typed out in full, so the matrix is not only checked against a transformation of itself.
let literalTests =
    [
        "a,b", (fun (q: PostgrestQuery) -> q.Eq("v", "a,b")), "v=eq.a,b"
        "a,b in", (fun q -> q.In("v", [ "a,b" ])), "v=in.(%22a,b%22)"
        "a,b or",
        (fun q -> q.Or([ Conditions.Col("v").Eq("a,b"); Conditions.Col("id").IsNull() ])),
        "or=(v.eq.%22a,b%22,id.is.null)"
        "a.b", (fun q -> q.Eq("v", "a.b")), "v=eq.a.b"
        "query literals stay raw", (fun q -> q.Eq("v", "!$()*,/:@")), "v=eq.!$()*,/:@"
        "a?b", (fun q -> q.Eq("v", "a?b")), "v=eq.a%3Fb"
        "it's", (fun q -> q.Eq("v", "it's")), "v=eq.it%27s"
        "a=b", (fun q -> q.Eq("v", "a=b")), "v=eq.a%3Db"
        "[x]", (fun q -> q.Eq("v", "[x]")), "v=eq.%5Bx%5D"
        "a+b", (fun q -> q.Eq("v", "a+b")), "v=eq.a%2Bb"
        "a&b", (fun q -> q.Eq("v", "a&b")), "v=eq.a%26b"
        "a;b", (fun q -> q.Eq("v", "a;b")), "v=eq.a%3Bb"
        "a#b", (fun q -> q.Eq("v", "a#b")), "v=eq.a%23b"
        "50%", (fun q -> q.Eq("v", "50%")), "v=eq.50%25"
        "a%2Bb", (fun q -> q.Eq("v", "a%2Bb")), "v=eq.a%252Bb"
        "emoji", (fun q -> q.Eq("v", "😀")), "v=eq.%F0%9F%98%80"
        "empty eq", (fun q -> q.Eq("v", "")), "v=eq."
        "\"q\" eq is not quoted", (fun q -> q.Eq("v", "\"q\"")), "v=eq.%22q%22"
        "a\"b in", (fun q -> q.In("v", [ "a\"b" ])), "v=in.(%22a%5C%22b%22)"
        "p\\\"q in", (fun q -> q.In("v", [ "p\\\"q" ])), "v=in.(%22p%5C%5C%5C%22q%22)"
        " lead in", (fun q -> q.In("v", [ " lead" ])), "v=in.(%22%20lead%22)"
        "a)b in", (fun q -> q.In("v", [ "a)b" ])), "v=in.(%22a)b%22)"
        "lone empty string in", (fun q -> q.In("v", [ "" ])), "v=in.(%22%22,%22%22)"
        "empty string and abc in", (fun q -> q.In("v", [ ""; "abc" ])), "v=in.(%22%22,%22abc%22)"
        "two empty strings in", (fun q -> q.In("v", [ ""; "" ])), "v=in.(%22%22,%22%22)"
        "empty in-list", (fun q -> q.In("v", Array.empty<string>)), "v=in.()"
        "\"q\" or",
        (fun q -> q.Or([ Conditions.Col("v").Eq("\"q\""); Conditions.Col("id").IsNull() ])),
        "or=(v.eq.%22%5C%22q%5C%22%22,id.is.null)"
        "x\"y,z or",
        (fun q -> q.Or([ Conditions.Col("v").Eq("x\"y,z"); Conditions.Col("id").IsNull() ])),
        "or=(v.eq.%22x%5C%22y,z%22,id.is.null)"
        "empty or",
        (fun q -> q.Or([ Conditions.Col("v").Eq(""); Conditions.Col("id").IsNull() ])),
        "or=(v.eq.%22%22,id.is.null)"
        "{c} or",
        (fun q -> q.Or([ Conditions.Col("v").Eq("{c}"); Conditions.Col("id").IsNull() ])),
        "or=(v.eq.%22%7Bc%7D%22,id.is.null)"
    ]
    |> List.map (fun (name, build, expected) ->
        test $"literal: {name}" { Expect.equal (pathOf (build (baseQuery ()))) (prefix + expected) name })

[<Tests>]
let tests =
    testList
        "Unit.EncodingMatrix"
        [
            test "the matrix holds the 35 values of §1.4" {
                Expect.equal (List.length matrix) 35 "35 rows"

                Expect.equal
                    (matrix |> List.map (fun (_, v, _, _, _) -> v) |> List.distinct |> List.length)
                    35
                    "distinct"
            }
            testList "rows" rowTests
            testList "literals" literalTests
        ]
