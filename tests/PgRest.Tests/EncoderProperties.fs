/// The library's one percent-encoder (the internal QueryTextWriter, which encodes while it writes) against the
/// definition of the encoding PgRest promises, derived from the framework's `Uri.EscapeDataString`: exactly its bytes
/// in the path, and its bytes with the escapes of `Support.queryLiterals` undone in query keys and values — for every
/// string that can be sent, long texts that outgrow the pooled buffer, and text split across many writes. Text that
/// cannot be sent (U+0000, which PostgREST cuts a value at, and lone surrogates, which have no UTF-8 form) is refused
/// by the writer with an ArgumentException, whatever the public API let through.
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

/// Any UTF-16 text, U+0000 and lone surrogates included (FsCheck's own strings), next to the biased generator of the
/// suite.
let private anyText: Gen<string> =
    Gen.oneof
        [
            text
            ArbMap.defaults |> ArbMap.generate<string> |> Gen.map (fun s -> string s)
        ]

/// True when the text can be sent in a URL: no U+0000 and no lone surrogate.
let private sendable (s: string) =
    not (s.Contains '\000')
    && (try
            Text.UTF8Encoding(false, true).GetByteCount s |> ignore
            true
        with :? ArgumentException ->
            false)

/// Any text that can be sent.
let private sendableText: Gen<string> = anyText |> Gen.filter sendable

/// Any text that cannot be sent: FsCheck's own strings that hold U+0000 or a lone surrogate, and the suite's.
let private refusedText: Gen<string> =
    Gen.oneof [ anyText |> Gen.filter (sendable >> not); unsendableText ]

/// Pieces of sendable text, each written with its own Append.
let private pieces: Arbitrary<string list> = Arb.fromGen (Gen.listOf sendableText)

/// Whether writing `value` through a URL-mode writer throws an ArgumentException (in the path, then in the query).
let private refusedByWriter (value: string) =
    let refused (encode: string list -> string) =
        try
            encode [ value ] |> ignore
            false
        with :? ArgumentException ->
            true

    refused encodePath && refused encodeQuery

[<Tests>]
let encoder =
    testList
        "Properties.Encoder"
        [
            testPropertyWithConfig
                pureConfig
                "the path is written exactly as Uri.EscapeDataString writes the same text"
                (Prop.forAll (Arb.fromGen sendableText) (fun value ->
                    Expect.equal (encodePath [ value ]) (Uri.EscapeDataString value) $"encoding of {value}"))
            testPropertyWithConfig
                pureConfig
                "query keys and values are written as Uri.EscapeDataString writes them, query literals kept"
                (Prop.forAll (Arb.fromGen sendableText) (fun value ->
                    Expect.equal (encodeQuery [ value ]) (enc value) $"encoding of {value}"))
            testPropertyWithConfig
                pureConfig
                "text with U+0000 or a lone surrogate is refused by the URL writer, in the path and the query"
                (Prop.forAll (Arb.fromGen refusedText) (fun value ->
                    Expect.isTrue (refusedByWriter value) $"refused: {value}"))
            testPropertyWithConfig
                pureConfig
                "text written in pieces is encoded like each piece on its own, joined"
                (Prop.forAll pieces (fun ps ->
                    Expect.equal (encodePath ps) (ps |> List.map Uri.EscapeDataString |> String.concat "") "path"
                    Expect.equal (encodeQuery ps) (ps |> List.map enc |> String.concat "") "query"))
            testPropertyWithConfig
                pureConfig
                "plain mode writes the text unchanged"
                (Prop.forAll (Arb.fromGen (Gen.listOf anyText)) (fun ps ->
                    Expect.equal (writePlain ps) (String.concat "" ps) "plain"))
            testCase "a text far larger than the first buffer is encoded whole"
            <| fun () ->
                let big = String.replicate 5000 "a,é😀\"\\%&(:)"
                Expect.equal (encodePath [ big ]) (Uri.EscapeDataString big) "large text in the path"
                Expect.equal (encodeQuery [ big ]) (enc big) "large text in the query"
            testCase "a lone surrogate or U+0000 is refused; U+FFFD itself and a pair are encoded"
            <| fun () ->
                // Built from chars: an F# literal would turn "\uD800" into U+FFFD already.
                for bad in [ "a" + string (char 0xD800) + "b"; string (char 0xDC00); "a\u0000" ] do
                    Expect.isTrue (refusedByWriter bad) "refused"

                Expect.equal (encodePath [ "a\uFFFDb"; "😀" ]) "a%EF%BF%BDb%F0%9F%98%80" "U+FFFD and a pair"
                Expect.equal (encodeQuery [ "a\uFFFDb"; "😀" ]) "a%EF%BF%BDb%F0%9F%98%80" "U+FFFD and a pair"
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
