/// A reference parser of PostgREST 12.0.2's query grammar, written for the tests from the reference
/// (../shared/postgrest-reference.md §1–§4) and independent of the core: it shares no code with PgRest.Core and reads
/// a rendered query string back the way the server would.
///
/// Two layers, like the server (§1.1): the URL layer splits the raw query string on `&` and `;`, splits each pair at
/// the first `=` and percent-decodes key and value (`+` is a space); the grammar layer then parses the decoded text:
/// `col=[not.]op[(any|all)][(lang)].value`, `in.(…)` lists with PostgREST quoting (`"…"`, a backslash escapes any
/// character), logic trees `[not.]or=(…)` / `and=(…)` nested to any depth, and PostgreSQL array literals `{…}`.
/// It is stricter than the server in one way: trailing text the server would silently ignore is an error here.
module PgRest.Tests.ReferenceParser

open System
open System.Text

/// The decoded text did not parse (the server would answer 400 or, worse, read something else).
exception ParseError of string

let private fail message = raise (ParseError message)

// ---- URL layer ---------------------------------------------------------------------------------------------------

let private isHex (c: char) = Char.IsAsciiHexDigit c

let private isUnreserved (c: char) =
    Char.IsAsciiLetterOrDigit c || c = '-' || c = '.' || c = '_' || c = '~'

/// True when `raw` is percent-encoded by the query rule: unreserved characters (`A-Z a-z 0-9 - . _ ~`), the
/// `Support.queryLiterals` and `%XX` only, so every `%` is followed by two hex digits and no character the URL layer or
/// PostgREST reads (`& = + ; # %`, space, quotes, …) is sent raw.
let isQueryEncoded (raw: string) =
    let rec go i =
        if i >= raw.Length then
            true
        elif raw[i] = '%' then
            i + 2 < raw.Length && isHex raw[i + 1] && isHex raw[i + 2] && go (i + 3)
        else
            (isUnreserved raw[i] || Support.queryLiterals.Contains raw[i]) && go (i + 1)

    go 0

/// Percent-decodes one component as the server's URL layer does: `+` is a space, `%XX` is a byte, a `%` without two
/// hex digits stays itself; the bytes must be valid UTF-8 (the server answers 500 otherwise).
let decodeComponent (raw: string) : string =
    let bytes = ResizeArray<byte>()
    let mutable i = 0

    while i < raw.Length do
        let c = raw[i]

        if c = '+' then
            bytes.Add 0x20uy
            i <- i + 1
        elif c = '%' && i + 2 < raw.Length && isHex raw[i + 1] && isHex raw[i + 2] then
            bytes.Add(Convert.ToByte(raw.Substring(i + 1, 2), 16))
            i <- i + 3
        else
            let width =
                if Char.IsHighSurrogate c && i + 1 < raw.Length then
                    2
                else
                    1

            bytes.AddRange(Encoding.UTF8.GetBytes(raw.Substring(i, width)))
            i <- i + width

    try
        UTF8Encoding(false, true).GetString(bytes.ToArray())
    with :? DecoderFallbackException ->
        fail $"the query string decodes to invalid UTF-8: {raw}"

/// The raw (still encoded) key/value pairs of a query string (without its `?`), split on `&` and `;` and at the first
/// `=` of each pair.
let rawPairs (query: string) : (string * string) list =
    query.Split([| '&'; ';' |])
    |> Array.filter (fun part -> part.Length > 0)
    |> Array.map (fun part ->
        match part.IndexOf '=' with
        | -1 -> part, ""
        | i -> part.Substring(0, i), part.Substring(i + 1))
    |> List.ofArray

/// The decoded key/value pairs of a query string, as the grammar layer sees them.
let decodedPairs (query: string) : (string * string) list =
    rawPairs query |> List.map (fun (k, v) -> decodeComponent k, decodeComponent v)

// ---- grammar: a cursor over the decoded text ---------------------------------------------------------------------

