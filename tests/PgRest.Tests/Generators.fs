/// The one place for FsCheck generators and property settings, shared by the unit tests and (linked) by the
/// integration tests. Strings cover all of Unicode (surrogate pairs, combining marks, RTL text and bidi controls,
/// every control character PostgreSQL accepts, i.e. all but U+0000), biased toward PostgREST's reserved characters
/// `, . : ( ) " \ { } [ ]`, URL-significant characters `% & + # ? = / ;`, the wildcards `* % _`, whitespace
/// (leading, trailing, only), the empty string and the words null/true/false/unknown. Numbers sit at the edges
/// (negative zero, extremes, many decimals); dates and times carry offsets and sub-second digits.
module PgRest.Tests.Generators

open System
open System.Globalization
open System.Text
open Expecto
open FsCheck
open FsCheck.FSharp
open PgRest

// ---- settings ----------------------------------------------------------------------------------------------------

let private positiveInt (name: string) =
    match Environment.GetEnvironmentVariable name with
    | null
    | "" -> None
    | text ->
        match Int32.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture) with
        | true, n when n > 0 -> Some n
        | _ -> failwithf "%s must be a positive integer, got '%s'" name text

/// `PGREST_PROPERTY_CASES`: the number of cases of every property (default: 1000 pure, 300 live).
let casesOverride = positiveInt "PGREST_PROPERTY_CASES"

/// Parses "seed,gamma,size" (what a failing property prints as `(seed, gamma, size)`).
let parseReplay (text: string) : uint64 * uint64 * int option =
    let parts =
        text.Trim().Trim('(', ')').Split(',', StringSplitOptions.TrimEntries ||| StringSplitOptions.RemoveEmptyEntries)

    let u64 (s: string) =
        UInt64.Parse(s.TrimEnd('U', 'L', 'u', 'l'), CultureInfo.InvariantCulture)

    match parts with
    | [| seed; gamma |] -> u64 seed, u64 gamma, None
    | [| seed; gamma; size |] ->
        let size = size.Replace("Some", "").Trim('(', ')', ' ')
        u64 seed, u64 gamma, Some(Int32.Parse(size, CultureInfo.InvariantCulture))
    | _ -> failwithf "expected 'seed,gamma[,size]', got '%s'" text

/// `PGREST_PROPERTY_REPLAY=seed,gamma[,size]` replays one recorded run of every property that is started.
let replayOverride =
    match Environment.GetEnvironmentVariable "PGREST_PROPERTY_REPLAY" with
    | null
    | "" -> None
    | text -> Some(parseReplay text)

/// The settings of a property: `defaultCases` cases unless PGREST_PROPERTY_CASES says otherwise. On failure Expecto
/// prints the parameters, the shrunk parameters and `Focus on error: … (seed, gamma, size)`; keep that triple in the
/// area's regression list (or set PGREST_PROPERTY_REPLAY) to replay the exact failing case.
let config (defaultCases: int) : FsCheckConfig =
    { FsCheckConfig.defaultConfig with
        maxTest = defaultArg casesOverride defaultCases
        endSize = 100
        replay = replayOverride
    }

/// Pure properties (no I/O): 1000 cases by default.
let pureConfig = config 1000

/// Live properties (one PostgREST round trip or more per case): 300 cases by default.
let liveConfig = config 300

/// The settings that replay one recorded failing case (`seed, gamma, size` as printed by the failure).
let replayConfig (seed: uint64, gamma: uint64, size: int) : FsCheckConfig =
    { FsCheckConfig.defaultConfig with
        maxTest = 1
        startSize = size
        endSize = size
        replay = Some(seed, gamma, Some size)
    }

// ---- characters and strings ---------------------------------------------------------------------------------------

/// PostgREST's structural characters (§1.3 of the reference).
let reservedChars = [ ","; "."; ":"; "("; ")"; "\""; "\\"; "{"; "}"; "["; "]" ]

/// Characters with a meaning in a URL or in form decoding.
let urlChars = [ "%"; "&"; "+"; "#"; "?"; "="; "/"; ";" ]

/// LIKE wildcards (`*` is PostgREST's spelling of `%`).
let wildcards = [ "*"; "%"; "_" ]

/// Whitespace, ASCII and not.
let whitespaces =
    [
        " "
        "  "
        "\t"
        "\n"
        "\r\n"
        "\r"
        "\u000B"
        "\u000C"
        "\u00A0"
        "\u2003"
        "\u3000"
        "\u2028"
        "\u200B"
    ]

