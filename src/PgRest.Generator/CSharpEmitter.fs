/// Writes C# source for PgRest.Core from the schema model (issue 14): a record per table and view, an insert record
/// per insertable relation (leaving a property null omits its key), a C# enum per PostgreSQL enum (labels through
/// `[JsonStringEnumMemberName]`, which the client's JSON options and typed `Where<T>` predicates both honour), and a
/// static class with the schema's table, column, function and embed names and a typed helper per function.
module PgRest.Generator.CSharpEmitter

open System
open System.Text
open System.Text.Json
open PgRest.Generator.Model

/// C#'s reserved keywords (contextual keywords are valid identifiers where the emitter uses names).
let private keywords =
    set
        [
            "abstract"
            "as"
            "base"
            "bool"
            "break"
            "byte"
            "case"
            "catch"
            "char"
            "checked"
            "class"
            "const"
            "continue"
            "decimal"
            "default"
            "delegate"
            "do"
            "double"
            "else"
            "enum"
            "event"
            "explicit"
            "extern"
            "false"
            "finally"
            "fixed"
            "float"
            "for"
            "foreach"
            "goto"
            "if"
            "implicit"
            "in"
            "int"
            "interface"
            "internal"
            "is"
            "lock"
            "long"
            "namespace"
            "new"
            "null"
            "object"
            "operator"
            "out"
            "override"
            "params"
            "private"
            "protected"
            "public"
            "readonly"
            "ref"
            "return"
            "sbyte"
            "sealed"
            "short"
            "sizeof"
            "stackalloc"
            "static"
            "string"
            "struct"
            "switch"
            "this"
            "throw"
            "true"
            "try"
            "typeof"
            "uint"
            "ulong"
            "unchecked"
            "unsafe"
            "ushort"
            "using"
            "virtual"
            "void"
            "volatile"
            "while"
        ]

/// An identifier that may be a keyword: `class` → `@class`.
let private escape (identifier: string) =
    if keywords.Contains identifier then
        "@" + identifier
    else
        identifier

/// Members a record or class already has (a property of that name would clash with them or hide them).
let private inheritedMembers =
    [
        "EqualityContract"
        "Equals"
        "GetHashCode"
        "ToString"
        "PrintMembers"
        "Deconstruct"
        "GetType"
        "MemberwiseClone"
        "Finalize"
        "ReferenceEquals"
    ]

/// A C# string literal.
let private literal (s: string) =
    let b = StringBuilder("\"")

    for c in s do
        match c with
        | '"' -> b.Append "\\\"" |> ignore
        | '\\' -> b.Append "\\\\" |> ignore
        | '\n' -> b.Append "\\n" |> ignore
        | '\r' -> b.Append "\\r" |> ignore
        | '\t' -> b.Append "\\t" |> ignore
        | c when Char.IsControl c || Char.IsSurrogate c -> b.AppendFormat("\\u{0:X4}", int c) |> ignore
        | c -> b.Append c |> ignore

    b.Append('"').ToString()

/// Text for an XML doc comment.
let private xml (s: string) =
    s.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;")

let private ordinal (a: string) (b: string) = String.CompareOrdinal(a, b)

/// The record or enum type name of a database name: the schema's own prefix is dropped ("gen.status" → Status).
let private typeNameOf (schema: string) (name: string) =
    if name.StartsWith(schema + ".", StringComparison.Ordinal) then
        Naming.pascalCase (name.Substring(schema.Length + 1))
    else
        Naming.pascalCase name

/// The names the generated file declares, decided once so every reference agrees.
type private Names =
    {
        /// "global::Namespace." for references from inside the names class (where a nested class may shadow a type).
        Prefix: string
        Namespace: string
        Module: string
        Rows: Map<string, string>
        Inserts: Map<string, string>
        Enums: Map<string, string>
    }

