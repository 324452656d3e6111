/// Golden files of the C# emitter. The files live in tests/PgRest.CSharpGenerated/Generated/, where that project
/// compiles them (warnings are errors, XML docs checked) and runs them against the live server; `dotnet format`
/// checks them with the solution. Regenerate after an intended change with PGREST_UPDATE_GOLDEN=1.
module PgRest.GeneratorTests.CSharpGoldenTests

open System
open System.IO
open Expecto
open PgRest.Generator
open PgRest.Generator.Model
open PgRest.GeneratorTests.CatalogSourceTests

let private generatedDir =
    Path.Combine(Live.repoRoot, "tests", "PgRest.CSharpGenerated", "Generated")

/// Compares `text` with the golden file (or rewrites it with PGREST_UPDATE_GOLDEN=1), naming the first difference.
let golden (path: string) (text: string) =
    if Environment.GetEnvironmentVariable "PGREST_UPDATE_GOLDEN" = "1" then
        File.WriteAllText(path, text)
    else
        Expect.isTrue (File.Exists path) (sprintf "%s is missing (PGREST_UPDATE_GOLDEN=1 writes it)" path)
        let expected = File.ReadAllText path

        if expected <> text then
            let e = expected.Split '\n'
            let a = text.Split '\n'

            let i =
                Seq.initInfinite id
                |> Seq.find (fun i -> i >= e.Length || i >= a.Length || e[i] <> a[i])

            let line (lines: string[]) =
                if i < lines.Length then lines[i] else "<end of file>"

            failtestf
                "%s differs at line %d:\n  golden: %s\n  now:    %s\n(PGREST_UPDATE_GOLDEN=1 rewrites it)"
                path
                (i + 1)
                (line e)
                (line a)

let options ns =
    {
        Namespace = ns
        Module = None
        GeneratorVersion = "0.1.0"
    }

let private column name ty =
    {
        Name = name
        Type = ty
        Nullable = true
        Default = NoDefault
        PrimaryKey = false
        ForeignKey = None
        MaxLength = None
        Comment = None
    }

/// A schema of names that are hard in C#: keywords, a member named like its type, a record named like the names
/// class, names differing only in punctuation, digits first, no letters at all, object members, non-ASCII.
let edgeSchema: Schema =
    let mood = Enum("edge.status", [ "a b"; "A_B"; "class"; "Status"; "ok" ])

    {
        Name = "edge"
        Relations =
            [
                {
                    Name = "edge"
                    Columns =
                        [
                            { column "id" (Base "integer") with
                                Nullable = false
                                Default = AlwaysIdentity
                                PrimaryKey = true
                            }
                            column "edge" (Base "text")
                            column "café" (Base "text")
                            { column "moods" (Array mood) with
                                Default = HasDefault
                                Nullable = false
                            }
                            column "%%" (Base "tsvector")
                            column "weird type" (Base "edge.\"my type\"")
                        ]
                    Insertable = true
                    Updatable = true
                    Deletable = true
                    Comment = Some "A table named like the schema.\nSecond line with <xml> & \"quotes\"."
                }
                {
                    Name = "status"
                    Columns =
                        [
                            { column "status" mood with
                                Nullable = false
                            }
                            column "Status" (Base "text")
                            column "first name" (Base "text")
                            column "first_name" (Base "text")
                            column "class" (Base "text")
                            column "1st" (Base "integer")
                            column "Equals" (Base "integer")
                            column "ToString" (Base "integer")
                            { column "edge_id" (Base "integer") with
                                ForeignKey = Some { Table = "edge"; Column = "id" }
                            }
                            { column "total" (Base "numeric") with
                                Default = Computed
                            }
                        ]
                    Insertable = true
                    Updatable = true
                    Deletable = true
                    Comment = None
                }
                {
                    Name = "tables"
                    Columns =
                        [
                            { column "n" (Base "bigint") with
                                Comment = Some "*/ not a comment end"
                            }
                        ]
                    Insertable = false
                    Updatable = false
                    Deletable = false
                    Comment = None
                }
            ]
        Functions =
            [
                {
                    Name = "class"
                    Parameters =
                        [
                            {
                                Name = "class"
                                Type = Base "text"
                                Required = true
                                Variadic = false
                            }
                            {
                                Name = "args"
                                Type = Base "integer"
                                Required = true
                                Variadic = false
                            }
                            {
                                Name = "client"
                                Type = mood
                                Required = false
                                Variadic = false
                            }
                            {
                                Name = "rest"
                                Type = Array(Base "text")
                                Required = false
                                Variadic = false
                            }
                        ]
                    Returns = Unknown
                    Comment = Some "Keywords & clashes."
                }
                {
                    Name = "schema"
                    Parameters = []
                    Returns = Void
                    Comment = None
                }
                {
                    Name = "status"
                    Parameters =
                        [
                            {
                                Name = "x"
                                Type = Base "integer"
                                Required = true
                                Variadic = false
                            }
                        ]
                    Returns = Single(Base "edge.status")
                    Comment = None
                }
                {
                    Name = "status"
                    Parameters = []
                    Returns = Table [ "a", Base "integer"; "b", mood ]
                    Comment = None
                }
            ]
        Origin =
            {
                Source = "catalog"
                Location = "a hand-written model (tests/PgRest.GeneratorTests/CSharpGoldenTests.fs)"
                ServerVersion = None
            }
    }

