// The documentation's code, compiled: extracts every F# and C# fenced block of README.md and docs/guide/*.md and
// compiles them all against the built libraries (build first: `dotnet build PgRest.sln`), so the docs cannot drift
// from the API. F# blocks are type-checked together by one `fsi --typecheck-only`, C# blocks are compiled together by
// one `csc`; both run at once. Snippets are compiled, never run: nothing is sent anywhere and no network is needed
// (the runnable versions are the examples/ scripts). A failure names the markdown file, line and column.
// Besides PgRest.Core and PgRest.FSharp, snippets see PgRest.DependencyInjection and the Microsoft.Extensions packages
// (hosting, configuration, logging, Http.Resilience) as built for tests/PgRest.IntegrationTests.
//
// Each snippet is compiled on its own (an F# script file, a C# namespace with the statements in one async method
// and the types beside it), so names never clash. Words after the language in a fence's info string:
//   ```fsharp prelude / ```csharp prelude   compiled in front of every snippet of that language in the same folder
//                                           (docs/guide/README.md's "All snippets assume" blocks)
//   ```csharp skip: <reason>                not compiled; the reason is printed. Keep these rare.
// C# snippets get the usings of `dotnet new console` (ImplicitUsings) and the repository's settings (latest language,
// nullable, warnings as errors); F# warnings are errors too.
//
// Usage: dotnet fsi --quiet --exec scripts/check-docs.fsx     Generated files (git-ignored): artifacts/doc-snippets/
open System
open System.Diagnostics
open System.IO
open System.Text.RegularExpressions

let clock = Stopwatch.StartNew()
let root = Path.GetFullPath(Path.Combine(__SOURCE_DIRECTORY__, ".."))
let outDir = Path.Combine(root, "artifacts", "doc-snippets")
let libDir = Path.Combine(root, "src", "PgRest.FSharp", "bin", "Debug", "net10.0")
let coreDll = Path.Combine(libDir, "PgRest.Core.dll")
let fsharpDll = Path.Combine(libDir, "PgRest.FSharp.dll")

/// PgRest.DependencyInjection and the Microsoft.Extensions assemblies its guide page uses (hosting, configuration,
/// logging, Http.Resilience with Polly), from the build output of the integration tests, which reference them all.
let extensionsDir =
    Path.Combine(root, "tests", "PgRest.IntegrationTests", "bin", "Debug", "net10.0")

let diDll = Path.Combine(extensionsDir, "PgRest.DependencyInjection.dll")

let extensionDlls =
    if Directory.Exists extensionsDir then
        Directory.GetFiles(extensionsDir, "*.dll")
        |> Array.filter (fun f ->
            let name = Path.GetFileName f

            name = "PgRest.DependencyInjection.dll"
            || name.StartsWith "Microsoft.Extensions."
            || name.StartsWith "Polly")
        |> Array.sort
    else
        [||]

/// Extra F# type-checks after a failure, each without the snippets that failed before (fsi stops at its first error).
let maxFSharpReruns = 5

type Language =
    | FSharp
    | CSharp

type Role =
    | Snippet
    | Prelude
    | Skip of reason: string

/// A fenced code block: File is relative to the root with '/' separators, Line is the first line of code (1-based).
type Block =
    {
        File: string
        Line: int
        Language: Language
        Role: Role
        Code: string list
    }

    member b.Folder = Path.GetDirectoryName b.File
    member b.Name = Regex.Replace(b.File, "[^A-Za-z0-9]", "_") + $"_L{b.Line}"

    member b.Contains(file: string, line: int) =
        file = b.File && line >= b.Line && line < b.Line + b.Code.Length

let markdownFiles =
    "README.md"
    :: (Directory.GetFiles(Path.Combine(root, "docs", "guide"), "*.md")
        |> Array.map (fun f -> Path.GetRelativePath(root, f).Replace('\\', '/'))
        |> Array.sortWith (fun a b -> String.CompareOrdinal(a, b))
        |> List.ofArray)

let problems = ResizeArray<string>()

// ---- Markdown ---------------------------------------------------------------------------------------------------

let openingFence =
    Regex(@"^(?<indent> {0,3})(?<fence>`{3,}|~{3,})[ \t]*(?<lang>[^\s`]*)[ \t]*(?<rest>[^`]*)$")

