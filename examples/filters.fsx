// Filters: conditions are values, combined with Filter.all / Filter.any / Filter.not (or &&& / |||).
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
    }

let client = Client.create demoUrl

let show title query =
    let films = query |> PgrestSync.list<Film> client |> orFail
    printfn "%s (%s)" title (string query |> fun s -> s.Split('\n').[0])

    for f in films do
        printfn "    %2d %-26s %d %s" f.Id f.Title f.Year f.Genre

show "Crime or war films of the 1970s"
<| pgrest {
    from "films"
    where (Filter.all [ Filter.gte "year" 1970; Filter.lt "year" 1980 ])
    where (Filter.isIn "genre" [ "crime"; "war" ])
    orderBy "year"
}

show "Either sci-fi, or animation after 2000 (a nested or/and tree)"
<| pgrest {
    from "films"

    where (
        Filter.any
            [
                Filter.eq "genre" "sci-fi"
                Filter.gt "year" 2000 &&& Filter.eq "genre" "animation"
            ]
    )

    orderBy "id"
}

show "Titles matching several patterns at once (like(any)), minus one"
<| pgrest {
    from "films"
    where (Filter.likeAny "title" [ "*Park*"; "The *" ])
    where (Filter.not (Filter.eq "title" "The Godfather"))
}

// Values are escaped exactly once, whatever they hold: commas, quotes, parentheses, percent signs.
show "A value full of PostgREST punctuation matches nothing, and breaks nothing"
<| pgrest {
    from "films"
    where (Filter.isIn "title" [ "Alien"; "a,b"; "\"quoted\""; "x)y"; "50% (off)" ])
}

// whereIf: custom operations cannot sit in `if`, so optional filters take a flag.
let search (genre: string option) =
    pgrest {
        from "films"
        whereIf genre.IsSome (Filter.eq "genre" (defaultArg genre ""))
        orderBy "id"
        limit 3L
    }

show "Optional filter, given" (search (Some "adventure"))
show "Optional filter, absent" (search None)
