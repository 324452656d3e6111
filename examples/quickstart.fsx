// Quickstart: read the demo film database with the pgrest { } computation expression.
// Run with: dotnet fsi examples/quickstart.fsx   (after scripts/server-start.sh and a build)
#load "_load.fsx"

open _load
open PgRest
open PgRest.FSharp

type Director = { Name: string }

type Film =
    {
        Title: string
        Year: int
        Directors: Director
    }

let client = Client.create demoUrl

// A query is an immutable value: nothing is sent until it is executed.
let recentFilms =
    pgrest {
        from "films"
        select "title,year,directors(name)"
        where (Filter.gte "year" 1990)
        orderBy "year"
        limit 5L
    }

printfn "Request: %s\n" ((Query.render client recentFilms).PathAndQuery)

let films = recentFilms |> PgrestSync.list<Film> client |> orFail
printfn "Films since 1990 (first %d):" films.Length

for f in films do
    printfn "  %d  %-30s %s" f.Year f.Title f.Directors.Name

// The same base query, extended by another block: the original is unchanged.
let count =
    pgrest {
        from recentFilms
        where (Filter.like "title" "*Park*")
    }
    |> PgrestSync.count client
    |> orFail

printfn "\nFilms since 1990 with 'Park' in the title: %d" count

// PostgREST's errors come back as values with code, message, details and hint.
match pgrest { from "no_such_table" } |> PgrestSync.list<Film> client with
| Ok _ -> failwith "expected an error"
| Error e -> printfn "\nAsking for a missing table: %d %s: %s" e.Status (defaultArg e.Code "-") e.Message