let isClosingFence (fence: string) (line: string) =
    let t = line.Trim()

    line.Length - line.TrimStart().Length <= 3
    && t.Length >= fence.Length
    && t |> Seq.forall ((=) fence[0])

let language (word: string) =
    match word.ToLowerInvariant() with
    | "fsharp"
    | "fs"
    | "f#" -> Some FSharp
    | "csharp"
    | "cs"
    | "c#" -> Some CSharp
    | _ -> None

let role (file: string) (line: int) (rest: string) =
    match rest.Trim() with
    | "" -> Some Snippet
    | "prelude" -> Some Prelude
    | r when r.StartsWith "skip:" && r.Length > 5 && r.Substring(5).Trim() <> "" -> Some(Skip(r.Substring(5).Trim()))
    | r ->
        problems.Add $"{file}:{line}: unknown fence marker '{r}' (known: prelude, skip: <reason>)"
        None

let readBlocks (file: string) =
    let lines = File.ReadAllLines(Path.Combine(root, file))

    let rec scan i acc =
        if i >= lines.Length then
            List.rev acc
        else
            let m = openingFence.Match lines[i]

            if not m.Success then
                scan (i + 1) acc
            else
                let fence = m.Groups["fence"].Value
                let indent = m.Groups["indent"].Value.Length

                match Seq.tryFind (fun j -> isClosingFence fence lines[j]) (seq { i + 1 .. lines.Length - 1 }) with
                | None ->
                    problems.Add $"{file}:{i + 1}: this code fence is never closed"
                    List.rev acc
                | Some close ->
                    let code =
                        [
                            for l in lines[i + 1 .. close - 1] ->
                                let strip = min indent (l.Length - l.TrimStart().Length)
                                l.Substring strip
                        ]

                    let block =
                        match language m.Groups["lang"].Value, role file (i + 1) m.Groups["rest"].Value with
                        | Some lang, Some r ->
                            Some
                                {
                                    File = file
                                    Line = i + 2
                                    Language = lang
                                    Role = r
                                    Code = code
                                }
                        | _ -> None

                    scan (close + 1) (Option.toList block @ acc)

    scan 0 []

let blocks = markdownFiles |> List.collect readBlocks

let snippets lang =
    blocks |> List.filter (fun b -> b.Language = lang && b.Role = Snippet)

let preludes lang folder =
    blocks
    |> List.filter (fun b -> b.Language = lang && b.Role = Prelude && b.Folder = folder)

// ---- F#: one script per snippet, all #load-ed by one script and type-checked by one fsi --------------------------

let fsharpDir = Path.Combine(outDir, "fsharp")

let fsLine (file: string) (line: int) =
    $"# {line} \"{Path.Combine(root, file)}\""

let isOpen (line: string) = line.StartsWith "open "

/// `#load`/`#r` paths are relative to the markdown file; the generated script lives elsewhere, so make them absolute.
let loadDirective =
    Regex(@"^(?<head>\s*#(?:load|r|I)\s+)""(?<path>[^""]+)""(?<tail>.*)$")

/// The install lines of a copyable script: `#i "nuget: <folder>"` (the local package folder of scripts/pack.sh) and
/// `#r "nuget: PgRest.…"` (one of our packages: the built library is referenced instead, by all.fsx).
let packageDirective =
    Regex(@"^\s*#(?:i\s+""nuget:[^""]*""|r\s+""nuget:\s*PgRest\.(?:Core|FSharp|DependencyInjection)\s*(?:,[^""]*)?"")")

let rewriteDirective (b: Block) (offset: int) (line: string) =
    let m = loadDirective.Match line

    if packageDirective.IsMatch line then
        "// (the built library stands for: " + line.Trim() + ")"
    elif not m.Success then
        line
    elif m.Groups["path"].Value.StartsWith "nuget:" then
        problems.Add
            $"{b.File}:{b.Line + offset}: NuGet references other than PgRest's packages need the network; reference the built libraries"

        line
    else
        let path = Path.GetFullPath(Path.Combine(root, b.Folder, m.Groups["path"].Value))
        m.Groups["head"].Value + "\"" + path + "\"" + m.Groups["tail"].Value

