/// PgRest.FSharp is compiled against the lowest FSharp.Core it supports (PgRestMinimumFSharpCore in
/// Directory.Packages.props), so its package does not force consumers to a newer FSharp.Core or SDK. The package
/// consumer of scripts/test.sh (examples/package/MinimumFSharpCore) proves it end to end; this is the quick check.
module PgRest.Tests.MinimumFSharpCoreTests

open System
open System.IO
open System.Text.RegularExpressions
open Expecto

let private repoRoot =
    let rec up (dir: DirectoryInfo | null) =
        match dir with
        | null -> failwith "Could not find the repository root (PgRest.sln)."
        | d when File.Exists(Path.Combine(d.FullName, "PgRest.sln")) -> d.FullName
        | d -> up d.Parent

    up (DirectoryInfo AppContext.BaseDirectory)

[<Tests>]
let tests =
    testList
        "Unit.PackageDependencies.FSharpCore"
        [
            test "PgRest.FSharp references the minimum FSharp.Core, not the one the tests run on" {
                let props = File.ReadAllText(Path.Combine(repoRoot, "Directory.Packages.props"))

                let minimum =
                    Regex.Match(props, "<PgRestMinimumFSharpCore>([0-9.]+)</PgRestMinimumFSharpCore>").Groups[1].Value
                    |> Version.Parse

                let referenced =
                    typeof<PgRest.FSharp.PgrestBuilder>.Assembly.GetReferencedAssemblies()
                    |> Array.find (fun a -> a.Name = "FSharp.Core")

                let referencedVersion = nonNull referenced.Version
                // FSharp.Core's assembly version is major.minor.0.0 of its package version.
                Expect.equal
                    (referencedVersion.Major, referencedVersion.Minor)
                    (minimum.Major, minimum.Minor)
                    "FSharp.Core version PgRest.FSharp is compiled against"

                let running = typeof<list<int>>.Assembly.GetName().Version |> nonNull
                Expect.isGreaterThan running referencedVersion "the tests run on a newer FSharp.Core"
            }
        ]