let private namesOf (options: EmitOptions) (schema: Schema) =
    let moduleName =
        match options.Module with
        | Some m -> m
        | None -> Naming.pascalCase schema.Name

    let enums = enumsOf schema
    let rowNames = schema.Relations |> List.map (fun r -> Naming.pascalCase r.Name)

    let insertNames =
        schema.Relations
        |> List.filter (fun r -> r.Insertable)
        |> List.map (fun r -> Naming.pascalCase r.Name + "Insert")

    let enumNames = enums |> List.map (fun (n, _) -> typeNameOf schema.Name n)
    let all = Naming.distinct [ moduleName ] (rowNames @ insertNames @ enumNames)
    let rows, rest = List.splitAt rowNames.Length all
    let inserts, enumTypes = List.splitAt insertNames.Length rest

    {
        Prefix = ""
        Namespace = options.Namespace
        Module = moduleName
        Rows = List.zip (schema.Relations |> List.map (fun r -> r.Name)) rows |> Map.ofList
        Inserts =
            List.zip
                (schema.Relations
                 |> List.filter (fun r -> r.Insertable)
                 |> List.map (fun r -> r.Name))
                inserts
            |> Map.ofList
        Enums = List.zip (List.map fst enums) enumTypes |> Map.ofList
    }

/// The relation a type names, when it is a relation's row type ("gen.books" or "books").
let private relationOf (schema: Schema) (t: PgType) =
    match t with
    | Base name ->
        schema.Relations
        |> List.tryFind (fun r -> name = schema.Name + "." + r.Name || name = r.Name)
    | _ -> None

/// The C# type of a PostgreSQL type and whether it is a value type.
let rec private csType (names: Names) (t: PgType) : string * bool =
    match t with
    | Enum(name, _) -> names.Prefix + names.Enums[name], true
    | Array element -> fst (csType names element) + "[]", false
    | Base name ->
        match name with
        | "bigint" -> "long", true
        | "integer" -> "int", true
        | "smallint" -> "short", true
        | "numeric" -> "decimal", true
        | "double precision" -> "double", true
        | "real" -> "float", true
        | "boolean" -> "bool", true
        | "uuid" -> "global::System.Guid", true
        | "date" -> "global::System.DateOnly", true
        | "timestamp with time zone" -> "global::System.DateTimeOffset", true
        | "timestamp without time zone" -> "global::System.DateTime", true
        | "time without time zone" -> "global::System.TimeOnly", true
        | "json"
        | "jsonb" -> "global::System.Text.Json.JsonElement", true
        | _ -> "string", false

let private nullable (cs: string) = cs + "?"

/// A type as the doc comments name it.
let rec private pgName (t: PgType) =
    match t with
    | Base n
    | Enum(n, _) -> n
    | Array e -> pgName e + "[]"

let private columnFacts (c: Column) =
    [
        pgName c.Type
        if c.Nullable then "nullable" else "not null"
        match c.Default with
        | NoDefault -> ()
        | HasDefault -> "has a default"
        | Identity -> "identity (by default)"
        | AlwaysIdentity -> "identity (always)"
        | Computed -> "generated (computed by the database)"
        if c.PrimaryKey then
            "primary key"
        match c.ForeignKey with
        | Some fk -> sprintf "references %s.%s" fk.Table fk.Column
        | None -> ()
        match c.MaxLength with
        | Some n -> sprintf "at most %d characters" n
        | None -> ()
    ]
    |> String.concat ", "

/// Writes lines with an indentation.
type private Writer() =
    let b = StringBuilder()

    member _.Line(indent: int, text: string) =
        if text = "" then
            b.Append('\n') |> ignore
        else
            b.Append(String(' ', indent * 4)).Append(text).Append('\n') |> ignore

    member this.Blank() = this.Line(0, "")

    /// A `<summary>`: the first line, then the comment's lines.
    member this.Summary(indent: int, first: string, comment: string option) =
        let extra =
            match comment with
            | Some c when not (String.IsNullOrWhiteSpace c) ->
                c.Replace("\r\n", "\n").Split('\n')
                |> Array.map (fun l -> xml (l.TrimEnd()))
                |> List.ofArray
            | _ -> []

        this.Line(indent, "/// <summary>")
        this.Line(indent, "/// " + first)

        for l in extra do
            this.Line(indent, (if l = "" then "///" else "/// " + l))

        this.Line(indent, "/// </summary>")

    override _.ToString() = b.ToString()

