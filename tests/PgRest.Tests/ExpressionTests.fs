/// Typed predicates and selectors (PostgrestExpressions) rendered to the same filters as their string forms.
module PgRest.Tests.ExpressionTests

open System
open System.Linq.Expressions
open System.Text.Json.Serialization
open Expecto
open PgRest
open PgRest.FSharp
open PgRest.Tests.Support

type Book =
    {
        Id: int
        Title: string
        Year: int
        AuthorId: int option
        Active: bool
        [<JsonPropertyName("Full Name")>]
        FullName: string
    }

/// F# converts a lambda to an expression tree only for a method argument of that type.
type private E =
    static member P(e: Expression<Func<Book, bool>>) = e
    static member S(e: Expression<Func<Book, 'T>>) = e

let private filtered (e: Expression<Func<Book, bool>>) =
    pathOf (PostgrestQuery.From("books").Where(PostgrestExpressions.ToCondition e))

let private same (typed: Expression<Func<Book, bool>>) (condition: Condition) =
    Expect.equal (filtered typed) (pathOf (PostgrestQuery.From("books").Where condition)) "typed = string form"

let private col = Conditions.Col

[<Tests>]
let tests =
    testList
        "Unit.Expressions"
        [
            test "comparisons of a field with a value" {
                same (E.P(fun b -> b.Year > 2000)) (col("year").Gt 2000)
                same (E.P(fun b -> b.Year >= 2000)) (col("year").Gte 2000)
                same (E.P(fun b -> b.Year < 2000)) (col("year").Lt 2000)
                same (E.P(fun b -> b.Year <= 2000)) (col("year").Lte 2000)
                same (E.P(fun b -> b.Title = "Mort")) (col("title").Eq "Mort")
                same (E.P(fun b -> b.Title <> "Mort")) (col("title").Neq "Mort")
            }

            test "a value on the left flips the operator" {
                same (E.P(fun b -> 2000 < b.Year)) (col("year").Gt 2000)
                same (E.P(fun b -> 2000 >= b.Year)) (col("year").Lte 2000)
            }

            test "captured variables are evaluated when the query is built" {
                let year = 1970
                let titles = [ "a,b"; "Mort" ]
                same (E.P(fun b -> b.Year > year + 1)) (col("year").Gt 1971)
                same (E.P(fun b -> List.contains b.Title titles)) (col("title").In(titles))
            }

            test "and, or, not build the same trees" {
                same
                    (E.P(fun b -> b.Year > 1970 && (b.Title = "Mort" || not (b.Active))))
                    (Conditions.And
                        [
                            col("year").Gt 1970
                            Conditions.Or [ col("title").Eq "Mort"; col("active").Eq(true).Negate() ]
                        ])
            }

            test "a boolean field is eq.true (a NULL stays unknown under not)" {
                same (E.P(fun b -> b.Active)) (col("active").Eq true)
            }

            test "options: None, Some, IsSome, IsNone" {
                same (E.P(fun b -> b.AuthorId = None)) (col("author_id").IsNull())
                same (E.P(fun b -> b.AuthorId <> None)) (col("author_id").IsNull().Negate())
                same (E.P(fun b -> b.AuthorId = Some 2)) (col("author_id").Eq 2)
                same (E.P(fun b -> b.AuthorId.IsSome)) (col("author_id").IsNull().Negate())
                same (E.P(fun b -> b.AuthorId.IsNone)) (col("author_id").IsNull())
            }

            test "F# options are their value wherever a value is formatted (one rule, in the core)" {
                let expected = pathOf (PostgrestQuery.From("books").Eq("year", 5))
                Expect.equal (pathOf (PostgrestQuery.From("books").Eq("year", Some 5))) expected "C# API, Some"
                Expect.equal (pathOf (PostgrestQuery.From("books").Where(Filter.eq "year" (Some 5)))) expected "Filter"
                Expect.equal (pathOf (PostgrestQuery.From("books").Eq("year", ValueSome 5))) expected "ValueSome"

                Expect.equal
                    (pathOf (PostgrestQuery.From("books").Contains("tags", [ Some "a"; None ])))
                    (pathOf (PostgrestQuery.From("books").Contains("tags", [| box "a"; null |])))
                    "array elements: Some is the value, None is NULL"
            }

            test "StartsWith, EndsWith and Contains become an escaped regular expression" {
                same
                    (E.P(fun b -> b.Title.StartsWith("a.b*", StringComparison.Ordinal)))
                    (col("title").Match "^a\\.b\\*")

                same (E.P(fun b -> b.Title.EndsWith("(x)", StringComparison.Ordinal))) (col("title").Match "\\(x\\)$")
                same (E.P(fun b -> b.Title.Contains "50%")) (col("title").Match "50%")
            }

            test "marker functions: like, ilike, isIn" {
                same (E.P(fun b -> like b.Title "Mo*")) (col("title").Like "Mo*")
                same (E.P(fun b -> ilike b.Title "mo*")) (col("title").ILike "mo*")
                same (E.P(fun b -> isIn b.Id [ 1; 2 ])) (col("id").In [ 1; 2 ])
            }

            test "columns: snake_case by default, JsonPropertyName when given (quoted when needed)" {
                same (E.P(fun b -> b.AuthorId = Some 1)) (col("author_id").Eq 1)
                same (E.P(fun b -> b.FullName = "Ann")) (col("Full Name").Eq "Ann")
                Expect.stringContains (filtered (E.P(fun b -> b.FullName = "Ann"))) "%22Full%20Name%22=eq.Ann" "quoted"
            }

            test "selectors name one field or several" {
                Expect.equal (List.ofSeq (PostgrestExpressions.ToColumns(E.S(fun b -> b.Title)))) [ "title" ] "one"

                Expect.equal
                    (List.ofSeq (PostgrestExpressions.ToColumns(E.S(fun b -> (b.Id, b.FullName)))))
                    [ "id"; "Full Name" ]
                    "a tuple"
            }

            test "an unsupported expression is refused with its text in the message" {
                let e =
                    Expect.throwsT<NotSupportedException>
                        (fun () -> PostgrestExpressions.ToCondition(E.P(fun b -> b.Title.Length > 3)) |> ignore)
                        "Length has no PostgREST form"

                ()
            }

            test "the message names the expression" {
                try
                    PostgrestExpressions.ToCondition(E.P(fun b -> b.Title.Length > 3)) |> ignore
                    failtest "expected NotSupportedException"
                with :? NotSupportedException as e ->
                    Expect.stringContains e.Message "Length" "names the member used"
            }

            test "comparing with null other than = and <> is refused" {
                Expect.throwsT<NotSupportedException>
                    (fun () -> PostgrestExpressions.ToCondition(E.P(fun b -> b.AuthorId > None)) |> ignore)
                    "> None"
            }
        ]