type private Cursor(text: string) =
    member val Pos = 0 with get, set
    member _.Text = text
    member this.AtEnd = this.Pos >= text.Length

    member this.Peek =
        if this.Pos < text.Length then
            ValueSome text[this.Pos]
        else
            ValueNone

    member this.Is(c: char) =
        this.Pos < text.Length && text[this.Pos] = c

    member this.StartsWith(s: string) =
        this.Pos + s.Length <= text.Length
        && String.CompareOrdinal(text, this.Pos, s, 0, s.Length) = 0

    member this.Skip(n: int) = this.Pos <- this.Pos + n

    member this.Expect(s: string) =
        if this.StartsWith s then
            this.Skip s.Length
        else
            fail $"expected '{s}' at {this.Pos} in {text}"

    member this.Rest = text.Substring(min this.Pos text.Length)

/// `ws`: spaces and tabs, which `lexeme` skips around punctuation.
let private skipBlanks (c: Cursor) =
    while c.Is ' ' || c.Is '\t' do
        c.Skip 1

/// `"…"` with a backslash escaping any next character.
let private quotedValue (c: Cursor) : string =
    c.Expect "\""
    let sb = StringBuilder()
    let mutable closed = false

    while not closed do
        match c.Peek with
        | ValueNone -> fail $"unterminated quoted value in {c.Text}"
        | ValueSome '"' ->
            c.Skip 1
            closed <- true
        | ValueSome '\\' ->
            c.Skip 1

            match c.Peek with
            | ValueNone -> fail $"dangling backslash in {c.Text}"
            | ValueSome ch ->
                sb.Append ch |> ignore
                c.Skip 1
        | ValueSome ch ->
            sb.Append ch |> ignore
            c.Skip 1

    sb.ToString()

/// One character of an unquoted identifier: a letter (any script), an ASCII digit, `_`, space or `$`.
let private identifierRuneLength (c: Cursor) =
    if c.AtEnd then
        0
    else
        match Rune.DecodeFromUtf16(c.Text.AsSpan(c.Pos)) with
        | Buffers.OperationStatus.Done, rune, width when
            Rune.IsLetter rune
            || (rune.IsAscii
                && (Char.IsAsciiDigit(char rune.Value) || "_ $".Contains(char rune.Value)))
            ->
            width
        | _ -> 0

let private identifier (c: Cursor) : string =
    let start = c.Pos
    let mutable width = identifierRuneLength c

    while width > 0 do
        c.Skip width
        width <- identifierRuneLength c

    if c.Pos = start then
        fail $"expected a name at {start} in {c.Text}"

    c.Text.Substring(start, c.Pos - start).Trim()

/// `pFieldName`: a quoted name, or identifiers joined by single dashes (a dash before `>` starts an arrow).
let private fieldName (c: Cursor) : string =
    if c.Is '"' then
        quotedValue c
    else
        let parts = ResizeArray [ identifier c ]

        while c.Is '-' && not (c.StartsWith "->") do
            c.Skip 1
            parts.Add(identifier c)

        String.Join("-", parts)

/// One step of a JSON path.
type JsonOperand =
    /// An array index (digits with an optional minus sign), sent bare.
    | Index of string
    /// An object key.
    | Key of string

/// A column with its JSON path (`arrow` is `->` or `->>`).
type Field =
    {
        Name: string
        Path: (string * JsonOperand) list
    }

/// The column reference as a user of the library writes it (`doc->>k`).
let fieldText (field: Field) =
    field.Name
    + (field.Path
       |> List.map (fun (arrow, operand) ->
           arrow
           + (match operand with
              | Index i -> i
              | Key k -> k))
       |> String.concat "")

let private jsonPath (c: Cursor) =
    let steps = ResizeArray()

    let rec loop () =
        let arrow =
            if c.StartsWith "->>" then Some "->>"
            elif c.StartsWith "->" then Some "->"
            else None

        match arrow with
        | None -> ()
        | Some a ->
            c.Skip a.Length
            let start = c.Pos

            if c.Is '-' then
                c.Skip 1

            let digitsStart = c.Pos

            while (match c.Peek with
                   | ValueSome ch -> Char.IsAsciiDigit ch
                   | ValueNone -> false) do
                c.Skip 1

            let endsHere =
                c.AtEnd || c.StartsWith "->" || c.StartsWith "::" || c.Is '.' || c.Is ','

            if c.Pos > digitsStart && endsHere then
                steps.Add(a, Index(c.Text.Substring(start, c.Pos - start)))
            else
                c.Pos <- start
                steps.Add(a, Key(fieldName c))

            loop ()

    loop ()
    List.ofSeq steps

