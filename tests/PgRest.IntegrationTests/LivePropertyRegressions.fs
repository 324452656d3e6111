/// Cases the live properties failed on, replayed as plain tests through every check and every form of each check
/// (all variants), plus the values behind the fixes the properties led to.
module PgRest.IntegrationTests.LivePropertyRegressions

open System
open Expecto
open PgRest
open PgRest.Tests.Generators
open PgRest.IntegrationTests.LiveProperties

let private row v tags key = { V = v; Tags = tags; Key = key }

/// Concrete cases (what made them interesting, the case). The first three failed in the first live run because one
/// property's cleanup deleted the rows of a sibling property that was still reading them (a harness bug, fixed by
/// giving every property its own run tag); they are kept because the values are awkward.
let cases =
    [
        "two rows holding '{' read with in",
        {
            Rows = [ row "{" [ Some "" ] "naïve"; row "{" [] "a\\b" ]
            Others = [ "\"" ]
            Variant = 0
        }

        "a backspace, the empty string and a line feed read with not.or",
        {
            Rows = [ row "\u0008" [ None ] "k"; row "" [] "\u200B"; row "\n" [] "$$" ]
            Others = []
            Variant = 0
        }

        "a zero-width space, a plain word, the empty string and an operator shape read with typed EndsWith",
        {
            Rows =
                [
                    row "\u200B " [ Some "6" ] "b"
                    row "AaY" [] "a)b"
                    row "" [] "_"
                    row "like(" [] "B"
                ]
            Others = [ "\u3000" ]
            Variant = 0
        }

        "values that are reserved words, JSON keys that are reserved words",
        {
            Rows =
                [
                    row "limit" [ Some "or"; None ] "limit"
                    row "or" [ Some "select" ] "or"
                    row "null" [ Some "NULL"; Some "null" ] "select"
                ]
            Others = [ "NULL"; "" ]
            Variant = 0
        }

        "the encoding matrix of the reference in one case",
        {
            Rows =
                [
                    row "a,b" [ Some "a,b"; Some "{c}" ] "a,b"
                    row "x\"y,z" [ Some "x\"y,z" ] "x\"y"
                    row "p\\\"q" [ Some "p\\\"q"; Some "\\" ] "p\\q"
                    row "a%2Bb" [ Some "%"; Some "+" ] "a+b"
                ]
            Others = [ " lead"; "trail "; "a)b"; "\"q\"" ]
            Variant = 0
        }
    ]

/// Runs every check of the live properties, in every form, on one case.
let replay (name: string) (case: Case) =
    let run = LiveRun "regression"

    testTask name {
        try
            for variant in 0..13 do
                let case = { case with Variant = variant }
                let tag = run.NextTag()
                let! table = insert tag case.Rows

                do! checkEq tag table
                do! checkNeq tag table
                do! checkIn tag table case
                do! checkNot tag table case
                do! checkLike tag table case
                do! checkTypedStrings tag table case
                do! checkArrays tag table case
                do! checkJson tag table case

                let values = case.Rows |> List.map (fun r -> r.V)

                do!
                    checkTree
                        tag
                        table
                        (OrT [ Leaf(InV values); NotT(AndT [ Leaf(EqV values.Head); Leaf(LikePrefix "") ]) ])

            for r in case.Rows do
                do! checkRpcPost r.V
                do! checkRpcGet r.V
        finally
            run.Cleanup().Wait()
    }

[<Tests>]
let regressions =
    testList
        "Integration.Properties.Regressions"
        [
            for name, case in cases do
                yield replay name case

            yield
                testTask "GET refuses what PostgREST 12.0.2 reads as a filter, and conservatively op( prefixes" {
                    for value in
                        [
                            "eq.x"
                            "not.x"
                            "is.null"
                            "in.(a)"
                            "eq(any).x"
                            "fts(english).x"
                            "fts( ).x"
                            "gt(5)"
                            "fts(x"
                            "EQ.x"
                            "eq"
                            "not"
                            "neq(any).x"
                            "fts(😀).x"
                            "abc.def"
                        ] do
                        do! checkRpcGet value
                }

            yield
                testTask "a full-text language PostgREST cannot parse is refused before sending; a plain one works" {
                    let client = Server.client.Value

                    Expect.throwsT<ArgumentException>
                        (fun () -> client.From("items").Fts("body", "fox", "pg_catalog.english") |> ignore)
                        "schema-qualified language"

                    let! rows = client.From("items").Select("id").Fts("body", "fox", "english").ToListAsync<IdRow>()
                    Expect.equal (rows |> Seq.map (fun (r: IdRow) -> r.Id) |> List.ofSeq) [ 1L ] "fts(english).fox"
                }
        ]