/// Words with a meaning somewhere in PostgREST or PostgreSQL.
let keywords =
    [
        "null"
        "NULL"
        "Null"
        "true"
        "false"
        "TRUE"
        "unknown"
        "not"
        "and"
        "or"
        "in"
        "is"
        "eq"
        "select"
        "order"
        "limit"
        "Infinity"
        "NaN"
    ]

/// Text that looks like percent-encoding or form encoding, to catch double encoding and missing encoding.
let percentLookalikes =
    [
        "%20"
        "%2B"
        "%2b"
        "%25"
        "%ab"
        "%E6%97"
        "%"
        "%%"
        "%2"
        "%zz"
        "+"
        "%00"
    ]

/// Prefixes PostgREST reads as an operator (`op.value`), for RPC arguments sent by GET.
let filterShapes =
    [
        "eq."
        "neq."
        "not."
        "not.eq."
        "in.("
        "is.null"
        "is."
        "like(any)."
        "eq(all)."
        "fts(english)."
        "plfts."
        "cs.{"
        "isdistinct."
        "gt("
        "like("
        "fts("
        "eq"
        "or=("
        "and("
    ]

/// Backslash and quote sequences.
let escapeSequences =
    [ "\\\""; "\\\\"; "\\,"; "\"\""; "\\"; "\\n"; "\\u0041"; "'"; "''"; "$$" ]

/// Whole values known to be awkward (the encoding matrix of the reference, §1.4, and array-literal look-alikes).
let awkwardValues =
    [
        "a,b"
        "a.b"
        "a:b"
        "a(b)"
        "a\"b"
        "a\\b"
        "50%"
        "a&b"
        "a+b"
        "a#b"
        "a*b"
        " lead"
        "trail "
        "x\"y,z"
        "p\\\"q"
        "{c}"
        "\"q\""
        "a)b"
        "a%2Bb"
        "{}"
        "{\"a\",\"b\"}"
        "{a,b}"
        "()"
        "(a,b)"
        "\""
        "\\"
        "{"
        "}"
        "[1,2]"
        "[]"
        "a\\"
        "*"
        "%"
        "_"
    ]

let private scalarText (codePoint: int) = Char.ConvertFromUtf32 codePoint

let private codePointIn (low: int) (high: int) =
    Gen.choose (low, high) |> Gen.map scalarText

/// One Unicode scalar value (never a lone surrogate, never U+0000), from every region that matters.
let unicodeScalar: Gen<string> =
    Gen.frequency
        [
            20, codePointIn 0x20 0x7E // printable ASCII
            4, codePointIn 0x01 0x1F // C0 controls (U+0000 is the one PostgreSQL rejects)
            1, Gen.constant "\u007F"
            2, codePointIn 0x80 0x9F // C1 controls
            6, codePointIn 0xA0 0x2FF // Latin-1, Latin extended
            6, codePointIn 0x300 0x36F // combining marks
            5, codePointIn 0x590 0x6FF // Hebrew, Arabic (right to left)
            2,
            Gen.elements
                [
                    "\u200E"
                    "\u200F"
                    "\u202A"
                    "\u202B"
                    "\u202E"
                    "\u2066"
                    "\u2069"
                    "\u061C"
                ]
            6, codePointIn 0x3040 0x9FFF // kana, CJK
            6, codePointIn 0x1F300 0x1FAFF // emoji: surrogate pairs
            3, codePointIn 0x10000 0x10FFFF // any supplementary-plane scalar
            3, codePointIn 0xA0 0xD7FF // anything in the BMP before the surrogates
            2, codePointIn 0xE000 0xFFFF // private use, specials, BOM, noncharacters
            2, Gen.elements [ "👨‍👩‍👧"; "e\u0301"; "🇩🇪"; "👍🏽"; "\uFEFF"; "ﷺ"; "\U0001D11E" ]
        ]

let private asciiWord =
    Gen.choose (1, 6)
    |> Gen.bind (fun n ->
        Gen.elements ("abcxyzABCXYZ019_-" |> Seq.map string)
        |> Gen.listOfLength n
        |> Gen.map (String.concat ""))

/// One piece of a generated string.
let private piece: Gen<string> =
    Gen.frequency
        [
            8, Gen.elements reservedChars
            6, Gen.elements urlChars
            3, Gen.elements wildcards
            3, Gen.elements whitespaces
            2, Gen.elements keywords
            2, Gen.elements percentLookalikes
            1, Gen.elements filterShapes
            2, Gen.elements escapeSequences
            14, unicodeScalar
            10, asciiWord
        ]