let private jsonName (propertyName: string) (columnName: string) =
    if JsonNamingPolicy.SnakeCaseLower.ConvertName propertyName = columnName then
        None
    else
        Some(sprintf "[global::System.Text.Json.Serialization.JsonPropertyName(%s)]" (literal columnName))

/// Property names of a relation's columns: PascalCase, distinct, never the type's own name.
let private propertyNames (typeName: string) (columns: Column list) =
    Naming.distinct (typeName :: inheritedMembers) (columns |> List.map (fun c -> Naming.pascalCase c.Name))

let private emitRow (w: Writer) (names: Names) (r: Relation) =
    let typeName = names.Rows[r.Name]

    let kind =
        if r.Insertable || r.Updatable || r.Deletable then
            "Table or view"
        else
            "Read-only relation"

    w.Summary(0, sprintf "%s <c>%s</c>: one row as the client reads it." kind (xml r.Name), r.Comment)
    w.Line(0, sprintf "public sealed record %s" typeName)
    w.Line(0, "{")

    let props = propertyNames typeName r.Columns

    List.zip r.Columns props
    |> List.iteri (fun i (c, p) ->
        if i > 0 then
            w.Blank()

        w.Summary(1, sprintf "Column <c>%s</c>: %s." (xml c.Name) (xml (columnFacts c)), c.Comment)

        match jsonName p c.Name with
        | Some a -> w.Line(1, a)
        | None -> ()

        let cs, _ = csType names c.Type

        if c.Nullable then
            w.Line(1, sprintf "public %s %s { get; init; }" (nullable cs) p)
        else
            let _, isValue = csType names c.Type
            let init = if isValue then "" else " = null!;"
            w.Line(1, sprintf "public %s %s { get; init; }%s" cs p init))

    w.Line(0, "}")

/// Whether an insert may leave the column out (it has a default, is identity, or may hold NULL).
let private optionalOnInsert (c: Column) =
    c.Nullable
    || (match c.Default with
        | NoDefault -> false
        | _ -> true)

let private computed (c: Column) =
    match c.Default with
    | AlwaysIdentity
    | Computed -> true
    | _ -> false

let private emitInsert (w: Writer) (names: Names) (r: Relation) =
    let typeName = names.Inserts[r.Name]
    let columns = r.Columns |> List.filter (computed >> not)

    w.Summary(
        0,
        sprintf
            "A row to insert into <c>%s</c>: a null property is left out of the JSON, so the column's default (or NULL) applies; columns the database computes are absent."
            (xml r.Name),
        None
    )

    w.Line(0, sprintf "public sealed record %s" typeName)
    w.Line(0, "{")
    let props = propertyNames typeName columns

    List.zip columns props
    |> List.iteri (fun i (c, p) ->
        if i > 0 then
            w.Blank()

        w.Summary(1, sprintf "Column <c>%s</c>: %s." (xml c.Name) (xml (columnFacts c)), None)

        match jsonName p c.Name with
        | Some a -> w.Line(1, a)
        | None -> ()

        let cs, _ = csType names c.Type

        if optionalOnInsert c then
            w.Line(
                1,
                "[global::System.Text.Json.Serialization.JsonIgnore(Condition = global::System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]"
            )

            w.Line(1, sprintf "public %s %s { get; init; }" (nullable cs) p)
        else
            w.Line(1, sprintf "public required %s %s { get; init; }" cs p))

    w.Line(0, "}")

