/// The two sources agree on the fixture wherever both know a fact. `eraseCatalogOnly` removes from a catalog model
/// exactly the facts PostgREST 12.0.2's OpenAPI document does not carry; the erased model is then checked fact by
/// fact against the live document of schema gen (read here with System.Text.Json, independently of OpenApiSource).
/// The code-level comparison (F# and C# from both sources, byte-identical after erasing, header aside) needs
/// OpenApiSource/FSharpEmitter from the gen-openapi branch: see the report of the catalog work.
module PgRest.GeneratorTests.SourcesAgreeTests

open System
open System.Diagnostics
open System.Net.Http
open System.Text.Json
open Expecto
open PgRest.Generator
open PgRest.Generator.Model
open PgRest.GeneratorTests.CatalogSourceTests

/// The facts only the catalog knows, removed: (1) identity and generated columns have no default in the document
/// (identity by default is "required" there); (2) the document omits array defaults (`text[] default '{}'`);
/// (3) it gives no return types; (4) it names an enum argument's type by its bare name (`status`) without labels.
let eraseCatalogOnly (schema: Schema) : Schema =
    let column (c: Column) =
        let def =
            match c.Default, c.Type with
            | (Identity | AlwaysIdentity | Computed), _ -> NoDefault
            | HasDefault, Array _ -> NoDefault
            | d, _ -> d

        { c with Default = def }

    let rec argType t =
        match t with
        | Enum(name, _) -> Base(name.Substring(name.LastIndexOf '.' + 1))
        | Array e -> Array(argType e)
        | Base _ -> t

    { schema with
        Relations =
            schema.Relations
            |> List.map (fun r ->
                { r with
                    Columns = List.map column r.Columns
                })
        Functions =
            schema.Functions
            |> List.map (fun f ->
                { f with
                    Returns = Unknown
                    Parameters = f.Parameters |> List.map (fun p -> { p with Type = argType p.Type })
                })
    }

let private document =
    lazy
        (use http = new HttpClient()

         use request =
             new HttpRequestMessage(HttpMethod.Get, Live.setting "PGREST_TEST_URL" + "/")

         request.Headers.Add("Accept-Profile", "gen")
         use response = http.Send request
         response.EnsureSuccessStatusCode() |> ignore
         JsonDocument.Parse(response.Content.ReadAsStream()).RootElement.Clone())

let private str (e: JsonElement) : string =
    match e.GetString() with
    | null -> ""
    | v -> v

let private prop (e: JsonElement) (name: string) =
    match e.TryGetProperty name with
    | true, v -> Some v
    | _ -> None

let rec private pgName t =
    match t with
    | Base n
    | Enum(n, _) -> n
    | Array e -> pgName e + "[]"

/// The comment without the notes PostgREST appends ("Note:\nThis is a Primary Key.<pk/>").
let private comment (description: string option) =
    description
    |> Option.bind (fun d ->
        match d.IndexOf "Note:\n" with
        | -1 -> Some d
        | 0 -> None
        | i -> Some(d.Substring(0, i).TrimEnd()))