/// A concatenation of up to size/3 pieces.
let private pieces: Gen<string> =
    Gen.sized (fun size ->
        Gen.choose (0, max 1 (size / 3))
        |> Gen.bind (fun n -> Gen.listOfLength n piece)
        |> Gen.map (String.concat ""))

let private whitespaceRun =
    Gen.nonEmptyListOf (Gen.elements whitespaces)
    |> Gen.resize 3
    |> Gen.map (String.concat "")

/// Any string PostgreSQL's text type accepts, biased as described at the top of this module.
let text: Gen<string> =
    Gen.frequency
        [
            3, Gen.constant ""
            3, Gen.elements keywords
            3, whitespaceRun
            3, Gen.map2 (+) whitespaceRun pieces // leading whitespace
            3, Gen.map2 (+) pieces whitespaceRun // trailing whitespace
            4, Gen.elements awkwardValues
            2, Gen.map2 (+) (Gen.elements filterShapes) pieces // looks like op.value
            2, Gen.map2 (+) (Gen.elements [ "\""; "{"; "("; "\\" ]) pieces // starts with a quote or a brace
            30, pieces
        ]

/// Removes one Unicode scalar at a time (never splitting a surrogate pair), then halves.
let shrinkText (s: string) : string seq =
    let runes = s.EnumerateRunes() |> Seq.map (fun r -> r.ToString()) |> Array.ofSeq

    seq {
        if runes.Length > 1 then
            yield String.Concat(runes[.. runes.Length / 2 - 1])
            yield String.Concat(runes[runes.Length / 2 ..])

        for i in 0 .. runes.Length - 1 do
            yield String.Concat(Array.append runes[.. i - 1] runes[i + 1 ..])
    }
    |> Seq.distinct

