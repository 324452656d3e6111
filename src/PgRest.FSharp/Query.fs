namespace PgRest.FSharp

open System
open PgRest

/// Pipeline functions over the core's immutable `PostgrestQuery`: each returns a new query.
/// `Query.from "books" |> Query.where (Filter.gt "year" 2000) |> Query.limit 10`.
[<RequireQualifiedAccess>]
module Query =

    /// A query reading a table or view.
    let from (table: string) : PostgrestQuery = PostgrestQuery.From table

    /// A call of a function (POST) with named arguments (a record, anonymous record, map or null).
    let rpc (name: string) (args: obj) : PostgrestQuery = PostgrestQuery.Rpc(name, args)

    /// A call of a function with GET (read-only functions; arguments go to the query string).
    let rpcGet (name: string) (args: obj) : PostgrestQuery =
        PostgrestQuery.Rpc(name, args, RpcMethod.Get)

    /// A call of a function with HEAD (headers and count only).
    let rpcHead (name: string) (args: obj) : PostgrestQuery =
        PostgrestQuery.Rpc(name, args, RpcMethod.Head)

    /// Selects columns in PostgREST syntax (`"id,title,author:authors(name)"`).
    let select (columns: string) (query: PostgrestQuery) = query.Select(columns)

    /// Selects a list of entries.
    let selectList (columns: string list) (query: PostgrestQuery) = query.Select(List.toArray columns)

    /// Selects structured entries (`SelectItem.Embed`, …).
    let selectItems (items: SelectItem list) (query: PostgrestQuery) = query.Select(List.toArray items)

    /// Adds a condition.
    let where (condition: Condition) (query: PostgrestQuery) = query.Where(condition)

    /// Adds a condition when `flag` is true.
    let whereIf (flag: bool) (condition: Condition) (query: PostgrestQuery) = query.WhereIf(flag, condition)

    /// Adds a condition on the rows of an embedded resource.
    let whereOn (referencedTable: string) (condition: Condition) (query: PostgrestQuery) =
        query.Where(condition, referencedTable)

    /// Orders ascending by a column (further order terms apply after it).
    let orderBy (column: string) (query: PostgrestQuery) = query.Order(column)

    /// Orders descending by a column.
    let orderByDescending (column: string) (query: PostgrestQuery) = query.Order(column, false)

    /// Orders by a column with explicit direction and NULLs placement.
    let orderWith (column: string) (ascending: bool) (nulls: NullsOrder) (query: PostgrestQuery) =
        query.Order(column, ascending, nulls)

    /// Orders the rows of an embedded resource.
    let orderOn (referencedTable: string) (column: string) (ascending: bool) (query: PostgrestQuery) =
        query.Order(column, ascending, NullsOrder.Default, referencedTable)

    /// Orders the rows of an embedded resource, with NULLs placement.
    let orderOnWith
        (referencedTable: string)
        (column: string)
        (ascending: bool)
        (nulls: NullsOrder)
        (query: PostgrestQuery)
        =
        query.Order(column, ascending, nulls, referencedTable)

    /// Orders the rows by a column of a to-one embedded resource.
    let orderByRelated (relation: string) (column: string) (ascending: bool) (query: PostgrestQuery) =
        query.OrderByRelated(relation, column, ascending)

    /// At most `count` rows.
    let limit (count: int64) (query: PostgrestQuery) = query.Limit(count)

    /// At most `count` rows of an embedded resource (per parent row).
    let limitOn (referencedTable: string) (count: int64) (query: PostgrestQuery) = query.Limit(count, referencedTable)

    /// Skips `count` rows.
    let offset (count: int64) (query: PostgrestQuery) = query.Offset(count)

    /// Skips `count` rows of an embedded resource (per parent row).
    let offsetOn (referencedTable: string) (count: int64) (query: PostgrestQuery) = query.Offset(count, referencedTable)

    /// Rows `first` to `last` of an embedded resource (per parent row).
    let rangeOn (referencedTable: string) (first: int64) (last: int64) (query: PostgrestQuery) =
        query.Range(first, last, referencedTable)

    /// Rows `first` to `last`, both inclusive, zero-based.
    let range (first: int64) (last: int64) (query: PostgrestQuery) = query.Range(first, last)

    /// Asks for the total count of matching rows.
    let count (method: CountMethod) (query: PostgrestQuery) = query.WithCount(method)

    /// Exactly one row as an object.
    let single (query: PostgrestQuery) = query.Single()

    /// At most one row.
    let maybeSingle (query: PostgrestQuery) = query.MaybeSingle()

    /// CSV output.
    let csv (query: PostgrestQuery) = query.Csv()

    /// GeoJSON output.
    let geoJson (query: PostgrestQuery) = query.GeoJson()

    /// The execution plan instead of the rows.
    let explain (options: ExplainOptions) (query: PostgrestQuery) = query.Explain(options)

    /// HEAD instead of GET.
    let head (query: PostgrestQuery) = query.Head()

    /// Rolls the transaction back after the request (`Prefer: tx=rollback`).
    let rollback (query: PostgrestQuery) = query.RollbackTransaction()

    /// How PostgREST treats invalid preferences.
    let handling (handling: PreferenceHandling) (query: PostgrestQuery) = query.Handling(handling)

    /// `Prefer: max-affected=n` (honoured by PostgREST 12.2 and later).
    let maxAffected (count: int64) (query: PostgrestQuery) = query.MaxAffected(count)

    /// Timestamps come back in this time zone.
    let timezone (timezone: string) (query: PostgrestQuery) = query.Timezone(timezone)

    /// Uses another schema for this request.
    let schema (name: string) (query: PostgrestQuery) = query.Schema(name)

    /// Adds a request header.
    let header (name: string) (value: string) (query: PostgrestQuery) = query.Header(name, value)

    /// Overrides the client's timeout for this request.
    let timeout (timeout: TimeSpan) (query: PostgrestQuery) = query.Timeout(timeout)

    /// Inserts one row (or several, when the value is a list or array).
    let insert (values: 'a) (query: PostgrestQuery) = query.Insert(values)

    /// Inserts rows; columns a row leaves out get their DEFAULT.
    let insertWithDefaults (values: 'a) (query: PostgrestQuery) = query.Insert(values, true)

    /// Inserts, or updates rows colliding on the primary key.
    let upsert (values: 'a) (query: PostgrestQuery) = query.Upsert(values)

    /// Inserts, or updates rows colliding on the primary key; columns a row leaves out get their DEFAULT.
    let upsertWithDefaults (values: 'a) (query: PostgrestQuery) =
        query.Upsert(values, missingAsDefault = true)

    /// Inserts or replaces exactly one row (HTTP PUT); the filters must be `eq` on the whole primary key.
    let upsertSingle (row: 'a) (query: PostgrestQuery) = query.UpsertSingle(row)

    /// Inserts, or updates rows colliding on the given unique columns (comma-separated).
    let upsertOn (onConflict: string) (values: 'a) (query: PostgrestQuery) = query.Upsert(values, onConflict)

    /// Inserts, skipping rows that collide on the given unique columns (or the primary key when null).
    let insertIgnoringDuplicates (onConflict: string) (values: 'a) (query: PostgrestQuery) =
        query.Upsert(values, onConflict, true)

    /// Updates the rows matched by the query's filters.
    let update (values: 'a) (query: PostgrestQuery) = query.Update(values)

    /// Deletes the rows matched by the query's filters.
    let delete (query: PostgrestQuery) = query.Delete()

    /// What a write returns.
    let returning (mode: ReturnMode) (query: PostgrestQuery) = query.Returning(mode)

    /// The request the query renders to through `client` (nothing is sent).
    let render (client: PostgrestClient) (query: PostgrestQuery) : PostgrestRequest = client.Render query
