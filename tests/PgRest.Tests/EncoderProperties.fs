/// The library's one percent-encoder (the internal QueryTextWriter, which encodes while it writes) against the
/// definition of the encoding PgRest promises, derived from the framework's `Uri.EscapeDataString`: exactly its bytes
/// in the path, and its bytes with the escapes of `Support.queryLiterals` undone in query keys and values — for every
/// string, including lone surrogates, long texts that outgrow the pooled buffer, and text split across many writes.
module PgRest.Tests.EncoderProperties

open System
open Expecto
open FsCheck
open FsCheck.FSharp
open PgRest.Internal
open PgRest.Tests.Generators
open PgRest.Tests.Support

/// Writes `pieces` through a URL-mode writer, one Append each, in the path (before any parameter).
let private encodePath (pieces: string list) : string =
    let mutable w = QueryTextWriter.ForUrl(16)

    for piece in pieces do
        w.Append(piece.AsSpan())

    w.ToStringAndDispose()

/// Writes `pieces` through a URL-mode writer, one Append each, as the key of a query parameter; returns what
/// follows the `?`.
let private encodeQuery (pieces: string list) : string =
    let mutable w = QueryTextWriter.ForUrl(16)
    w.BeginParameter()

    for piece in pieces do
        w.Append(piece.AsSpan())

    w.ToStringAndDispose().Substring(1)

/// Writes `pieces` through a plain writer: nothing may change.
let private writePlain (pieces: string list) : string =
    let mutable w = QueryTextWriter.Plain(4)

    for piece in pieces do
        w.Append(piece.AsSpan())

    w.ToStringAndDispose()

/// Any UTF-16 text, lone surrogates included (FsCheck's own strings), next to the biased generator of the suite.
let private anyText: Gen<string> =
    Gen.oneof
        [
            text
            ArbMap.defaults |> ArbMap.generate<string> |> Gen.map (fun s -> string s)
        ]

/// Pieces cut at char boundaries, so a surrogate pair may be split across two writes.
let private pieces: Arbitrary<string list> = Arb.fromGen (Gen.listOf anyText)

[<Tests>]
let encoder =
    testList
        "Properties.Encoder"
        [
            testPropertyWithConfig
                pureConfig
                "the path is written exactly as Uri.EscapeDataString writes the same text"
                (Prop.forAll (Arb.fromGen anyText) (fun value ->
                    Expect.equal (encodePath [ value ]) (Uri.EscapeDataString value) $"encoding of {value}"))
            testPropertyWithConfig
                pureConfig
                "query keys and values are written as Uri.EscapeDataString writes them, query literals kept"
                (Prop.forAll (Arb.fromGen anyText) (fun value ->
                    Expect.equal (encodeQuery [ value ]) (enc value) $"encoding of {value}"))
            testPropertyWithConfig
                pureConfig
                "text written in pieces is encoded like each piece on its own, joined"
                (Prop.forAll pieces (fun ps ->
                    Expect.equal (encodePath ps) (ps |> List.map Uri.EscapeDataString |> String.concat "") "path"
                    Expect.equal (encodeQuery ps) (ps |> List.map enc |> String.concat "") "query"))
            testPropertyWithConfig
                pureConfig
                "plain mode writes the text unchanged"
                (Prop.forAll pieces (fun ps -> Expect.equal (writePlain ps) (String.concat "" ps) "plain"))
            testCase "a text far larger than the first buffer is encoded whole"
            <| fun () ->
                let big = String.replicate 5000 "a,é😀\"\\%&(:)"
                Expect.equal (encodePath [ big ]) (Uri.EscapeDataString big) "large text in the path"
                Expect.equal (encodeQuery [ big ]) (enc big) "large text in the query"
            testCase "a lone surrogate is written as U+FFFD, like Uri.EscapeDataString"
            <| fun () ->
                Expect.equal (encodePath [ "a\uD800b"; "\uDC00" ]) "a%EF%BF%BDb%EF%BF%BD" "lone surrogates"
                Expect.equal (encodeQuery [ "a\uD800b"; "\uDC00" ]) "a%EF%BF%BDb%EF%BF%BD" "lone surrogates"
            testCase "the query literals are kept in keys and values, and escaped in the path"
            <| fun () ->
                Expect.equal (encodeQuery [ "!$()*,/:@" ]) "!$()*,/:@" "query"
                Expect.equal (encodePath [ "!$()*,/:@" ]) "%21%24%28%29%2A%2C%2F%3A%40" "path"
            testCase "what PostgREST or HTTP would read is escaped in keys and values"
            <| fun () ->
                Expect.equal
                    (encodeQuery [ "&=+;#%'? \"[]<>\\^`{|}" ])
                    "%26%3D%2B%3B%23%25%27%3F%20%22%5B%5D%3C%3E%5C%5E%60%7B%7C%7D"
                    "query"
        ]
