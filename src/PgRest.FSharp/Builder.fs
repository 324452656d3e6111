namespace PgRest.FSharp

open System
open System.Linq.Expressions
open PgRest

/// A typed table source for `for row in table<Book> "books" do …` blocks.
type Table<'Row> = internal { Name: string }

/// The state of a `pgrest { }` block: the query built so far (none until `from`, `rpc` or `for`).
/// 'Row is the row type of a typed block (unit for a string-form block).
type QueryDraft<'Row> = internal { Query: PostgrestQuery voption }

/// Typed table sources and marker functions recognised inside typed `where` expressions.
[<AutoOpen>]
module TypedSources =

    /// A typed table: `for b in table<Book> "books" do where (b.Year > 2000)`.
    let table<'Row> (name: string) : Table<'Row> = { Name = name }

    /// Marker for `like` inside a typed `where`: `where (like b.Title "Earth*")`. Not callable elsewhere.
    let like (_column: string) (_pattern: string) : bool =
        invalidOp "'like' is a marker for typed pgrest queries; it cannot be called directly."

    /// Marker for `ilike` inside a typed `where`.
    let ilike (_column: string) (_pattern: string) : bool =
        invalidOp "'ilike' is a marker for typed pgrest queries; it cannot be called directly."

    /// Marker for `in` inside a typed `where`: `where (isIn b.Id [1; 2; 3])`.
    let isIn (_column: 'a) (_values: 'a seq) : bool =
        invalidOp "'isIn' is a marker for typed pgrest queries; it cannot be called directly."

