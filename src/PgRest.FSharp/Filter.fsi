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
    val op: column: string -> operator: FilterOperator -> value: (obj | null) -> Condition

    /// `eq`: equals.
    val eq: column: string -> value: 'a -> Condition

    /// `neq`: not equal.
    val neq: column: string -> value: 'a -> Condition

    /// `gt`: greater than.
    val gt: column: string -> value: 'a -> Condition

    /// `gte`: greater than or equal.
    val gte: column: string -> value: 'a -> Condition

    /// `lt`: less than.
    val lt: column: string -> value: 'a -> Condition

    /// `lte`: less than or equal.
    val lte: column: string -> value: 'a -> Condition

    /// `like`: `*` (or `%`) matches any run of characters, `_` one character.
    val like: column: string -> pattern: string -> Condition

    /// `ilike`: case-insensitive like.
    val ilike: column: string -> pattern: string -> Condition

    /// `like(any)`: matches at least one pattern.
    val likeAny: column: string -> patterns: string list -> Condition

    /// `like(all)`: matches every pattern.
    val likeAll: column: string -> patterns: string list -> Condition

    /// `ilike(any)`.
    val ilikeAny: column: string -> patterns: string list -> Condition

    /// `ilike(all)`.
    val ilikeAll: column: string -> patterns: string list -> Condition

    /// Any quantifiable operator with `(any)` against a list (e.g. `Filter.anyOf FilterOperator.Gt "qty" [3; 6]`).
    val anyOf: operator: FilterOperator -> column: string -> values: 'a list -> Condition

    /// Any quantifiable operator with `(all)` against a list.
    val allOf: operator: FilterOperator -> column: string -> values: 'a list -> Condition

    /// `match`: POSIX regular expression.
    val regex: column: string -> pattern: string -> Condition

    /// `imatch`: case-insensitive POSIX regular expression.
    val iregex: column: string -> pattern: string -> Condition

    /// `in`: equals one of the values.
    val isIn: column: string -> values: 'a seq -> Condition

    /// `is.null`.
    val isNull: column: string -> Condition

    /// `not.is.null`.
    val isNotNull: column: string -> Condition

    /// `is.true` / `is.false` / `is.null` / `is.unknown`.
    val is: column: string -> value: IsValue -> Condition

    /// `isdistinct`: IS DISTINCT FROM.
    val isDistinct: column: string -> value: 'a -> Condition

    /// `fts`: `to_tsquery` full-text search.
    val fts: column: string -> query: string -> Condition

    /// `plfts`: `plainto_tsquery` full-text search.
    val plfts: column: string -> query: string -> Condition

    /// `phfts`: `phraseto_tsquery` full-text search.
    val phfts: column: string -> query: string -> Condition

    /// `wfts`: `websearch_to_tsquery` full-text search.
    val wfts: column: string -> query: string -> Condition

    /// A full-text operator with a text-search configuration:
    /// `Filter.ftsWith "english" FilterOperator.Fts "body" "fox"`.
    val ftsWith: language: string -> operator: FilterOperator -> column: string -> query: string -> Condition

    /// `cs`: contains (a list for arrays, a `PgRange` for ranges, a JsonElement for jsonb).
    val contains: column: string -> value: obj -> Condition

    /// `cd`: contained by.
    val containedBy: column: string -> value: obj -> Condition

    /// `ov`: overlaps.
    val overlaps: column: string -> value: obj -> Condition

    /// `sl`: strictly left of a range.
    val strictlyLeftOf: column: string -> range: obj -> Condition

    /// `sr`: strictly right of a range.
    val strictlyRightOf: column: string -> range: obj -> Condition

    /// `nxl`: does not extend to the left of a range.
    val notExtendsLeftOf: column: string -> range: obj -> Condition

    /// `nxr`: does not extend to the right of a range.
    val notExtendsRightOf: column: string -> range: obj -> Condition

    /// `adj`: adjacent to a range.
    val adjacentTo: column: string -> range: obj -> Condition

    /// A hand-written filter, sent as given (percent-encoded only). A dotted column (`books.id`) filters an embedded
    /// resource; a column PostgREST reads as its own parameter (`select`, `columns`, `on_conflict`, a last dotted word
    /// `order`, `limit`, `offset`, `and`, `or`) raises ArgumentException.
    val raw: column: string -> operator: string -> value: string -> Condition

    /// Every condition holds (`and`).
    val all: conditions: Condition list -> Condition

    /// At least one condition holds (`or`).
    val any: conditions: Condition list -> Condition

    /// The condition does not hold (`not`).
    val ``not``: condition: Condition -> Condition

    /// Equality on several columns at once.
    val allEqual: pairs: (string * obj) list -> Condition