let preludeModule folder =
    "Prelude_"
    + (if folder = "" then
           "root"
       else
           Regex.Replace(folder, "[^A-Za-z0-9]", "_"))

/// The script of one folder's F# prelude blocks (its module is opened by the folder's snippets).
let fsharpPrelude folder =
    [
        yield "// Generated by scripts/check-docs.fsx: do not edit."
        for p in preludes FSharp folder do
            yield fsLine p.File p.Line
            yield! p.Code
    ]

/// The script of one snippet: the prelude's opens, the prelude module, then the snippet as written.
let fsharpSnippet (b: Block) =
    let lines =
        ResizeArray
            [
                $"// Generated by scripts/check-docs.fsx from {b.File} line {b.Line}: do not edit."
            ]

    let prelude = preludes FSharp b.Folder

    for p in prelude do
        p.Code
        |> List.iteri (fun i l ->
            if isOpen l then
                lines.Add(fsLine p.File (p.Line + i))
                lines.Add l)

    if not prelude.IsEmpty then
        lines.Add(fsLine (Path.GetRelativePath(root, Path.Combine(fsharpDir, b.Name + ".fsx"))) (lines.Count + 2))
        lines.Add $"open {preludeModule b.Folder}"

    lines.Add(fsLine b.File b.Line)
    b.Code |> List.iteri (fun i l -> lines.Add(rewriteDirective b i l))
    List.ofSeq lines

let writeLines (path: string) (lines: string list) =
    File.WriteAllText(path, String.Join("\n", lines) + "\n")

let writeFSharp (excluded: Set<string>) =
    if Directory.Exists fsharpDir then
        Directory.Delete(fsharpDir, true)

    Directory.CreateDirectory fsharpDir |> ignore

    let included =
        snippets FSharp |> List.filter (fun b -> not (excluded.Contains b.Name))

    let folders =
        included
        |> List.map (fun b -> b.Folder)
        |> List.distinct
        |> List.filter (fun f -> not (preludes FSharp f).IsEmpty)

    for f in folders do
        writeLines (Path.Combine(fsharpDir, preludeModule f + ".fsx")) (fsharpPrelude f)

    for b in included do
        writeLines (Path.Combine(fsharpDir, b.Name + ".fsx")) (fsharpSnippet b)

    let main = Path.Combine(fsharpDir, "all.fsx")

    writeLines
        main
        [
            "// Generated by scripts/check-docs.fsx: every F# snippet of the docs, type-checked together."
            $"#r \"{coreDll}\""
            $"#r \"{fsharpDll}\""
            for dll in extensionDlls do
                $"#r \"{dll}\""
            for f in folders do
                $"#load \"{preludeModule f}.fsx\""
            for b in included do
                $"#load \"{b.Name}.fsx\""
        ]

    main

// ---- C#: one namespace per snippet, all in one compilation -------------------------------------------------------

let csharpDir = Path.Combine(outDir, "csharp")

type CSharpParts =
    {
        Usings: (int * string) list
        Statements: (int * string) list
        Types: (int * string) list
    }

let usingDirective =
    Regex(@"^using\s+(static\s+)?[A-Za-z_][\w.]*(\s*=\s*[\w.<>, ]+)?\s*;\s*$")

let typeStart =
    Regex(
        @"^(?:(?:public|internal|file|sealed|abstract|static|partial|readonly)\s+)*"
        + @"(?:record|class|struct|interface|enum)\s+(?:(?:struct|class)\s+)?(?<name>[A-Za-z_]\w*)"
    )

/// Splits a snippet written like a top-level-statements program: using directives, statements, and types declared
/// at column 0 (which end where their braces balance on a line ending in ';' or '}').
let splitCSharp (b: Block) =
    let count (c: char) (s: string) = s |> Seq.filter ((=) c) |> Seq.length

    let rec go lines inType depth parts =
        match lines with
        | [] -> parts
        | (n, (l: string)) :: rest ->
            let add part = part @ [ (n, l) ]

            if inType || typeStart.IsMatch l then
                let depth = depth + count '{' l - count '}' l
                let t = l.TrimEnd()
                let ended = depth <= 0 && (t.EndsWith ";" || t.EndsWith "}")
                go rest (not ended) depth { parts with Types = add parts.Types }
            elif usingDirective.IsMatch l then
                go rest false 0 { parts with Usings = add parts.Usings }
            else
                go
                    rest
                    false
                    0
                    { parts with
                        Statements = add parts.Statements
                    }

    go
        (b.Code |> List.mapi (fun i l -> b.Line + i, l))
        false
        0
        {
            Usings = []
            Statements = []
            Types = []
        }

