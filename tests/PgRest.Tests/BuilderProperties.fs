/// Pure properties of the builders: any sequence of operations leaves every earlier query's rendered request byte for
/// byte unchanged (also when 32 threads derive from one base at once), and the F# `pgrest { }` block and the F#
/// `Query` pipeline render exactly like the C# chain, failures included.
module PgRest.Tests.BuilderProperties

open System
open System.Threading.Tasks
open Expecto
open FsCheck
open FsCheck.FSharp
open PgRest
open PgRest.FSharp
open PgRest.Tests.Generators

let private client = Support.client

let private elementList (es: obj option list) : (obj | null) list =
    es
    |> List.map (fun e ->
        match e with
        | Some(v: obj) -> (v: obj | null)
        | None -> null)

/// Builds a spec with the F# layer (`Filter` module), using its dedicated function for each operator.
let rec toFSharpCondition (spec: CondSpec) : Condition =
    match spec with
    | Field f ->
        let column = f.Column

        match f.Operator, f.Quantifier, f.Language, f.Value with
        | op, Quantifier.Any, _, Elements es -> Filter.anyOf op column (elementList es)
        | op, Quantifier.All, _, Elements es -> Filter.allOf op column (elementList es)
        | op, _, Some lang, Scalar(:? string as s) -> Filter.ftsWith lang op column s
        | FilterOperator.Eq, _, _, Scalar v -> Filter.eq column v
        | FilterOperator.Neq, _, _, Scalar v -> Filter.neq column v
        | FilterOperator.Gt, _, _, Scalar v -> Filter.gt column v
        | FilterOperator.Gte, _, _, Scalar v -> Filter.gte column v
        | FilterOperator.Lt, _, _, Scalar v -> Filter.lt column v
        | FilterOperator.Lte, _, _, Scalar v -> Filter.lte column v
        | FilterOperator.Like, _, _, Scalar(:? string as s) -> Filter.like column s
        | FilterOperator.ILike, _, _, Scalar(:? string as s) -> Filter.ilike column s
        | FilterOperator.Match, _, _, Scalar(:? string as s) -> Filter.regex column s
        | FilterOperator.IMatch, _, _, Scalar(:? string as s) -> Filter.iregex column s
        | FilterOperator.In, _, _, Values vs -> Filter.isIn column vs
        | FilterOperator.Is, _, _, Keyword k -> Filter.is column k
        | FilterOperator.IsDistinct, _, _, Scalar v -> Filter.isDistinct column v
        | FilterOperator.Fts, _, _, Scalar(:? string as s) -> Filter.fts column s
        | FilterOperator.Plfts, _, _, Scalar(:? string as s) -> Filter.plfts column s
        | FilterOperator.Phfts, _, _, Scalar(:? string as s) -> Filter.phfts column s
        | FilterOperator.Wfts, _, _, Scalar(:? string as s) -> Filter.wfts column s
        | FilterOperator.Cs, _, _, Elements es -> Filter.contains column (boxed (elementList es))
        | FilterOperator.Cd, _, _, Elements es -> Filter.containedBy column (boxed (elementList es))
        | FilterOperator.Ov, _, _, Elements es -> Filter.overlaps column (boxed (elementList es))
        | FilterOperator.Cs, _, _, Scalar v -> Filter.contains column v
        | FilterOperator.Cd, _, _, Scalar v -> Filter.containedBy column v
        | FilterOperator.Ov, _, _, Scalar v -> Filter.overlaps column v
        | op, _, _, value -> Filter.op column op (specValue value)
    | All children -> Filter.all (children |> List.map toFSharpCondition)
    | Any children -> Filter.any (children |> List.map toFSharpCondition)
    | Not child -> Filter.not (toFSharpCondition child)

let private nonNullValue (value: obj | null) : obj =
    match value with
    | null -> failwith "a spec value is never null here"
    | v -> v

