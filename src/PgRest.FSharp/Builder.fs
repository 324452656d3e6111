namespace PgRest.FSharp

open System
open System.Linq.Expressions
open PgRest

/// A typed table source for `for row in table<Book> "books" do …` blocks.
type Table<'Row> = internal { Name: string }

/// The state of a `pgrest { }` block: the query built so far (none until `from`, `rpc` or `for`).
/// 'Row is the row type of a typed block (unit for a string-form block).
type QueryDraft<'Row> =
    internal
        {
            Query: PostgrestQuery voption
        }

/// Typed table sources and marker functions recognised inside typed `where` expressions.
[<AutoOpen>]
module TypedSources =

    /// The arguments of a function that takes none: `rpc "noop" noArgs` (sent as `{}`).
    let noArgs: obj = Map.empty<string, obj>

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

/// Reads the projection lambdas of custom operations: either a value that does not use the row variable
/// (a column name, a condition), or row fields translated by the core's PostgrestExpressions.
module internal Projection =

    type private RowFinder(row: ParameterExpression) =
        inherit ExpressionVisitor()
        member val Found = false with get, set

        override this.VisitParameter(node) =
            if node = row then
                this.Found <- true

            base.VisitParameter node

    let usesRow (lambda: LambdaExpression) =
        let finder = RowFinder(lambda.Parameters[0])
        finder.Visit lambda.Body |> ignore
        finder.Found

    let rec private strip (e: Expression) =
        match e with
        | :? UnaryExpression as u when u.NodeType = ExpressionType.Convert -> strip u.Operand
        | e -> e

    /// The value of a projection that must not use the row variable. Literals (`orderBy "year"`, `select "id"`)
    /// are read directly; anything else is interpreted once.
    let evaluate (projection: Expression<Func<'Row, 'T>>) : 'T =
        match strip projection.Body with
        | :? ConstantExpression as c -> unbox<'T> c.Value
        | _ ->
            if usesRow projection then
                invalidOp (
                    $"'{projection.Body}' uses the row variable where a column name or value is expected; "
                    + "write a typed condition instead, e.g. where (b.Year > 2000)."
                )

            projection.Compile(preferInterpretation = true).Invoke(Unchecked.defaultof<'Row>)

    /// Calls a projection that builds a Condition with Filter functions. The row variable has no value while the
    /// block is built, so a projection that reads it is refused with a clear message.
    let condition (projection: 'Row -> Condition) : Condition =
        try
            projection Unchecked.defaultof<'Row>
        with :? NullReferenceException ->
            invalidOp
                "A Filter condition in a typed block cannot read the row variable; write a typed condition instead, e.g. where (b.Year > 2000)."

    /// One column: a row field, or a column name given as a string.
    let column (projection: Expression<Func<'Row, 'Key>>) : string =
        if usesRow projection then
            match List.ofSeq (PostgrestExpressions.ToColumns projection) with
            | [ single ] -> single
            | many -> invalidOp $"Expected one column, got {many.Length}: {projection.Body}"
        else
            match box (evaluate projection) with
            | :? string as name -> name
            | other -> invalidOp $"Expected a column name or a row field, got {other}"

    /// Select entries: row fields, a PostgREST select string, a list of strings or of SelectItem.
    let selectItems (projection: Expression<Func<'Row, 'Value>>) : SelectItem array =
        if usesRow projection then
            PostgrestExpressions.ToColumns projection
            |> Seq.map (fun c -> SelectItem.Column c)
            |> Seq.toArray
        else
            match box (evaluate projection) with
            | :? string as text -> [| SelectItem.Raw text |]
            | :? (string list) as entries -> entries |> List.map SelectItem.Raw |> List.toArray
            | :? (SelectItem list) as items -> List.toArray items
            | :? SelectItem as item -> [| item |]
            | other -> invalidOp $"select takes a string, a list of strings or SelectItems, or row fields; got {other}"

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
        {
            Query = ValueSome(PostgrestQuery.From source.Name)
        }

    /// Produces the query.
    member _.Run(draft: QueryDraft<'Row>) : PostgrestQuery = start draft

    /// Reads a table or view.
    [<CustomOperation("from", MaintainsVariableSpace = true)>]
    member _.From(_: QueryDraft<'Row>, [<ProjectionParameter>] table: 'Row -> string) : QueryDraft<'Row> =
        {
            Query = ValueSome(PostgrestQuery.From(table Unchecked.defaultof<'Row>))
        }

    /// Extends an existing query (a base query shared by several blocks).
    [<CustomOperation("from", MaintainsVariableSpace = true)>]
    member _.From(_: QueryDraft<'Row>, [<ProjectionParameter>] query: 'Row -> PostgrestQuery) : QueryDraft<'Row> =
        {
            Query = ValueSome(query Unchecked.defaultof<'Row>)
        }

    /// Calls a function with named arguments (POST).
    [<CustomOperation("rpc", MaintainsVariableSpace = true)>]
    member _.Rpc(_: QueryDraft<'Row>, name: string, args: obj) : QueryDraft<'Row> =
        {
            Query = ValueSome(PostgrestQuery.Rpc(name, args))
        }

    /// Calls a read-only function with GET (arguments in the query string).
    [<CustomOperation("rpcGet", MaintainsVariableSpace = true)>]
    member _.RpcGet(_: QueryDraft<'Row>, name: string, args: obj) : QueryDraft<'Row> =
        {
            Query = ValueSome(PostgrestQuery.Rpc(name, args, RpcMethod.Get))
        }

    /// Calls a read-only function with HEAD.
    [<CustomOperation("rpcHead", MaintainsVariableSpace = true)>]
    member _.RpcHead(_: QueryDraft<'Row>, name: string, args: obj) : QueryDraft<'Row> =
        {
            Query = ValueSome(PostgrestQuery.Rpc(name, args, RpcMethod.Head))
        }

    /// Selects columns with a select list in PostgREST syntax: `select "id,title,author:authors(name)"`.
    [<CustomOperation("select", MaintainsVariableSpace = true)>]
    member _.Select(draft: QueryDraft<unit>, [<ProjectionParameter>] columns: unit -> string) =
        apply draft (fun q -> q.Select(columns ()))

    /// Selects a list of entries: `select [ "id"; "title" ]`.
    [<CustomOperation("select", MaintainsVariableSpace = true)>]
    member _.Select(draft: QueryDraft<unit>, [<ProjectionParameter>] columns: unit -> string list) =
        apply draft (fun q -> q.Select(List.toArray (columns ())))

    /// Selects structured entries: `select [ SelectItem.Column "title"; SelectItem.Embed("authors") ]`.
    [<CustomOperation("select", MaintainsVariableSpace = true)>]
    member _.Select(draft: QueryDraft<unit>, [<ProjectionParameter>] items: unit -> SelectItem list) =
        apply draft (fun q -> q.Select(List.toArray (items ())))

    /// In a typed block: row fields (`select (b.Title, b.Year)`), or any of the forms above.
    [<CustomOperation("select", MaintainsVariableSpace = true)>]
    member _.Select(draft: QueryDraft<'Row>, [<ProjectionParameter>] columns: Expression<Func<'Row, 'Value>>) =
        apply draft (fun q -> q.Select(Projection.selectItems columns))

    /// Adds a condition built with `Filter` (it cannot use the row variable of a typed block).
    [<CustomOperation("where", MaintainsVariableSpace = true)>]
    member _.Where(draft: QueryDraft<'Row>, [<ProjectionParameter>] condition: 'Row -> Condition) =
        apply draft (fun q -> q.Where(Projection.condition condition))

    /// Adds a typed condition: `where (b.Year > 2000 && b.Title <> "x")`.
    [<CustomOperation("where", MaintainsVariableSpace = true)>]
    member _.Where(draft: QueryDraft<'Row>, [<ProjectionParameter>] predicate: Expression<Func<'Row, bool>>) =
        apply draft (fun q -> q.Where(PostgrestExpressions.ToCondition predicate))

    /// Adds a condition when the flag is true.
    [<CustomOperation("whereIf", MaintainsVariableSpace = true)>]
    member _.WhereIf(draft: QueryDraft<'Row>, flag: bool, [<ProjectionParameter>] condition: 'Row -> Condition) =
        apply draft (fun q -> if flag then q.Where(Projection.condition condition) else q)

    /// Adds a condition on the rows of an embedded resource: `whereOn "books" (Filter.gt "year" 1980)`.
    [<CustomOperation("whereOn", MaintainsVariableSpace = true)>]
    member _.WhereOn(draft: QueryDraft<'Row>, referencedTable: string, condition: Condition) =
        apply draft (fun q -> q.Where(condition, referencedTable))

    /// Orders ascending order term by a column name: `orderBy "year"`.
    [<CustomOperation("orderBy", MaintainsVariableSpace = true)>]
    member _.OrderBy(draft: QueryDraft<unit>, [<ProjectionParameter>] column: unit -> string) =
        apply draft (fun q -> q.Order(column ()))

    /// In a typed block: ascending by a row field (`orderBy b.Year`) or a column name.
    [<CustomOperation("orderBy", MaintainsVariableSpace = true)>]
    member _.OrderBy(draft: QueryDraft<'Row>, [<ProjectionParameter>] column: Expression<Func<'Row, 'Key>>) =
        apply draft (fun q -> q.Order(Projection.column column))

    /// Orders descending order term by a column name: `orderByDescending "year"`.
    [<CustomOperation("orderByDescending", MaintainsVariableSpace = true)>]
    member _.OrderByDescending(draft: QueryDraft<unit>, [<ProjectionParameter>] column: unit -> string) =
        apply draft (fun q -> q.Order(column (), false))

    /// In a typed block: descending by a row field (`orderByDescending b.Year`) or a column name.
    [<CustomOperation("orderByDescending", MaintainsVariableSpace = true)>]
    member _.OrderByDescending(draft: QueryDraft<'Row>, [<ProjectionParameter>] column: Expression<Func<'Row, 'Key>>) =
        apply draft (fun q -> q.Order(Projection.column column, false))

    /// A further ascending order term by a column name: `thenBy "year"`.
    [<CustomOperation("thenBy", MaintainsVariableSpace = true)>]
    member _.ThenBy(draft: QueryDraft<unit>, [<ProjectionParameter>] column: unit -> string) =
        apply draft (fun q -> q.Order(column ()))

    /// In a typed block: ascending by a row field (`thenBy b.Year`) or a column name.
    [<CustomOperation("thenBy", MaintainsVariableSpace = true)>]
    member _.ThenBy(draft: QueryDraft<'Row>, [<ProjectionParameter>] column: Expression<Func<'Row, 'Key>>) =
        apply draft (fun q -> q.Order(Projection.column column))

    /// A further descending order term by a column name: `thenByDescending "year"`.
    [<CustomOperation("thenByDescending", MaintainsVariableSpace = true)>]
    member _.ThenByDescending(draft: QueryDraft<unit>, [<ProjectionParameter>] column: unit -> string) =
        apply draft (fun q -> q.Order(column (), false))

    /// In a typed block: descending by a row field (`thenByDescending b.Year`) or a column name.
    [<CustomOperation("thenByDescending", MaintainsVariableSpace = true)>]
    member _.ThenByDescending(draft: QueryDraft<'Row>, [<ProjectionParameter>] column: Expression<Func<'Row, 'Key>>) =
        apply draft (fun q -> q.Order(Projection.column column, false))

    /// An order term with explicit direction and NULLs placement.
    [<CustomOperation("orderWith", MaintainsVariableSpace = true)>]
    member _.OrderWith(draft: QueryDraft<'Row>, column: string, ascending: bool, nulls: NullsOrder) =
        apply draft (fun q -> q.Order(column, ascending, nulls))

    /// Orders the rows of an embedded resource.
    [<CustomOperation("orderOn", MaintainsVariableSpace = true)>]
    member _.OrderOn(draft: QueryDraft<'Row>, referencedTable: string, column: string, ascending: bool) =
        apply draft (fun q -> q.Order(column, ascending, NullsOrder.Default, referencedTable))

    /// Orders the rows of an embedded resource, with NULLs placement.
    [<CustomOperation("orderOnWith", MaintainsVariableSpace = true)>]
    member _.OrderOnWith
        (draft: QueryDraft<'Row>, referencedTable: string, column: string, ascending: bool, nulls: NullsOrder)
        =
        apply draft (fun q -> q.Order(column, ascending, nulls, referencedTable))

    /// Orders the rows by a column of a to-one embedded resource: `orderByRelated "publishers" "name" false`.
    [<CustomOperation("orderByRelated", MaintainsVariableSpace = true)>]
    member _.OrderByRelated(draft: QueryDraft<'Row>, relation: string, column: string, ascending: bool) =
        apply draft (fun q -> q.OrderByRelated(relation, column, ascending))

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

    /// Skips n rows of an embedded resource (per parent row).
    [<CustomOperation("offsetOn", MaintainsVariableSpace = true)>]
    member _.OffsetOn(draft: QueryDraft<'Row>, referencedTable: string, count: int64) =
        apply draft (fun q -> q.Offset(count, referencedTable))

    /// Rows first..last of an embedded resource (per parent row), inclusive and zero-based.
    [<CustomOperation("rangeOn", MaintainsVariableSpace = true)>]
    member _.RangeOn(draft: QueryDraft<'Row>, referencedTable: string, first: int64, last: int64) =
        apply draft (fun q -> q.Range(first, last, referencedTable))

    /// Rows first..last, inclusive and zero-based.
    [<CustomOperation("range", MaintainsVariableSpace = true)>]
    member _.Range(draft: QueryDraft<'Row>, first: int64, last: int64) =
        apply draft (fun q -> q.Range(first, last))

    /// Asks for the total count of matching rows.
    [<CustomOperation("count", MaintainsVariableSpace = true)>]
    member _.Count(draft: QueryDraft<'Row>, method: CountMethod) =
        apply draft (fun q -> q.WithCount method)

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
    member _.Explain(draft: QueryDraft<'Row>, options: ExplainOptions) =
        apply draft (fun q -> q.Explain options)

    /// HEAD instead of GET.
    [<CustomOperation("head", MaintainsVariableSpace = true)>]
    member _.Head(draft: QueryDraft<'Row>) = apply draft (fun q -> q.Head())

    /// Rolls the transaction back after the request (a dry run).
    [<CustomOperation("rollback", MaintainsVariableSpace = true)>]
    member _.Rollback(draft: QueryDraft<'Row>) =
        apply draft (fun q -> q.RollbackTransaction())

    /// How PostgREST treats invalid preferences (strict rejects them with PGRST122).
    [<CustomOperation("handling", MaintainsVariableSpace = true)>]
    member _.Handling(draft: QueryDraft<'Row>, handling: PreferenceHandling) =
        apply draft (fun q -> q.Handling handling)

    /// `Prefer: max-affected=n` (honoured by PostgREST 12.2 and later).
    [<CustomOperation("maxAffected", MaintainsVariableSpace = true)>]
    member _.MaxAffected(draft: QueryDraft<'Row>, count: int64) =
        apply draft (fun q -> q.MaxAffected count)

    /// Timestamps come back in this time zone (`Prefer: timezone=…`).
    [<CustomOperation("timezone", MaintainsVariableSpace = true)>]
    member _.Timezone(draft: QueryDraft<'Row>, timezone: string) =
        apply draft (fun q -> q.Timezone timezone)

    /// Uses another schema for this request.
    [<CustomOperation("schema", MaintainsVariableSpace = true)>]
    member _.Schema(draft: QueryDraft<'Row>, name: string) = apply draft (fun q -> q.Schema name)

    /// Adds a request header.
    [<CustomOperation("header", MaintainsVariableSpace = true)>]
    member _.Header(draft: QueryDraft<'Row>, name: string, value: string) =
        apply draft (fun q -> q.Header(name, value))

    /// Overrides the client's timeout for this request.
    [<CustomOperation("timeout", MaintainsVariableSpace = true)>]
    member _.Timeout(draft: QueryDraft<'Row>, timeout: TimeSpan) =
        apply draft (fun q -> q.Timeout timeout)

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

    /// Inserts, or updates rows colliding on the primary key; columns a row leaves out get their DEFAULT.
    [<CustomOperation("upsertWithDefaults", MaintainsVariableSpace = true)>]
    member _.UpsertWithDefaults(draft: QueryDraft<'Row>, values: 'Value) =
        apply draft (fun q -> q.Upsert(values, missingAsDefault = true))

    /// Inserts or replaces exactly one row (HTTP PUT); the block's conditions must be `eq` on the whole primary key.
    [<CustomOperation("upsertSingle", MaintainsVariableSpace = true)>]
    member _.UpsertSingle(draft: QueryDraft<'Row>, row: 'Value) =
        apply draft (fun q -> q.UpsertSingle row)

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
