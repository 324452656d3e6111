/// F# unions as PostgreSQL enums against the live server (issue 15 §4): a fieldless union goes out as its case name
/// (or its [<EnumLabel>]) in bodies and filter values and comes back from rows, through the F# layer's JSON defaults
/// (Client.create), on the enum column api.notes.mood ('sad', 'ok', 'happy').
module PgRest.IntegrationTests.UnionTests

open System.Threading
open Expecto
open PgRest
open PgRest.FSharp

/// Case names that are the enum's labels.
[<RequireQualifiedAccess>]
type Mood =
    | sad
    | ok
    | happy

[<CLIMutable>]
type Note =
    { Id: int64; Title: string; Mood: Mood }

/// Case names of its own, mapped to the labels.
type Feeling =
    | [<EnumLabel "sad">] Down
    | [<EnumLabel "ok">] Fine
    | [<EnumLabel "happy">] Up

[<CLIMutable>]
type FeelingNote =
    {
        Id: int64
        Title: string
        Mood: Feeling
    }

let private run (query: PostgrestQuery) =
    task {
        use client = Client.create (Server.testUrl ())
        return! query |> Pgrest.list<Note> client CancellationToken.None
    }

let private ok (result: Result<'a, PgrestError>) =
    match result with
    | Ok v -> v
    | Error e -> failtestf "PostgREST said no: %A" e

[<Tests>]
let tests =
    testList
        "Integration.FSharpUnions"
        [
            testCaseTask "a fieldless union named like the labels: body, rows and filter values" (fun () ->
                task {
                    let title = Server.uniqueTag "mood"

                    let! inserted =
                        pgrest {
                            from "notes"
                            insert {| title = title; mood = Mood.sad |}
                            select "id,title,mood"
                            rollback
                        }
                        |> run

                    Expect.equal (ok inserted |> List.map (fun n -> n.Title, n.Mood)) [ title, Mood.sad ] "inserted"

                    let! happy =
                        pgrest {
                            from "notes"
                            select "id,title,mood"
                            where (Filter.eq "mood" Mood.happy)
                        }
                        |> run

                    Expect.equal (ok happy |> List.map (fun n -> n.Title, n.Mood)) [ "first", Mood.happy ] "eq"

                    let! some =
                        pgrest {
                            from "notes"
                            select "id,title,mood"
                            where (Filter.isIn "mood" [ Mood.sad; Mood.ok ])
                            orderBy "id"
                        }
                        |> run

                    Expect.equal (ok some |> List.map (fun n -> n.Mood)) [ Mood.sad; Mood.ok ] "in"
                })

            testCaseTask
                "[<EnumLabel>] cases: body, rows, filter values (eq, in, neq), over the F# JSON defaults"
                (fun () ->
                    task {
                        use client = Client.create (Server.testUrl ())
                        let title = Server.uniqueTag "feeling"

                        let! inserted =
                            pgrest {
                                from "notes"
                                insert {| title = title; mood = Up |}
                                select "id,title,mood"
                                rollback
                            }
                            |> Pgrest.list<FeelingNote> client CancellationToken.None

                        Expect.equal
                            (ok inserted |> List.map (fun n -> n.Mood))
                            [ Up ]
                            "sent as 'happy', read back as Up"

                        let list query =
                            query |> Pgrest.list<FeelingNote> client CancellationToken.None

                        let! down =
                            list (
                                pgrest {
                                    from "notes"
                                    where (Filter.eq "mood" Down)
                                }
                            )

                        Expect.equal (ok down |> List.map (fun n -> n.Title, n.Mood)) [ "second", Down ] "eq.sad"

                        let! notFine =
                            list (
                                pgrest {
                                    from "notes"
                                    where (Filter.neq "mood" Fine)
                                    orderBy "id"
                                }
                            )

                        Expect.equal (ok notFine |> List.map (fun n -> n.Mood)) [ Up; Down ] "neq.ok"

                        let! some =
                            list (
                                pgrest {
                                    from "notes"
                                    where (Filter.isIn "mood" [ Up; Fine ])
                                    orderBy "id"
                                }
                            )

                        Expect.equal (ok some |> List.map (fun n -> n.Title)) [ "first"; "third" ] "in.(happy,ok)"
                    })
        ]
