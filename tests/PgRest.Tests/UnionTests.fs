/// Fieldless F# unions as PostgreSQL enum labels (issue 15 §4): the F# layer's JSON defaults write and read them as
/// strings, and the Filter functions send their labels.
module PgRest.Tests.UnionTests

open System.Text.Json
open Expecto
open PgRest
open PgRest.FSharp
open PgRest.Tests.Support
open PgRest.Tests.RenderingTests

type Feeling =
    | [<EnumLabel "sad">] Down
    | [<EnumLabel "in progress, \"really\"">] Busy
    | Up

type Shape =
    | Circle of radius: float
    | Dot

type Row =
    {
        Name: string
        Mood: Feeling
        Maybe: Feeling option
    }

let private json = Client.defaultJsonOptions ()

[<Tests>]
let tests =
    testList
        "Unit.FSharpUnions"
        [
            test "a fieldless union is the string of its label, or of its case name" {
                Expect.equal
                    (JsonSerializer.Serialize(
                        {
                            Name = "n"
                            Mood = Down
                            Maybe = Some Up
                        },
                        json
                    ))
                    """{"name":"n","mood":"sad","maybe":"Up"}"""
                    ""

                Expect.equal
                    (JsonSerializer.Serialize([ Busy; Up ], json))
                    """["in progress, \u0022really\u0022","Up"]"""
                    ""
            }

            test "rows read back, None included" {
                Expect.equal
                    (JsonSerializer.Deserialize<Row>("""{"name":"n","mood":"sad","maybe":null}""", json))
                    {
                        Name = "n"
                        Mood = Down
                        Maybe = None
                    }
                    ""
            }

            test "an unknown label is a JsonException naming the labels" {
                let e =
                    Expect.throwsC (fun () -> JsonSerializer.Deserialize<Feeling>("\"Down\"", json) |> ignore) id

                Expect.isTrue (e :? JsonException) $"a JsonException, got {e.GetType().Name}"
                Expect.stringContains e.Message "sad, in progress, \"really\", Up" "the known labels"
            }

            test "a union with data, an option and a list are left to the serializer" {
                let converter = FieldlessUnionConverter()
                Expect.isFalse (converter.CanConvert typeof<Shape>) "a case with fields"
                Expect.isFalse (converter.CanConvert typeof<Feeling option>) "option"
                Expect.isFalse (converter.CanConvert typeof<Feeling list>) "list"
                Expect.isTrue (converter.CanConvert typeof<Feeling>) "fieldless"
            }

            test "Filter values send the label: eq, neq, in, any" {
                let path (c: Condition) =
                    pathOf (PostgrestQuery.From("t").Where c)

                Expect.equal (path (Filter.eq "m" Down)) "/t?m=eq.sad" "eq"
                Expect.equal (path (Filter.neq "m" Up)) "/t?m=neq.Up" "case name"

                Expect.equal
                    (path (Filter.isIn "m" [ Down; Busy ]))
                    (url "/t" [ "m", "in.(\"sad\",\"in progress, \\\"really\\\"\")" ])
                    "in, quoted"

                Expect.equal
                    (path (Filter.anyOf FilterOperator.Eq "m" [ Down; Up ]))
                    (url "/t" [ "m", "eq(any).{\"sad\",\"Up\"}" ])
                    "eq(any)"

                Expect.equal (path (Filter.eq "m" (Some Down))) "/t?m=eq.sad" "Some label"
            }
        ]