let private emitEnum (w: Writer) (names: Names) (name: string, labels: string list) =
    let typeName = names.Enums[name]
    w.Summary(0, sprintf "PostgreSQL enum <c>%s</c>: each member is written and read as its label." (xml name), None)
    w.Line(0, sprintf "public enum %s" typeName)
    w.Line(0, "{")

    let members =
        Naming.distinct [ typeName; "value__" ] (labels |> List.map Naming.pascalCase)

    List.zip labels members
    |> List.iteri (fun i (label, m) ->
        if i > 0 then
            w.Blank()

        w.Summary(1, sprintf "Label <c>%s</c>." (xml label), None)

        if m <> label then
            w.Line(1, sprintf "[global::System.Text.Json.Serialization.JsonStringEnumMemberName(%s)]" (literal label))

        w.Line(1, m + ","))

    w.Line(0, "}")

let private returnDoc (schema: Schema) (names: Names) (returns: FunctionReturn) =
    let described t =
        match relationOf schema t with
        | Some r -> sprintf "rows of <c>%s</c>" names.Rows[r.Name], Some names.Rows[r.Name]
        | None -> sprintf "<c>%s</c> (%s)" (xml (fst (csType names t))) (xml (pgName t)), None

    match returns with
    | Unknown -> "The source does not say what it returns: read the result with the type you expect."
    | Void -> "Returns nothing (<c>void</c>): run it with <c>ExecuteAsync()</c>."
    | Single t ->
        match described t with
        | d, Some row -> sprintf "Returns one of the %s: read it with <c>SingleAsync&lt;%s&gt;()</c>." d row
        | d, None -> sprintf "Returns one %s: read it with <c>ExecuteAsync&lt;T&gt;()</c>." d
    | SetOf t ->
        match described t with
        | d, Some row -> sprintf "Returns %s: read them with <c>ToListAsync&lt;%s&gt;()</c>." d row
        | d, None -> sprintf "Returns a set of %s: read them with <c>ToListAsync&lt;T&gt;()</c>." d
    | Table columns ->
        let cols =
            columns
            |> List.map (fun (n, t) -> sprintf "<c>%s</c> %s" (xml n) (xml (pgName t)))
            |> String.concat ", "

        sprintf "Returns rows of the columns %s: read them with <c>ToListAsync&lt;T&gt;()</c>." cols

let private emitFunction
    (w: Writer)
    (schema: Schema)
    (names: Names)
    (methodName: string)
    (constName: string)
    (f: Function)
    =
    let qualified =
        { names with
            Prefix = "global::" + names.Namespace + "."
        }

    let paramNames =
        Naming.distinct [ "client"; "args" ] (f.Parameters |> List.map (fun p -> Naming.camelCase p.Name))
        |> List.map escape

    let ps = List.zip f.Parameters paramNames

    w.Summary(
        1,
        sprintf "A call of <c>%s</c> (POST /rpc/%s), not sent until executed." (xml f.Name) (xml f.Name),
        f.Comment
    )

    w.Line(1, "/// <remarks>" + returnDoc schema names f.Returns + "</remarks>")
    w.Line(1, "/// <param name=\"client\">The client to call it with.</param>")

    for p, n in ps do
        let facts =
            [
                pgName p.Type
                if p.Variadic then
                    "variadic"
                if not p.Required then
                    "optional: null leaves it out, so its default applies"
            ]
            |> String.concat ", "

        w.Line(
            1,
            sprintf "/// <param name=\"%s\">Argument <c>%s</c>: %s.</param>" (n.TrimStart '@') (xml p.Name) (xml facts)
        )

    w.Line(1, "/// <returns>The query; execute it to call the function.</returns>")

    w.Line(
        1,
        "/// <exception cref=\"global::System.ArgumentNullException\"><paramref name=\"client\"/> is null.</exception>"
    )

    let signature =
        [
            "global::PgRest.PostgrestClient client"
            for p, n in ps do
                let cs, _ = csType qualified p.Type

                if p.Variadic then sprintf "params %s %s" cs n
                elif p.Required then sprintf "%s %s" cs n
                else sprintf "%s %s = null" (nullable cs) n
        ]
        |> String.concat ", "

    w.Line(1, sprintf "public static global::PgRest.PostgrestQuery %s(%s)" methodName signature)
    w.Line(1, "{")
    w.Line(2, "global::System.ArgumentNullException.ThrowIfNull(client);")

    if f.Parameters.IsEmpty then
        w.Line(2, sprintf "return client.Rpc(Functions.%s);" constName)
    else
        let value (p: Parameter) (n: string) =
            if p.Variadic then
                sprintf "global::PgRest.VariadicArgument.Of(%s)" n
            else
                n

        w.Line(2, "var args = new global::System.Collections.Generic.Dictionary<string, object?>")
        w.Line(2, "{")

        for p, n in ps do
            if p.Required then
                w.Line(3, sprintf "[%s] = %s," (literal p.Name) (value p n))

        w.Line(2, "};")
        w.Blank()

        for p, n in ps do
            if not p.Required then
                w.Line(2, sprintf "if (%s is not null)" n)
                w.Line(2, "{")
                w.Line(3, sprintf "args[%s] = %s;" (literal p.Name) (value p n))
                w.Line(2, "}")
                w.Blank()

        w.Line(2, sprintf "return client.Rpc(Functions.%s, args);" constName)

    w.Line(1, "}")

