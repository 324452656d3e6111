/// Reading PostgREST error bodies (reference §11) and the Content-Range header (reference §6).
module PgRest.Tests.ErrorParsingTests

open System
open System.Text
open System.Text.Json
open Expecto
open PgRest

let parse (status: int) (body: string) =
    PostgrestError.Parse(status, ReadOnlySpan(Encoding.UTF8.GetBytes body))

/// The fields of an error as comparable values.
let fields (e: PostgrestError) =
    e.Status, Option.ofObj e.Code, e.Message, Option.ofObj e.Details, Option.ofObj e.Hint, Option.ofObj e.BodySnippet

let pgrst201Details =
    """[{"cardinality":"many-to-one","embedding":"books with authors","relationship":"books_author_id_fkey using books(author_id) and authors(id)"},{"cardinality":"many-to-one","embedding":"books with authors","relationship":"books_editor_id_fkey using books(editor_id) and authors(id)"}]"""

let errorTests =
    testList
        "PostgrestError.Parse"
        [
            test "PostgREST's JSON shape with hint null (doc §11)" {
                let e =
                    parse
                        406
                        """{"code":"PGRST116","details":"The result contains 0 rows","hint":null,"message":"JSON object requested, multiple (or no) rows returned"}"""

                Expect.equal
                    (fields e)
                    (406,
                     Some "PGRST116",
                     "JSON object requested, multiple (or no) rows returned",
                     Some "The result contains 0 rows",
                     None,
                     None)
                    ""
            }

            test "details as an array are kept as the raw JSON text (PGRST201)" {
                let body =
                    $"""{{"code":"PGRST201","details":{pgrst201Details},"hint":"Try changing 'authors' to one of the following: 'authors!books_author_id_fkey', 'authors!books_editor_id_fkey'.","message":"Could not embed because more than one relationship was found for 'books' and 'authors'"}}"""

                let e = parse 300 body
                Expect.equal e.Status 300 "status"
                Expect.equal e.Code "PGRST201" "code"
                Expect.equal e.Details pgrst201Details "raw JSON text, unchanged"

                use doc = JsonDocument.Parse(nonNull e.Details)
                Expect.equal (doc.RootElement.GetArrayLength()) 2 "the text parses back to the array"

                Expect.equal
                    e.Hint
                    "Try changing 'authors' to one of the following: 'authors!books_author_id_fkey', 'authors!books_editor_id_fkey'."
                    "hint"

                Expect.isNull e.BodySnippet "no snippet for a PostgREST error"
            }

            test "whitespace inside a non-string details value is kept as sent" {
                let e =
                    parse 400 """{"code":"X","message":"m","details":[1, 2],"hint":{"a" : true}}"""

                Expect.equal e.Details "[1, 2]" "array"
                Expect.equal e.Hint "{\"a\" : true}" "object"
            }

            test "a PostgreSQL error with details and hint from RAISE (P0001)" {
                let e =
                    parse 400 """{"code":"P0001","details":"the detail","hint":"the hint","message":"custom failure"}"""

                Expect.equal
                    (fields e)
                    (400, Some "P0001", "custom failure", Some "the detail", Some "the hint", None)
                    ""
            }

            test "a custom status from PTnnn (doc §11: PT402 -> HTTP 402)" {
                let e =
                    parse 402 """{"code":"PT402","details":"d","hint":"h","message":"Payment required"}"""

                Expect.equal (e.Status, e.Code, e.Message) (402, "PT402", "Payment required") ""
            }

            test "only a message, or only a code" {
                Expect.equal (fields (parse 400 """{"message":"m"}""")) (400, None, "m", None, None, None) "message"

                Expect.equal
                    (fields (parse 400 """{"code":"42703"}"""))
                    (400, Some "42703", "", None, None, None)
                    "code"

                Expect.equal
                    (fields (parse 400 """{"code":null,"message":"m"}"""))
                    (400, None, "m", None, None, None)
                    "null code"
            }

            test "an HTML page from a proxy" {
                let html =
                    "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>"

                let e = parse 502 html

                Expect.equal
                    (fields e)
                    (502, None, "HTTP 502 with a body that is not a PostgREST error", None, None, Some html)
                    ""
            }

            test "plain text (doc §11: invalid UTF-8 in the URL gives 500 text/plain)" {
                let e = parse 500 "Something went wrong"

                Expect.equal
                    (fields e)
                    (500,
                     None,
                     "HTTP 500 with a body that is not a PostgREST error",
                     None,
                     None,
                     Some "Something went wrong")
                    ""
            }

            test "an empty body" {
                let e = parse 503 ""
                Expect.equal (fields e) (503, None, "HTTP 503 with an empty body", None, None, Some "") ""
            }

            test "{} (doc §11: 12.0.2 answers 404 {} for a POST to an unknown table)" {
                let e = parse 404 "{}"

                Expect.equal
                    (fields e)
                    (404, None, "HTTP 404 with a body that is not a PostgREST error", None, None, Some "{}")
                    ""
            }

            test "JSON that is not an error object" {
                for body in [ "[]"; "\"oops\""; "null"; "42"; """{"error":"x"}""" ] do
                    let e = parse 400 body
                    Expect.isNull e.Code $"no code for {body}"
                    Expect.equal e.BodySnippet body $"snippet for {body}"
            }

            test "truncated JSON" {
                let e = parse 400 """{"code":"PGRST1"""
                Expect.equal e.BodySnippet """{"code":"PGRST1""" "snippet"
                Expect.isNull e.Code "no code"
            }

            test "invalid UTF-8 never throws" {
                let e = PostgrestError.Parse(500, ReadOnlySpan([| 0xFFuy; 0xFEuy; 0x41uy |]))
                Expect.isNull e.Code "no code"
                Expect.stringContains (nonNull e.BodySnippet) "A" "decoded with replacement characters"
            }

            test "a long body is cut to 200 characters plus an ellipsis" {
                let body = String('x', 1000)
                let e = parse 500 body
                Expect.equal e.BodySnippet (String('x', 200) + "…") "snippet"
            }

            test "ToString has status, code, message, details and hint on one line" {
                let e =
                    parse
                        406
                        """{"code":"PGRST116","details":"The result contains 0 rows","hint":null,"message":"JSON object requested, multiple (or no) rows returned"}"""

                Expect.equal
                    (string e)
                    "406 PGRST116: JSON object requested, multiple (or no) rows returned (details: The result contains 0 rows)"
                    ""

                Expect.equal
                    (string (parse 502 "<html>x</html>"))
                    "502: HTTP 502 with a body that is not a PostgREST error [body: <html>x</html>]"
                    "non-JSON"
            }
        ]

