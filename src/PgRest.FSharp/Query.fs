namespace PgRest.FSharp

// The public surface and its documentation: Query.fsi.

open System
open PgRest

[<RequireQualifiedAccess>]
module Query =

    let from (table: string) : PostgrestQuery = PostgrestQuery.From table

    let rpc (name: string) (args: obj) : PostgrestQuery = PostgrestQuery.Rpc(name, args)

    let rpcGet (name: string) (args: obj) : PostgrestQuery =
        PostgrestQuery.Rpc(name, args, RpcMethod.Get)

    let rpcHead (name: string) (args: obj) : PostgrestQuery =
        PostgrestQuery.Rpc(name, args, RpcMethod.Head)

    let select (columns: string) (query: PostgrestQuery) = query.Select(columns)

    let selectList (columns: string list) (query: PostgrestQuery) = query.Select(List.toArray columns)

    let selectItems (items: SelectItem list) (query: PostgrestQuery) = query.Select(List.toArray items)

    let where (condition: Condition) (query: PostgrestQuery) = query.Where(condition)

    let whereIf (flag: bool) (condition: Condition) (query: PostgrestQuery) = query.WhereIf(flag, condition)

    let whereOn (referencedTable: string) (condition: Condition) (query: PostgrestQuery) =
        query.Where(condition, referencedTable)

    let orderBy (column: string) (query: PostgrestQuery) = query.Order(column)

    let orderByDescending (column: string) (query: PostgrestQuery) = query.Order(column, false)

    let orderWith (column: string) (ascending: bool) (nulls: NullsOrder) (query: PostgrestQuery) =
        query.Order(column, ascending, nulls)

    let orderOn (referencedTable: string) (column: string) (ascending: bool) (query: PostgrestQuery) =
        query.Order(column, ascending, NullsOrder.Default, referencedTable)

    let orderOnWith
        (referencedTable: string)
        (column: string)
        (ascending: bool)
        (nulls: NullsOrder)
        (query: PostgrestQuery)
        =
        query.Order(column, ascending, nulls, referencedTable)

    let orderByRelated (relation: string) (column: string) (ascending: bool) (query: PostgrestQuery) =
        query.OrderByRelated(relation, column, ascending)

    let limit (count: int64) (query: PostgrestQuery) = query.Limit(count)

    let limitOn (referencedTable: string) (count: int64) (query: PostgrestQuery) = query.Limit(count, referencedTable)

    let offset (count: int64) (query: PostgrestQuery) = query.Offset(count)

    let offsetOn (referencedTable: string) (count: int64) (query: PostgrestQuery) = query.Offset(count, referencedTable)

    let rangeOn (referencedTable: string) (first: int64) (last: int64) (query: PostgrestQuery) =
        query.Range(first, last, referencedTable)

    let range (first: int64) (last: int64) (query: PostgrestQuery) = query.Range(first, last)

    let count (method: CountMethod) (query: PostgrestQuery) = query.WithCount(method)

    let single (query: PostgrestQuery) = query.Single()

    let maybeSingle (query: PostgrestQuery) = query.MaybeSingle()

    let csv (query: PostgrestQuery) = query.Csv()

    let geoJson (query: PostgrestQuery) = query.GeoJson()

    let explain (options: ExplainOptions) (query: PostgrestQuery) = query.Explain(options)

    let head (query: PostgrestQuery) = query.Head()

    let rollback (query: PostgrestQuery) = query.RollbackTransaction()

    let handling (handling: PreferenceHandling) (query: PostgrestQuery) = query.Handling(handling)

    let maxAffected (count: int64) (query: PostgrestQuery) = query.MaxAffected(count)

    let timezone (timezone: string) (query: PostgrestQuery) = query.Timezone(timezone)

    let schema (name: string) (query: PostgrestQuery) = query.Schema(name)

    let header (name: string) (value: string) (query: PostgrestQuery) = query.Header(name, value)

    let timeout (timeout: TimeSpan) (query: PostgrestQuery) = query.Timeout(timeout)

    let insert (values: 'a) (query: PostgrestQuery) = query.Insert(values)

    let insertWithDefaults (values: 'a) (query: PostgrestQuery) = query.Insert(values, true)

    let upsert (values: 'a) (query: PostgrestQuery) = query.Upsert(values)

    let upsertWithDefaults (values: 'a) (query: PostgrestQuery) =
        query.Upsert(values, missingAsDefault = true)

    let upsertSingle (row: 'a) (query: PostgrestQuery) = query.UpsertSingle(row)

    let upsertOn (onConflict: string) (values: 'a) (query: PostgrestQuery) = query.Upsert(values, onConflict)

    let insertIgnoringDuplicates (onConflict: string) (values: 'a) (query: PostgrestQuery) =
        query.Upsert(values, onConflict, true)

    let update (values: 'a) (query: PostgrestQuery) = query.Update(values)

    let delete (query: PostgrestQuery) = query.Delete()

    let allRows (query: PostgrestQuery) = query.AllRows()

    let returning (mode: ReturnMode) (query: PostgrestQuery) = query.Returning(mode)

    let render (client: PostgrestClient) (query: PostgrestQuery) : PostgrestRequest = client.Render query