let private catalogGen () =
    CSharpEmitter.emit (options "PgRest.CSharpGenerated.Db") (Live.normalized Live.gen.Value)

[<Tests>]
let tests =
    testList
        "Generator.CSharpGolden"
        [
            test "schema gen from the catalog = tests/PgRest.CSharpGenerated/Generated/Gen.cs" {
                golden (Path.Combine(generatedDir, "Gen.cs")) (catalogGen ())
            }

            test "schema gen_b from the catalog = tests/PgRest.CSharpGenerated/Generated/GenB.cs" {
                let s = CatalogSource.read (Live.pgUri ()) "gen_b" |> Live.normalized

                golden
                    (Path.Combine(generatedDir, "GenB.cs"))
                    (CSharpEmitter.emit (options "PgRest.CSharpGenerated.DbB") s)
            }

            test "the demo schema from the catalog = examples/CSharpGenerated/Generated/Demo.cs" {
                let uri = Live.pgUri ()
                let demoUri = uri.Substring(0, uri.LastIndexOf '/') + "/pgrest_demo"
                let s = CatalogSource.read demoUri "demo" |> Live.normalized

                golden
                    (Path.Combine(Live.repoRoot, "examples", "CSharpGenerated", "Generated", "Demo.cs"))
                    (CSharpEmitter.emit (options "Demo.Db") s)
            }

            test "hard names = tests/PgRest.CSharpGenerated/Generated/Edge.cs (compiled there)" {
                golden
                    (Path.Combine(generatedDir, "Edge.cs"))
                    (CSharpEmitter.emit (options "PgRest.CSharpGenerated.Edge") edgeSchema)
            }

            test "deterministic: two reads and two runs give the same bytes" {
                let again =
                    CSharpEmitter.emit
                        (options "PgRest.CSharpGenerated.Db")
                        (Live.normalized (CatalogSource.read (Live.pgUri ()) "gen"))

                Expect.equal again (catalogGen ()) "same output"

                Expect.equal
                    (CSharpEmitter.emit (options "E") edgeSchema)
                    (CSharpEmitter.emit (options "E") edgeSchema)
                    "same output (edge)"
            }

            test "every database name survives as a string literal; [JsonPropertyName] exactly where snake_case misses" {
                let text = catalogGen ()

                for r in Live.gen.Value.Relations do
                    Expect.stringContains text (sprintf "= \"%s\";" r.Name) r.Name

                    for c in r.Columns do
                        Expect.stringContains text (sprintf "= \"%s\";" c.Name) (r.Name + "." + c.Name)

                for f in Live.gen.Value.Functions do
                    Expect.stringContains text (sprintf "= \"%s\";" f.Name) f.Name

                let attributes =
                    text.Split '\n'
                    |> Array.filter (fun l -> l.Contains "JsonPropertyName(")
                    |> Array.map (fun l -> l.Trim())
                    |> Array.distinct

                Expect.equal
                    (attributes
                     |> Array.map (fun l -> l.Substring(l.IndexOf '(' + 1).TrimEnd(')', ']')))
                    [|
                        "\"first name\""
                        "\"Upper\""
                        "\"1st\""
                        "\"with-dash\""
                        "\"Mixed Case\""
                    |]
                    "only the names SnakeCaseLower does not give back"
            }

            test "hard names: escaped or renamed deterministically, never dropped, no member named like its type" {
                let text = CSharpEmitter.emit (options "E") edgeSchema

                for expected in
                    [
                        "public sealed record Edge2" // the names class is Edge
                        "public enum Status2" // the record of table status is Status
                        "public Status2 Status2 { get; init; }" // column status: not the type's name (CS0542)
                        "public string? Status3 { get; init; }" // column Status
                        "public string? FirstName2 { get; init; }" // first_name after first name
                        "public int? Equals2 { get; init; }"
                        "public int? ToString2 { get; init; }"
                        "public int? _1st { get; init; }"
                        "public string? X00250025 { get; init; }" // %%
                        "public string? Café { get; init; }"
                        "[global::System.Text.Json.Serialization.JsonStringEnumMemberName(\"a b\")]"
                        "    AB,"
                        "    AB2,"
                        "    Status," // a member may share the enum's (renamed) name only when it is not the same
                        "string @class, int args2, global::E.Status2? client2 = null, string[]? rest = null)"
                        "public static global::PgRest.PostgrestQuery Schema2(global::PgRest.PostgrestClient client)"
                        "public static global::PgRest.PostgrestQuery Status(global::PgRest.PostgrestClient client, int x)"
                        "public static global::PgRest.PostgrestQuery Status2(global::PgRest.PostgrestClient client)"
                        "public const string Tables2 = \"tables\";"
                        "public const string EdgeViaEdgeId = \"edge!edge_id\";"
                        "public const string StatusViaEdgeId = \"status!edge_id\";"
                        "/// Second line with &lt;xml&gt; &amp; \"quotes\"."
                    ] do
                    Expect.stringContains text expected expected

                let insert =
                    text.Substring(text.IndexOf "public sealed record StatusInsert").Split("\n}")[0]

                Expect.isFalse (insert.Contains " Total ") "a computed column is not in the insert record"

                let edgeInsert =
                    text.Substring(text.IndexOf "public sealed record EdgeInsert").Split("\n}")[0]

                Expect.isFalse (edgeInsert.Contains " Id ") "an always-identity column is not in the insert record"
                Expect.isFalse (text.Contains "record TablesInsert") "no insert record for a read-only relation"
            }
        ]