/// `pField`: blanks, a field name, its JSON path, blanks.
let private field (c: Cursor) : Field =
    skipBlanks c
    let name = fieldName c
    let path = jsonPath c
    skipBlanks c
    { Name = name; Path = path }

// ---- operators and values ----------------------------------------------------------------------------------------

/// The right-hand side of a filter.
type Value =
    /// One value: verbatim at top level; unquoted and unescaped inside a logic tree.
    | Single of string
    /// The elements of `in.(…)`.
    | List of string list
    /// The keyword after `is.` (lower case).
    | Trilean of string

/// `[not.]op[(any|all)][(lang)].value`.
type OpExpr =
    {
        Negated: bool
        Operator: string
        Quantifier: string option
        Language: string option
        Value: Value
    }

let quantifiableOperators =
    set [ "eq"; "gt"; "gte"; "lt"; "lte"; "like"; "ilike"; "match"; "imatch" ]

let ftsOperators = set [ "fts"; "plfts"; "phfts"; "wfts" ]

let simpleOperators =
    set [ "neq"; "cs"; "cd"; "ov"; "sl"; "sr"; "nxl"; "nxr"; "adj"; "isdistinct" ]

/// `pListVal`: `(` element `,` element … `)`, each element quoted (then directly followed by `,` or `)`) or raw up
/// to the next `,` or `)`. Blanks around the parentheses are skipped.
let private listValue (c: Cursor) : string list =
    skipBlanks c
    c.Expect "("
    skipBlanks c
    let items = ResizeArray()

    let element () =
        let start = c.Pos

        let quoted =
            if c.Is '"' then
                try
                    let v = quotedValue c

                    if c.AtEnd || c.Is ',' || c.Is ')' then Some v else None
                with ParseError _ ->
                    None
            else
                None

        match quoted with
        | Some v -> items.Add v
        | None ->
            c.Pos <- start

            while not (c.AtEnd || c.Is ',' || c.Is ')') do
                c.Skip 1

            items.Add(c.Text.Substring(start, c.Pos - start))

    element ()

    while c.Is ',' do
        c.Skip 1
        element ()

    skipBlanks c
    c.Expect ")"
    skipBlanks c
    List.ofSeq items

/// A single value inside a logic tree: quoted (directly followed by `,` or `)`), an unquoted `{…}` without nested
/// braces, or raw text up to the next `,` or `)`.
let private treeSingleValue (c: Cursor) : string =
    let start = c.Pos

    let quoted =
        if c.Is '"' then
            try
                let v = quotedValue c
                if c.AtEnd || c.Is ',' || c.Is ')' then Some v else None
            with ParseError _ ->
                None
        else
            None

    match quoted with
    | Some v -> v
    | None ->
        c.Pos <- start

        let array =
            if c.Is '{' then
                let close = c.Text.IndexOf('}', c.Pos)
                let nested = c.Text.IndexOf('{', c.Pos + 1)

                if close > 0 && (nested < 0 || nested > close) then
                    c.Pos <- close + 1
                    Some(c.Text.Substring(start, close + 1 - start))
                else
                    None
            else
                None

        match array with
        | Some v -> v
        | None ->
            while not (c.AtEnd || c.Is ',' || c.Is ')') do
                c.Skip 1

            c.Text.Substring(start, c.Pos - start)