/// Prelude statements as units (lines up to one ending in ';'), with the local each one declares.
let preludeStatements (parts: CSharpParts) =
    let declared =
        Regex(@"^\s*(?:using\s+)?(?:var|[A-Za-z_][\w<>,.?]*)\s+(?<name>[A-Za-z_]\w*)\s*=")

    let rec units lines current acc =
        match lines with
        | [] ->
            List.rev (
                if List.isEmpty current then
                    acc
                else
                    List.rev current :: acc
            )
        | ((_, l: string) as x) :: rest ->
            if l.TrimEnd().EndsWith ";" then
                units rest [] (List.rev (x :: current) :: acc)
            else
                units rest (x :: current) acc

    units parts.Statements [] []
    |> List.filter (fun u -> u |> List.exists (fun (_, l) -> l.Trim() <> ""))
    |> List.map (fun u ->
        let m = declared.Match(u |> List.map snd |> List.find (fun l -> l.Trim() <> ""))
        (if m.Success then Some m.Groups["name"].Value else None), u)

/// Groups of types (each from its first line to its end).
let typeGroups (parts: CSharpParts) =
    parts.Types
    |> List.fold
        (fun groups (n, l) ->
            match typeStart.Match l with
            | m when m.Success -> (m.Groups["name"].Value, [ (n, l) ]) :: groups
            | _ ->
                match groups with
                | (name, lines) :: rest -> (name, lines @ [ (n, l) ]) :: rest
                | [] -> groups)
        []
    |> List.rev

/// Lines with `#line` directives at every jump, so errors point at the markdown.
let mapped (file: string) (lines: (int * string) list) =
    lines
    |> List.fold
        (fun (prev, acc) (n, l) ->
            let acc =
                if n = prev + 1 then
                    acc
                else
                    $"#line {n} \"{Path.Combine(root, file)}\"" :: acc

            n, l :: acc)
        (-1, [])
    |> snd
    |> List.rev

let csharpSnippet (b: Block) =
    let parts = splitCSharp b
    let code = String.Join("\n", b.Code)

    let declaresLocal name =
        Regex.IsMatch(code, $@"\b(?:var|[A-Z][\w<>,.?]*)\s+{name}\s*=")

    let snippetTypes = typeGroups parts |> List.map fst |> Set.ofList
    let prelude = preludes CSharp b.Folder |> List.map (fun p -> p, splitCSharp p)

    let snippetUsings =
        parts.Usings |> List.map (snd >> fun u -> u.Trim()) |> Set.ofList

    [
        $"namespace DocSnippets.{b.Name}"
        "{"
        for p, pp in prelude do
            yield! mapped p.File (pp.Usings |> List.filter (fun (_, u) -> not (snippetUsings.Contains(u.Trim()))))
        yield! mapped b.File parts.Usings
        "#line default"
        "    internal static class Snippet"
        "    {"
        "        internal static async Task Run()"
        "        {"
        for p, pp in prelude do
            for name, unit in preludeStatements pp do
                if not (name |> Option.exists declaresLocal) then
                    yield! mapped p.File unit
        yield! mapped b.File parts.Statements
        "#line default"
        "            await Task.CompletedTask;"
        "        }"
        "    }"
        for p, pp in prelude do
            for name, lines in typeGroups pp do
                if not (snippetTypes.Contains name) then
                    yield! mapped p.File lines
        yield! mapped b.File parts.Types
        "#line default"
        "}"
    ]

/// The compilers of the SDK running this script (fsi.dll lives in sdk/<version>/FSharp) and the reference assemblies
/// of the running .NET. They are started with `dotnet exec`, without the CLI and MSBuild layers: csc on its own
/// costs about a third of the CPU time of building the same code as an MSBuild project.
let sdkDir = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, ".."))
let cscDll = Path.Combine(sdkDir, "Roslyn", "bincore", "csc.dll")
let fsiDll = Path.Combine(AppContext.BaseDirectory, "fsi.dll")