/// Builds a spec with the C# `Column` methods and the `&`, `|` operators.
let rec toChainCondition (spec: CondSpec) : Condition =
    match spec with
    | Field f ->
        let col = Conditions.Col f.Column

        match f.Operator, f.Quantifier, f.Language, f.Value with
        | FilterOperator.Eq, Quantifier.None, None, Scalar v -> col.Eq v
        | FilterOperator.Neq, Quantifier.None, None, Scalar v -> col.Neq v
        | FilterOperator.Gt, Quantifier.None, None, Scalar v -> col.Gt v
        | FilterOperator.Gte, Quantifier.None, None, Scalar v -> col.Gte v
        | FilterOperator.Lt, Quantifier.None, None, Scalar v -> col.Lt v
        | FilterOperator.Lte, Quantifier.None, None, Scalar v -> col.Lte v
        | FilterOperator.Like, Quantifier.None, None, Scalar(:? string as s) -> col.Like s
        | FilterOperator.ILike, Quantifier.None, None, Scalar(:? string as s) -> col.ILike s
        | FilterOperator.Match, Quantifier.None, None, Scalar(:? string as s) -> col.Match s
        | FilterOperator.IMatch, Quantifier.None, None, Scalar(:? string as s) -> col.IMatch s
        | FilterOperator.In, Quantifier.None, None, Values vs -> col.In<obj>(vs)
        | FilterOperator.Is, Quantifier.None, None, Keyword k -> col.Is k
        | FilterOperator.IsDistinct, Quantifier.None, None, Scalar v -> col.IsDistinct v
        | FilterOperator.Fts, Quantifier.None, lang, Scalar(:? string as s) -> col.Fts(s, Option.toObj lang)
        | FilterOperator.Wfts, Quantifier.None, lang, Scalar(:? string as s) -> col.Wfts(s, Option.toObj lang)
        | FilterOperator.Cs, Quantifier.None, None, value -> col.Contains(nonNullValue (specValue value))
        | FilterOperator.Cd, Quantifier.None, None, value -> col.ContainedBy(nonNullValue (specValue value))
        | FilterOperator.Ov, Quantifier.None, None, value -> col.Overlaps(nonNullValue (specValue value))
        | op, quantifier, lang, value -> col.Op(op, specValue value, quantifier, Option.toObj lang)
    | All children -> children |> List.map toChainCondition |> List.reduce (&&&)
    | Any children -> children |> List.map toChainCondition |> List.reduce (|||)
    | Not child -> (toChainCondition child).Negate()

/// Applies an operation with the C# chain, using the query-level shortcuts (`Eq`, `In`, `Not`, `Or`, …) where they
/// exist.
let applyChain (op: QueryOp) (q: PostgrestQuery) : PostgrestQuery =
    match op with
    | SelectColumns s -> q.Select(s)
    | WhereCondition spec ->
        match spec with
        | Field({
                    Quantifier = Quantifier.None
                    Language = None
                } as f) ->
            match f.Operator, f.Value with
            | FilterOperator.Eq, Scalar v -> q.Eq(f.Column, v)
            | FilterOperator.Neq, Scalar v -> q.Neq(f.Column, v)
            | FilterOperator.Gt, Scalar v -> q.Gt(f.Column, v)
            | FilterOperator.Lte, Scalar v -> q.Lte(f.Column, v)
            | FilterOperator.In, Values vs -> q.In(f.Column, vs)
            | FilterOperator.Is, Keyword k -> q.Is(f.Column, k)
            | FilterOperator.Like, Scalar(:? string as s) -> q.Like(f.Column, s)
            | FilterOperator.Match, Scalar(:? string as s) -> q.Match(f.Column, s)
            | FilterOperator.Cs, value -> q.Contains(f.Column, nonNullValue (specValue value))
            | _ -> q.Filter(f.Column, f.Operator, specValue f.Value)
        | Not(Field({
                        Quantifier = Quantifier.None
                        Language = None
                    } as f)) -> q.Not(f.Column, f.Operator, specValue f.Value)
        | Any children -> q.Or(children |> List.map toChainCondition)
        | All children -> q.And(children |> List.map toChainCondition)
        | other -> q.Where(toChainCondition other)
    | WhereIfCondition(flag, spec) -> q.WhereIf(flag, toChainCondition spec)
    | WhereOnTable(table, spec) -> q.Where(toChainCondition spec, table)
    | OrderByColumn(column, ascending, nulls) -> q.Order(column, ascending, nulls)
    | OrderOnTable(table, column, ascending) -> q.Order(column, ascending, NullsOrder.Default, table)
    | LimitRows n -> q.Limit n
    | LimitRowsOn(table, n) -> q.Limit(n, table)
    | OffsetRows n -> q.Offset n
    | RangeRows(first, last) -> q.Range(first, last)
    | CountRows m -> q.WithCount m
    | AsSingle -> q.Single()
    | AsMaybeSingle -> q.MaybeSingle()
    | AsCsv -> q.Csv()
    | AsHead -> q.Head()
    | RollbackTransaction -> q.RollbackTransaction()
    | InSchema s -> q.Schema s
    | WithHeader(name, value) -> q.Header(name, value)
    | WithTimeout t -> q.Timeout t
    | InsertRows rows -> q.InsertMany rows
    | InsertRowsWithDefaults rows -> q.Insert(rows, true)
    | UpdateRow row -> q.Update row
    | UpsertRow(row, None) -> q.Upsert row
    | UpsertRow(row, Some onConflict) -> q.Upsert(row, onConflict)
    | DeleteRows -> q.Delete()
    | ReturningMode m -> q.Returning m

