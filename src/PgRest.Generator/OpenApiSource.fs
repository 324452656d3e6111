/// Reads the OpenAPI (Swagger 2.0) document PostgREST serves at `GET /` into the schema model (issue 14).
/// The document is parsed by Microsoft.OpenApi (its reader accepts Swagger 2.0 JSON and upgrades it to its own
/// object model: `definitions` become `Components.Schemas`, a `body` parameter becomes the operation's
/// `RequestBody`). What PostgREST's document cannot tell (identity and generated columns, some defaults, function
/// return types, variadic arguments, enum type comments) is left as the model's "unknown".
module PgRest.Generator.OpenApiSource

open System
open System.Net.Http
open System.Text.Json
open System.Text.RegularExpressions
open Microsoft.OpenApi
open Microsoft.OpenApi.Reader
open PgRest.Generator.Model

let private fail message = raise (GeneratorError message)

/// The entries of a collection the object model leaves null when the document has none.
let private entries (items: 'T seq | null) : 'T list =
    match items with
    | null -> []
    | s -> List.ofSeq s

let private contains (set: Collections.Generic.ICollection<string> | null) (name: string) =
    match set with
    | null -> false
    | s -> s.Contains name

let private ordinal (a: string) (b: string) = String.CompareOrdinal(a, b)

/// The notes PostgREST appends to a column description: `<pk/>` and `<fk table='t' column='c'/>`.
let private pkNote = Regex(@"<pk/>", RegexOptions.CultureInvariant)

let private fkNote =
    Regex(@"<fk table='((?:[^']|'')*)' column='((?:[^']|'')*)'/>", RegexOptions.CultureInvariant)

/// The sentences PostgREST writes before the notes ("Note:\nThis is a Primary Key.", "This is a Foreign Key to
/// `t.c`."), removed with them so only the user's own comment remains.
let private noteText =
    Regex(
        @"(\n*Note:\n)?This is a (Primary Key|Foreign Key to `[^`]*`)\.(<pk/>|<fk table='(?:[^']|'')*' column='(?:[^']|'')*'/>)",
        RegexOptions.CultureInvariant
    )

let private comment (description: string | null) =
    match description with
    | null -> None
    | d ->
        let text = noteText.Replace(d, "").Trim()
        if text = "" then None else Some text

/// The PostgreSQL type of a property: `format` is the type's name ("text", "gen.status", "integer[]"); `enum` makes
/// it an enum; a trailing "[]" an array. A property without a format (never seen from PostgREST 12.0.2) keeps its
/// JSON type name, so an emitter maps it as an unknown type rather than dropping it.
let private pgType (property: IOpenApiSchema) : PgType =
    let format =
        match property.Format with
        | null
        | "" ->
            if property.Type.HasValue then
                string property.Type.Value
            else
                "unknown"
        | f -> f

    let labels =
        match property.Enum with
        | null -> []
        | values -> values |> Seq.map (fun v -> v.GetValue<string>()) |> List.ofSeq

    let rec parse (name: string) =
        if name.EndsWith "[]" then
            Array(parse (name.Substring(0, name.Length - 2)))
        elif not labels.IsEmpty then
            Enum(name, labels)
        else
            Base name

    parse format

let private column
    (required: Collections.Generic.ICollection<string> | null)
    (name: string)
    (property: IOpenApiSchema)
    =
    let description = property.Description

    let fk =
        match description with
        | null -> None
        | d ->
            let m = fkNote.Match d

            if m.Success then
                Some
                    {
                        Table = m.Groups[1].Value.Replace("''", "'")
                        Column = m.Groups[2].Value.Replace("''", "'")
                    }
            else
                None

    {
        Name = name
        Type = pgType property
        Nullable = not (contains required name)
        Default = if isNull property.Default then NoDefault else HasDefault
        PrimaryKey =
            match description with
            | null -> false
            | d -> pkNote.IsMatch d
        ForeignKey = fk
        MaxLength = Option.ofNullable property.MaxLength
        Comment = comment description
    }

let private operation (item: IOpenApiPathItem) (method: HttpMethod) =
    match item.Operations with
    | null -> None
    | operations ->
        match operations.TryGetValue method with
        | true, o -> Some o
        | _ -> None

let private has (item: IOpenApiPathItem) (method: HttpMethod) = (operation item method).IsSome

/// Checks the text is JSON of a Swagger 2.0 document with `paths` and `definitions`, before the OpenAPI reader sees
/// it (its own messages for these cases are about YAML nodes). Returns PostgREST's version from `info.version`.
let private checkShape (location: string) (json: string) =
    let notPostgrest why =
        fail $"{location}: not a PostgREST OpenAPI document ({why})."

    let document =
        try
            JsonDocument.Parse json
        with :? JsonException as e ->
            let start = json.TrimStart()

            let head =
                if start.Length > 40 then
                    start.Substring(0, 40) + "…"
                else
                    start

            fail $"{location}: not JSON ({e.Message.Split('\n')[0]}); it starts with: {head}"

    use document = document
    let root = document.RootElement

    if root.ValueKind <> JsonValueKind.Object then
        notPostgrest $"the JSON is {root.ValueKind.ToString().ToLowerInvariant()}, not an object"

    let prop (name: string) (element: JsonElement) =
        match element.TryGetProperty name with
        | true, v -> Some v
        | _ -> None

    match prop "swagger" root with
    | Some v when v.ValueKind = JsonValueKind.String && v.GetString() = "2.0" -> ()
    | _ ->
        match prop "openapi" root with
        | Some v -> notPostgrest $"OpenAPI {v} instead of Swagger 2.0, which PostgREST serves"
        | None -> notPostgrest "no \"swagger\": \"2.0\""

    for key in [ "paths"; "definitions" ] do
        match prop key root with
        | Some v when v.ValueKind = JsonValueKind.Object -> ()
        | _ -> notPostgrest $"no \"{key}\" object"

    match prop "info" root |> Option.bind (prop "version") with
    | Some v when v.ValueKind = JsonValueKind.String -> Some(v.GetString() |> nonNull)
    | _ -> None

/// Reads a document (the JSON text) served for `schema`; `location` is recorded in the model's origin.
/// Raises GeneratorError when the text is not JSON or not a PostgREST (Swagger 2.0) document.
let read (location: string) (schema: string) (json: string) : Schema =
    let version = checkShape location json
    let settings = OpenApiReaderSettings()
    // PostgREST names parameters after columns ("rowFilter.authors.first name"), which the 2.0 rules reject; the
    // document is read, not validated.
    settings.RuleSet <- ValidationRuleSet.GetEmptyRuleSet()
    let result = OpenApiDocument.Parse(json, "json", settings)

    let errors =
        match result.Diagnostic with
        | null -> []
        | d -> entries d.Errors

    match result.Document, errors with
    | null, _ -> fail $"{location}: the OpenAPI reader could not read the document."
    | _, first :: _ -> fail $"{location}: not a readable OpenAPI document ({first.Message})."
    | document, [] ->
        let paths = entries document.Paths |> List.map (fun kv -> kv.Key, kv.Value)

        let pathItem (path: string) =
            paths |> List.tryFind (fun (p, _) -> p = path) |> Option.map snd

        let definitions =
            match document.Components with
            | null -> []
            | components -> entries components.Schemas |> List.map (fun kv -> kv.Key, kv.Value)

        let relations =
            definitions
            |> List.map (fun (name, definition) ->
                let item = pathItem ("/" + name)

                let can method =
                    item |> Option.exists (fun i -> has i method)

                {
                    Name = name
                    Columns =
                        entries definition.Properties
                        |> List.map (fun kv -> column definition.Required kv.Key kv.Value)
                    Insertable = can HttpMethod.Post
                    Updatable = can HttpMethod.Patch
                    Deletable = can HttpMethod.Delete
                    Comment = comment definition.Description
                })
            |> List.sortWith (fun a b -> ordinal a.Name b.Name)

        let functions =
            paths
            |> List.choose (fun (path, item) ->
                if path.StartsWith "/rpc/" then
                    let name = path.Substring 5

                    let post =
                        operation item HttpMethod.Post |> Option.orElse (operation item HttpMethod.Get)

                    let body =
                        post
                        |> Option.bind (fun o ->
                            match o.RequestBody with
                            | null -> None
                            | b ->
                                let content = entries b.Content

                                content
                                |> List.tryFind (fun kv -> kv.Key = "application/json")
                                |> Option.orElse (List.tryHead content)
                                |> Option.map (fun kv -> kv.Value.Schema))
                        |> Option.bind Option.ofObj

                    let parameters =
                        match body with
                        | Some s ->
                            entries s.Properties
                            |> List.map (fun kv ->
                                {
                                    Name = kv.Key
                                    Type = pgType kv.Value
                                    Required = contains s.Required kv.Key
                                    Variadic = false
                                })
                        | None -> []

                    Some
                        {
                            Name = name
                            Parameters = parameters
                            Returns = Unknown
                            Comment =
                                post
                                |> Option.bind (fun o -> Option.ofObj o.Summary)
                                |> Option.bind (fun s -> if String.IsNullOrWhiteSpace s then None else Some s)
                        }
                else
                    None)
            |> List.sortWith (fun a b -> ordinal a.Name b.Name)

        {
            Name = schema
            Relations = relations
            Functions = functions
            Origin =
                {
                    Source = "openapi"
                    Location = location
                    ServerVersion = version
                }
        }

/// The answer of `GET url` with `Accept-Profile: schema`: the document text and the schema the server answered for
/// (its Content-Profile header, or `schema` when given). Raises GeneratorError for an unreachable server, a schema
/// the server does not expose (PGRST106) and any answer that is not 200 with a JSON body.
let fetch (http: HttpClient) (url: string) (schema: string option) : string * string =
    use request = new HttpRequestMessage(HttpMethod.Get, url)

    request.Headers.TryAddWithoutValidation("Accept", "application/openapi+json, application/json")
    |> ignore

    schema
    |> Option.iter (fun s -> request.Headers.TryAddWithoutValidation("Accept-Profile", s) |> ignore)

    let response =
        try
            http.Send request
        with
        | :? HttpRequestException as e -> fail $"{url}: unreachable ({e.Message})"
        | :? Threading.Tasks.TaskCanceledException -> fail $"{url}: no answer within {http.Timeout.TotalSeconds} s"

    use response = response

    let body =
        use stream = response.Content.ReadAsStream()
        use reader = new IO.StreamReader(stream)
        reader.ReadToEnd()

    let code =
        try
            use d = JsonDocument.Parse body

            match d.RootElement.ValueKind with
            | JsonValueKind.Object ->
                match d.RootElement.TryGetProperty "code" with
                | true, c when c.ValueKind = JsonValueKind.String ->
                    let message =
                        match d.RootElement.TryGetProperty "message" with
                        | true, m when m.ValueKind = JsonValueKind.String -> m.GetString()
                        | _ -> null

                    Some(c.GetString(), message)
                | _ -> None
            | _ -> None
        with :? JsonException ->
            None

    match int response.StatusCode, code with
    | 200, _ ->
        let profile =
            match response.Headers.TryGetValues "Content-Profile" with
            | true, values -> List.tryHead (entries values)
            | _ -> None

        match schema, profile with
        | Some s, _ -> body, s
        | None, Some p -> body, p
        | None, None ->
            fail $"{url}: the server did not name the schema it described (no Content-Profile header); pass --schema."
    | 406, Some("PGRST106", message) ->
        let s = defaultArg schema ""
        fail $"{url}: the server does not expose schema '{s}' (PGRST106: {message})."
    | status, Some(c, message) -> fail $"{url}: the server answered HTTP {status} ({c}: {message})."
    | status, None -> fail $"{url}: the server answered HTTP {status} {response.ReasonPhrase}, not an OpenAPI document."
