/// Entry point of the `pgrest` command (filled in by the CLI work of issue 14).
module PgRest.Generator.Program

[<EntryPoint>]
let main _ =
    eprintfn "pgrest: not implemented yet"
    2
