namespace PgRest.FSharp

open PgRest

/// Conditions as values, in F# style: `Filter.eq "age" 18`, combined with `Filter.all`, `Filter.any`,
/// `Filter.not` (or the core's `&&&` and `|||` operators). Every function builds a core `Condition`;
/// the F# layer encodes nothing itself.
///
/// Design note: F# cannot give `>=` a non-boolean result without shadowing the standard operator, so string-named
/// conditions use functions; typed queries (`for b in table<Book> "books" do where (b.Year >= 2000)`) give the
/// operator form with compiler-checked columns.
[<RequireQualifiedAccess>]
module Filter =

    /// Any operator with a value (see `Conditions.Filter` for the value shapes). `Some v` compares with `v`
    /// (the core reads F# options as their value).
    let op (column: string) (operator: FilterOperator) (value: obj | null) : Condition =
        Conditions.Filter(column, operator, value)

    /// `eq`: equals.
    let eq (column: string) (value: 'a) = op column FilterOperator.Eq (box value)

    /// `neq`: not equal.
    let neq (column: string) (value: 'a) =
        op column FilterOperator.Neq (box value)

    /// `gt`: greater than.
    let gt (column: string) (value: 'a) = op column FilterOperator.Gt (box value)

    /// `gte`: greater than or equal.
    let gte (column: string) (value: 'a) =
        op column FilterOperator.Gte (box value)

    /// `lt`: less than.
    let lt (column: string) (value: 'a) = op column FilterOperator.Lt (box value)

    /// `lte`: less than or equal.
    let lte (column: string) (value: 'a) =
        op column FilterOperator.Lte (box value)

    /// `like`: `*` (or `%`) matches any run of characters, `_` one character.
    let like (column: string) (pattern: string) = op column FilterOperator.Like pattern

    /// `ilike`: case-insensitive like.
    let ilike (column: string) (pattern: string) = op column FilterOperator.ILike pattern

    /// `like(any)`: matches at least one pattern.
    let likeAny (column: string) (patterns: string list) =
        Conditions.Filter(column, FilterOperator.Like, patterns, Quantifier.Any)

    /// `like(all)`: matches every pattern.
    let likeAll (column: string) (patterns: string list) =
        Conditions.Filter(column, FilterOperator.Like, patterns, Quantifier.All)

    /// `ilike(any)`.
    let ilikeAny (column: string) (patterns: string list) =
        Conditions.Filter(column, FilterOperator.ILike, patterns, Quantifier.Any)

    /// `ilike(all)`.
    let ilikeAll (column: string) (patterns: string list) =
        Conditions.Filter(column, FilterOperator.ILike, patterns, Quantifier.All)

    /// Any quantifiable operator with `(any)` against a list (e.g. `Filter.anyOf FilterOperator.Gt "qty" [3; 6]`).
    let anyOf (operator: FilterOperator) (column: string) (values: 'a list) =
        Conditions.Filter(column, operator, values, Quantifier.Any)

    /// Any quantifiable operator with `(all)` against a list.
    let allOf (operator: FilterOperator) (column: string) (values: 'a list) =
        Conditions.Filter(column, operator, values, Quantifier.All)

    /// `match`: POSIX regular expression.
    let regex (column: string) (pattern: string) = op column FilterOperator.Match pattern

    /// `imatch`: case-insensitive POSIX regular expression.
    let iregex (column: string) (pattern: string) = op column FilterOperator.IMatch pattern

    /// `in`: equals one of the values.
    let isIn (column: string) (values: 'a seq) =
        op column FilterOperator.In (box (Seq.toArray values))

    /// `is.null`.
    let isNull (column: string) =
        op column FilterOperator.Is (box IsValue.Null)

    /// `not.is.null`.
    let isNotNull (column: string) = (isNull column).Negate()

    /// `is.true` / `is.false` / `is.null` / `is.unknown`.
    let is (column: string) (value: IsValue) = op column FilterOperator.Is (box value)

    /// `isdistinct`: IS DISTINCT FROM.
    let isDistinct (column: string) (value: 'a) =
        op column FilterOperator.IsDistinct (box value)

    /// `fts`: `to_tsquery` full-text search.
    let fts (column: string) (query: string) = op column FilterOperator.Fts query

    /// `plfts`: `plainto_tsquery` full-text search.
    let plfts (column: string) (query: string) = op column FilterOperator.Plfts query

    /// `phfts`: `phraseto_tsquery` full-text search.
    let phfts (column: string) (query: string) = op column FilterOperator.Phfts query

    /// `wfts`: `websearch_to_tsquery` full-text search.
    let wfts (column: string) (query: string) = op column FilterOperator.Wfts query

    /// A full-text operator with a text-search configuration: `Filter.ftsWith "english" FilterOperator.Fts "body" "fox"`.
    let ftsWith (language: string) (operator: FilterOperator) (column: string) (query: string) =
        Conditions.Filter(column, operator, query, Quantifier.None, language)

    /// `cs`: contains (a list for arrays, a `PgRange` for ranges, a JsonElement for jsonb).
    let contains (column: string) (value: obj) = op column FilterOperator.Cs value

    /// `cd`: contained by.
    let containedBy (column: string) (value: obj) = op column FilterOperator.Cd value

    /// `ov`: overlaps.
    let overlaps (column: string) (value: obj) = op column FilterOperator.Ov value

    /// `sl`: strictly left of a range.
    let strictlyLeftOf (column: string) (range: obj) = op column FilterOperator.Sl range

    /// `sr`: strictly right of a range.
    let strictlyRightOf (column: string) (range: obj) = op column FilterOperator.Sr range

    /// `nxl`: does not extend to the left of a range.
    let notExtendsLeftOf (column: string) (range: obj) = op column FilterOperator.Nxl range

    /// `nxr`: does not extend to the right of a range.
    let notExtendsRightOf (column: string) (range: obj) = op column FilterOperator.Nxr range

    /// `adj`: adjacent to a range.
    let adjacentTo (column: string) (range: obj) = op column FilterOperator.Adj range

    /// A hand-written filter, sent as given (percent-encoded only).
    let raw (column: string) (operator: string) (value: string) = Conditions.Raw(column, operator, value)

    /// Every condition holds (`and`).
    let all (conditions: Condition list) : Condition = Conditions.And conditions

    /// At least one condition holds (`or`).
    let any (conditions: Condition list) : Condition = Conditions.Or conditions

    /// The condition does not hold (`not`).
    let not (condition: Condition) : Condition = condition.Negate()

    /// Equality on several columns at once.
    let allEqual (pairs: (string * obj) list) : Condition =
        pairs
        |> List.map (fun (column, value) -> System.Collections.Generic.KeyValuePair(column, value))
        |> Conditions.AllEqual
