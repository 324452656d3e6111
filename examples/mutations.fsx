// Writes: insert, read back, with `rollback` so running the example leaves the demo data unchanged.
#load "_load.fsx"

open System
open _load
open PgRest
open PgRest.FSharp

type NewReview =
    {
        FilmId: int
        Reviewer: string
        Stars: int
        Body: string
    }

type Review =
    {
        Id: int
        FilmId: int
        Reviewer: string
        Stars: int
        CreatedAt: DateTimeOffset
    }

let client = Client.create demoUrl

let before = pgrest { from "reviews" } |> PgrestSync.count client |> orFail

let inserted =
    pgrest {
        from "reviews"

        insert
            [
                {
                    FilmId = 12
                    Reviewer = "you"
                    Stars = 5
                    Body = "Still terrifying."
                }
                {
                    FilmId = 13
                    Reviewer = "you"
                    Stars = 4
                    Body = "Tears in rain."
                }
            ]

        select "id,film_id,reviewer,stars,created_at"
        rollback // Prefer: tx=rollback: PostgREST returns the rows, then rolls the transaction back
    }
    |> PgrestSync.list<Review> client
    |> orFail

for r in inserted do
    printfn "inserted review %d of film %d: %d stars at %O" r.Id r.FilmId r.Stars r.CreatedAt

let after = pgrest { from "reviews" } |> PgrestSync.count client |> orFail
printfn "reviews before: %d, after the rolled-back insert: %d" before after

if after <> before then
    failwith "the insert was not rolled back: the demo server must allow Prefer: tx=rollback"

// A constraint violation comes back as PostgREST's error, with its code and details.
match
    pgrest {
        from "reviews"

        insert
            {
                FilmId = 1
                Reviewer = "you"
                Stars = 9
                Body = ""
            }

        rollback
    }
    |> PgrestSync.execute client
with
| Ok _ -> failwith "expected a check violation"
| Error e -> printfn "9 stars: %d %s %s" e.Status (defaultArg e.Code "-") e.Message
