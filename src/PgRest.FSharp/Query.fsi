namespace PgRest.FSharp

open System
open PgRest

/// Pipeline functions over the core's immutable `PostgrestQuery`: each returns a new query.
/// `Query.from "books" |> Query.where (Filter.gt "year" 2000) |> Query.limit 10`.
[<RequireQualifiedAccess>]
module Query =

    /// A query reading a table or view.
    val from: table: string -> PostgrestQuery

    /// A call of a function (POST) with named arguments (a record, anonymous record, map or null).
    val rpc: name: string -> args: obj -> PostgrestQuery

    /// A call of a function with GET (read-only functions; arguments go to the query string).
    val rpcGet: name: string -> args: obj -> PostgrestQuery

    /// A call of a function with HEAD (headers and count only).
    val rpcHead: name: string -> args: obj -> PostgrestQuery

    /// Selects columns in PostgREST syntax (`"id,title,author:authors(name)"`).
    val select: columns: string -> query: PostgrestQuery -> PostgrestQuery

    /// Selects a list of entries.
    val selectList: columns: string list -> query: PostgrestQuery -> PostgrestQuery

    /// Selects structured entries (`SelectItem.Embed`, …).
    val selectItems: items: SelectItem list -> query: PostgrestQuery -> PostgrestQuery

    /// Adds a condition.
    val where: condition: Condition -> query: PostgrestQuery -> PostgrestQuery

    /// Adds a condition when `flag` is true.
    val whereIf: flag: bool -> condition: Condition -> query: PostgrestQuery -> PostgrestQuery

    /// Adds a condition on the rows of an embedded resource.
    val whereOn: referencedTable: string -> condition: Condition -> query: PostgrestQuery -> PostgrestQuery

    /// Orders ascending by a column (further order terms apply after it).
    val orderBy: column: string -> query: PostgrestQuery -> PostgrestQuery

    /// Orders descending by a column.
    val orderByDescending: column: string -> query: PostgrestQuery -> PostgrestQuery

    /// Orders by a column with explicit direction and NULLs placement.
    val orderWith: column: string -> ascending: bool -> nulls: NullsOrder -> query: PostgrestQuery -> PostgrestQuery

    /// Orders the rows of an embedded resource.
    val orderOn: referencedTable: string -> column: string -> ascending: bool -> query: PostgrestQuery -> PostgrestQuery

    /// Orders the rows of an embedded resource, with NULLs placement.
    val orderOnWith:
        referencedTable: string ->
        column: string ->
        ascending: bool ->
        nulls: NullsOrder ->
        query: PostgrestQuery ->
            PostgrestQuery

    /// Orders the rows by a column of a to-one embedded resource.
    val orderByRelated: relation: string -> column: string -> ascending: bool -> query: PostgrestQuery -> PostgrestQuery

    /// At most `count` rows.
    val limit: count: int64 -> query: PostgrestQuery -> PostgrestQuery

    /// At most `count` rows of an embedded resource (per parent row).
    val limitOn: referencedTable: string -> count: int64 -> query: PostgrestQuery -> PostgrestQuery

    /// Skips `count` rows.
    val offset: count: int64 -> query: PostgrestQuery -> PostgrestQuery

    /// Skips `count` rows of an embedded resource (per parent row).
    val offsetOn: referencedTable: string -> count: int64 -> query: PostgrestQuery -> PostgrestQuery

    /// Rows `first` to `last` of an embedded resource (per parent row).
    val rangeOn: referencedTable: string -> first: int64 -> last: int64 -> query: PostgrestQuery -> PostgrestQuery

    /// Rows `first` to `last`, both inclusive, zero-based.
    val range: first: int64 -> last: int64 -> query: PostgrestQuery -> PostgrestQuery

    /// Asks for the total count of matching rows.
    val count: method: CountMethod -> query: PostgrestQuery -> PostgrestQuery

    /// Exactly one row as an object.
    val single: query: PostgrestQuery -> PostgrestQuery

    /// At most one row.
    val maybeSingle: query: PostgrestQuery -> PostgrestQuery

    /// CSV output.
    val csv: query: PostgrestQuery -> PostgrestQuery

    /// GeoJSON output.
    val geoJson: query: PostgrestQuery -> PostgrestQuery

    /// The execution plan instead of the rows.
    val explain: options: ExplainOptions -> query: PostgrestQuery -> PostgrestQuery

    /// HEAD instead of GET.
    val head: query: PostgrestQuery -> PostgrestQuery

    /// Rolls the transaction back after the request (`Prefer: tx=rollback`).
    val rollback: query: PostgrestQuery -> PostgrestQuery

    /// How PostgREST treats invalid preferences.
    val handling: handling: PreferenceHandling -> query: PostgrestQuery -> PostgrestQuery

    /// `Prefer: max-affected=n` (honoured by PostgREST 12.2 and later; 12.0.2 ignores it, and with
    /// `handling PreferenceHandling.Strict` refuses the request: 400 PGRST122, nothing written).
    val maxAffected: count: int64 -> query: PostgrestQuery -> PostgrestQuery

    /// Timestamps come back in this time zone.
    val timezone: timezone: string -> query: PostgrestQuery -> PostgrestQuery

    /// Uses another schema for this request.
    val schema: name: string -> query: PostgrestQuery -> PostgrestQuery

    /// Adds a request header.
    val header: name: string -> value: string -> query: PostgrestQuery -> PostgrestQuery

    /// Overrides the client's timeout for this request.
    val timeout: timeout: TimeSpan -> query: PostgrestQuery -> PostgrestQuery

    /// Inserts one row (or several, when the value is a list or array).
    val insert: values: 'a -> query: PostgrestQuery -> PostgrestQuery

    /// Inserts rows; columns a row leaves out get their DEFAULT.
    val insertWithDefaults: values: 'a -> query: PostgrestQuery -> PostgrestQuery

    /// Inserts, or updates rows colliding on the primary key.
    val upsert: values: 'a -> query: PostgrestQuery -> PostgrestQuery

    /// Inserts, or updates rows colliding on the primary key; columns a row leaves out get their DEFAULT.
    val upsertWithDefaults: values: 'a -> query: PostgrestQuery -> PostgrestQuery

    /// Inserts or replaces exactly one row (HTTP PUT); the filters must be `eq` on the whole primary key.
    val upsertSingle: row: 'a -> query: PostgrestQuery -> PostgrestQuery

    /// Inserts, or updates rows colliding on the given unique columns (comma-separated).
    val upsertOn: onConflict: string -> values: 'a -> query: PostgrestQuery -> PostgrestQuery

    /// Inserts, skipping rows that collide on the given unique columns (or the primary key when null).
    val insertIgnoringDuplicates: onConflict: string -> values: 'a -> query: PostgrestQuery -> PostgrestQuery

    /// Updates the rows matched by the query's top-level filters. Without one the query is refused when it is
    /// rendered or sent (InvalidOperationException), unless it says `allRows`.
    val update: values: 'a -> query: PostgrestQuery -> PostgrestQuery

    /// Deletes the rows matched by the query's top-level filters. Without one the query is refused when it is
    /// rendered or sent (InvalidOperationException), unless it says `allRows`.
    val delete: query: PostgrestQuery -> PostgrestQuery

    /// Says that an update or delete without a top-level filter is meant to change every row
    /// (PostgrestQuery.AllRows). Filters on embedded resources, limit and order do not count as a filter.
    val allRows: query: PostgrestQuery -> PostgrestQuery

    /// What a write returns.
    val returning: mode: ReturnMode -> query: PostgrestQuery -> PostgrestQuery

    /// The request the query renders to through `client` (nothing is sent).
    val render: client: PostgrestClient -> query: PostgrestQuery -> PostgrestRequest