let range (text: string | null) =
    ContentRange.Parse text |> Option.ofNullable

let some (from: int64 option) (last: int64 option) (total: int64 option) =
    Some(ContentRange(Option.toNullable from, Option.toNullable last, Option.toNullable total))

let contentRangeTests =
    testList
        "ContentRange.Parse"
        [
            test "rows and a total (doc §6: 0-2/25)" {
                Expect.equal (range "0-2/25") (some (Some 0L) (Some 2L) (Some 25L)) ""
            }

            test "an empty page with a total (doc §6: */25)" {
                Expect.equal (range "*/25") (some None None (Some 25L)) ""
            }

            test "rows without a total (doc §6: 0-24/*)" {
                Expect.equal (range "0-24/*") (some (Some 0L) (Some 24L) None) ""
            }

            test "an empty page without a total (doc §6: */*)" { Expect.equal (range "*/*") (some None None None) "" }

            test "a write's count (doc §7: */2) and a zero total (doc §6: */0)" {
                Expect.equal (range "*/2") (some None None (Some 2L)) "*/2"
                Expect.equal (range "*/0") (some None None (Some 0L)) "*/0"
            }

            test "TotalCount-sized numbers" {
                Expect.equal (range "5-7/9223372036854775807") (some (Some 5L) (Some 7L) (Some Int64.MaxValue)) ""
            }

            test "surrounding whitespace is tolerated" {
                Expect.equal (range " 0-2 / 25 ") (some (Some 0L) (Some 2L) (Some 25L)) ""
            }

            test "garbage is null" {
                for text in
                    [
                        Unchecked.defaultof<string>
                        ""
                        "abc"
                        "0-2"
                        "/"
                        "/25"
                        "a-b/25"
                        "-1-2/3"
                        "0-/5"
                        "-5/5"
                        "items 0-2/25"
                        "0-x/5"
                        "+0-2/5"
                    ] do
                    Expect.equal (range text) None $"{text}"
            }

            test "a garbage total makes the whole header unreadable (null), not an unknown total" {
                Expect.equal (range "0-2/abc") None "0-2/abc"
                Expect.equal (range "0-2/-1") None "0-2/-1"
                Expect.equal (range "*/abc") None "*/abc"
            }
        ]

[<Tests>]
let tests = testList "Unit.ErrorParsing" [ errorTests; contentRangeTests ]
