// Typed queries: columns come from a record's fields, conditions are checked by the compiler.
#load "_load.fsx"

open _load
open PgRest
open PgRest.FSharp

type Film =
    {
        Id: int
        Title: string
        Year: int
        Genre: string
        DirectorId: int
    } // column director_id (snake_case, the client's default naming)

let client = Client.create demoUrl
let wanted = [ "sci-fi"; "adventure" ]

let query =
    pgrest {
        for f in table<Film> "films" do
            where (f.Year >= 1979 && f.Year < 1990)

            where (
                isIn f.Genre wanted
                || f.Title.StartsWith("Apocalypse", System.StringComparison.Ordinal)
            )

            orderByDescending f.Year
            thenBy f.Title
    }

printfn "Rendered: %s\n" (Query.render client query).PathAndQuery

for f in query |> PgrestSync.list<Film> client |> orFail do
    printfn "  %d %-26s %-10s director %d" f.Year f.Title f.Genre f.DirectorId

// Typed and string conditions mix in one block.
let mixed =
    pgrest {
        for f in table<Film> "films" do
            where (f.DirectorId = 4)
            where (Filter.like "title" "J*")
    }
    |> PgrestSync.list<Film> client
    |> orFail

printfn "\nSpielberg films starting with J: %s" (mixed |> List.map _.Title |> String.concat ", ")