let referenceAssemblies =
    let packs = Path.Combine(sdkDir, "..", "..", "packs", "Microsoft.NETCore.App.Ref")
    let tfm = $"net{Environment.Version.Major}.0"

    let version (dir: string) =
        match Version.TryParse((Path.GetFileName dir).Split('-')[0]) with
        | true, v -> v
        | _ -> Version()

    let candidates =
        if Directory.Exists packs then
            Directory.GetDirectories packs
            |> Array.filter (fun d -> (version d).Major = Environment.Version.Major)
            |> Array.sortByDescending (fun d -> Path.GetFileName d = string Environment.Version, version d)
            |> Array.map (fun d -> Path.Combine(d, "ref", tfm))
            |> Array.filter Directory.Exists
        else
            [||]

    candidates
    |> Array.tryHead
    |> Option.map (fun d -> Directory.GetFiles(d, "*.dll") |> Array.sort)

/// The usings `dotnet new console` projects get (ImplicitUsings of Microsoft.NET.Sdk).
let implicitUsings =
    [
        "System"
        "System.Collections.Generic"
        "System.IO"
        "System.Linq"
        "System.Net.Http"
        "System.Threading"
        "System.Threading.Tasks"
    ]

/// Writes the snippets and a csc response file with the repository's C# settings (latest language, nullable,
/// warnings as errors); returns the response file.
let writeCSharp (references: string array) =
    Directory.CreateDirectory csharpDir |> ignore

    let sources =
        [
            Path.Combine(csharpDir, "GlobalUsings.cs")
            Path.Combine(csharpDir, "Snippets.cs")
        ]

    writeLines sources[0] [ for u in implicitUsings -> $"global using {u};" ]

    writeLines
        sources[1]
        ("// Generated by scripts/check-docs.fsx: do not edit."
         :: List.collect csharpSnippet (snippets CSharp))

    let rsp = Path.Combine(csharpDir, "csc.rsp")

    writeLines
        rsp
        [
            "-nologo"
            "-target:library"
            "-langversion:latest"
            "-nullable:enable"
            "-warnaserror+"
            // As the SDK does: assemblies built for an older System.Runtime (Polly's, for net8.0) bind to this one.
            "-nowarn:1701,1702"
            "-deterministic"
            "-out:\"" + Path.Combine(csharpDir, "DocSnippets.dll") + "\""
            for r in Array.concat [ references; [| coreDll |]; extensionDlls ] do
                $"-reference:\"{r}\""
            for src in sources do
                $"\"{src}\""
        ]

    rsp

// ---- Running the compilers ---------------------------------------------------------------------------------------

/// Starts a process; the result, when awaited, is its exit code and its output (stdout then stderr).
let start (args: string list) =
    let info = ProcessStartInfo("dotnet", args, WorkingDirectory = root)
    info.RedirectStandardOutput <- true
    info.RedirectStandardError <- true
    let p = new Process(StartInfo = info, EnableRaisingEvents = true)
    let timer = Stopwatch()
    p.Exited.Add(fun _ -> timer.Stop())
    timer.Start()
    p.Start() |> ignore
    let out = p.StandardOutput.ReadToEndAsync()
    let err = p.StandardError.ReadToEndAsync()

    fun () ->
        p.WaitForExit()
        p.ExitCode, out.Result + err.Result, timer.Elapsed.TotalSeconds

let relative (text: string) = text.Replace(root + "/", "")

/// `path(line,col): error CODE: message` → `path:line:col: error CODE: message` (compiler order kept, duplicates out).
let diagnostic =
    Regex(@"^(?<file>[^\s(][^(]*)\((?<line>\d+),(?<col>\d+)\): (?<kind>error|warning) (?<rest>.*)$")