/// The C# file for `schema`.
let emit (options: EmitOptions) (schema: Schema) : string =
    let names = namesOf options schema
    let w = Writer()
    let o = schema.Origin

    let server =
        match o.ServerVersion with
        | Some v -> v
        | None -> "server version unknown"

    w.Line(
        0,
        sprintf
            "// Generated by pgrest gen %s from %s %s (%s), schema %s."
            options.GeneratorVersion
            o.Source
            o.Location
            server
            schema.Name
    )

    w.Line(0, "// Do not edit by hand: regenerate with `dotnet pgrest gen` (docs/guide/schema-types.md).")
    w.Line(0, "#nullable enable")
    w.Blank()
    w.Line(0, sprintf "namespace %s;" options.Namespace)

    for e in enumsOf schema do
        w.Blank()
        emitEnum w names e

    for r in schema.Relations do
        w.Blank()
        emitRow w names r

        if r.Insertable then
            w.Blank()
            emitInsert w names r

    // The names class.
    w.Blank()

    w.Summary(
        0,
        sprintf
            "Names and calls of the schema <c>%s</c>: every name exactly as the database spells it."
            (xml schema.Name),
        None
    )

    w.Line(0, sprintf "public static class %s" names.Module)
    w.Line(0, "{")
    w.Line(1, "/// <summary>The schema's name (send it as the profile when it is not the server's default).</summary>")
    w.Line(1, sprintf "public const string Schema = %s;" (literal schema.Name))

    let section (name: string) (summary: string) (body: unit -> unit) =
        w.Blank()
        w.Line(1, sprintf "/// <summary>%s</summary>" summary)
        w.Line(1, sprintf "public static class %s" name)
        w.Line(1, "{")
        body ()
        w.Line(1, "}")

    let constants (indent: int) (items: (string * string * string) list) =
        items
        |> List.iteri (fun i (summary, n, value) ->
            if i > 0 then
                w.Blank()

            w.Line(indent, sprintf "/// <summary>%s</summary>" summary)
            w.Line(indent, sprintf "public const string %s = %s;" n (literal value)))

    let relationNames = schema.Relations |> List.map (fun r -> r.Name)

    section "Tables" "Table and view names." (fun () ->
        let ids =
            Naming.distinct ("Tables" :: inheritedMembers) (relationNames |> List.map Naming.pascalCase)

        constants
            2
            (List.zip schema.Relations ids
             |> List.map (fun (r, n) ->
                 sprintf "<c>%s</c> (rows: <c>%s</c>)." (xml r.Name) names.Rows[r.Name], n, r.Name)))

    let functionIds =
        Naming.distinct
            ("Functions" :: inheritedMembers)
            (schema.Functions |> List.map (fun f -> Naming.pascalCase f.Name))

    if not schema.Functions.IsEmpty then
        section "Functions" "Function names (<c>/rpc/…</c>)." (fun () ->
            constants
                2
                (List.zip schema.Functions functionIds
                 |> List.map (fun (f, n) -> sprintf "<c>%s</c>." (xml f.Name), n, f.Name)))

    section "Columns" "Column names per table and view." (fun () ->
        let classes =
            Naming.distinct ("Columns" :: inheritedMembers) (relationNames |> List.map Naming.pascalCase)

        List.zip schema.Relations classes
        |> List.iteri (fun i (r, cls) ->
            if i > 0 then
                w.Blank()

            w.Line(2, sprintf "/// <summary>Columns of <c>%s</c>.</summary>" (xml r.Name))
            w.Line(2, sprintf "public static class %s" cls)
            w.Line(2, "{")

            let ids =
                Naming.distinct (cls :: inheritedMembers) (r.Columns |> List.map (fun c -> Naming.pascalCase c.Name))

            constants
                3
                (List.zip r.Columns ids
                 |> List.map (fun (c, n) -> sprintf "<c>%s</c>." (xml c.Name), n, c.Name))

            w.Line(2, "}")))

    // Embeds: per relation, the relations it can embed through a foreign key, hinted by the key's column
    // ("authors!author_id"), both directions.
    let embeds =
        schema.Relations
        |> List.map (fun r ->
            let forward =
                r.Columns
                |> List.choose (fun c ->
                    match c.ForeignKey with
                    | Some fk when List.contains fk.Table relationNames ->
                        Some(
                            Naming.pascalCase fk.Table + "Via" + Naming.pascalCase c.Name,
                            fk.Table + "!" + c.Name,
                            sprintf "<c>%s</c> through <c>%s.%s</c>." (xml fk.Table) (xml r.Name) (xml c.Name)
                        )
                    | _ -> None)

            let reverse =
                schema.Relations
                |> List.collect (fun s ->
                    s.Columns
                    |> List.choose (fun c ->
                        match c.ForeignKey with
                        | Some fk when fk.Table = r.Name ->
                            Some(
                                Naming.pascalCase s.Name + "Via" + Naming.pascalCase c.Name,
                                s.Name + "!" + c.Name,
                                sprintf "<c>%s</c> rows whose <c>%s</c> points here." (xml s.Name) (xml c.Name)
                            )
                        | _ -> None))

            r, forward @ reverse)
        |> List.filter (fun (_, items) -> not items.IsEmpty)

    if not embeds.IsEmpty then
        section
            "Embeds"
            "Embed names for select lists (<c>Select(\"title,\" + Embeds.Books.AuthorsViaAuthorId + \"(name)\")</c>), hinted by the foreign key's column so that two keys to one table stay apart."
            (fun () ->
                let classes =
                    Naming.distinct
                        ("Embeds" :: inheritedMembers)
                        (embeds |> List.map (fun (r, _) -> Naming.pascalCase r.Name))

                List.zip embeds classes
                |> List.iteri (fun i ((r, items), cls) ->
                    if i > 0 then
                        w.Blank()

                    w.Line(2, sprintf "/// <summary>What <c>%s</c> can embed.</summary>" (xml r.Name))
                    w.Line(2, sprintf "public static class %s" cls)
                    w.Line(2, "{")

                    let ids =
                        Naming.distinct (cls :: inheritedMembers) (items |> List.map (fun (n, _, _) -> n))

                    constants
                        3
                        (List.zip items ids
                         |> List.map (fun ((_, value, summary), n) -> summary, n, value))

                    w.Line(2, "}")))

    let methodIds =
        Naming.distinct
            ([ names.Module; "Schema"; "Tables"; "Functions"; "Columns"; "Embeds" ]
             @ inheritedMembers)
            (schema.Functions |> List.map (fun f -> Naming.pascalCase f.Name))

    for (f, m), c in List.zip (List.zip schema.Functions methodIds) functionIds do
        w.Blank()
        emitFunction w schema names m c f

    w.Line(0, "}")
    w.ToString()
