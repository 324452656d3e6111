// Functions: POST with named arguments, GET for read-only functions, and filters on set-returning results.
#load "_load.fsx"

open _load
open PgRest
open PgRest.FSharp

type Film = { Title: string; Year: int }

let client = Client.create demoUrl

let topRated =
    pgrest {
        rpc "top_rated" {| min_stars = 5 |}
        select "title,year"
        orderBy "year"
    }
    |> PgrestSync.list<Film> client
    |> orFail

printfn "Films averaging 5 stars:"
topRated |> List.iter (fun f -> printfn "  %d %s" f.Year f.Title)

// GET puts the arguments in the query string (the function must be stable or immutable).
let found =
    pgrest {
        rpcGet "search_films" {| q = "the" |}
        where (Filter.lt "year" 1980)
        orderBy "title"
    }

printfn "\nGET request: %s" (Query.render client found).PathAndQuery

found
|> PgrestSync.list<Film> client
|> orFail
|> List.iter (fun f -> printfn "  %d %s" f.Year f.Title)
