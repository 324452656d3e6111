// Embedding: related rows in one request (many-to-one, one-to-many, many-to-many), filtered and ordered.
#load "_load.fsx"

open _load
open PgRest
open PgRest.FSharp

type Person = { Name: string }
type Review = { Reviewer: string; Stars: int }

type Film =
    {
        Title: string
        Directors: Person
        Actors: Person list
        Reviews: Review list
    }

let client = Client.create demoUrl

let films =
    pgrest {
        from "films"

        select
            [
                SelectItem.Column "title"
                SelectItem.Embed("directors", [ SelectItem.Column "name" ])
                SelectItem.Embed("actors", [ SelectItem.Column "name" ])
                SelectItem.Embed(
                    "reviews",
                    [ SelectItem.Column "reviewer"; SelectItem.Column "stars" ],
                    join = EmbedJoin.Inner
                )
            ]

        whereOn "reviews" (Filter.gte "stars" 4)
        orderOn "reviews" "stars" false
        limitOn "reviews" 2L
        orderBy "id"
    }
    |> PgrestSync.list<Film> client
    |> orFail

printfn "Films with at least one review of 4 stars or more (inner join), best two reviews each:"

for f in films do
    let cast = f.Actors |> List.map _.Name |> String.concat ", "

    let reviews =
        f.Reviews
        |> List.map (fun r -> $"{r.Reviewer} {r.Stars}*")
        |> String.concat ", "

    printfn "  %-26s by %-20s cast: %s" f.Title f.Directors.Name (if cast = "" then "(none)" else cast)
    printfn "  %-26s    reviews: %s" "" reviews