/// `pOpExpr`: negation, then `in.(…)`, `is.keyword`, a full-text operator with an optional `(language)`, or an
/// operator with an optional `(any)`/`(all)`, then `.` and the value read by `single`.
let private opExpr (single: Cursor -> string) (c: Cursor) : OpExpr =
    let negated =
        if c.StartsWith "not." then
            c.Skip 4
            true
        else
            false

    if c.StartsWith "in." then
        c.Skip 3

        {
            Negated = negated
            Operator = "in"
            Quantifier = None
            Language = None
            Value = List(listValue c)
        }
    elif c.StartsWith "is." then
        c.Skip 3
        let start = c.Pos

        while (match c.Peek with
               | ValueSome ch -> Char.IsAsciiLetter ch
               | ValueNone -> false) do
            c.Skip 1

        let word = c.Text.Substring(start, c.Pos - start).ToLowerInvariant()

        if not (List.contains word [ "null"; "unknown"; "true"; "false" ]) then
            fail $"is.{word} is not null/unknown/true/false"

        {
            Negated = negated
            Operator = "is"
            Quantifier = None
            Language = None
            Value = Trilean word
        }
    else
        let start = c.Pos

        while (match c.Peek with
               | ValueSome ch -> ch <> '.' && ch <> '('
               | ValueNone -> false) do
            c.Skip 1

        let name = c.Text.Substring(start, c.Pos - start)

        let modifier () =
            if c.Is '(' then
                let close = c.Text.IndexOf(')', c.Pos)

                if close < 0 then
                    fail $"unclosed modifier in {c.Text}"

                let inner = c.Text.Substring(c.Pos + 1, close - c.Pos - 1)
                c.Pos <- close + 1
                Some inner
            else
                None

        let quantifier, language =
            if ftsOperators.Contains name then
                let lang = modifier ()

                match lang with
                | Some l when
                    l.Trim().Length = 0
                    || not (
                        l
                        |> Seq.forall (fun ch -> Char.IsLetter ch || Char.IsAsciiDigit ch || "_ $".Contains ch)
                    )
                    ->
                    fail $"a language is an identifier (letters, digits, _, space, $), got ({l})"
                | _ -> None, lang
            elif quantifiableOperators.Contains name then
                match modifier () with
                | None -> None, None
                | Some("any" | "all" as q) -> Some q, None
                | Some other -> fail $"unknown quantifier ({other})"
            elif simpleOperators.Contains name then
                None, None
            else
                fail $"unknown operator '{name}' in {c.Text}"

        c.Expect "."

        {
            Negated = negated
            Operator = name
            Quantifier = quantifier
            Language = language
            Value = Single(single c)
        }

// ---- logic trees -------------------------------------------------------------------------------------------------

/// A node of a logic tree.
type Tree =
    /// `col.[not.]op.value`
    | Filter of Field * OpExpr
    /// `[not.]and(…)` / `[not.]or(…)`
    | Logic of negated: bool * isOr: bool * children: Tree list

let rec private tree (c: Cursor) : Tree =
    let start = c.Pos

    let asFilter =
        try
            let f = field c
            c.Expect "."
            Some(Filter(f, opExpr treeSingleValue c))
        with ParseError _ ->
            None

    match asFilter with
    | Some t -> t
    | None ->
        c.Pos <- start
        skipBlanks c

        let negated =
            if c.StartsWith "not." then
                c.Skip 4
                true
            else
                false

        let isOr =
            if c.StartsWith "and" then
                c.Skip 3
                false
            elif c.StartsWith "or" then
                c.Skip 2
                true
            else
                fail $"expected a filter, and(…) or or(…) at {c.Pos} in {c.Text}"

        Logic(negated, isOr, children c)

and private children (c: Cursor) : Tree list =
    skipBlanks c
    c.Expect "("
    skipBlanks c
    let items = ResizeArray [ tree c ]
    skipBlanks c

    while c.Is ',' do
        c.Skip 1
        skipBlanks c
        items.Add(tree c)
        skipBlanks c

    c.Expect ")"
    skipBlanks c
    List.ofSeq items

// ---- query parameters --------------------------------------------------------------------------------------------

/// One query parameter, classified as the server classifies it.
type Param =
    /// `[embed.]col[->json]=opexpr`
    | FilterParam of embed: string list * Field * OpExpr
    /// `[embed.][not.]and|or=(…)`
    | LogicParam of embed: string list * negated: bool * isOr: bool * children: Tree list
    /// `select`, `columns`, `on_conflict`, `[embed.]order|limit|offset`: not parsed here.
    | Reserved of key: string * value: string