/// Applies an operation with a `pgrest { }` block extending the query.
let applyCe (op: QueryOp) (q: PostgrestQuery) : PostgrestQuery =
    match op with
    | SelectColumns s ->
        pgrest {
            from q
            select s
        }
    | WhereCondition spec ->
        let c = toFSharpCondition spec

        pgrest {
            from q
            where c
        }
    | WhereIfCondition(flag, spec) ->
        let c = toFSharpCondition spec

        pgrest {
            from q
            whereIf flag c
        }
    | WhereOnTable(table, spec) ->
        let c = toFSharpCondition spec

        pgrest {
            from q
            whereOn table c
        }
    | OrderByColumn(column, true, NullsOrder.Default) ->
        pgrest {
            from q
            orderBy column
        }
    | OrderByColumn(column, false, NullsOrder.Default) ->
        pgrest {
            from q
            orderByDescending column
        }
    | OrderByColumn(column, ascending, nulls) ->
        pgrest {
            from q
            orderWith column ascending nulls
        }
    | OrderOnTable(table, column, ascending) ->
        pgrest {
            from q
            orderOn table column ascending
        }
    | LimitRows n ->
        pgrest {
            from q
            limit n
        }
    | LimitRowsOn(table, n) ->
        pgrest {
            from q
            limitOn table n
        }
    | OffsetRows n ->
        pgrest {
            from q
            offset n
        }
    | RangeRows(first, last) ->
        pgrest {
            from q
            range first last
        }
    | CountRows m ->
        pgrest {
            from q
            count m
        }
    | AsSingle ->
        pgrest {
            from q
            single
        }
    | AsMaybeSingle ->
        pgrest {
            from q
            maybeSingle
        }
    | AsCsv ->
        pgrest {
            from q
            csv
        }
    | AsHead ->
        pgrest {
            from q
            head
        }
    | RollbackTransaction ->
        pgrest {
            from q
            rollback
        }
    | InSchema s ->
        pgrest {
            from q
            schema s
        }
    | WithHeader(name, value) ->
        pgrest {
            from q
            header name value
        }
    | WithTimeout t ->
        pgrest {
            from q
            timeout t
        }
    | InsertRows rows ->
        pgrest {
            from q
            insert rows
        }
    | InsertRowsWithDefaults rows ->
        pgrest {
            from q
            insertWithDefaults rows
        }
    | UpdateRow row ->
        pgrest {
            from q
            update row
        }
    | UpsertRow(row, None) ->
        pgrest {
            from q
            upsert row
        }
    | UpsertRow(row, Some onConflict) ->
        pgrest {
            from q
            upsertOn onConflict row
        }
    | DeleteRows ->
        pgrest {
            from q
            delete
        }
    | ReturningMode m ->
        pgrest {
            from q
            returning m
        }

/// Applies an operation with the F# `Query` pipeline functions.
let applyPipeline (op: QueryOp) (q: PostgrestQuery) : PostgrestQuery =
    match op with
    | SelectColumns s -> q |> Query.select s
    | WhereCondition spec -> q |> Query.where (toFSharpCondition spec)
    | WhereIfCondition(flag, spec) -> q |> Query.whereIf flag (toFSharpCondition spec)
    | WhereOnTable(table, spec) -> q |> Query.whereOn table (toFSharpCondition spec)
    | OrderByColumn(column, true, NullsOrder.Default) -> q |> Query.orderBy column
    | OrderByColumn(column, false, NullsOrder.Default) -> q |> Query.orderByDescending column
    | OrderByColumn(column, ascending, nulls) -> q |> Query.orderWith column ascending nulls
    | OrderOnTable(table, column, ascending) -> q |> Query.orderOn table column ascending
    | LimitRows n -> q |> Query.limit n
    | LimitRowsOn(table, n) -> q |> Query.limitOn table n
    | OffsetRows n -> q |> Query.offset n
    | RangeRows(first, last) -> q |> Query.range first last
    | CountRows m -> q |> Query.count m
    | AsSingle -> q |> Query.single
    | AsMaybeSingle -> q |> Query.maybeSingle
    | AsCsv -> q |> Query.csv
    | AsHead -> q |> Query.head
    | RollbackTransaction -> q |> Query.rollback
    | InSchema s -> q |> Query.schema s
    | WithHeader(name, value) -> q |> Query.header name value
    | WithTimeout t -> q |> Query.timeout t
    | InsertRows rows -> q |> Query.insert rows
    | InsertRowsWithDefaults rows -> q |> Query.insertWithDefaults rows
    | UpdateRow row -> q |> Query.update row
    | UpsertRow(row, None) -> q |> Query.upsert row
    | UpsertRow(row, Some onConflict) -> q |> Query.upsertOn onConflict row
    | DeleteRows -> q |> Query.delete
    | ReturningMode m -> q |> Query.returning m