/// Shrinks a list by removing one element, then by shrinking one element.
let shrinkList (shrinkElement: 'T -> 'T seq) (xs: 'T list) : 'T list seq =
    seq {
        for i in 0 .. xs.Length - 1 do
            yield List.removeAt i xs

        for i in 0 .. xs.Length - 1 do
            for smaller in shrinkElement xs[i] do
                yield List.updateAt i smaller xs
    }

/// A string with its shrinker.
let textArb: Arbitrary<string> = Arb.fromGenShrink (text, shrinkText)

/// Text that can never reach PostgREST intact in a URL or a header, which the client must refuse rather than send:
/// a valid `text` with U+0000 (PostgREST cuts the value there) or a lone surrogate (UTF-8 has no form for it; it
/// would travel as U+FFFD) inserted at any position, including between the halves of a surrogate pair.
let unsendableText: Gen<string> =
    let bad =
        Gen.frequency
            [
                3, Gen.constant "\u0000"
                2, Gen.choose (0xD800, 0xDBFF) |> Gen.map (char >> string) // a high surrogate with no low one
                2, Gen.choose (0xDC00, 0xDFFF) |> Gen.map (char >> string) // a low surrogate with no high one
            ]

    gen {
        let! valid = text
        let! insert = bad
        let! at = Gen.choose (0, valid.Length)
        // Two surrogates of the same half never pair up; a high one placed right before a low one would.
        let before = valid.Substring(0, at)
        let after = valid.Substring at

        let insert =
            if
                insert.Length = 1
                && Char.IsHighSurrogate insert[0]
                && after.Length > 0
                && Char.IsLowSurrogate after[0]
            then
                "\u0000"
            elif
                insert.Length = 1
                && Char.IsLowSurrogate insert[0]
                && before.Length > 0
                && Char.IsHighSurrogate before[before.Length - 1]
            then
                "\u0000"
            else
                insert

        return before + insert + after
    }

/// A list of strings (possibly empty).
let textList: Gen<string list> = Gen.listOf text |> Gen.scaleSize (fun s -> min s 8)

/// A non-empty list of strings.
let nonEmptyTextList: Gen<string list> =
    Gen.nonEmptyListOf text |> Gen.scaleSize (fun s -> min s 8)

/// Array elements: strings, sometimes SQL NULL.
let arrayElement: Gen<string option> =
    Gen.frequency [ 9, Gen.map Some text; 1, Gen.constant None ]

// ---- identifiers -------------------------------------------------------------------------------------------------

/// Names PostgREST reserves as query parameters (a column named so must not be sent bare as a filter key).
let reservedParameterNames =
    [
        "select"
        "order"
        "limit"
        "offset"
        "and"
        "or"
        "not"
        "columns"
        "on_conflict"
    ]

/// A column name: plain identifiers, names needing quotes (spaces, dots, commas, colons, parentheses, quotes,
/// backslashes, dashes, leading digits, non-ASCII letters), and reserved parameter names. Never empty, never a
/// control character (rejected before sending), never `->` (which always starts a JSON path).
let columnName: Gen<string> =
    let plain =
        Gen.map2
            (+)
            (Gen.elements ("abcxyz_ABC$" |> Seq.map string))
            (Gen.elements ("abc019_$XYZ" |> Seq.map string)
             |> Gen.listOf
             |> Gen.map (String.concat ""))

    Gen.frequency
        [
            5, plain
            2, Gen.elements reservedParameterNames
            2,
            Gen.elements
                [
                    "Full Name"
                    "a,b"
                    "x.y"
                    "c:d"
                    "p(q)"
                    "q\"uote"
                    "back\\slash"
                    "dash-col"
                    "1st"
                    "名前"
                    "naïve"
                    " pad "
                    "*"
                    "a->"
                    "->"
                ]
            8, text
        ]
    |> Gen.map (fun s -> s.Replace("->", "→"))
    |> Gen.filter (fun s -> s.Length > 0 && not (s |> Seq.exists Char.IsControl))

/// A JSON object key addressable in a filter: like a column name, but never an integer (an integer segment is an
/// array index) and never starting with `>` (`->>` followed by `>` reads as one more arrow).
let jsonKey: Gen<string> =
    let isInteger (s: string) =
        let digits = if s.StartsWith '-' then s.Substring 1 else s
        digits.Length > 0 && digits |> Seq.forall Char.IsAsciiDigit

    Gen.frequency [ 1, Gen.constant "k"; 8, columnName ]
    |> Gen.filter (fun s -> not (isInteger s) && not (s.StartsWith '>'))

// ---- numbers -----------------------------------------------------------------------------------------------------

/// Decimals: zero (and negative zero), ±1, the extremes, the smallest step, many decimals, random scales.
let decimalValue: Gen<decimal> =
    let random =
        gen {
            let! lo = Gen.choose (Int32.MinValue, Int32.MaxValue)
            let! mid = Gen.choose (Int32.MinValue, Int32.MaxValue)
            let! hi = Gen.frequency [ 3, Gen.constant 0; 1, Gen.choose (Int32.MinValue, Int32.MaxValue) ]
            let! negative = Gen.elements [ true; false ]
            let! scale = Gen.choose (0, 28)
            return Decimal(lo, mid, hi, negative, byte scale)
        }

    Gen.frequency
        [
            4,
            Gen.elements
                [
                    0m
                    Decimal(0, 0, 0, true, 0uy)
                    Decimal(0, 0, 0, true, 5uy)
                    1m
                    -1m
                    1.50m
                    0.1m
                    Decimal.MaxValue
                    Decimal.MinValue
                    0.0000000000000000000000000001m
                    -0.0000000000000000000000000001m
                    123456789.123456789012345678m
                    1.0000000000000000000000000000m
                ]
            6, random
            3, Gen.choose (-100000, 100000) |> Gen.map (fun n -> decimal n / 100m)
        ]

/// Doubles: ±0, subnormals, extremes, ±Infinity, values without a short decimal form, random bit patterns. Never NaN
/// (the client rejects it).
let doubleValue: Gen<float> =
    let bits =
        gen {
            let! hi = Gen.choose (Int32.MinValue, Int32.MaxValue)
            let! lo = Gen.choose (Int32.MinValue, Int32.MaxValue)
            return BitConverter.Int64BitsToDouble((int64 hi <<< 32) ||| (int64 lo &&& 0xFFFFFFFFL))
        }

    Gen.frequency
        [
            4,
            Gen.elements
                [
                    0.0
                    -0.0
                    Double.Epsilon
                    -Double.Epsilon
                    Double.MaxValue
                    Double.MinValue
                    Double.PositiveInfinity
                    Double.NegativeInfinity
                    1e-300
                    1e300
                    0.1
                    1.0 / 3.0
                    9007199254740993.0
                    123456789.123456789
                    1.5
                    2.0
                ]
            6, bits
            3, Gen.choose (-1000000, 1000000) |> Gen.map (fun n -> float n / 1000.0)
        ]
    |> Gen.filter (fun d -> not (Double.IsNaN d))

/// 64-bit integers at the edges and in between.
let int64Value: Gen<int64> =
    Gen.frequency
        [
            1, Gen.elements [ 0L; 1L; -1L; Int64.MaxValue; Int64.MinValue; int64 Int32.MaxValue + 1L ]
            3, Gen.choose64 (Int64.MinValue, Int64.MaxValue)
            2, Gen.choose (-1000, 1000) |> Gen.map int64
        ]

// ---- dates and times ---------------------------------------------------------------------------------------------

/// Offsets: UTC, whole hours, the odd ones (+05:30, +05:45, -03:30, -09:30), the extremes ±14:00, random minutes.
let offset: Gen<TimeSpan> =
    Gen.frequency
        [
            3, Gen.elements [ 0; 60; -60; 330; 345; -210; -570; 840; -840; 120; -300 ]
            1, Gen.choose (-840, 840)
        ]
    |> Gen.map (fun minutes -> TimeSpan.FromMinutes(float minutes))

/// Ticks between `low` and `high` (inclusive).
let private ticksIn (low: int64) (high: int64) = Gen.choose64 (low, high)

/// DateTimeOffset values from year 1 to 9999 with every offset and up to 7 fractional digits.
let dateTimeOffset: Gen<DateTimeOffset> =
    gen {
        let! off = offset
        let margin = TimeSpan.FromHours(14.0).Ticks
        let lowest = DateTime.MinValue.Ticks + margin
        let highest = DateTime.MaxValue.Ticks - margin

        let! ticks =
            Gen.frequency
                [
                    1, Gen.elements [ lowest; highest ]
                    6, ticksIn (DateTime(1970, 1, 1).Ticks) (DateTime(2100, 1, 1).Ticks)
                    3, ticksIn lowest highest
                ]

        let! fraction = Gen.frequency [ 2, Gen.constant 0L; 1, Gen.choose64 (0L, TimeSpan.TicksPerSecond - 1L) ]

        let whole = ticks - ticks % TimeSpan.TicksPerSecond
        return DateTimeOffset(DateTime(whole + fraction), off)
    }

/// Dates from 0001-01-01 to 9999-12-31.
let dateOnly: Gen<DateOnly> =
    Gen.frequency
        [
            1,
            Gen.elements
                [
                    DateOnly.MinValue
                    DateOnly.MaxValue
                    DateOnly(2000, 2, 29)
                    DateOnly(1970, 1, 1)
                ]
            4, Gen.choose (0, DateOnly.MaxValue.DayNumber) |> Gen.map DateOnly.FromDayNumber
        ]

/// Times of day from 00:00 to 23:59:59.9999999.
let timeOnly: Gen<TimeOnly> =
    Gen.frequency
        [
            1, Gen.elements [ TimeOnly.MinValue; TimeOnly.MaxValue; TimeOnly(12, 0); TimeOnly(23, 59, 59) ]
            4, ticksIn 0L (TimeOnly.MaxValue.Ticks) |> Gen.map TimeOnly
        ]

/// Rounds down to whole microseconds: PostgreSQL keeps microseconds and rounds anything finer.
let toMicroseconds (ticks: int64) = ticks - ticks % 10L

/// DateTimeOffset values with microsecond precision (what PostgreSQL stores exactly).
let dateTimeOffsetMicros: Gen<DateTimeOffset> =
    dateTimeOffset
    |> Gen.map (fun d -> DateTimeOffset(toMicroseconds d.Ticks, d.Offset))

/// Times of day with microsecond precision.
let timeOnlyMicros: Gen<TimeOnly> =
    timeOnly |> Gen.map (fun t -> TimeOnly(toMicroseconds t.Ticks))

/// Boxes a value that is never null (F# types `box` as nullable).
let boxed (value: 'T) : obj = nonNull (box value)

// ---- typed scalars -----------------------------------------------------------------------------------------------

/// A value of any type a filter accepts, boxed: strings, numbers, booleans, dates, times, GUIDs.
let scalarValue: Gen<obj> =
    Gen.frequency
        [
            12, text |> Gen.map boxed
            2, decimalValue |> Gen.map boxed
            2, doubleValue |> Gen.map boxed
            1, int64Value |> Gen.map boxed
            1, Gen.choose (Int32.MinValue, Int32.MaxValue) |> Gen.map boxed
            1, Gen.elements [ boxed true; boxed false ]
            2, dateTimeOffset |> Gen.map boxed
            1, dateOnly |> Gen.map boxed
            1, timeOnly |> Gen.map boxed
            1, Gen.constant (boxed (Guid "6f9619ff-8b86-d011-b42d-00cf4fc964ff"))
        ]

/// Cultures whose number and date formats differ from the invariant one (decimal comma, other digits, other
/// calendars, a different minus sign). Rendering must not depend on the current culture.
let culture: Gen<CultureInfo> =
    Gen.elements
        [
            "en-US"
            "de-DE"
            "fr-FR"
            "ar-SA"
            "fa-IR"
            "th-TH"
            "sv-SE"
            "hi-IN"
            "ja-JP"
            ""
        ]
    |> Gen.map (fun name ->
        try
            CultureInfo.GetCultureInfo name
        with :? CultureNotFoundException ->
            CultureInfo.InvariantCulture)

/// Runs `f` under `culture` (current and UI culture of this thread), restoring both.
let underCulture (c: CultureInfo) (f: unit -> 'T) : 'T =
    let before, beforeUi = CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture

    try
        CultureInfo.CurrentCulture <- c
        CultureInfo.CurrentUICulture <- c
        f ()
    finally
        CultureInfo.CurrentCulture <- before
        CultureInfo.CurrentUICulture <- beforeUi

/// Shows a string with every character outside printable ASCII as \uXXXX (for failure messages).
let visible (s: string) =
    let sb = StringBuilder("\"")

    for c in s do
        if c >= ' ' && c <= '~' && c <> '"' && c <> '\\' then
            sb.Append c |> ignore
        else
            sb.AppendFormat(CultureInfo.InvariantCulture, "\\u{0:X4}", int c) |> ignore

    sb.Append('"').ToString()

// ---- filter specifications ---------------------------------------------------------------------------------------

/// The value of a filter, as a user passes it.
type SpecValue =
    /// One value (any type): `eq`, `like`, `fts`, … and `cs/cd/ov` given a literal as text.
    | Scalar of obj
    /// The list of an `in` filter (no nulls).
    | Values of obj list
    /// An array literal: `cs/cd/ov` given a sequence, or `(any)`/`(all)`; `None` is SQL NULL.
    | Elements of obj option list
    /// The keyword of an `is` filter.
    | Keyword of IsValue

/// One comparison: column (with an optional JSON path), operator, quantifier, full-text language and value.
type FieldSpec =
    {
        Column: string
        Operator: FilterOperator
        Quantifier: Quantifier
        Language: string option
        Value: SpecValue
    }

/// A condition as a plain value, built into the core's `Condition` by the tests (C# API) or the F# layer.
type CondSpec =
    | Field of FieldSpec
    | All of CondSpec list
    | Any of CondSpec list
    | Not of CondSpec

/// A column reference: a column name, or a column with a JSON path of keys and array indexes.
let columnRef: Gen<string> =
    let step =
        Gen.map2 (+) (Gen.elements [ "->"; "->>" ]) (Gen.frequency [ 5, jsonKey; 1, Gen.elements [ "0"; "12"; "-1" ] ])

    Gen.frequency
        [
            6, columnName
            2,
            Gen.map2 (+) columnName (Gen.listOf step |> Gen.resize 2 |> Gen.map (String.concat ""))
            |> Gen.filter (fun s -> s.Contains "->")
        ]

/// A valid text-search configuration name (what PostgREST's grammar accepts between parentheses).
let language: Gen<string> =
    Gen.elements [ "english"; "simple"; "french"; "german"; "Eng_1"; "x" ]

let private scalarOperators =
    [
        FilterOperator.Eq
        FilterOperator.Neq
        FilterOperator.Gt
        FilterOperator.Gte
        FilterOperator.Lt
        FilterOperator.Lte
        FilterOperator.IsDistinct
    ]

let private patternOperators =
    [
        FilterOperator.Like
        FilterOperator.ILike
        FilterOperator.Match
        FilterOperator.IMatch
    ]

let private ftsOperators =
    [
        FilterOperator.Fts
        FilterOperator.Plfts
        FilterOperator.Phfts
        FilterOperator.Wfts
    ]

let private quantifiable =
    [
        FilterOperator.Eq
        FilterOperator.Gt
        FilterOperator.Gte
        FilterOperator.Lt
        FilterOperator.Lte
        FilterOperator.Like
        FilterOperator.ILike
        FilterOperator.Match
        FilterOperator.IMatch
    ]

/// A value a sequence may hold: strings mostly, typed values sometimes, SQL NULL rarely.
let elementValue: Gen<obj option> =
    Gen.frequency
        [
            8, Gen.map (boxed >> Some) text
            2, Gen.map Some scalarValue
            1, Gen.constant None
        ]

/// One comparison with every operator family.
let fieldSpec: Gen<FieldSpec> =
    let make column op quantifier lang value =
        {
            Column = column
            Operator = op
            Quantifier = quantifier
            Language = lang
            Value = value
        }

    gen {
        let! column = columnRef

        let! spec =
            Gen.frequency
                [
                    10,
                    Gen.map2
                        (fun op v -> make column op Quantifier.None None (Scalar v))
                        (Gen.elements scalarOperators)
                        scalarValue
                    4,
                    Gen.map2
                        (fun op v -> make column op Quantifier.None None (Scalar(boxed v)))
                        (Gen.elements patternOperators)
                        text
                    2,
                    Gen.map3
                        (fun op lang v -> make column op Quantifier.None lang (Scalar(boxed v)))
                        (Gen.elements ftsOperators)
                        (Gen.optionOf language)
                        text
                    5,
                    Gen.listOf scalarValue
                    |> Gen.scaleSize (fun s -> min s 6)
                    |> Gen.map (fun vs -> make column FilterOperator.In Quantifier.None None (Values vs))
                    3,
                    Gen.map2
                        (fun op es -> make column op Quantifier.None None (Elements es))
                        (Gen.elements [ FilterOperator.Cs; FilterOperator.Cd; FilterOperator.Ov ])
                        (Gen.listOf elementValue |> Gen.scaleSize (fun s -> min s 6))
                    1,
                    Gen.map2
                        (fun op v -> make column op Quantifier.None None (Scalar(boxed v)))
                        (Gen.elements [ FilterOperator.Cs; FilterOperator.Cd; FilterOperator.Ov ])
                        text
                    3,
                    Gen.map3
                        (fun op q es -> make column op q None (Elements es))
                        (Gen.elements quantifiable)
                        (Gen.elements [ Quantifier.Any; Quantifier.All ])
                        (Gen.listOf elementValue |> Gen.scaleSize (fun s -> min s 6))
                    1,
                    Gen.elements [ IsValue.Null; IsValue.True; IsValue.False; IsValue.Unknown ]
                    |> Gen.map (fun k -> make column FilterOperator.Is Quantifier.None None (Keyword k))
                ]

        return spec
    }

/// A condition tree up to three levels deep: comparisons, and/or groups of one to four children, negations.
let condSpec: Gen<CondSpec> =
    let rec tree depth =
        if depth = 0 then
            Gen.map Field fieldSpec
        else
            let children =
                Gen.choose (1, 4) |> Gen.bind (fun n -> Gen.listOfLength n (tree (depth - 1)))

            Gen.frequency
                [
                    5, Gen.map Field fieldSpec
                    2, Gen.map All children
                    2, Gen.map Any children
                    1, Gen.map Not (tree (depth - 1))
                ]

    Gen.sized (fun size -> tree (min 3 (size / 10)))

/// The value handed to `Conditions.Filter` for a spec.
let specValue (value: SpecValue) : obj | null =
    match value with
    | Scalar v -> v
    | Values vs -> box (Array.ofList vs)
    | Elements es ->
        es
        |> List.map (fun e ->
            match e with
            | Some(v: obj) -> (v: obj | null)
            | None -> null)
        |> Array.ofList
        |> box
    | Keyword k -> box k

/// Builds a spec with the core's C# API (`Conditions`).
let rec toCondition (spec: CondSpec) : Condition =
    match spec with
    | Field f -> Conditions.Filter(f.Column, f.Operator, specValue f.Value, f.Quantifier, Option.toObj f.Language)
    | All children -> Conditions.And(children |> List.map toCondition)
    | Any children -> Conditions.Or(children |> List.map toCondition)
    | Not child -> Conditions.Not(toCondition child)

// ---- builder operations ------------------------------------------------------------------------------------------

/// A row written by insert, update and upsert operations.
type WriteRow =
    {
        Run: string
        V: string
        Tags: string list
    }

/// One builder operation, applied through the C# chain or the F# `pgrest { }` block. Some carry invalid input
/// (a negative limit, an empty schema, a header that would split the request) so both fronts must fail alike.
type QueryOp =
    | SelectColumns of string
    | WhereCondition of CondSpec
    | WhereIfCondition of bool * CondSpec
    | WhereOnTable of string * CondSpec
    | OrderByColumn of string * ascending: bool * NullsOrder
    | OrderOnTable of string * string * ascending: bool
    | LimitRows of int64
    | LimitRowsOn of string * int64
    | OffsetRows of int64
    | RangeRows of int64 * int64
    | CountRows of CountMethod
    | AsSingle
    | AsMaybeSingle
    | AsCsv
    | AsHead
    | RollbackTransaction
    | InSchema of string
    | WithHeader of string * string
    | WithTimeout of TimeSpan
    | InsertRows of WriteRow list
    | InsertRowsWithDefaults of WriteRow list
    | UpdateRow of WriteRow
    | UpsertRow of WriteRow * onConflict: string option
    | DeleteRows
    | ReturningMode of ReturnMode

let writeRow: Gen<WriteRow> =
    Gen.map2 (fun v tags -> { Run = "r"; V = v; Tags = tags }) text textList

let private embeddedTable =
    Gen.elements [ "books"; "books.reviews"; "Weird Table"; "a,b"; "authors" ]

let private rowCount =
    Gen.frequency [ 8, Gen.choose (0, 1000) |> Gen.map int64; 1, Gen.constant -1L ]

let private bool = Gen.elements [ true; false ]

/// Any builder operation.
let queryOp: Gen<QueryOp> =
    Gen.frequency
        [
            2,
            Gen.elements [ "id"; "id,v"; "*"; "v,tags,doc->>k"; " id , v " ]
            |> Gen.map SelectColumns
            6, condSpec |> Gen.map WhereCondition
            1, Gen.map2 (fun b c -> WhereIfCondition(b, c)) bool condSpec
            2, Gen.map2 (fun t c -> WhereOnTable(t, c)) embeddedTable condSpec
            2,
            Gen.map3
                (fun c a n -> OrderByColumn(c, a, n))
                columnRef
                bool
                (Gen.elements [ NullsOrder.Default; NullsOrder.First; NullsOrder.Last ])
            1, Gen.map3 (fun t c a -> OrderOnTable(t, c, a)) embeddedTable columnRef bool
            2, Gen.map LimitRows rowCount
            1, Gen.map2 (fun t n -> LimitRowsOn(t, n)) embeddedTable rowCount
            1, Gen.map OffsetRows rowCount
            1, Gen.map2 (fun a b -> RangeRows(a, b)) rowCount rowCount
            1,
            Gen.elements [ CountMethod.Exact; CountMethod.Planned; CountMethod.Estimated ]
            |> Gen.map CountRows
            1, Gen.elements [ AsSingle; AsMaybeSingle; AsCsv; AsHead; RollbackTransaction; DeleteRows ]
            1, Gen.elements [ "api"; "v2"; ""; "bad\nname"; "é" ] |> Gen.map InSchema
            1,
            Gen.elements
                [
                    "X-Trace", "1"
                    "Prefer", "count=exact"
                    "Bad Name", "x"
                    "X-Latin", "é"
                    "X-Split", "a\r\nb"
                    "X-Wide", "日本"
                ]
            |> Gen.map WithHeader
            1,
            Gen.elements
                [
                    TimeSpan.FromSeconds 1.0
                    TimeSpan.FromSeconds 30.0
                    TimeSpan.Zero
                    TimeSpan.FromSeconds(-1.0)
                    Threading.Timeout.InfiniteTimeSpan
                ]
            |> Gen.map WithTimeout
            1, Gen.listOf writeRow |> Gen.resize 3 |> Gen.map InsertRows
            1, Gen.listOf writeRow |> Gen.resize 3 |> Gen.map InsertRowsWithDefaults
            1, Gen.map UpdateRow writeRow
            1,
            Gen.map2 (fun r o -> UpsertRow(r, o)) writeRow (Gen.elements [ None; Some "run"; Some "run, v"; Some "" ])
            1,
            Gen.elements [ ReturnMode.Minimal; ReturnMode.HeadersOnly; ReturnMode.Representation ]
            |> Gen.map ReturningMode
        ]

/// A sequence of up to eight builder operations.
let queryOps: Gen<QueryOp list> =
    Gen.listOf queryOp |> Gen.scaleSize (fun s -> min s 8)
