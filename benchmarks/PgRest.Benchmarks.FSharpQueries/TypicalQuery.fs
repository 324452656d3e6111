/// The benchmarks' typical query (table, select with an embed, five filters including an `in` list with
/// PostgREST-reserved characters, two order terms, a limit), written the F# ways. It must render exactly like
/// `PgRest.Benchmarks.TypicalQuery.CSharpChain`; the benchmark project checks that before measuring.
module PgRest.Benchmarks.FSharpQueries.TypicalQuery

open PgRest
open PgRest.FSharp

/// The `in` list: a comma, a value wrapped in double quotes, a closing parenthesis.
let inValues = [ "a,b"; "\"q\""; "x)y" ]

/// The query built with the `pgrest { }` computation expression.
let computationExpression () : PostgrestQuery =
    pgrest {
        from "books"
        select "id,title,year,author:authors(name,country)"
        where (Filter.gte "year" 1970)
        where (Filter.lt "year" 2000)
        where (Filter.isIn "title" inValues)
        where (Filter.ilike "title" "*earth*")
        where (Filter.neq "author_id" 3)
        orderByDescending "year"
        thenBy "id"
        limit 20L
    }

/// The same query built with the `Query` pipeline functions (no expression trees involved).
let pipeline () : PostgrestQuery =
    Query.from "books"
    |> Query.select "id,title,year,author:authors(name,country)"
    |> Query.where (Filter.gte "year" 1970)
    |> Query.where (Filter.lt "year" 2000)
    |> Query.where (Filter.isIn "title" inValues)
    |> Query.where (Filter.ilike "title" "*earth*")
    |> Query.where (Filter.neq "author_id" 3)
    |> Query.orderByDescending "year"
    |> Query.orderBy "id"
    |> Query.limit 20L

/// A row type for the typed-block measurement.
type Book = { Id: int; Title: string; Year: int }

/// Single operations, to attribute the cost of the computation expression (see ComponentBenchmarks).
module Parts =

    /// `from` + one `where` with a `Filter` condition (an untyped block).
    let ceWhere () : PostgrestQuery =
        pgrest {
            from "books"
            where (Filter.gte "year" 1970)
        }

    /// `from` + `select` with a select string (an untyped block).
    let ceSelect () : PostgrestQuery =
        pgrest {
            from "books"
            select "id,title"
        }

    /// `from` + `limit` (a plain parameter).
    let ceLimit () : PostgrestQuery =
        pgrest {
            from "books"
            limit 20L
        }

    /// The pipeline equivalent of `ceWhere`.
    let pipelineWhere () : PostgrestQuery =
        Query.from "books" |> Query.where (Filter.gte "year" 1970)

    /// A typed block: `for b in table<Book> … do where (b.Year >= 1970)`; the predicate is an expression tree
    /// that PostgrestExpressions translates, so it costs more than a `Filter` condition by design.
    let ceTypedWhere () : PostgrestQuery =
        pgrest {
            for b in table<Book> "books" do
                where (b.Year >= 1970)
        }
