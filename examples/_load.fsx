// Shared loader of the examples: references the built PgRest assemblies (build first:
// `dotnet build src/PgRest.FSharp`) and finds the demo server started by scripts/server-start.sh.
#r "../src/PgRest.FSharp/bin/Debug/net10.0/PgRest.Core.dll"
#r "../src/PgRest.FSharp/bin/Debug/net10.0/PgRest.FSharp.dll"

open System
open System.IO

/// The settings written by scripts/server-start.sh (.run/env), overridable by environment variables.
let serverSetting (key: string) =
    match Environment.GetEnvironmentVariable key with
    | null
    | "" ->
        let file = Path.Combine(__SOURCE_DIRECTORY__, "..", ".run", "env")

        if not (File.Exists file) then
            failwith "The servers are not running: start them with scripts/server-start.sh"

        File.ReadAllLines file
        |> Array.tryPick (fun line ->
            if line.StartsWith(key + "=") then
                Some(line.Substring(key.Length + 1))
            else
                None)
        |> Option.defaultWith (fun () -> failwithf "%s is missing from .run/env" key)
    | value -> value

/// The demo film database's PostgREST URL.
let demoUrl = serverSetting "PGREST_DEMO_URL"

/// Unwraps a Result in a script: prints PostgREST's error and stops the script on Error.
let orFail (result: Result<'T, PgRest.FSharp.PgrestError>) : 'T =
    match result with
    | Ok value -> value
    | Error e ->
        failwithf "PostgREST said no: %d %A %s (details: %A, hint: %A)" e.Status e.Code e.Message e.Details e.Hint
