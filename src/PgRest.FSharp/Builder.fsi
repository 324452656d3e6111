namespace PgRest.FSharp

open System
open System.Linq.Expressions
open PgRest

/// A typed table source for `for row in table<Book> "books" do …` blocks.
type Table<'Row> = internal { Name: string }

/// The state of a `pgrest { }` block: the query built so far (none until `from`, `rpc` or `for`).
/// 'Row is the row type of a typed block (unit for a string-form block). A struct: a step allocates nothing of its own.
[<Struct>]
type QueryDraft<'Row> =
    internal
        {
            Query: PostgrestQuery voption
        }

/// Typed table sources and marker functions recognised inside typed `where` expressions.
[<AutoOpen>]
module TypedSources =

    /// The arguments of a function that takes none: `rpc "noop" noArgs` (sent as `{}`).
    val noArgs: obj

    /// A typed table: `for b in table<Book> "books" do where (b.Year > 2000)`.
    val table<'Row> : name: string -> Table<'Row>

    /// Marker for `like` inside a typed `where`: `where (like b.Title "Earth*")`. Not callable elsewhere.
    val like: _column: string -> _pattern: string -> bool

    /// Marker for `ilike` inside a typed `where`.
    val ilike: _column: string -> _pattern: string -> bool

    /// Marker for `in` inside a typed `where`: `where (isIn b.Id [1; 2; 3])`.
    val isIn: _column: 'a -> _values: 'a seq -> bool

// The custom operations need their attributes here, not only in Builder.fs: code using the builder from another
// assembly sees the members as this file declares them. Without [<CustomOperation>] the keyword is unknown, without
// [<ProjectionParameter>] the argument is not read as a lambda over the row variable.