[<Tests>]
let tests =
    testList
        "Generator.SourcesAgree"
        [
            test "the erased catalog model states every column fact exactly as the OpenAPI document of gen" {
                let doc = document.Value
                let s = eraseCatalogOnly Live.gen.Value
                let definitions = doc.GetProperty "definitions"

                Expect.equal
                    (definitions.EnumerateObject()
                     |> Seq.map (fun p -> p.Name)
                     |> Seq.sort
                     |> List.ofSeq)
                    (s.Relations |> List.map (fun r -> r.Name))
                    "the same relations"

                for r in s.Relations do
                    let d = definitions.GetProperty r.Name

                    let required =
                        match prop d "required" with
                        | Some a -> a.EnumerateArray() |> Seq.map (fun x -> str x) |> Set.ofSeq
                        | None -> Set.empty

                    let props = d.GetProperty "properties"

                    Expect.equal
                        (props.EnumerateObject() |> Seq.map (fun p -> p.Name) |> List.ofSeq)
                        (r.Columns |> List.map (fun c -> c.Name))
                        (r.Name + ": the same columns in the same order")

                    Expect.equal (prop d "description" |> Option.map (fun x -> str x)) r.Comment (r.Name + " comment")

                    let path = doc.GetProperty("paths").GetProperty("/" + r.Name)
                    Expect.equal (prop path "post").IsSome r.Insertable (r.Name + " insertable")
                    Expect.equal (prop path "patch").IsSome r.Updatable (r.Name + " updatable")
                    Expect.equal (prop path "delete").IsSome r.Deletable (r.Name + " deletable")

                    for c in r.Columns do
                        let p = props.GetProperty c.Name
                        let where = r.Name + "." + c.Name
                        Expect.equal (str (p.GetProperty("format"))) (pgName c.Type) (where + " type")

                        match c.Type with
                        | Enum(_, labels) ->
                            Expect.equal
                                (p.GetProperty("enum").EnumerateArray() |> Seq.map (fun x -> str x) |> List.ofSeq)
                                labels
                                (where + " labels")
                        | _ -> ()

                        Expect.equal (prop p "default").IsSome (c.Default = HasDefault) (where + " default")

                        // PostgREST 12.0.2: "required" = NOT NULL, whether or not the column has a default.
                        Expect.equal (required.Contains c.Name) (not c.Nullable) (where + " required")

                        Expect.equal
                            (prop p "maxLength" |> Option.map (fun x -> x.GetInt32()))
                            c.MaxLength
                            (where + " maxLength")

                        let description = prop p "description" |> Option.map (fun x -> str x)
                        Expect.equal (comment description) c.Comment (where + " comment")

                        let notes = defaultArg description ""
                        Expect.equal (notes.Contains "<pk/>") c.PrimaryKey (where + " primary key")

                        let fk =
                            c.ForeignKey
                            |> Option.map (fun k -> sprintf "<fk table='%s' column='%s'/>" k.Table k.Column)

                        Expect.equal (notes.Contains "<fk ") fk.IsSome (where + " foreign key")

                        match fk with
                        | Some note -> Expect.stringContains notes note (where + " foreign key target")
                        | None -> ()
            }

            test "the erased catalog model states every function fact exactly as the OpenAPI document of gen" {
                let doc = document.Value
                let s = eraseCatalogOnly Live.gen.Value

                let rpcs =
                    doc.GetProperty("paths").EnumerateObject()
                    |> Seq.map (fun p -> p.Name)
                    |> Seq.filter (fun n -> n.StartsWith("/rpc/", StringComparison.Ordinal))
                    |> Seq.map (fun n -> n.Substring 5)
                    |> Seq.sort
                    |> List.ofSeq

                Expect.equal rpcs (s.Functions |> List.map (fun f -> f.Name)) "the same functions"

                for f in s.Functions do
                    let post = doc.GetProperty("paths").GetProperty("/rpc/" + f.Name).GetProperty "post"

                    let body =
                        (post.GetProperty "parameters").EnumerateArray()
                        |> Seq.head
                        |> (fun b -> b.GetProperty "schema")

                    let props =
                        match prop body "properties" with
                        | Some p ->
                            p.EnumerateObject()
                            |> Seq.map (fun p -> p.Name, str (p.Value.GetProperty("format")))
                            |> List.ofSeq
                        | None -> []

                    Expect.equal
                        props
                        (f.Parameters |> List.map (fun p -> p.Name, pgName p.Type))
                        (f.Name + " arguments")

                    let required =
                        match prop body "required" with
                        | Some a -> a.EnumerateArray() |> Seq.map (fun x -> str x) |> List.ofSeq
                        | None -> []

                    Expect.equal
                        required
                        (f.Parameters |> List.filter (fun p -> p.Required) |> List.map (fun p -> p.Name))
                        (f.Name + " required arguments")

                    Expect.equal (prop post "summary" |> Option.map (fun x -> str x)) f.Comment (f.Name + " comment")
                    Expect.equal f.Returns Unknown "erased"
            }

            test "erasing changes exactly the facts it names, on the fixture" {
                let s = Live.gen.Value
                let e = eraseCatalogOnly s

                let changed =
                    [
                        for r, r2 in List.zip s.Relations e.Relations do
                            for c, c2 in List.zip r.Columns r2.Columns do
                                if c <> c2 then
                                    yield sprintf "%s.%s default %A" r.Name c.Name c.Default
                        for f, f2 in List.zip s.Functions e.Functions do
                            if f.Returns <> f2.Returns then
                                yield sprintf "%s returns" f.Name

                            for p, p2 in List.zip f.Parameters f2.Parameters do
                                if p <> p2 then
                                    yield sprintf "%s(%s) type %s" f.Name p.Name (pgName p.Type)
                    ]

                Expect.equal
                    changed
                    [
                        "authors.id default Identity"
                        "books.id default Identity"
                        "books.tags default HasDefault"
                        "books.price_x2 default Computed"
                        "add_pages returns"
                        "book_count returns"
                        "books_by_status returns"
                        "books_by_status(s) type gen.status"
                        "titles returns"
                    ]
                    "the catalog-only facts of the fixture"
            }

            test "generation time: a synthesized 200-table schema from the catalog, read and emitted as C#" {
                let name = "gen_perf_" + Guid.NewGuid().ToString("N").Substring(0, 8)

                let ddl =
                    [
                        yield $"create schema {name};"
                        for i in 1..200 ->
                            $"create table {name}.t{i:D3} (id bigint generated by default as identity primary key, "
                            + $"name text not null, note text, n int default 0, at timestamptz default now(), "
                            + (if i > 1 then
                                   $"parent_id bigint references {name}.t{i - 1:D3}(id), "
                               else
                                   "")
                            + "tags text[] default '{}');"
                    ]
                    |> String.concat "\n"

                Live.exec ddl

                try
                    let watch = Stopwatch.StartNew()
                    let s = CatalogSource.read (Live.pgUri ()) name
                    let read = watch.Elapsed
                    watch.Restart()

                    let text =
                        CSharpEmitter.emit
                            {
                                Namespace = "Perf"
                                Module = None
                                GeneratorVersion = "0.1.0"
                            }
                            s

                    let emit = watch.Elapsed

                    printfn
                        "200 tables: catalog read %.0f ms, C# emit %.0f ms (%d chars)"
                        read.TotalMilliseconds
                        emit.TotalMilliseconds
                        text.Length

                    Expect.equal s.Relations.Length 200 "all tables"
                    Expect.isLessThan emit.TotalMilliseconds 1000.0 "emitting is well under a second"
                finally
                    Live.exec $"drop schema {name} cascade"
            }
        ]
