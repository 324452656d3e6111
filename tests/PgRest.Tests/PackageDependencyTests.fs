/// The client packages stay free of the application-integration packages: only PgRest.DependencyInjection brings
/// Microsoft.Extensions.* into an application.
module PgRest.Tests.PackageDependencyTests

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

let private extensions (assembly: Assembly) =
    assembly.GetReferencedAssemblies()
    |> Array.map _.Name
    |> Array.choose Option.ofObj
    |> Array.filter (fun n -> n.StartsWith "Microsoft.Extensions.")
    |> List.ofArray

[<Tests>]
let tests =
    testList
        "Unit.PackageDependencies"
        [
            test "PgRest.Core and PgRest.FSharp reference no Microsoft.Extensions assembly or package" {
                for assembly in
                    [
                        typeof<PgRest.PostgrestClient>.Assembly
                        typeof<PgRest.FSharp.PgrestBuilder>.Assembly
                    ] do
                    Expect.isEmpty (extensions assembly) $"{assembly.GetName().Name} references"

                for project in
                    [
                        "src/PgRest.Core/PgRest.Core.csproj"
                        "src/PgRest.FSharp/PgRest.FSharp.fsproj"
                    ] do
                    let text = File.ReadAllText(Path.Combine(repoRoot, project))

                    Expect.isFalse
                        (text.Contains "Microsoft.Extensions.")
                        $"{project} has no Microsoft.Extensions package"
            }

            test "PgRest.DependencyInjection is what references them" {
                let names =
                    extensions typeof<PgRest.DependencyInjection.PostgrestClientSettings>.Assembly

                for expected in
                    [
                        "Microsoft.Extensions.DependencyInjection.Abstractions"
                        "Microsoft.Extensions.Http"
                        "Microsoft.Extensions.Options"
                    ] do
                    Expect.contains names expected "referenced"
            }
        ]
