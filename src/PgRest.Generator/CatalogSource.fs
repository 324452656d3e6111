/// Reads one schema from the PostgreSQL catalog over a connection string (Npgsql) into the schema model (issue 14).
/// It selects relations and functions the way PostgREST 12.0.2 builds its schema cache (the same relation kinds,
/// privilege checks, updatability rules and callable functions), so the model holds what PostgREST serves, plus what
/// only the catalog knows: identity and generated columns, every default, function return types, variadic arguments
/// and comments.
module PgRest.Generator.CatalogSource

open System
open System.Collections.Generic
open Npgsql
open PgRest.Generator.Model

/// Accepts an Npgsql connection string (`Host=…;Database=…`) or a libpq URI (`postgresql://user:pw@host:port/db`).
let private builderOf (connectionString: string) : NpgsqlConnectionStringBuilder =
    let text =
        match connectionString :> objnull with
        | null -> ""
        | _ -> connectionString.Trim()

    if
        text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
        || text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
    then
        let uri =
            try
                Uri text
            with :? UriFormatException as e ->
                failwithf "The connection URI is not valid: %s" e.Message

        let b = NpgsqlConnectionStringBuilder()
        b.Host <- uri.Host

        if uri.Port > 0 then
            b.Port <- uri.Port

        let db = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart '/')

        if db <> "" then
            b.Database <- db

        if uri.UserInfo <> "" then
            match uri.UserInfo.Split(':', 2) with
            | [| user |] -> b.Username <- Uri.UnescapeDataString user
            | [| user; password |] ->
                b.Username <- Uri.UnescapeDataString user
                b.Password <- Uri.UnescapeDataString password
            | _ -> ()

        for pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries) do
            match pair.Split('=', 2) with
            | [| key; value |] ->
                let key = Uri.UnescapeDataString key
                let value = Uri.UnescapeDataString value

                match key.ToLowerInvariant() with
                | "sslmode" -> b["SSL Mode"] <- value
                | "application_name" -> b.ApplicationName <- value
                | "connect_timeout" -> b.Timeout <- int value
                | _ -> b[key] <- value
            | _ -> failwithf "The connection URI has a query part without a value: %s" pair

        b
    else
        try
            NpgsqlConnectionStringBuilder text
        with e ->
            failwithf "The connection string is not valid: %s" e.Message

/// Where the schema was read from, for the header: `postgresql://user@host:port/database`, never the password.
let private locationOf (b: NpgsqlConnectionStringBuilder) =
    let user =
        match b.Username with
        | null
        | "" -> ""
        | u -> Uri.EscapeDataString u + "@"

    let host =
        match b.Host with
        | null
        | "" -> "localhost"
        | h -> h

    let db =
        match b.Database with
        | null -> ""
        | d -> Uri.EscapeDataString d

    sprintf "postgresql://%s%s:%d/%s" user host b.Port db

/// What the catalog says about one type (by oid).
type private TypeRow =
    {
        Name: string
        TypType: char
        Category: char
        Element: uint32
        BaseType: uint32
        InPgCatalog: bool
    }

