// PgRest consumed as a user would: from NuGet packages in a local folder. `bash scripts/pack.sh` builds them into
// artifacts/feed and prints the `#i "nuget: …"` line for that folder (an ABSOLUTE path: #i takes no relative one):
// put it below and run this script. scripts/test.sh does exactly that with a fresh version number, so that the NuGet
// cache can never serve stale bits.
#i "nuget: /absolute/path/to/PgRest/artifacts"
#r "nuget: PgRest.FSharp, 0.1.0"

open System
open System.IO
open PgRest.FSharp

let demoUrl =
    match Environment.GetEnvironmentVariable "PGREST_DEMO_URL" with
    | null
    | "" ->
        File.ReadAllLines(Path.Combine(__SOURCE_DIRECTORY__, "..", "..", ".run", "env"))
        |> Array.pick (fun line ->
            if line.StartsWith "PGREST_DEMO_URL=" then
                Some(line.Substring "PGREST_DEMO_URL=".Length)
            else
                None)
    | url -> url

type Film = { Title: string; Year: int }

let client = Client.create demoUrl

let films =
    pgrest {
        from "films"
        where (Filter.lt "year" 1976)
        orderBy "year"
    }
    |> PgrestSync.list<Film> client

match films with
| Ok films when not films.IsEmpty ->
    printfn "From the PgRest.FSharp package %s:" (typeof<PgrestBuilder>.Assembly.GetName().Version |> string)
    films |> List.iter (fun f -> printfn "  %d %s" f.Year f.Title)
| Ok _ -> failwith "expected films before 1976"
| Error e -> failwithf "PostgREST said no: %A" e