let private parseAll (text: string) (parser: Cursor -> 'T) : 'T =
    let c = Cursor text
    let result = parser c

    if not c.AtEnd then
        fail $"trailing text '{c.Rest}' after {c.Text.Substring(0, c.Pos)} (the server would ignore it silently)"

    result

/// Parses one decoded parameter.
let parseParam (key: string, value: string) : Param =
    let lastWord = key.Split('.') |> Array.last

    if
        List.contains key [ "select"; "columns"; "on_conflict" ]
        || List.contains lastWord [ "order"; "limit"; "offset" ]
    then
        Reserved(key, value)
    elif lastWord = "and" || lastWord = "or" then
        let names =
            parseAll key (fun c ->
                let names = ResizeArray [ fieldName c ]

                while c.Is '.' do
                    c.Skip 1
                    names.Add(fieldName c)

                List.ofSeq names)

        let op = List.last names
        let negated = names |> List.contains "not"

        let embed =
            names |> List.take (names.Length - 1) |> List.filter (fun n -> n <> "not")

        let children = parseAll value children
        LogicParam(embed, negated, (op = "or"), children)
    else
        let embed, fld =
            parseAll key (fun c ->
                let names = ResizeArray [ fieldName c ]

                while c.Is '.' do
                    c.Skip 1
                    names.Add(fieldName c)

                let path = jsonPath c

                List.ofSeq names |> List.take (names.Count - 1), { Name = Seq.last names; Path = path })

        let expr =
            parseAll
                value
                (opExpr (fun c ->
                    let rest = c.Rest
                    c.Pos <- c.Text.Length
                    rest))

        FilterParam(embed, fld, expr)

/// Parses a whole query string (without `?`).
let parseQuery (query: string) : Param list =
    decodedPairs query |> List.map parseParam

// ---- PostgreSQL array literals -----------------------------------------------------------------------------------

let private isPgSpace (c: char) =
    c = ' ' || c = '\t' || c = '\n' || c = '\r' || c = '\u000B' || c = '\u000C'

/// Parses a one-dimensional PostgreSQL array literal: `{}` or `{e,e,…}`, each element `"…"` (backslash escapes any
/// character) or unquoted (backslash escapes, outer whitespace trimmed, `NULL` in any case is SQL NULL).
let parseArrayLiteral (text: string) : string option list =
    let mutable i = 0

    let skip () =
        while i < text.Length && isPgSpace text[i] do
            i <- i + 1

    let expect (ch: char) =
        if i < text.Length && text[i] = ch then
            i <- i + 1
        else
            fail $"array literal: expected '{ch}' at {i} in {text}"

    skip ()
    expect '{'
    skip ()
    let items = ResizeArray<string option>()

    if i < text.Length && text[i] = '}' then
        i <- i + 1
    else
        let mutable more = true

        while more do
            skip ()

            if i < text.Length && text[i] = '"' then
                i <- i + 1
                let sb = StringBuilder()
                let mutable closed = false

                while not closed do
                    if i >= text.Length then
                        fail $"array literal: unterminated element in {text}"
                    elif text[i] = '\\' && i + 1 < text.Length then
                        sb.Append text[i + 1] |> ignore
                        i <- i + 2
                    elif text[i] = '"' then
                        i <- i + 1
                        closed <- true
                    else
                        sb.Append text[i] |> ignore
                        i <- i + 1

                items.Add(Some(sb.ToString()))
                skip ()
            else
                let sb = StringBuilder()
                let mutable escaped = false

                while i < text.Length && text[i] <> ',' && text[i] <> '}' do
                    match text[i] with
                    | '{'
                    | '"' -> fail $"array literal: unexpected '{text[i]}' in an unquoted element of {text}"
                    | '\\' when i + 1 < text.Length ->
                        sb.Append text[i + 1] |> ignore
                        escaped <- true
                        i <- i + 2
                    | ch ->
                        sb.Append ch |> ignore
                        i <- i + 1

                let element = sb.ToString().Trim([| ' '; '\t'; '\n'; '\r'; '\u000B'; '\u000C' |])

                if element.Length = 0 then
                    fail $"array literal: empty unquoted element in {text}"

                items.Add(
                    if not escaped && element.Equals("NULL", StringComparison.OrdinalIgnoreCase) then
                        None
                    else
                        Some element
                )

            if i < text.Length && text[i] = ',' then
                i <- i + 1
            else
                more <- false

        expect '}'

    skip ()

    if i <> text.Length then
        fail $"array literal: trailing text in {text}"

    List.ofSeq items
