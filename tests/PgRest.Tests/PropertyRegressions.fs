/// Failures the pure properties found, kept as plain tests. Each is kept twice: as the concrete (shrunk) value, which
/// stays meaningful whatever the generators become, and as the recorded `(seed, gamma, size)` replayed through the
/// same property (a seed reproduces its case with the generators of the commit that recorded it).
module PgRest.Tests.PropertyRegressions

open System
open System.Globalization
open Expecto
open PgRest
open PgRest.Tests.Generators
open PgRest.Tests.GrammarProperties

let private field column op quantifier value =
    Field
        {
            Column = column
            Operator = op
            Quantifier = quantifier
            Language = None
            Value = value
        }

/// (what went wrong, embedded path, spec): concrete cases the properties shrank to.
let concreteCases =
    [
        "a column named 'columns' was sent bare, so PostgREST read the filter as its columns= parameter",
        [],
        field "columns" FilterOperator.ILike Quantifier.Any (Elements [])

        "a column named 'offset' of an embedded resource was sent bare ('\"+\".z1Z.offset'), read as an offset",
        [ "+"; "z1Z" ],
        field "offset" FilterOperator.Ov Quantifier.None (Elements [])
    ]

/// Every name PostgREST reserves, as a column at top level, of an embedded resource, with a JSON path and in a tree.
let reservedNameCases =
    [
        for name in
            [
                "select"
                "columns"
                "on_conflict"
                "order"
                "limit"
                "offset"
                "and"
                "or"
                "not"
            ] do
            $"'{name}' at top level", [], field name FilterOperator.Eq Quantifier.None (Scalar(boxed "x"))

            $"'{name}' of an embedded resource",
            [ "books" ],
            field name FilterOperator.Eq Quantifier.None (Scalar(boxed "x"))

            $"'{name}' with a JSON path",
            [],
            field (name + "->>k") FilterOperator.Eq Quantifier.None (Scalar(boxed "x"))

            $"'{name}' in a tree",
            [],
            Any
                [
                    field name FilterOperator.Eq Quantifier.None (Scalar(boxed "x"))
                    field "id" FilterOperator.Is Quantifier.None (Keyword IsValue.Null)
                ]
    ]

/// (property, seed, gamma, size) of each recorded failure.
let recordedSeeds =
    [
        "every rendered filter reads back (column 'columns')",
        readBackProperty,
        (6663945097593467554UL, 17849596990957249181UL, 1)
        "filters of embedded resources keep their path (column 'offset')",
        embeddedProperty,
        (7044745052670787850UL, 7690364885154241235UL, 1)
        "a full-text language is refused or read back ('not.', shrunk to '.')",
        languageProperty,
        (9978316810562797097UL, 10949799126421661865UL, 9)
    ]

[<Tests>]
let regressions =
    testList
        "Properties.Regressions"
        [
            testList
                "concrete values"
                [
                    for what, embed, spec in concreteCases @ reservedNameCases do
                        yield test what { expectReadBack CultureInfo.InvariantCulture embed spec }

                    yield
                        test "a schema-qualified language is refused before sending (PostgREST answers 400 PGRST100)" {
                            for lang in [ "."; "pg_catalog.english"; "not." ] do
                                Expect.throwsT<ArgumentException>
                                    (fun () -> Conditions.Col("body").Fts("fox", lang) |> ignore)
                                    lang

                                expectLanguageRefusedOrReadBack lang
                        }

                    yield
                        test "a plain language still reads back" {
                            for lang in [ "english"; "simple"; "Eng_1" ] do
                                expectLanguageRefusedOrReadBack lang
                        }
                ]

            testList
                "recorded seeds"
                [
                    for what, property, (seed, gamma, size) in recordedSeeds ->
                        testPropertyWithConfig (replayConfig (seed, gamma, size)) what property
                ]
        ]