/// The rendered request as text (method, URI, headers, body) plus its timeout, or the failure (type and message).
let rendered (build: unit -> PostgrestQuery) : Result<string, string> =
    try
        let request = client.Render(build ())
        Ok $"{request}\ntimeout: {request.Timeout}"
    with e ->
        Error $"{e.GetType().FullName}: {e.Message}"

/// Applies operations in order; an operation that fails leaves the query as it was.
let applyTolerant (apply: QueryOp -> PostgrestQuery -> PostgrestQuery) (ops: QueryOp list) (q: PostgrestQuery) =
    ops
    |> List.fold
        (fun q op ->
            try
                apply op q
            with
            | :? ArgumentException
            | :? InvalidOperationException -> q)
        q

let private start () = PostgrestQuery.From "roundtrip"

/// Derives from `baseOps` then `moreOps`, and checks that no derivation changed an earlier query.
let expectImmutable (baseOps: QueryOp list) (moreOps: QueryOp list) =
    let baseQuery = applyTolerant applyChain baseOps (start ())
    let seen = ResizeArray [ baseQuery, rendered (fun () -> baseQuery) ]

    for op in moreOps do
        let parent, parentSnapshot = seen[seen.Count - 1]

        try
            let next = applyChain op parent
            seen.Add(next, rendered (fun () -> next))
        with
        | :? ArgumentException
        | :? InvalidOperationException -> ()

        Expect.equal (rendered (fun () -> parent)) parentSnapshot $"{op} changed the query it was applied to"

    for i, (query, snapshot) in List.indexed (List.ofSeq seen) do
        Expect.equal (rendered (fun () -> query)) snapshot $"query #{i} changed after later operations"

[<Tests>]
let immutability =
    testList
        "Properties.Immutability"
        [
            testPropertyWithConfig
                pureConfig
                "any sequence of operations leaves every earlier query's rendered request unchanged"
                (Prop.forAll (Arb.fromGen (Gen.zip queryOps queryOps)) (fun (baseOps, moreOps) ->
                    expectImmutable baseOps moreOps))

            // 32 branches of up to eight operations per case: 200 cases by default keep the run to seconds.
            testPropertyWithConfig
                (config 200)
                "32 threads deriving from one base at once get what a single thread gets"
                (Prop.forAll (Arb.fromGen (Gen.zip queryOps (Gen.listOfLength 32 queryOps))) (fun (baseOps, branches) ->
                    let baseQuery = applyTolerant applyChain baseOps (start ())
                    let before = rendered (fun () -> baseQuery)

                    let expected =
                        branches
                        |> List.map (fun ops -> rendered (fun () -> applyTolerant applyChain ops baseQuery))

                    let actual =
                        branches
                        |> List.map (fun ops ->
                            Task.Run(fun () -> rendered (fun () -> applyTolerant applyChain ops baseQuery)))
                        |> Array.ofList
                        |> Task.WhenAll

                    Expect.equal (List.ofArray actual.Result) expected "each branch renders as it would alone"
                    Expect.equal (rendered (fun () -> baseQuery)) before "the shared base is unchanged"))
        ]

[<Tests>]
let fsharpMatchesChain =
    testList
        "Properties.CeMatchesChain"
        [
            testPropertyWithConfig
                pureConfig
                "a pgrest block renders exactly like the C# chain (failures included)"
                (Prop.forAll (Arb.fromGen queryOps) (fun ops ->
                    let chain =
                        rendered (fun () -> ops |> List.fold (fun q op -> applyChain op q) (start ()))

                    let ce = rendered (fun () -> ops |> List.fold (fun q op -> applyCe op q) (start ()))
                    Expect.equal ce chain $"operations {ops}"))

            testPropertyWithConfig
                pureConfig
                "the Query pipeline renders exactly like the C# chain (failures included)"
                (Prop.forAll (Arb.fromGen queryOps) (fun ops ->
                    let chain =
                        rendered (fun () -> ops |> List.fold (fun q op -> applyChain op q) (start ()))

                    let pipeline =
                        rendered (fun () -> ops |> List.fold (fun q op -> applyPipeline op q) (start ()))

                    Expect.equal pipeline chain $"operations {ops}"))
        ]
