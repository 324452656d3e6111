/// The public surface of PgRest.Core, PgRest.FSharp and PgRest.DependencyInjection, compared with the baselines in
/// api/. An accidental API change fails the test command; an intended one is recorded by running the tests once with
/// PGREST_UPDATE_API=1 and committing the changed baseline.
module PgRest.Tests.PublicApiTests

open System
open System.IO
open System.Reflection
open Expecto

let private repoRoot =
    let rec up (dir: DirectoryInfo | null) =
        match dir with
        | null -> failwith "Could not find the repository root (PgRest.sln)."
        | d when File.Exists(Path.Combine(d.FullName, "PgRest.sln")) -> d.FullName
        | d -> up d.Parent

    up (DirectoryInfo AppContext.BaseDirectory)

let private visible (m: MemberInfo) =
    match m with
    | :? MethodBase as mb -> mb.IsPublic || mb.IsFamily || mb.IsFamilyOrAssembly
    | :? FieldInfo as f -> f.IsPublic || f.IsFamily || f.IsFamilyOrAssembly
    | :? PropertyInfo as p ->
        p.GetAccessors(true)
        |> Array.exists (fun a -> a.IsPublic || a.IsFamily || a.IsFamilyOrAssembly)
    | :? EventInfo -> true
    | _ -> false

let private kind (t: Type) =
    if t.IsInterface then "interface"
    elif t.IsEnum then "enum"
    elif t.IsValueType then "struct"
    elif typeof<Delegate>.IsAssignableFrom t then "delegate"
    elif t.IsAbstract && t.IsSealed then "static class"
    elif t.IsSealed then "sealed class"
    elif t.IsAbstract then "abstract class"
    else "class"

/// One line per public type and member, sorted: the surface as a text that diffs well.
let surface (assembly: Assembly) : string list =
    let flags =
        BindingFlags.Public
        ||| BindingFlags.NonPublic
        ||| BindingFlags.Instance
        ||| BindingFlags.Static
        ||| BindingFlags.DeclaredOnly

    [
        for t in assembly.GetExportedTypes() do
            let baseType =
                match t.BaseType with
                | null -> ""
                | b when b = typeof<obj> || b = typeof<ValueType> || b = typeof<Enum> -> ""
                | b -> " : " + string b

            yield $"{t.FullName} : {kind t}{baseType}"

            for m in t.GetMembers flags do
                if
                    visible m
                    && not (
                        m :? MethodInfo
                        && (m :?> MethodInfo).IsSpecialName
                        && not (m.Name.StartsWith "op_")
                    )
                then
                    yield $"{t.FullName} :: {m.MemberType} {m}"
    ]
    |> List.sort

let private check (name: string) (assembly: Assembly) =
    test name {
        let file = Path.Combine(repoRoot, "api", name + ".txt")
        let actual = surface assembly

        if Environment.GetEnvironmentVariable "PGREST_UPDATE_API" = "1" then
            File.WriteAllLines(file, actual)

        Expect.isTrue (File.Exists file) $"the baseline {file} exists (create it with PGREST_UPDATE_API=1)"
        let expected = File.ReadAllLines file |> List.ofArray
        let added = actual |> List.except expected
        let removed = expected |> List.except actual

        let lines (xs: string list) = String.Join("\n  ", xs)

        Expect.isTrue
            (added.IsEmpty && removed.IsEmpty)
            $"the public API of {name} changed; if intended, run the tests with PGREST_UPDATE_API=1.\nAdded:\n  {lines added}\nRemoved:\n  {lines removed}"
    }

[<Tests>]
let tests =
    testList
        "Unit.PublicApi"
        [
            check "PgRest.Core" typeof<PgRest.PostgrestClient>.Assembly
            check "PgRest.FSharp" typeof<PgRest.FSharp.PgrestBuilder>.Assembly
            check "PgRest.DependencyInjection" typeof<PgRest.DependencyInjection.PostgrestClientSettings>.Assembly
        ]