/// The `pgrest { }` computation expression. It holds no state: every operation returns a new QueryDraft, and the
/// block produces an immutable `PostgrestQuery` (nothing is sent). Custom operations cannot sit inside `if`
/// (FS3086): use `whereIf`.
type PgrestBuilder() =

    static let start (draft: QueryDraft<'Row>) =
        match draft.Query with
        | ValueSome q -> q
        | ValueNone -> invalidOp "A pgrest block starts with 'from', 'rpc' or 'for … in table<_> … do'."

    static let apply (draft: QueryDraft<'Row>) (f: PostgrestQuery -> PostgrestQuery) : QueryDraft<'Row> =
        { Query = ValueSome(f (start draft)) }

    member _.Yield(_: 'Row) : QueryDraft<'Row> = { Query = ValueNone }

    member _.Zero() : QueryDraft<unit> = { Query = ValueNone }

    member _.For(source: Table<'Row>, _body: 'Row -> QueryDraft<'Row>) : QueryDraft<'Row> =
        { Query = ValueSome(PostgrestQuery.From source.Name) }

    /// Produces the query.
    member _.Run(draft: QueryDraft<'Row>) : PostgrestQuery = start draft

    /// Reads a table or view.
    [<CustomOperation("from", MaintainsVariableSpace = true)>]
    member _.From(_: QueryDraft<'Row>, [<ProjectionParameter>] table: 'Row -> string) : QueryDraft<'Row> =
        { Query = ValueSome(PostgrestQuery.From(table Unchecked.defaultof<'Row>)) }

    /// Extends an existing query (a base query shared by several blocks).
    [<CustomOperation("from", MaintainsVariableSpace = true)>]
    member _.From(_: QueryDraft<'Row>, [<ProjectionParameter>] query: 'Row -> PostgrestQuery) : QueryDraft<'Row> =
        { Query = ValueSome(query Unchecked.defaultof<'Row>) }

    /// Calls a function with named arguments (POST).
    [<CustomOperation("rpc", MaintainsVariableSpace = true)>]
    member _.Rpc(_: QueryDraft<'Row>, name: string, args: obj) : QueryDraft<'Row> =
        { Query = ValueSome(PostgrestQuery.Rpc(name, args)) }

    /// Calls a read-only function with GET (arguments in the query string).
    [<CustomOperation("rpcGet", MaintainsVariableSpace = true)>]
    member _.RpcGet(_: QueryDraft<'Row>, name: string, args: obj) : QueryDraft<'Row> =
        { Query = ValueSome(PostgrestQuery.Rpc(name, args, RpcMethod.Get)) }

    /// Calls a read-only function with HEAD.
    [<CustomOperation("rpcHead", MaintainsVariableSpace = true)>]
    member _.RpcHead(_: QueryDraft<'Row>, name: string, args: obj) : QueryDraft<'Row> =
        { Query = ValueSome(PostgrestQuery.Rpc(name, args, RpcMethod.Head)) }

    /// Selects columns in PostgREST syntax.
    [<CustomOperation("select", MaintainsVariableSpace = true)>]
    member _.Select(draft: QueryDraft<'Row>, [<ProjectionParameter>] columns: 'Row -> string) =
        apply draft (fun q -> q.Select(columns Unchecked.defaultof<'Row>))

    /// Selects a list of entries.
    [<CustomOperation("select", MaintainsVariableSpace = true)>]
    member _.Select(draft: QueryDraft<'Row>, [<ProjectionParameter>] columns: 'Row -> string list) =
        apply draft (fun q -> q.Select(List.toArray (columns Unchecked.defaultof<'Row>)))

    /// Selects structured entries.
    [<CustomOperation("select", MaintainsVariableSpace = true)>]
    member _.Select(draft: QueryDraft<'Row>, [<ProjectionParameter>] items: 'Row -> SelectItem list) =
        apply draft (fun q -> q.Select(List.toArray (items Unchecked.defaultof<'Row>)))

    /// Selects row fields: `select (b.Title, b.Year)`.
    [<CustomOperation("select", MaintainsVariableSpace = true)>]
    member _.Select(draft: QueryDraft<'Row>, [<ProjectionParameter>] fields: Expression<Func<'Row, 'Value>>) =
        apply draft (fun q -> q.Select(PostgrestExpressions.ToColumns fields |> Seq.toArray))

    /// Adds a condition.
    [<CustomOperation("where", MaintainsVariableSpace = true)>]
    member _.Where(draft: QueryDraft<'Row>, [<ProjectionParameter>] condition: 'Row -> Condition) =
        apply draft (fun q -> q.Where(condition Unchecked.defaultof<'Row>))

    /// Adds a typed condition: `where (b.Year > 2000 && b.Title <> "x")`.
    [<CustomOperation("where", MaintainsVariableSpace = true)>]
    member _.Where(draft: QueryDraft<'Row>, [<ProjectionParameter>] predicate: Expression<Func<'Row, bool>>) =
        apply draft (fun q -> q.Where(PostgrestExpressions.ToCondition predicate))

    /// Adds a condition when the flag is true.
    [<CustomOperation("whereIf", MaintainsVariableSpace = true)>]
    member _.WhereIf(draft: QueryDraft<'Row>, flag: bool, [<ProjectionParameter>] condition: 'Row -> Condition) =
        apply draft (fun q -> if flag then q.Where(condition Unchecked.defaultof<'Row>) else q)

    /// Adds a condition on the rows of an embedded resource: `whereOn "books" (Filter.gt "year" 1980)`.
    [<CustomOperation("whereOn", MaintainsVariableSpace = true)>]
    member _.WhereOn(draft: QueryDraft<'Row>, referencedTable: string, condition: Condition) =
        apply draft (fun q -> q.Where(condition, referencedTable))

    /// Orders ascending by a column.
    [<CustomOperation("orderBy", MaintainsVariableSpace = true)>]
    member _.OrderBy(draft: QueryDraft<'Row>, [<ProjectionParameter>] column: 'Row -> string) =
        apply draft (fun q -> q.Order(column Unchecked.defaultof<'Row>))

    /// Orders ascending by a row field.
    [<CustomOperation("orderBy", MaintainsVariableSpace = true)>]
    member _.OrderBy(draft: QueryDraft<'Row>, [<ProjectionParameter>] field: Expression<Func<'Row, 'Key>>) =
        apply draft (fun q -> q.Order(Seq.exactlyOne (PostgrestExpressions.ToColumns field)))

    /// Orders descending by a column.
    [<CustomOperation("orderByDescending", MaintainsVariableSpace = true)>]
    member _.OrderByDescending(draft: QueryDraft<'Row>, [<ProjectionParameter>] column: 'Row -> string) =
        apply draft (fun q -> q.Order(column Unchecked.defaultof<'Row>, false))

    /// Orders descending by a row field.
    [<CustomOperation("orderByDescending", MaintainsVariableSpace = true)>]
    member _.OrderByDescending
        (draft: QueryDraft<'Row>, [<ProjectionParameter>] field: Expression<Func<'Row, 'Key>>)
        =
        apply draft (fun q -> q.Order(Seq.exactlyOne (PostgrestExpressions.ToColumns field), false))

    /// A further ascending order term (same as orderBy: terms apply in the order written).
    [<CustomOperation("thenBy", MaintainsVariableSpace = true)>]
    member _.ThenBy(draft: QueryDraft<'Row>, [<ProjectionParameter>] column: 'Row -> string) =
        apply draft (fun q -> q.Order(column Unchecked.defaultof<'Row>))

    /// A further ascending order term by a row field.
    [<CustomOperation("thenBy", MaintainsVariableSpace = true)>]
    member _.ThenBy(draft: QueryDraft<'Row>, [<ProjectionParameter>] field: Expression<Func<'Row, 'Key>>) =
        apply draft (fun q -> q.Order(Seq.exactlyOne (PostgrestExpressions.ToColumns field)))

    /// A further descending order term.
    [<CustomOperation("thenByDescending", MaintainsVariableSpace = true)>]
    member _.ThenByDescending(draft: QueryDraft<'Row>, [<ProjectionParameter>] column: 'Row -> string) =
        apply draft (fun q -> q.Order(column Unchecked.defaultof<'Row>, false))

    /// A further descending order term by a row field.
    [<CustomOperation("thenByDescending", MaintainsVariableSpace = true)>]
    member _.ThenByDescending
        (draft: QueryDraft<'Row>, [<ProjectionParameter>] field: Expression<Func<'Row, 'Key>>)
        =
        apply draft (fun q -> q.Order(Seq.exactlyOne (PostgrestExpressions.ToColumns field), false))

    /// An order term with explicit direction and NULLs placement.
    [<CustomOperation("orderWith", MaintainsVariableSpace = true)>]
    member _.OrderWith(draft: QueryDraft<'Row>, column: string, ascending: bool, nulls: NullsOrder) =
        apply draft (fun q -> q.Order(column, ascending, nulls))

    /// Orders the rows of an embedded resource.
    [<CustomOperation("orderOn", MaintainsVariableSpace = true)>]
    member _.OrderOn(draft: QueryDraft<'Row>, referencedTable: string, column: string, ascending: bool) =
        apply draft (fun q -> q.Order(column, ascending, NullsOrder.Default, referencedTable))

    /// At most n rows.
    [<CustomOperation("limit", MaintainsVariableSpace = true)>]
    member _.Limit(draft: QueryDraft<'Row>, count: int64) = apply draft (fun q -> q.Limit count)

    /// At most n rows of an embedded resource per parent row.
    [<CustomOperation("limitOn", MaintainsVariableSpace = true)>]
    member _.LimitOn(draft: QueryDraft<'Row>, referencedTable: string, count: int64) =
        apply draft (fun q -> q.Limit(count, referencedTable))

    /// Skips n rows.
    [<CustomOperation("offset", MaintainsVariableSpace = true)>]
    member _.Offset(draft: QueryDraft<'Row>, count: int64) = apply draft (fun q -> q.Offset count)

    /// Rows first..last, inclusive and zero-based.
    [<CustomOperation("range", MaintainsVariableSpace = true)>]
    member _.Range(draft: QueryDraft<'Row>, first: int64, last: int64) =
        apply draft (fun q -> q.Range(first, last))

    /// Asks for the total count of matching rows.
    [<CustomOperation("count", MaintainsVariableSpace = true)>]
    member _.Count(draft: QueryDraft<'Row>, method: CountMethod) = apply draft (fun q -> q.WithCount method)

    /// Exactly one row as an object.
    [<CustomOperation("single", MaintainsVariableSpace = true)>]
    member _.Single(draft: QueryDraft<'Row>) = apply draft (fun q -> q.Single())

    /// At most one row.
    [<CustomOperation("maybeSingle", MaintainsVariableSpace = true)>]
    member _.MaybeSingle(draft: QueryDraft<'Row>) = apply draft (fun q -> q.MaybeSingle())

    /// CSV output.
    [<CustomOperation("csv", MaintainsVariableSpace = true)>]
    member _.Csv(draft: QueryDraft<'Row>) = apply draft (fun q -> q.Csv())

    /// GeoJSON output.
    [<CustomOperation("geoJson", MaintainsVariableSpace = true)>]
    member _.GeoJson(draft: QueryDraft<'Row>) = apply draft (fun q -> q.GeoJson())

    /// The execution plan instead of the rows.
    [<CustomOperation("explain", MaintainsVariableSpace = true)>]
    member _.Explain(draft: QueryDraft<'Row>, options: ExplainOptions) = apply draft (fun q -> q.Explain options)

    /// HEAD instead of GET.
    [<CustomOperation("head", MaintainsVariableSpace = true)>]
    member _.Head(draft: QueryDraft<'Row>) = apply draft (fun q -> q.Head())

    /// Rolls the transaction back after the request (a dry run).
    [<CustomOperation("rollback", MaintainsVariableSpace = true)>]
    member _.Rollback(draft: QueryDraft<'Row>) =
        apply draft (fun q -> q.RollbackTransaction())

    /// Uses another schema for this request.
    [<CustomOperation("schema", MaintainsVariableSpace = true)>]
    member _.Schema(draft: QueryDraft<'Row>, name: string) = apply draft (fun q -> q.Schema name)

    /// Adds a request header.
    [<CustomOperation("header", MaintainsVariableSpace = true)>]
    member _.Header(draft: QueryDraft<'Row>, name: string, value: string) =
        apply draft (fun q -> q.Header(name, value))

    /// Overrides the client's timeout for this request.
    [<CustomOperation("timeout", MaintainsVariableSpace = true)>]
    member _.Timeout(draft: QueryDraft<'Row>, timeout: TimeSpan) = apply draft (fun q -> q.Timeout timeout)

    /// Inserts one row, or several when given a list.
    [<CustomOperation("insert", MaintainsVariableSpace = true)>]
    member _.Insert(draft: QueryDraft<'Row>, values: 'Value) = apply draft (fun q -> q.Insert values)

    /// Inserts rows; columns a row leaves out get their DEFAULT.
    [<CustomOperation("insertWithDefaults", MaintainsVariableSpace = true)>]
    member _.InsertWithDefaults(draft: QueryDraft<'Row>, values: 'Value) =
        apply draft (fun q -> q.Insert(values, true))

    /// Inserts, or updates rows colliding on the primary key.
    [<CustomOperation("upsert", MaintainsVariableSpace = true)>]
    member _.Upsert(draft: QueryDraft<'Row>, values: 'Value) = apply draft (fun q -> q.Upsert values)

    /// Inserts, or updates rows colliding on the given unique columns.
    [<CustomOperation("upsertOn", MaintainsVariableSpace = true)>]
    member _.UpsertOn(draft: QueryDraft<'Row>, onConflict: string, values: 'Value) =
        apply draft (fun q -> q.Upsert(values, onConflict))

    /// Inserts, skipping rows that collide on the given unique columns.
    [<CustomOperation("insertIgnoringDuplicates", MaintainsVariableSpace = true)>]
    member _.InsertIgnoringDuplicates(draft: QueryDraft<'Row>, onConflict: string, values: 'Value) =
        apply draft (fun q -> q.Upsert(values, onConflict, true))

    /// Updates the rows matched by the block's conditions.
    [<CustomOperation("update", MaintainsVariableSpace = true)>]
    member _.Update(draft: QueryDraft<'Row>, values: 'Value) = apply draft (fun q -> q.Update values)

    /// Deletes the rows matched by the block's conditions.
    [<CustomOperation("delete", MaintainsVariableSpace = true)>]
    member _.Delete(draft: QueryDraft<'Row>) = apply draft (fun q -> q.Delete())

    /// What a write returns.
    [<CustomOperation("returning", MaintainsVariableSpace = true)>]
    member _.Returning(draft: QueryDraft<'Row>, mode: ReturnMode) = apply draft (fun q -> q.Returning mode)

/// The `pgrest` builder instance.
[<AutoOpen>]
module PgrestBuilderInstance =

    /// Builds an immutable `PostgrestQuery`: `pgrest { from "books"; where (Filter.gt "year" 2000); limit 10L }`.
    let pgrest = PgrestBuilder()