/// The `pgrest { }` computation expression. It holds no state: every operation returns a new QueryDraft, and the
/// block produces an immutable `PostgrestQuery` (nothing is sent). Custom operations cannot sit inside `if`
/// (FS3086): use `whereIf`.
type PgrestBuilder =

    /// A builder; use the `pgrest` instance.
    new: unit -> PgrestBuilder

    /// The empty state of a block (called by the compiler).
    member Yield: 'Row -> QueryDraft<'Row>

    /// The empty state of a block without a row variable (called by the compiler).
    member Zero: unit -> QueryDraft<unit>

    /// Starts a typed block: `for b in table<Book> "books" do …` (called by the compiler).
    member For: source: Table<'Row> * _body: ('Row -> QueryDraft<'Row>) -> QueryDraft<'Row>

    /// Produces the query.
    member Run: draft: QueryDraft<'Row> -> PostgrestQuery

    /// Reads a table or view.
    [<CustomOperation("from", MaintainsVariableSpace = true)>]
    member From: QueryDraft<'Row> * [<ProjectionParameter>] table: ('Row -> string) -> QueryDraft<'Row>

    /// Extends an existing query (a base query shared by several blocks).
    [<CustomOperation("from", MaintainsVariableSpace = true)>]
    member From: QueryDraft<'Row> * [<ProjectionParameter>] query: ('Row -> PostgrestQuery) -> QueryDraft<'Row>

    /// Calls a function with named arguments (POST).
    [<CustomOperation("rpc", MaintainsVariableSpace = true)>]
    member Rpc: QueryDraft<'Row> * name: string * args: obj -> QueryDraft<'Row>

    /// Calls a read-only function with GET (arguments in the query string).
    [<CustomOperation("rpcGet", MaintainsVariableSpace = true)>]
    member RpcGet: QueryDraft<'Row> * name: string * args: obj -> QueryDraft<'Row>

    /// Calls a read-only function with HEAD.
    [<CustomOperation("rpcHead", MaintainsVariableSpace = true)>]
    member RpcHead: QueryDraft<'Row> * name: string * args: obj -> QueryDraft<'Row>

    /// Selects columns with a select list in PostgREST syntax: `select "id,title,author:authors(name)"`.
    [<CustomOperation("select", MaintainsVariableSpace = true)>]
    member Select: draft: QueryDraft<unit> * [<ProjectionParameter>] columns: (unit -> string) -> QueryDraft<unit>

    /// Selects a list of entries: `select [ "id"; "title" ]`.
    [<CustomOperation("select", MaintainsVariableSpace = true)>]
    member Select: draft: QueryDraft<unit> * [<ProjectionParameter>] columns: (unit -> string list) -> QueryDraft<unit>

    /// Selects structured entries: `select [ SelectItem.Column "title"; SelectItem.Embed("authors") ]`.
    [<CustomOperation("select", MaintainsVariableSpace = true)>]
    member Select:
        draft: QueryDraft<unit> * [<ProjectionParameter>] items: (unit -> SelectItem list) -> QueryDraft<unit>

    /// In a typed block: row fields (`select (b.Title, b.Year)`), or any of the forms above.
    [<CustomOperation("select", MaintainsVariableSpace = true)>]
    member Select:
        draft: QueryDraft<'Row> * [<ProjectionParameter>] columns: Expression<Func<'Row, 'Value>> -> QueryDraft<'Row>

    /// Adds a condition built with `Filter` (it cannot use the row variable of a typed block).
    [<CustomOperation("where", MaintainsVariableSpace = true)>]
    member Where: draft: QueryDraft<'Row> * [<ProjectionParameter>] condition: ('Row -> Condition) -> QueryDraft<'Row>

    /// Adds a typed condition: `where (b.Year > 2000 && b.Title <> "x")`. It means exactly what the expression
    /// means, a NULL column being unknown as in SQL; a form with no exact filter raises NotSupportedException
    /// naming it (docs/guide/typed-queries.md lists both).
    [<CustomOperation("where", MaintainsVariableSpace = true)>]
    member Where:
        draft: QueryDraft<'Row> * [<ProjectionParameter>] predicate: Expression<Func<'Row, bool>> -> QueryDraft<'Row>

    /// Adds a condition when the flag is true.
    [<CustomOperation("whereIf", MaintainsVariableSpace = true)>]
    member WhereIf:
        draft: QueryDraft<'Row> * flag: bool * [<ProjectionParameter>] condition: ('Row -> Condition) ->
            QueryDraft<'Row>

    /// Adds a condition on the rows of an embedded resource: `whereOn "books" (Filter.gt "year" 1980)`.
    [<CustomOperation("whereOn", MaintainsVariableSpace = true)>]
    member WhereOn: draft: QueryDraft<'Row> * referencedTable: string * condition: Condition -> QueryDraft<'Row>

    /// Orders ascending order term by a column name: `orderBy "year"`.
    [<CustomOperation("orderBy", MaintainsVariableSpace = true)>]
    member OrderBy: draft: QueryDraft<unit> * [<ProjectionParameter>] column: (unit -> string) -> QueryDraft<unit>

    /// In a typed block: ascending by a row field (`orderBy b.Year`) or a column name.
    [<CustomOperation("orderBy", MaintainsVariableSpace = true)>]
    member OrderBy:
        draft: QueryDraft<'Row> * [<ProjectionParameter>] column: Expression<Func<'Row, 'Key>> -> QueryDraft<'Row>

    /// Orders descending order term by a column name: `orderByDescending "year"`.
    [<CustomOperation("orderByDescending", MaintainsVariableSpace = true)>]
    member OrderByDescending:
        draft: QueryDraft<unit> * [<ProjectionParameter>] column: (unit -> string) -> QueryDraft<unit>

    /// In a typed block: descending by a row field (`orderByDescending b.Year`) or a column name.
    [<CustomOperation("orderByDescending", MaintainsVariableSpace = true)>]
    member OrderByDescending:
        draft: QueryDraft<'Row> * [<ProjectionParameter>] column: Expression<Func<'Row, 'Key>> -> QueryDraft<'Row>

    /// A further ascending order term by a column name: `thenBy "year"`.
    [<CustomOperation("thenBy", MaintainsVariableSpace = true)>]
    member ThenBy: draft: QueryDraft<unit> * [<ProjectionParameter>] column: (unit -> string) -> QueryDraft<unit>

    /// In a typed block: ascending by a row field (`thenBy b.Year`) or a column name.
    [<CustomOperation("thenBy", MaintainsVariableSpace = true)>]
    member ThenBy:
        draft: QueryDraft<'Row> * [<ProjectionParameter>] column: Expression<Func<'Row, 'Key>> -> QueryDraft<'Row>

    /// A further descending order term by a column name: `thenByDescending "year"`.
    [<CustomOperation("thenByDescending", MaintainsVariableSpace = true)>]
    member ThenByDescending:
        draft: QueryDraft<unit> * [<ProjectionParameter>] column: (unit -> string) -> QueryDraft<unit>

    /// In a typed block: descending by a row field (`thenByDescending b.Year`) or a column name.
    [<CustomOperation("thenByDescending", MaintainsVariableSpace = true)>]
    member ThenByDescending:
        draft: QueryDraft<'Row> * [<ProjectionParameter>] column: Expression<Func<'Row, 'Key>> -> QueryDraft<'Row>

    /// An order term with explicit direction and NULLs placement.
    [<CustomOperation("orderWith", MaintainsVariableSpace = true)>]
    member OrderWith: draft: QueryDraft<'Row> * column: string * ascending: bool * nulls: NullsOrder -> QueryDraft<'Row>

    /// Orders the rows of an embedded resource.
    [<CustomOperation("orderOn", MaintainsVariableSpace = true)>]
    member OrderOn:
        draft: QueryDraft<'Row> * referencedTable: string * column: string * ascending: bool -> QueryDraft<'Row>

    /// Orders the rows of an embedded resource, with NULLs placement.
    [<CustomOperation("orderOnWith", MaintainsVariableSpace = true)>]
    member OrderOnWith:
        draft: QueryDraft<'Row> * referencedTable: string * column: string * ascending: bool * nulls: NullsOrder ->
            QueryDraft<'Row>

    /// Orders the rows by a column of a to-one embedded resource: `orderByRelated "publishers" "name" false`.
    [<CustomOperation("orderByRelated", MaintainsVariableSpace = true)>]
    member OrderByRelated:
        draft: QueryDraft<'Row> * relation: string * column: string * ascending: bool -> QueryDraft<'Row>

    /// At most n rows.
    [<CustomOperation("limit", MaintainsVariableSpace = true)>]
    member Limit: draft: QueryDraft<'Row> * count: int64 -> QueryDraft<'Row>

    /// At most n rows of an embedded resource per parent row.
    [<CustomOperation("limitOn", MaintainsVariableSpace = true)>]
    member LimitOn: draft: QueryDraft<'Row> * referencedTable: string * count: int64 -> QueryDraft<'Row>

    /// Skips n rows.
    [<CustomOperation("offset", MaintainsVariableSpace = true)>]
    member Offset: draft: QueryDraft<'Row> * count: int64 -> QueryDraft<'Row>

    /// Skips n rows of an embedded resource (per parent row).
    [<CustomOperation("offsetOn", MaintainsVariableSpace = true)>]
    member OffsetOn: draft: QueryDraft<'Row> * referencedTable: string * count: int64 -> QueryDraft<'Row>

    /// Rows first..last of an embedded resource (per parent row), inclusive and zero-based.
    [<CustomOperation("rangeOn", MaintainsVariableSpace = true)>]
    member RangeOn: draft: QueryDraft<'Row> * referencedTable: string * first: int64 * last: int64 -> QueryDraft<'Row>

    /// Rows first..last, inclusive and zero-based.
    [<CustomOperation("range", MaintainsVariableSpace = true)>]
    member Range: draft: QueryDraft<'Row> * first: int64 * last: int64 -> QueryDraft<'Row>

    /// Asks for the total count of matching rows.
    [<CustomOperation("count", MaintainsVariableSpace = true)>]
    member Count: draft: QueryDraft<'Row> * method: CountMethod -> QueryDraft<'Row>

    /// Exactly one row as an object.
    [<CustomOperation("single", MaintainsVariableSpace = true)>]
    member Single: draft: QueryDraft<'Row> -> QueryDraft<'Row>

    /// At most one row.
    [<CustomOperation("maybeSingle", MaintainsVariableSpace = true)>]
    member MaybeSingle: draft: QueryDraft<'Row> -> QueryDraft<'Row>

    /// CSV output.
    [<CustomOperation("csv", MaintainsVariableSpace = true)>]
    member Csv: draft: QueryDraft<'Row> -> QueryDraft<'Row>

    /// GeoJSON output.
    [<CustomOperation("geoJson", MaintainsVariableSpace = true)>]
    member GeoJson: draft: QueryDraft<'Row> -> QueryDraft<'Row>

    /// The execution plan instead of the rows.
    [<CustomOperation("explain", MaintainsVariableSpace = true)>]
    member Explain: draft: QueryDraft<'Row> * options: ExplainOptions -> QueryDraft<'Row>

    /// HEAD instead of GET.
    [<CustomOperation("head", MaintainsVariableSpace = true)>]
    member Head: draft: QueryDraft<'Row> -> QueryDraft<'Row>

    /// Rolls the transaction back after the request (a dry run).
    [<CustomOperation("rollback", MaintainsVariableSpace = true)>]
    member Rollback: draft: QueryDraft<'Row> -> QueryDraft<'Row>

    /// How PostgREST treats invalid preferences (strict rejects them with PGRST122).
    [<CustomOperation("handling", MaintainsVariableSpace = true)>]
    member Handling: draft: QueryDraft<'Row> * handling: PreferenceHandling -> QueryDraft<'Row>

    /// `Prefer: max-affected=n` (honoured by PostgREST 12.2 and later; 12.0.2 ignores it, and with
    /// `handling PreferenceHandling.Strict` refuses the request: 400 PGRST122, nothing written).
    [<CustomOperation("maxAffected", MaintainsVariableSpace = true)>]
    member MaxAffected: draft: QueryDraft<'Row> * count: int64 -> QueryDraft<'Row>

    /// Timestamps come back in this time zone (`Prefer: timezone=…`).
    [<CustomOperation("timezone", MaintainsVariableSpace = true)>]
    member Timezone: draft: QueryDraft<'Row> * timezone: string -> QueryDraft<'Row>

    /// Uses another schema for this request.
    [<CustomOperation("schema", MaintainsVariableSpace = true)>]
    member Schema: draft: QueryDraft<'Row> * name: string -> QueryDraft<'Row>

    /// Adds a request header.
    [<CustomOperation("header", MaintainsVariableSpace = true)>]
    member Header: draft: QueryDraft<'Row> * name: string * value: string -> QueryDraft<'Row>

    /// Overrides the client's timeout for this request.
    [<CustomOperation("timeout", MaintainsVariableSpace = true)>]
    member Timeout: draft: QueryDraft<'Row> * timeout: TimeSpan -> QueryDraft<'Row>

    /// Inserts one row, or several when given a list.
    [<CustomOperation("insert", MaintainsVariableSpace = true)>]
    member Insert: draft: QueryDraft<'Row> * values: 'Value -> QueryDraft<'Row>

    /// Inserts rows; columns a row leaves out get their DEFAULT.
    [<CustomOperation("insertWithDefaults", MaintainsVariableSpace = true)>]
    member InsertWithDefaults: draft: QueryDraft<'Row> * values: 'Value -> QueryDraft<'Row>

    /// Inserts, or updates rows colliding on the primary key.
    [<CustomOperation("upsert", MaintainsVariableSpace = true)>]
    member Upsert: draft: QueryDraft<'Row> * values: 'Value -> QueryDraft<'Row>

    /// Inserts, or updates rows colliding on the primary key; columns a row leaves out get their DEFAULT.
    [<CustomOperation("upsertWithDefaults", MaintainsVariableSpace = true)>]
    member UpsertWithDefaults: draft: QueryDraft<'Row> * values: 'Value -> QueryDraft<'Row>

    /// Inserts or replaces exactly one row (HTTP PUT); the block's conditions must be `eq` on the whole primary key.
    [<CustomOperation("upsertSingle", MaintainsVariableSpace = true)>]
    member UpsertSingle: draft: QueryDraft<'Row> * row: 'Value -> QueryDraft<'Row>

    /// Inserts, or updates rows colliding on the given unique columns.
    [<CustomOperation("upsertOn", MaintainsVariableSpace = true)>]
    member UpsertOn: draft: QueryDraft<'Row> * onConflict: string * values: 'Value -> QueryDraft<'Row>

    /// Inserts, skipping rows that collide on the given unique columns.
    [<CustomOperation("insertIgnoringDuplicates", MaintainsVariableSpace = true)>]
    member InsertIgnoringDuplicates: draft: QueryDraft<'Row> * onConflict: string * values: 'Value -> QueryDraft<'Row>

    /// Updates the rows matched by the block's top-level conditions. Without a `where` the block is refused when it
    /// is rendered or sent (InvalidOperationException), unless it says `allRows`.
    [<CustomOperation("update", MaintainsVariableSpace = true)>]
    member Update: draft: QueryDraft<'Row> * values: 'Value -> QueryDraft<'Row>

    /// Deletes the rows matched by the block's top-level conditions. Without a `where` the block is refused when it
    /// is rendered or sent (InvalidOperationException), unless it says `allRows`.
    [<CustomOperation("delete", MaintainsVariableSpace = true)>]
    member Delete: draft: QueryDraft<'Row> -> QueryDraft<'Row>

    /// Says that an `update` or `delete` without a top-level `where` is meant to change every row
    /// (PostgrestQuery.AllRows). `whereOn`, `limit` and `orderBy` do not count as a filter.
    [<CustomOperation("allRows", MaintainsVariableSpace = true)>]
    member AllRows: draft: QueryDraft<'Row> -> QueryDraft<'Row>

    /// What a write returns.
    [<CustomOperation("returning", MaintainsVariableSpace = true)>]
    member Returning: draft: QueryDraft<'Row> * mode: ReturnMode -> QueryDraft<'Row>

/// The `pgrest` builder instance.
[<AutoOpen>]
module PgrestBuilderInstance =

    /// Builds an immutable `PostgrestQuery`: `pgrest { from "books"; where (Filter.gt "year" 2000); limit 10L }`.
    val pgrest: PgrestBuilder
