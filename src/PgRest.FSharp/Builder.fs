namespace PgRest.FSharp

// The public surface and its documentation: Builder.fsi.

open System
open System.Linq.Expressions
open PgRest

type Table<'Row> = internal { Name: string }

[<Struct>]
type QueryDraft<'Row> =
    internal
        {
            Query: PostgrestQuery voption
        }

[<AutoOpen>]
module TypedSources =

    let noArgs: obj = Map.empty<string, obj>

    let table<'Row> (name: string) : Table<'Row> = { Name = name }

    let like (_column: string) (_pattern: string) : bool =
        invalidOp "'like' is a marker for typed pgrest queries; it cannot be called directly."

    let ilike (_column: string) (_pattern: string) : bool =
        invalidOp "'ilike' is a marker for typed pgrest queries; it cannot be called directly."

    let isIn (_column: 'a) (_values: 'a seq) : bool =
        invalidOp "'isIn' is a marker for typed pgrest queries; it cannot be called directly."

// Not in Builder.fsi, so private to this file.
/// Reads the projection lambdas of custom operations: either a value that does not use the row variable
/// (a column name, a condition), or row fields translated by the core's PostgrestExpressions.
module Projection =

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

/// Steps of a block, inlined into each operation (no closure per step).
module private Draft =

    let start (draft: QueryDraft<'Row>) =
        match draft.Query with
        | ValueSome q -> q
        | ValueNone -> invalidOp "A pgrest block starts with 'from', 'rpc' or 'for … in table<_> … do'."

    let inline apply
        (draft: QueryDraft<'Row>)
        ([<InlineIfLambda>] f: PostgrestQuery -> PostgrestQuery)
        : QueryDraft<'Row> =
        { Query = ValueSome(f (start draft)) }

open Draft

// The custom-operation attributes are repeated in Builder.fsi: callers see the members as the signature declares them.
type PgrestBuilder() =


    member _.Yield(_: 'Row) : QueryDraft<'Row> = { Query = ValueNone }

    member _.Zero() : QueryDraft<unit> = { Query = ValueNone }

    member _.For(source: Table<'Row>, _body: 'Row -> QueryDraft<'Row>) : QueryDraft<'Row> =
        {
            Query = ValueSome(PostgrestQuery.From source.Name)
        }

    member _.Run(draft: QueryDraft<'Row>) : PostgrestQuery = start draft

    [<CustomOperation("from", MaintainsVariableSpace = true)>]
    member _.From(_: QueryDraft<'Row>, [<ProjectionParameter>] table: 'Row -> string) : QueryDraft<'Row> =
        {
            Query = ValueSome(PostgrestQuery.From(table Unchecked.defaultof<'Row>))
        }

    [<CustomOperation("from", MaintainsVariableSpace = true)>]
    member _.From(_: QueryDraft<'Row>, [<ProjectionParameter>] query: 'Row -> PostgrestQuery) : QueryDraft<'Row> =
        {
            Query = ValueSome(query Unchecked.defaultof<'Row>)
        }

    [<CustomOperation("rpc", MaintainsVariableSpace = true)>]
    member _.Rpc(_: QueryDraft<'Row>, name: string, args: obj) : QueryDraft<'Row> =
        {
            Query = ValueSome(PostgrestQuery.Rpc(name, args))
        }

    [<CustomOperation("rpcGet", MaintainsVariableSpace = true)>]
    member _.RpcGet(_: QueryDraft<'Row>, name: string, args: obj) : QueryDraft<'Row> =
        {
            Query = ValueSome(PostgrestQuery.Rpc(name, args, RpcMethod.Get))
        }

    [<CustomOperation("rpcHead", MaintainsVariableSpace = true)>]
    member _.RpcHead(_: QueryDraft<'Row>, name: string, args: obj) : QueryDraft<'Row> =
        {
            Query = ValueSome(PostgrestQuery.Rpc(name, args, RpcMethod.Head))
        }

    [<CustomOperation("select", MaintainsVariableSpace = true)>]
    member _.Select(draft: QueryDraft<unit>, [<ProjectionParameter>] columns: unit -> string) =
        apply draft (fun q -> q.Select(columns ()))

    [<CustomOperation("select", MaintainsVariableSpace = true)>]
    member _.Select(draft: QueryDraft<unit>, [<ProjectionParameter>] columns: unit -> string list) =
        apply draft (fun q -> q.Select(List.toArray (columns ())))

    [<CustomOperation("select", MaintainsVariableSpace = true)>]
    member _.Select(draft: QueryDraft<unit>, [<ProjectionParameter>] items: unit -> SelectItem list) =
        apply draft (fun q -> q.Select(List.toArray (items ())))

    [<CustomOperation("select", MaintainsVariableSpace = true)>]
    member _.Select(draft: QueryDraft<'Row>, [<ProjectionParameter>] columns: Expression<Func<'Row, 'Value>>) =
        apply draft (fun q -> q.Select(Projection.selectItems columns))

    [<CustomOperation("where", MaintainsVariableSpace = true)>]
    member _.Where(draft: QueryDraft<'Row>, [<ProjectionParameter>] condition: 'Row -> Condition) =
        apply draft (fun q -> q.Where(Projection.condition condition))

    [<CustomOperation("where", MaintainsVariableSpace = true)>]
    member _.Where(draft: QueryDraft<'Row>, [<ProjectionParameter>] predicate: Expression<Func<'Row, bool>>) =
        apply draft (fun q -> q.Where(PostgrestExpressions.ToCondition predicate))

    [<CustomOperation("whereIf", MaintainsVariableSpace = true)>]
    member _.WhereIf(draft: QueryDraft<'Row>, flag: bool, [<ProjectionParameter>] condition: 'Row -> Condition) =
        apply draft (fun q -> if flag then q.Where(Projection.condition condition) else q)

    [<CustomOperation("whereOn", MaintainsVariableSpace = true)>]
    member _.WhereOn(draft: QueryDraft<'Row>, referencedTable: string, condition: Condition) =
        apply draft (fun q -> q.Where(condition, referencedTable))

    [<CustomOperation("orderBy", MaintainsVariableSpace = true)>]
    member _.OrderBy(draft: QueryDraft<unit>, [<ProjectionParameter>] column: unit -> string) =
        apply draft (fun q -> q.Order(column ()))

    [<CustomOperation("orderBy", MaintainsVariableSpace = true)>]
    member _.OrderBy(draft: QueryDraft<'Row>, [<ProjectionParameter>] column: Expression<Func<'Row, 'Key>>) =
        apply draft (fun q -> q.Order(Projection.column column))

    [<CustomOperation("orderByDescending", MaintainsVariableSpace = true)>]
    member _.OrderByDescending(draft: QueryDraft<unit>, [<ProjectionParameter>] column: unit -> string) =
        apply draft (fun q -> q.Order(column (), false))

    [<CustomOperation("orderByDescending", MaintainsVariableSpace = true)>]
    member _.OrderByDescending(draft: QueryDraft<'Row>, [<ProjectionParameter>] column: Expression<Func<'Row, 'Key>>) =
        apply draft (fun q -> q.Order(Projection.column column, false))

    [<CustomOperation("thenBy", MaintainsVariableSpace = true)>]
    member _.ThenBy(draft: QueryDraft<unit>, [<ProjectionParameter>] column: unit -> string) =
        apply draft (fun q -> q.Order(column ()))

    [<CustomOperation("thenBy", MaintainsVariableSpace = true)>]
    member _.ThenBy(draft: QueryDraft<'Row>, [<ProjectionParameter>] column: Expression<Func<'Row, 'Key>>) =
        apply draft (fun q -> q.Order(Projection.column column))

    [<CustomOperation("thenByDescending", MaintainsVariableSpace = true)>]
    member _.ThenByDescending(draft: QueryDraft<unit>, [<ProjectionParameter>] column: unit -> string) =
        apply draft (fun q -> q.Order(column (), false))

    [<CustomOperation("thenByDescending", MaintainsVariableSpace = true)>]
    member _.ThenByDescending(draft: QueryDraft<'Row>, [<ProjectionParameter>] column: Expression<Func<'Row, 'Key>>) =
        apply draft (fun q -> q.Order(Projection.column column, false))

    [<CustomOperation("orderWith", MaintainsVariableSpace = true)>]
    member _.OrderWith(draft: QueryDraft<'Row>, column: string, ascending: bool, nulls: NullsOrder) =
        apply draft (fun q -> q.Order(column, ascending, nulls))

    [<CustomOperation("orderOn", MaintainsVariableSpace = true)>]
    member _.OrderOn(draft: QueryDraft<'Row>, referencedTable: string, column: string, ascending: bool) =
        apply draft (fun q -> q.Order(column, ascending, NullsOrder.Default, referencedTable))

    [<CustomOperation("orderOnWith", MaintainsVariableSpace = true)>]
    member _.OrderOnWith
        (draft: QueryDraft<'Row>, referencedTable: string, column: string, ascending: bool, nulls: NullsOrder)
        =
        apply draft (fun q -> q.Order(column, ascending, nulls, referencedTable))

    [<CustomOperation("orderByRelated", MaintainsVariableSpace = true)>]
    member _.OrderByRelated(draft: QueryDraft<'Row>, relation: string, column: string, ascending: bool) =
        apply draft (fun q -> q.OrderByRelated(relation, column, ascending))

    [<CustomOperation("limit", MaintainsVariableSpace = true)>]
    member _.Limit(draft: QueryDraft<'Row>, count: int64) = apply draft (fun q -> q.Limit count)

    [<CustomOperation("limitOn", MaintainsVariableSpace = true)>]
    member _.LimitOn(draft: QueryDraft<'Row>, referencedTable: string, count: int64) =
        apply draft (fun q -> q.Limit(count, referencedTable))

    [<CustomOperation("offset", MaintainsVariableSpace = true)>]
    member _.Offset(draft: QueryDraft<'Row>, count: int64) = apply draft (fun q -> q.Offset count)

    [<CustomOperation("offsetOn", MaintainsVariableSpace = true)>]
    member _.OffsetOn(draft: QueryDraft<'Row>, referencedTable: string, count: int64) =
        apply draft (fun q -> q.Offset(count, referencedTable))

    [<CustomOperation("rangeOn", MaintainsVariableSpace = true)>]
    member _.RangeOn(draft: QueryDraft<'Row>, referencedTable: string, first: int64, last: int64) =
        apply draft (fun q -> q.Range(first, last, referencedTable))

    [<CustomOperation("range", MaintainsVariableSpace = true)>]
    member _.Range(draft: QueryDraft<'Row>, first: int64, last: int64) =
        apply draft (fun q -> q.Range(first, last))

    [<CustomOperation("count", MaintainsVariableSpace = true)>]
    member _.Count(draft: QueryDraft<'Row>, method: CountMethod) =
        apply draft (fun q -> q.WithCount method)

    [<CustomOperation("single", MaintainsVariableSpace = true)>]
    member _.Single(draft: QueryDraft<'Row>) = apply draft (fun q -> q.Single())

    [<CustomOperation("maybeSingle", MaintainsVariableSpace = true)>]
    member _.MaybeSingle(draft: QueryDraft<'Row>) = apply draft (fun q -> q.MaybeSingle())

    [<CustomOperation("csv", MaintainsVariableSpace = true)>]
    member _.Csv(draft: QueryDraft<'Row>) = apply draft (fun q -> q.Csv())

    [<CustomOperation("geoJson", MaintainsVariableSpace = true)>]
    member _.GeoJson(draft: QueryDraft<'Row>) = apply draft (fun q -> q.GeoJson())

    [<CustomOperation("explain", MaintainsVariableSpace = true)>]
    member _.Explain(draft: QueryDraft<'Row>, options: ExplainOptions) =
        apply draft (fun q -> q.Explain options)

    [<CustomOperation("head", MaintainsVariableSpace = true)>]
    member _.Head(draft: QueryDraft<'Row>) = apply draft (fun q -> q.Head())

    [<CustomOperation("rollback", MaintainsVariableSpace = true)>]
    member _.Rollback(draft: QueryDraft<'Row>) =
        apply draft (fun q -> q.RollbackTransaction())

    [<CustomOperation("handling", MaintainsVariableSpace = true)>]
    member _.Handling(draft: QueryDraft<'Row>, handling: PreferenceHandling) =
        apply draft (fun q -> q.Handling handling)

    [<CustomOperation("maxAffected", MaintainsVariableSpace = true)>]
    member _.MaxAffected(draft: QueryDraft<'Row>, count: int64) =
        apply draft (fun q -> q.MaxAffected count)

    [<CustomOperation("timezone", MaintainsVariableSpace = true)>]
    member _.Timezone(draft: QueryDraft<'Row>, timezone: string) =
        apply draft (fun q -> q.Timezone timezone)

    [<CustomOperation("schema", MaintainsVariableSpace = true)>]
    member _.Schema(draft: QueryDraft<'Row>, name: string) = apply draft (fun q -> q.Schema name)

    [<CustomOperation("header", MaintainsVariableSpace = true)>]
    member _.Header(draft: QueryDraft<'Row>, name: string, value: string) =
        apply draft (fun q -> q.Header(name, value))

    [<CustomOperation("timeout", MaintainsVariableSpace = true)>]
    member _.Timeout(draft: QueryDraft<'Row>, timeout: TimeSpan) =
        apply draft (fun q -> q.Timeout timeout)

    [<CustomOperation("insert", MaintainsVariableSpace = true)>]
    member _.Insert(draft: QueryDraft<'Row>, values: 'Value) = apply draft (fun q -> q.Insert values)

    [<CustomOperation("insertWithDefaults", MaintainsVariableSpace = true)>]
    member _.InsertWithDefaults(draft: QueryDraft<'Row>, values: 'Value) =
        apply draft (fun q -> q.Insert(values, true))

    [<CustomOperation("upsert", MaintainsVariableSpace = true)>]
    member _.Upsert(draft: QueryDraft<'Row>, values: 'Value) = apply draft (fun q -> q.Upsert values)

    [<CustomOperation("upsertWithDefaults", MaintainsVariableSpace = true)>]
    member _.UpsertWithDefaults(draft: QueryDraft<'Row>, values: 'Value) =
        apply draft (fun q -> q.Upsert(values, missingAsDefault = true))

    [<CustomOperation("upsertSingle", MaintainsVariableSpace = true)>]
    member _.UpsertSingle(draft: QueryDraft<'Row>, row: 'Value) =
        apply draft (fun q -> q.UpsertSingle row)

    [<CustomOperation("upsertOn", MaintainsVariableSpace = true)>]
    member _.UpsertOn(draft: QueryDraft<'Row>, onConflict: string, values: 'Value) =
        apply draft (fun q -> q.Upsert(values, onConflict))

    [<CustomOperation("insertIgnoringDuplicates", MaintainsVariableSpace = true)>]
    member _.InsertIgnoringDuplicates(draft: QueryDraft<'Row>, onConflict: string, values: 'Value) =
        apply draft (fun q -> q.Upsert(values, onConflict, true))

    [<CustomOperation("update", MaintainsVariableSpace = true)>]
    member _.Update(draft: QueryDraft<'Row>, values: 'Value) = apply draft (fun q -> q.Update values)

    [<CustomOperation("delete", MaintainsVariableSpace = true)>]
    member _.Delete(draft: QueryDraft<'Row>) = apply draft (fun q -> q.Delete())

    [<CustomOperation("allRows", MaintainsVariableSpace = true)>]
    member _.AllRows(draft: QueryDraft<'Row>) = apply draft (fun q -> q.AllRows())

    [<CustomOperation("returning", MaintainsVariableSpace = true)>]
    member _.Returning(draft: QueryDraft<'Row>, mode: ReturnMode) = apply draft (fun q -> q.Returning mode)

[<AutoOpen>]
module PgrestBuilderInstance =

    let pgrest = PgrestBuilder()