let private query
    (conn: NpgsqlConnection)
    (sql: string)
    (parameters: (string * objnull) list)
    (read: Data.Common.DbDataReader -> 'T)
    =
    use cmd = new NpgsqlCommand(sql, conn)

    for name, value in parameters do
        match value with
        | :? (uint32[]) as oids ->
            cmd.Parameters.AddWithValue(name, NpgsqlTypes.NpgsqlDbType.Array ||| NpgsqlTypes.NpgsqlDbType.Oid, oids)
            |> ignore
        | _ -> cmd.Parameters.AddWithValue(name, nonNull value) |> ignore

    use reader = cmd.ExecuteReader()

    [
        while reader.Read() do
            read reader
    ]

let private optString (r: Data.Common.DbDataReader) (i: int) =
    if r.IsDBNull i then None else Some(r.GetString i)

let private ordinal (a: string) (b: string) = String.CompareOrdinal(a, b)

// PostgREST 12.0.2 (SchemaCache.hs, accessibleTables/allTables): tables, partitioned tables (not partitions), views,
// materialized views and foreign tables the role owns or holds any privilege on; views and foreign tables are
// insertable/updatable/deletable as pg_relation_is_updatable says, tables always.
let private relationsSql =
    """
select c.oid, c.relname, obj_description(c.oid, 'pg_class'),
  c.relkind in ('r', 'p') or (c.relkind in ('v', 'f') and (pg_relation_is_updatable(c.oid::regclass, true) & 8) = 8),
  c.relkind in ('r', 'p') or (c.relkind in ('v', 'f') and (pg_relation_is_updatable(c.oid::regclass, true) & 4) = 4),
  c.relkind in ('r', 'p') or (c.relkind in ('v', 'f') and (pg_relation_is_updatable(c.oid::regclass, true) & 16) = 16),
  c.relkind in ('v', 'm')
from pg_class c join pg_namespace n on n.oid = c.relnamespace
where n.nspname = @schema and c.relkind in ('r', 'v', 'm', 'f', 'p') and not c.relispartition
  and (pg_has_role(c.relowner, 'USAGE')
       or has_table_privilege(c.oid, 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER')
       or has_any_column_privilege(c.oid, 'SELECT, INSERT, UPDATE, REFERENCES'))
"""

let private columnsSql =
    """
select a.attrelid, a.attname, a.atttypid,
  not (a.attnotnull or (t.typtype = 'd' and t.typnotnull)),
  a.attidentity::text, a.attgenerated::text, ad.adbin is not null,
  information_schema._pg_char_max_length(information_schema._pg_truetypid(a.*, t.*),
                                         information_schema._pg_truetypmod(a.*, t.*))::int,
  col_description(a.attrelid, a.attnum)
from pg_attribute a
join pg_type t on t.oid = a.atttypid
left join pg_attrdef ad on ad.adrelid = a.attrelid and ad.adnum = a.attnum
where a.attrelid = any(@oids) and a.attnum > 0 and not a.attisdropped
order by a.attrelid, a.attnum
"""

// Primary keys and single-column pairs of foreign keys (a composite key gives one pair per column).
let private keysSql =
    """
select c.conrelid, c.contype::text, a.attname, f.relname, fa.attname, fn.nspname = @schema
from pg_constraint c
cross join lateral unnest(c.conkey, coalesce(c.confkey, c.conkey)) with ordinality as k(col, fcol, i)
join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.col
left join pg_class f on f.oid = c.confrelid
left join pg_namespace fn on fn.oid = f.relnamespace
left join pg_attribute fa on fa.attrelid = c.confrelid and fa.attnum = k.fcol
where c.conrelid = any(@oids) and c.contype in ('p', 'f')
order by c.conrelid, c.conname, k.i
"""

// The base-table columns each view reads (its rewrite rule's dependencies): a view column takes the keys of the
// base column of the same name when exactly one base column of that name is read.
let private viewSourcesSql =
    """
select distinct r.ev_class, d.refobjid, a.attname
from pg_rewrite r
join pg_depend d on d.classid = 'pg_rewrite'::regclass and d.objid = r.oid
  and d.refclassid = 'pg_class'::regclass and d.refobjsubid > 0
join pg_attribute a on a.attrelid = d.refobjid and a.attnum = d.refobjsubid
where r.ev_class = any(@oids) and d.refobjid <> r.ev_class
"""

// PostgREST 12.0.2 (accessibleFuncs/allFunctions): functions (not procedures or aggregates), not returning trigger,
// executable by the role; "callable" (at most one unnamed input argument, of a type PostgREST passes raw) is
// checked below.
let private functionsSql =
    """
select p.oid, p.proname, obj_description(p.oid, 'pg_proc'), p.prorettype, p.proretset, p.pronargs,
  p.pronargdefaults, coalesce(p.proallargtypes, p.proargtypes::oid[]), p.proargmodes::text[], p.proargnames
from pg_proc p join pg_namespace n on n.oid = p.pronamespace
where n.nspname = @schema and p.prokind = 'f' and p.prorettype <> 'trigger'::regtype
  and has_function_privilege(p.oid, 'execute')
"""

let private typesSql =
    """
select t.oid, format_type(t.oid, null), t.typtype::text, t.typcategory::text, t.typelem, t.typbasetype,
  t.typnamespace = 'pg_catalog'::regnamespace
from pg_type t
"""

/// Reads `schema` from the database `connectionString` points at (an Npgsql connection string or a
/// `postgresql://` URI). The origin's location carries no password. Fails with a message naming the server when it
/// cannot connect, and naming the schema when it does not exist.
let read (connectionString: string) (schema: string) : Schema =
    if String.IsNullOrWhiteSpace schema then
        invalidArg (nameof schema) "The schema name is empty."

    let builder = builderOf connectionString
    let location = locationOf builder
    use conn = new NpgsqlConnection(builder.ConnectionString)

    try
        conn.Open()
    with e ->
        let inner =
            match e.InnerException with
            | null -> ""
            | i -> " (" + i.Message + ")"

        failwithf "Cannot connect to PostgreSQL at %s: %s%s" location e.Message inner

    let version =
        query conn "select current_setting('server_version')" [] (fun r -> r.GetString 0)
        |> List.head

    let exists =
        query conn "select count(*) from pg_namespace where nspname = @schema" [ "schema", box schema ] (fun r ->
            r.GetInt64 0)
        |> List.head

    if exists = 0L then
        failwithf "The schema \"%s\" does not exist in the database at %s." schema location

    let types =
        query conn typesSql [] (fun r ->
            r.GetFieldValue<uint32> 0,
            {
                Name = r.GetString 1
                TypType = (r.GetString 2)[0]
                Category = (r.GetString 3)[0]
                Element = r.GetFieldValue<uint32> 4
                BaseType = r.GetFieldValue<uint32> 5
                InPgCatalog = r.GetBoolean 6
            })
        |> dict

    let labels =
        query conn "select enumtypid, enumlabel from pg_enum order by enumtypid, enumsortorder" [] (fun r ->
            r.GetFieldValue<uint32> 0, r.GetString 1)
        |> List.groupBy fst
        |> List.map (fun (oid, rows) -> oid, List.map snd rows)
        |> dict

    // The type as PostgREST names it (format_type(oid, NULL); a domain over a pg_catalog type is its base type).
    let rec typeOf (oid: uint32) : PgType =
        match types.TryGetValue oid with
        | false, _ -> Base(sprintf "oid %d" oid)
        | true, t ->
            if t.Category = 'A' && t.Element <> 0u then
                Array(typeOf t.Element)
            elif t.TypType = 'e' then
                Enum(
                    t.Name,
                    (match labels.TryGetValue oid with
                     | true, l -> l
                     | _ -> [])
                )
            elif t.TypType = 'd' then
                match types.TryGetValue t.BaseType with
                | true, b when b.InPgCatalog -> typeOf t.BaseType
                | _ -> Base t.Name
            else
                Base t.Name

    let relations =
        query conn relationsSql [ "schema", box schema ] (fun r ->
            r.GetFieldValue<uint32> 0,
            r.GetString 1,
            optString r 2,
            r.GetBoolean 3,
            r.GetBoolean 4,
            r.GetBoolean 5,
            r.GetBoolean 6)

    let oids =
        relations |> List.map (fun (oid, _, _, _, _, _, _) -> oid) |> Array.ofList

    let columns =
        query conn columnsSql [ "oids", box oids ] (fun r ->
            let identity = r.GetString 4
            let generated = r.GetString 5

            let def =
                if identity = "a" then AlwaysIdentity
                elif identity = "d" then Identity
                elif generated = "s" then Computed
                elif r.GetBoolean 6 then HasDefault
                else NoDefault

            r.GetFieldValue<uint32> 0,
            {
                Name = r.GetString 1
                Type = typeOf (r.GetFieldValue<uint32> 2)
                Nullable = r.GetBoolean 3
                Default = def
                PrimaryKey = false
                ForeignKey = None
                MaxLength = if r.IsDBNull 7 then None else Some(r.GetInt32 7)
                Comment = optString r 8
            })

    // (relation oid, column) → primary key / foreign key of the table itself.
    let keys =
        query conn keysSql [ "oids", box oids; "schema", box schema ] (fun r ->
            r.GetFieldValue<uint32> 0,
            r.GetString 1,
            r.GetString 2,
            optString r 3,
            optString r 4,
            (not (r.IsDBNull 5)) && r.GetBoolean 5)

    let primary = HashSet<uint32 * string>()
    let foreign = Dictionary<uint32 * string, ForeignKey>()

    for oid, kind, column, target, targetColumn, sameSchema in keys do
        if kind = "p" then
            primary.Add((oid, column)) |> ignore
        else
            match target, targetColumn with
            | Some t, Some tc when sameSchema && not (foreign.ContainsKey((oid, column))) ->
                foreign[(oid, column)] <- { Table = t; Column = tc }
            | _ -> ()

    // Views: keys through the base table columns they read (PostgREST follows view definitions the same way).
    let views =
        relations
        |> List.filter (fun (_, _, _, _, _, _, isView) -> isView)
        |> List.map (fun (oid, _, _, _, _, _, _) -> oid)
        |> Array.ofList

    if views.Length > 0 then
        let sources =
            query conn viewSourcesSql [ "oids", box views ] (fun r ->
                r.GetFieldValue<uint32> 0, r.GetFieldValue<uint32> 1, r.GetString 2)

        let basePrimary =
            query
                conn
                "select conrelid, array_length(conkey, 1) from pg_constraint where contype = 'p' and conrelid = any(@oids)"
                [
                    "oids", box (sources |> List.map (fun (_, b, _) -> b) |> List.distinct |> Array.ofList)
                ]
                (fun r -> r.GetFieldValue<uint32> 0, r.GetInt32 1)
            |> dict

        let baseKeys =
            query
                conn
                keysSql
                [
                    "oids", box (sources |> List.map (fun (_, b, _) -> b) |> List.distinct |> Array.ofList)
                    "schema", box schema
                ]
                (fun r ->
                    r.GetFieldValue<uint32> 0,
                    r.GetString 1,
                    r.GetString 2,
                    optString r 3,
                    optString r 4,
                    (not (r.IsDBNull 5)) && r.GetBoolean 5)

        for view in views do
            let read = sources |> List.filter (fun (v, _, _) -> v = view)

            let viewColumns =
                columns
                |> List.filter (fun (oid, _) -> oid = view)
                |> List.map (fun (_, c) -> c.Name)

            // view column → its single base column of the same name
            let mapped =
                viewColumns
                |> List.choose (fun name ->
                    match read |> List.filter (fun (_, _, a) -> a = name) with
                    | [ (_, b, _) ] -> Some(name, b)
                    | _ -> None)

            for name, b in mapped do
                let pkOfBase =
                    baseKeys
                    |> List.filter (fun (o, kind, _, _, _, _) -> o = b && kind = "p")
                    |> List.map (fun (_, _, c, _, _, _) -> c)

                let wholeKeyRead =
                    match basePrimary.TryGetValue b with
                    | true, n ->
                        pkOfBase.Length = n
                        && pkOfBase |> List.forall (fun c -> mapped |> List.contains (c, b))
                    | _ -> false

                if wholeKeyRead && List.contains name pkOfBase then
                    primary.Add((view, name)) |> ignore

                for o, kind, c, target, targetColumn, sameSchema in baseKeys do
                    match target, targetColumn with
                    | Some t, Some tc when
                        o = b
                        && kind = "f"
                        && c = name
                        && sameSchema
                        && not (foreign.ContainsKey((view, name)))
                        ->
                        foreign[(view, name)] <- { Table = t; Column = tc }
                    | _ -> ()

    let relationList =
        relations
        |> List.map (fun (oid, name, comment, ins, upd, del, _) ->
            {
                Name = name
                Columns =
                    columns
                    |> List.filter (fun (o, _) -> o = oid)
                    |> List.map (fun (_, c) ->
                        { c with
                            PrimaryKey = primary.Contains((oid, c.Name))
                            ForeignKey =
                                match foreign.TryGetValue((oid, c.Name)) with
                                | true, fk -> Some fk
                                | _ -> None
                        })
                Insertable = ins
                Updatable = upd
                Deletable = del
                Comment = comment
            })
        |> List.sortWith (fun a b -> ordinal a.Name b.Name)

    let functions =
        query conn functionsSql [ "schema", box schema ] (fun r ->
            let argTypes = r.GetFieldValue<uint32[]> 7

            let modes =
                if r.IsDBNull 8 then
                    Array.create argTypes.Length "i"
                else
                    r.GetFieldValue<string[]> 8

            let names =
                if r.IsDBNull 9 then
                    Array.create argTypes.Length ""
                else
                    r.GetFieldValue<(string | null)[]> 9
                    |> Array.map (fun n ->
                        match n with
                        | null -> ""
                        | n -> n)

            let nameAt i =
                if i < names.Length then names[i] else ""

            let pronargs = int (r.GetInt16 5)
            let defaults = int (r.GetInt16 6)

            let inputs =
                [
                    for i in 0 .. argTypes.Length - 1 do
                        if modes[i] = "i" || modes[i] = "b" || modes[i] = "v" then
                            nameAt i, argTypes[i], modes[i] = "v"
                ]

            let parameters =
                inputs
                |> List.mapi (fun idx (name, oid, variadic) ->
                    {
                        Name = name
                        Type = typeOf oid
                        Required = idx < pronargs - defaults
                        Variadic = variadic
                    })

            let unnamed = inputs |> List.filter (fun (n, _, _) -> n = "")

            let callable =
                match unnamed with
                | [] -> true
                | [ (_, oid, _) ] ->
                    match types.TryGetValue oid with
                    | true, t -> List.contains t.Name [ "bytea"; "json"; "jsonb"; "text"; "xml" ]
                    | _ -> false
                | _ -> false

            let outputs =
                [
                    for i in 0 .. argTypes.Length - 1 do
                        if modes[i] = "o" || modes[i] = "b" || modes[i] = "t" then
                            nameAt i, typeOf argTypes[i]
                ]

            let retType = r.GetFieldValue<uint32> 3
            let retSet = r.GetBoolean 4

            let returns =
                match types.TryGetValue retType with
                | true, t when t.Name = "void" -> Void
                | true, t when t.Name = "record" && not outputs.IsEmpty -> Table outputs
                | _ ->
                    if retSet then
                        SetOf(typeOf retType)
                    else
                        Single(typeOf retType)

            callable,
            {
                Name = r.GetString 1
                Parameters = parameters
                Returns = returns
                Comment = optString r 2
            })
        |> List.filter fst
        |> List.map snd
        |> List.sortWith (fun a b ->
            match ordinal a.Name b.Name with
            | 0 -> compare a.Parameters.Length b.Parameters.Length
            | c -> c)

    {
        Name = schema
        Relations = relationList
        Functions = functions
        Origin =
            {
                Source = "catalog"
                Location = location
                ServerVersion = Some("PostgreSQL " + version)
            }
    }
