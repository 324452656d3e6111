// PgRest.FSharp from the packed packages in an application pinned to the lowest supported FSharp.Core: builds a
// query with the computation expression (plain and typed), runs it against the demo server (PGREST_DEMO_URL) and
// checks that the FSharp.Core actually loaded is the pinned one.
open System
open System.Threading
open PgRest.FSharp

type Film = { Title: string; Year: int }

[<EntryPoint>]
let main _ =
    let url =
        match Environment.GetEnvironmentVariable "PGREST_DEMO_URL" with
        | null
        | "" -> failwith "PGREST_DEMO_URL is not set"
        | url -> url

    let fsharpCore = typeof<list<int>>.Assembly.GetName().Version
    let client = Client.create url

    let plain =
        pgrest {
            from "films"
            where (Filter.lt "year" 1976)
            orderBy "year"
        }
        |> PgrestSync.list<Film> client

    let typed =
        pgrest {
            for f in table<Film> "films" do
                where (f.Year < 1976)
                orderBy f.Year
        }
        |> Pgrest.list<Film> client CancellationToken.None
        |> fun t -> t.Result

    match plain, typed with
    | Ok films, Ok same when not films.IsEmpty && films = same ->
        printfn "PgRest.FSharp %O on FSharp.Core %O:" (typeof<PgrestBuilder>.Assembly.GetName().Version) fsharpCore
        films |> List.iter (fun f -> printfn "  %d %s" f.Year f.Title)
        0
    | plain, typed ->
        eprintfn "unexpected: %A / %A" plain typed
        1
