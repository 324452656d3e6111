/// The library's one percent-encoder (the internal QueryTextWriter, which encodes while it writes) against the
/// framework's `Uri.EscapeDataString`, the definition of the encoding PgRest promises: same bytes for every string,
/// including lone surrogates, long texts that outgrow the pooled buffer, and text split across many writes.
module PgRest.Tests.EncoderProperties

open System
open Expecto
open FsCheck
open FsCheck.FSharp
open PgRest.Internal
open PgRest.Tests.Generators

/// Writes `pieces` through a URL-mode writer, one Append each.
let private encodeWithWriter (pieces: string list) : string =
    let mutable w = QueryTextWriter.ForUrl(16)

    for piece in pieces do
        w.Append(piece.AsSpan())

    w.ToStringAndDispose()

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
                "URL mode writes exactly what Uri.EscapeDataString makes of the same text"
                (Prop.forAll (Arb.fromGen anyText) (fun value ->
                    Expect.equal (encodeWithWriter [ value ]) (Uri.EscapeDataString value) $"encoding of {value}"))
            testPropertyWithConfig
                pureConfig
                "text written in pieces is encoded like each piece on its own, joined"
                (Prop.forAll pieces (fun ps ->
                    let expected = ps |> List.map Uri.EscapeDataString |> String.concat ""
                    Expect.equal (encodeWithWriter ps) expected "pieces"))
            testPropertyWithConfig
                pureConfig
                "plain mode writes the text unchanged"
                (Prop.forAll pieces (fun ps -> Expect.equal (writePlain ps) (String.concat "" ps) "plain"))
            testCase "a text far larger than the first buffer is encoded whole"
            <| fun () ->
                let big = String.replicate 5000 "a,é😀\"\\%&"
                Expect.equal (encodeWithWriter [ big ]) (Uri.EscapeDataString big) "large text"
            testCase "a lone surrogate is written as U+FFFD, like Uri.EscapeDataString"
            <| fun () ->
                Expect.equal (encodeWithWriter [ "a\uD800b"; "\uDC00" ]) "a%EF%BF%BDb%EF%BF%BD" "lone surrogates"
        ]
