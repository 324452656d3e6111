/// The chain end to end: the test runner's server, a real HTTP request through the core client, real rows back.
module PgRest.IntegrationTests.SmokeTests

open Expecto
open PgRest

[<CLIMutable>]
type Item = { Id: int; Name: string }

[<Tests>]
let tests =
    testList
        "Integration.Smoke"
        [
            testTask "the core client reads rows from the live PostgREST" {
                let client = Server.client.Value

                let! items = client.From("items").Select("id,name").Lt("id", 4).Order("id").ToListAsync<Item>()

                Expect.equal
                    (List.ofSeq items)
                    [
                        { Id = 1; Name = "apple" }
                        { Id = 2; Name = "banana" }
                        { Id = 3; Name = "carrot" }
                    ]
                    "rows 1-3 of api.items"
            }
        ]
