/// Where the time of a typed F# `where` goes (issue 16, part C): the same predicate as `Parts.ceTypedWhere`, step
/// by step. The F# compiler turns `where (b.Year >= 1970)` into `QuotationToLambdaExpression <@ … @>` at the call
/// site: the quotation literal is rebuilt (deserialized) and converted to a LINQ tree on every evaluation of the
/// block, before PgRest is called.
module PgRest.Benchmarks.FSharpQueries.TypedWhere

open System
open System.Linq.Expressions
open Microsoft.FSharp.Quotations
open Microsoft.FSharp.Linq.RuntimeHelpers
open PgRest
open PgRest.Benchmarks.FSharpQueries.TypicalQuery

/// The quotation literal alone (what the compiler evaluates first).
let quotationOnly () : Expr<Func<Book, bool>> =
    <@ Func<Book, bool>(fun b -> b.Year >= 1970) @>

/// The quotation and its conversion to the LINQ tree the builder receives (the compiler's conversion).
let quotationToLinq () : Expression<Func<Book, bool>> =
    LeafExpressionConverter.QuotationToLambdaExpression <@ Func<Book, bool>(fun b -> b.Year >= 1970) @>

let private tree = quotationToLinq ()

/// PgRest's own part: translating a ready LINQ tree into a condition.
let translateOnly () : Condition = PostgrestExpressions.ToCondition tree
