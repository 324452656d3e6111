namespace PgRest.FSharp

// The public surface and its documentation: Filter.fsi.

open PgRest

[<RequireQualifiedAccess>]
module Filter =

    let op (column: string) (operator: FilterOperator) (value: obj | null) : Condition =
        Conditions.Filter(column, operator, Unions.labelled value)

    let eq (column: string) (value: 'a) = op column FilterOperator.Eq (box value)

    let neq (column: string) (value: 'a) =
        op column FilterOperator.Neq (box value)

    let gt (column: string) (value: 'a) = op column FilterOperator.Gt (box value)

    let gte (column: string) (value: 'a) =
        op column FilterOperator.Gte (box value)

    let lt (column: string) (value: 'a) = op column FilterOperator.Lt (box value)

    let lte (column: string) (value: 'a) =
        op column FilterOperator.Lte (box value)

    let like (column: string) (pattern: string) = op column FilterOperator.Like pattern

    let ilike (column: string) (pattern: string) = op column FilterOperator.ILike pattern

    let likeAny (column: string) (patterns: string list) =
        Conditions.Filter(column, FilterOperator.Like, patterns, Quantifier.Any)

    let likeAll (column: string) (patterns: string list) =
        Conditions.Filter(column, FilterOperator.Like, patterns, Quantifier.All)

    let ilikeAny (column: string) (patterns: string list) =
        Conditions.Filter(column, FilterOperator.ILike, patterns, Quantifier.Any)

    let ilikeAll (column: string) (patterns: string list) =
        Conditions.Filter(column, FilterOperator.ILike, patterns, Quantifier.All)

    let anyOf (operator: FilterOperator) (column: string) (values: 'a list) =
        Conditions.Filter(column, operator, Unions.labelled values, Quantifier.Any)

    let allOf (operator: FilterOperator) (column: string) (values: 'a list) =
        Conditions.Filter(column, operator, Unions.labelled values, Quantifier.All)

    let regex (column: string) (pattern: string) = op column FilterOperator.Match pattern

    let iregex (column: string) (pattern: string) = op column FilterOperator.IMatch pattern

    let isIn (column: string) (values: 'a seq) =
        op column FilterOperator.In (box (Seq.toArray values))

    let isNull (column: string) =
        op column FilterOperator.Is (box IsValue.Null)

    let isNotNull (column: string) = (isNull column).Negate()

    let is (column: string) (value: IsValue) = op column FilterOperator.Is (box value)

    let isDistinct (column: string) (value: 'a) =
        op column FilterOperator.IsDistinct (box value)

    let fts (column: string) (query: string) = op column FilterOperator.Fts query

    let plfts (column: string) (query: string) = op column FilterOperator.Plfts query

    let phfts (column: string) (query: string) = op column FilterOperator.Phfts query

    let wfts (column: string) (query: string) = op column FilterOperator.Wfts query

    let ftsWith (language: string) (operator: FilterOperator) (column: string) (query: string) =
        Conditions.Filter(column, operator, query, Quantifier.None, language)

    let contains (column: string) (value: obj) = op column FilterOperator.Cs value

    let containedBy (column: string) (value: obj) = op column FilterOperator.Cd value

    let overlaps (column: string) (value: obj) = op column FilterOperator.Ov value

    let strictlyLeftOf (column: string) (range: obj) = op column FilterOperator.Sl range

    let strictlyRightOf (column: string) (range: obj) = op column FilterOperator.Sr range

    let notExtendsLeftOf (column: string) (range: obj) = op column FilterOperator.Nxl range

    let notExtendsRightOf (column: string) (range: obj) = op column FilterOperator.Nxr range

    let adjacentTo (column: string) (range: obj) = op column FilterOperator.Adj range

    let raw (column: string) (operator: string) (value: string) = Conditions.Raw(column, operator, value)

    let all (conditions: Condition list) : Condition = Conditions.And conditions

    let any (conditions: Condition list) : Condition = Conditions.Or conditions

    let not (condition: Condition) : Condition = condition.Negate()

    let allEqual (pairs: (string * obj) list) : Condition =
        pairs
        |> List.map (fun (column, value) -> System.Collections.Generic.KeyValuePair(column, value))
        |> Conditions.AllEqual