let diagnostics (output: string) =
    let lines = (relative output).Split('\n') |> Array.map (fun l -> l.TrimEnd())

    [
        for i in 0 .. lines.Length - 1 do
            let m = diagnostic.Match lines[i]

            if m.Success then
                // F# type errors continue on the following indented lines.
                let more =
                    lines[i + 1 ..]
                    |> Array.takeWhile (fun l -> l <> "" && not (diagnostic.IsMatch l))
                    |> Array.filter (fun l -> l.StartsWith " ")

                let group (name: string) = m.Groups[name].Value

                let text =
                    $"""{group "file"}:{group "line"}:{group "col"}: {group "kind"} {group "rest"}"""

                yield
                    (m.Groups["file"].Value, int m.Groups["line"].Value),
                    String.Join("\n", Array.append [| text |] more)
    ]
    |> List.distinctBy snd

let blockAt (file, line) =
    blocks |> List.tryFind (fun b -> b.Contains(file, line))

let describe (b: Block option) =
    match b with
    | Some b when b.Role = Prelude -> $"  (in the prelude starting at {b.File}:{b.Line}, compiled with every snippet)"
    | Some b -> $"  (in the snippet starting at {b.File}:{b.Line})"
    | None -> "  (in generated code: see artifacts/doc-snippets/)"

for dll in [ coreDll; fsharpDll; diDll ] do
    if not (File.Exists dll) then
        problems.Add $"{Path.GetRelativePath(root, dll)} is missing: build first (dotnet build PgRest.sln)"

let failures = ResizeArray<string>()

let report (found: ((string * int) * string) list) =
    for location, text in found do
        failures.Add(text + "\n" + describe (blockAt location))

/// fsi stops at its first error, so after a failure the check runs again without that snippet (a few times).
let rec checkFSharp excluded reruns seconds =
    let code, output, s =
        (start
            [
                "exec"
                fsiDll
                "--typecheck-only"
                "--warnaserror+"
                "--quiet"
                writeFSharp excluded
            ]) ()

    match code, diagnostics output with
    | 0, _ -> seconds + s
    | _, [] ->
        failures.Add $"fsi --typecheck-only failed without a diagnostic:\n{relative output}"
        seconds + s
    | _, found ->
        report found

        match blockAt (fst found.Head) with
        | Some b when b.Role = Snippet && reruns < maxFSharpReruns ->
            checkFSharp (Set.add b.Name excluded) (reruns + 1) (seconds + s)
        | Some { Role = Snippet } ->
            failures.Add "(F#: more snippets may be broken; fix these and run the check again)"
            seconds + s
        | _ -> seconds + s

for compiler in [ cscDll; fsiDll ] do
    if not (File.Exists compiler) then
        problems.Add $"a compiler is not where the SDK keeps it: {compiler}"

if referenceAssemblies.IsNone then
    problems.Add $"no reference assemblies for .NET {Environment.Version.Major} under {sdkDir}../../packs"

if problems.Count = 0 then
    // Both compilers at once: csc in the background while fsi type-checks.
    let csharp =
        start [ "exec"; cscDll; "-noconfig"; "@" + writeCSharp referenceAssemblies.Value ]

    let fsharpSeconds = checkFSharp Set.empty 0 0.0
    let code, output, csharpSeconds = csharp ()

    match code, diagnostics output with
    | 0, _ -> ()
    | _, [] -> failures.Add $"csc failed on the C# snippets without a diagnostic:\n{relative output}"
    | _, found -> report found

    for b in blocks do
        match b.Role with
        | Skip reason -> printfn $"{b.File}:{b.Line}: not compiled ({reason})"
        | _ -> ()

    for f in failures do
        printfn "%s" f

    let preludeCount = blocks |> List.filter (fun b -> b.Role = Prelude) |> List.length
    let skipCount = blocks |> List.filter (fun b -> b.Role.IsSkip) |> List.length

    let seconds =
        $"F# type-check %.1f{fsharpSeconds} s, C# compile %.1f{csharpSeconds} s"

    printfn
        "Documentation snippets: %d F# and %d C# from %d files (%d preludes, %d skipped); %s, %.1f s in all"
        (snippets FSharp).Length
        (snippets CSharp).Length
        markdownFiles.Length
        preludeCount
        skipCount
        seconds
        clock.Elapsed.TotalSeconds

for p in problems do
    printfn "%s" p

if problems.Count + failures.Count > 0 then
    printfn "Documentation snippets: FAILED (%d problems)" (problems.Count + failures.Count)
    exit 1
