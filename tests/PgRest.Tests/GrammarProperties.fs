/// Pure properties of rendering: every filter the library renders reads back, through the reference parser of
/// PostgREST's grammar (ReferenceParser.fs), to the same column, operator and value (inside `in`, and/or trees and
/// array literals too), and the query string is percent-encoded exactly once.
module PgRest.Tests.GrammarProperties

open System
open System.Globalization
open System.Text.RegularExpressions
open Expecto
open FsCheck
open FsCheck.FSharp
open PgRest
open PgRest.Tests.Generators
open PgRest.Tests.ReferenceParser

// ---- the expected reading of a condition --------------------------------------------------------------------------

/// A condition as PostgREST must read it: groups of one kind flattened, single-child groups collapsed, negation
/// pushed onto the node (the documented meaning-preserving normalisation of `Conditions.And/Or`).
type Expected =
    | EField of negated: bool * FieldSpec
    | ELogic of negated: bool * isOr: bool * Expected list

let rec normalize (spec: CondSpec) : Expected =
    match spec with
    | Field f -> EField(false, f)
    | Not child -> negate (normalize child)
    | All children -> group false children
    | Any children -> group true children

and private group (isOr: bool) (children: CondSpec list) =
    let flat =
        children
        |> List.map normalize
        |> List.collect (fun e ->
            match e with
            | ELogic(false, o, grandChildren) when o = isOr -> grandChildren
            | other -> [ other ])

    match flat with
    | [ single ] -> single
    | _ -> ELogic(false, isOr, flat)

and private negate (e: Expected) =
    match e with
    | EField(n, f) -> EField(not n, f)
    | ELogic(n, o, children) -> ELogic(not n, o, children)

/// The top-level parameters a condition becomes: a plain conjunction is one parameter per child.
let topLevel (spec: CondSpec) : Expected list =
    match normalize spec with
    | ELogic(false, false, children) -> children
    | other -> [ other ]

/// The URL spelling of an operator, written here independently of the core.
let operatorName (op: FilterOperator) =
    match op with
    | FilterOperator.Eq -> "eq"
    | FilterOperator.Neq -> "neq"
    | FilterOperator.Gt -> "gt"
    | FilterOperator.Gte -> "gte"
    | FilterOperator.Lt -> "lt"
    | FilterOperator.Lte -> "lte"
    | FilterOperator.Like -> "like"
    | FilterOperator.ILike -> "ilike"
    | FilterOperator.Match -> "match"
    | FilterOperator.IMatch -> "imatch"
    | FilterOperator.In -> "in"
    | FilterOperator.Is -> "is"
    | FilterOperator.IsDistinct -> "isdistinct"
    | FilterOperator.Fts -> "fts"
    | FilterOperator.Plfts -> "plfts"
    | FilterOperator.Phfts -> "phfts"
    | FilterOperator.Wfts -> "wfts"
    | FilterOperator.Cs -> "cs"
    | FilterOperator.Cd -> "cd"
    | FilterOperator.Ov -> "ov"
    | FilterOperator.Sl -> "sl"
    | FilterOperator.Sr -> "sr"
    | FilterOperator.Nxl -> "nxl"
    | FilterOperator.Nxr -> "nxr"
    | FilterOperator.Adj -> "adj"
    | other -> failwithf "unknown operator %A" other

let private inv = CultureInfo.InvariantCulture

let private isoDateTime =
    Regex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,7})?(Z|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)

let private isoTime =
    Regex(@"^\d{2}:\d{2}:\d{2}(\.\d{1,7})?$", RegexOptions.CultureInvariant)

let private plainNumber = Regex(@"^-?\d+(\.\d+)?$", RegexOptions.CultureInvariant)

let private floatNumber =
    Regex(@"^(-?\d+(\.\d+)?(E[+-]\d+)?|-?Infinity)$", RegexOptions.CultureInvariant)

/// True when `text` is the PostgreSQL input of `expected`: the string itself, or text that parses back (invariant
/// culture, ISO 8601) to the same typed value, offset and sign of zero included.
let textMatches (expected: obj) (text: string) : bool =
    match expected with
    | :? string as s -> text = s
    | :? decimal as d ->
        plainNumber.IsMatch text
        && (match Decimal.TryParse(text, NumberStyles.Float, inv) with
            | true, v -> v = d
            | _ -> false)
    | :? float as d ->
        floatNumber.IsMatch text
        && (match Double.TryParse(text, NumberStyles.Float, inv) with
            | true, v -> BitConverter.DoubleToInt64Bits v = BitConverter.DoubleToInt64Bits d
            | _ -> false)
    | :? int64 as n -> text = n.ToString(inv)
    | :? int as n -> text = n.ToString(inv)
    | :? bool as b -> text = (if b then "true" else "false")
    | :? DateTimeOffset as d ->
        isoDateTime.IsMatch text
        && (match DateTimeOffset.TryParse(text, inv, DateTimeStyles.None) with
            | true, v -> v.Ticks = d.Ticks && v.Offset = d.Offset
            | _ -> false)
    | :? DateOnly as d ->
        (match DateOnly.TryParseExact(text, "yyyy-MM-dd", inv, DateTimeStyles.None) with
         | true, v -> v = d
         | _ -> false)
    | :? TimeOnly as t ->
        isoTime.IsMatch text
        && (match TimeOnly.TryParse(text, inv, DateTimeStyles.None) with
            | true, v -> v.Ticks = t.Ticks
            | _ -> false)
    | :? Guid as g ->
        (match Guid.TryParseExact(text, "D") with
         | true, v -> v = g
         | _ -> false)
    | other -> failwithf "no reading defined for %s" (other.GetType().Name)

let private show (o: obj) =
    match o with
    | :? string as s -> visible s
    | :? IFormattable as f -> $"{f.ToString(null, inv)} ({o.GetType().Name})"
    | other -> string other

/// The differences between an expected comparison and what the parser read.
let checkField (where: string) (negated: bool) (f: FieldSpec) (field: Field) (op: OpExpr) : string list =
    [
        if fieldText field <> f.Column then
            $"{where}: column {visible (fieldText field)}, expected {visible f.Column}"
        if op.Negated <> negated then
            $"{where}: negated {op.Negated}, expected {negated}"
        if op.Operator <> operatorName f.Operator then
            $"{where}: operator {op.Operator}, expected {operatorName f.Operator}"
        let quantifier =
            match f.Quantifier with
            | Quantifier.Any -> Some "any"
            | Quantifier.All -> Some "all"
            | _ -> None

        if op.Quantifier <> quantifier then
            $"{where}: quantifier {op.Quantifier}, expected {quantifier}"

        if op.Language <> f.Language then
            $"{where}: language {op.Language}, expected {f.Language}"

        match f.Value, op.Value with
        | Keyword k, Trilean word ->
            if word <> k.ToString().ToLowerInvariant() then
                $"{where}: is.{word}, expected {k}"
        | Values expected, List items ->
            // PostgREST 12 reads a list of one empty element (`in.()` or `in.("")`) as the empty list, so the empty
            // list reads back from `()`, and a lone empty string must go out as ("","").
            let items = if items = [ "" ] then [] else items

            let expected =
                match expected with
                | [ :? string as s ] when s = "" -> [ boxed ""; boxed "" ]
                | other -> other

            if items.Length <> expected.Length then
                $"{where}: {items.Length} list elements {List.map visible items}, expected {expected.Length}"
            else
                for e, t in List.zip expected items do
                    if not (textMatches e t) then
                        $"{where}: list element {visible t}, expected {show e}"
        | Scalar expected, Single text ->
            if not (textMatches expected text) then
                $"{where}: value {visible text}, expected {show expected}"
        | Elements expected, Single text ->
            match
                (try
                    Ok(parseArrayLiteral text)
                 with ParseError m ->
                     Error m)
            with
            | Error m -> $"{where}: {m}"
            | Ok items when items.Length <> expected.Length ->
                $"{where}: {items.Length} array elements in {visible text}, expected {expected.Length}"
            | Ok items ->
                for e, t in List.zip expected items do
                    match e, t with
                    | None, None -> ()
                    | Some e, Some t when textMatches e t -> ()
                    | _ -> $"{where}: array element {t |> Option.map visible}, expected {e |> Option.map show}"
        | expected, actual -> $"{where}: value {actual}, expected {expected}"
    ]

let rec checkTree (where: string) (expected: Expected) (tree: Tree) : string list =
    match expected, tree with
    | EField(negated, f), Filter(field, op) -> checkField where negated f field op
    | ELogic(negated, isOr, children), Logic(n, o, trees) ->
        [
            if n <> negated || o <> isOr then
                yield $"{where}: group (not: {n}, or: {o}), expected (not: {negated}, or: {isOr})"
            if trees.Length <> children.Length then
                yield $"{where}: {trees.Length} children, expected {children.Length}"
            else
                for i, (e, t) in List.indexed (List.zip children trees) do
                    yield! checkTree $"{where}/{i}" e t
        ]
    | _ -> [ $"{where}: read {tree}, expected {expected}" ]

let checkParam (embed: string list) (expected: Expected) (param: Param) : string list =
    match expected, param with
    | EField(negated, f), FilterParam(e, field, op) ->
        [
            if e <> embed then
                yield $"embed path {e}, expected {embed}"
            yield! checkField "filter" negated f field op
        ]
    | ELogic(negated, isOr, children), LogicParam(e, n, o, trees) ->
        [
            if e <> embed then
                yield $"embed path {e}, expected {embed}"
            yield! checkTree "tree" (ELogic(negated, isOr, children)) (Logic(n, o, trees))
        ]
    | _, Reserved(key, value) ->
        [
            $"the parameter {visible key}={visible value} is read as a reserved parameter"
        ]
    | _ -> [ $"read {param}, expected {expected}" ]

/// The query string of a rendered request, without `?`.
let queryOf (request: PostgrestRequest) = request.Uri.Query.TrimStart('?')

/// Everything wrong with how `query` (rendered from `spec` on `embed`) reads back; empty when it is right.
let readBackErrors (embed: string list) (spec: CondSpec) (query: string) : string list =
    let encoding =
        rawPairs query
        |> List.collect (fun (k, v) ->
            [
                if not (isQueryEncoded k) then
                    $"key not percent-encoded by the query rule: {k}"
                if not (isQueryEncoded v) then
                    $"value not percent-encoded by the query rule: {v}"
            ])

    let parsed =
        try
            Ok(parseQuery query)
        with ParseError m ->
            Error m

    match parsed with
    | Error m -> encoding @ [ $"does not parse: {m}" ]
    | Ok ps ->
        let expected = topLevel spec

        if ps.Length <> expected.Length then
            encoding @ [ $"{ps.Length} parameters, expected {expected.Length}: {ps}" ]
        else
            encoding
            @ (List.zip expected ps |> List.collect (fun (e, p) -> checkParam embed e p))

let private client = Support.client

/// Renders `spec` as a filter of `embed` (or the top level) under `culture`.
let renderUnder (c: CultureInfo) (embed: string list) (spec: CondSpec) =
    underCulture c (fun () ->
        let condition = toCondition spec

        let query =
            match embed with
            | [] -> PostgrestQuery.From("t").Where(condition)
            | path -> PostgrestQuery.From("t").Where(condition, String.Join(".", path))

        queryOf (client.Render query))

/// Asserts that `spec` reads back exactly (used by the property and its regressions).
let expectReadBack (c: CultureInfo) (embed: string list) (spec: CondSpec) =
    let query = renderUnder c embed spec
    let errors = readBackErrors embed spec query

    if not errors.IsEmpty then
        failtestf "query ?%s (culture '%s')\n%s\nspec %A" query c.Name (String.concat "\n" errors) spec

/// An embedded-resource path: one or two names (plain, or needing quotes; never `not`, which PostgREST drops from a
/// logic key, and never containing `.`, the path separator).
let embedPath: Gen<string list> =
    columnName
    |> Gen.filter (fun n -> not (n.Contains '.') && n <> "not" && n.Trim().Length > 0)
    |> Gen.listOf
    |> Gen.resize 2
    |> Gen.filter (fun p -> not p.IsEmpty)

let private specArb = Arb.fromGen (Gen.zip condSpec culture)

/// Every rendered filter reads back to the same column, operator and value.
let readBackProperty =
    Prop.forAll specArb (fun (spec, c) -> expectReadBack c [] spec)

/// Filters of embedded resources keep their path.
let embeddedProperty =
    Prop.forAll (Arb.fromGen (Gen.zip3 condSpec embedPath culture)) (fun (spec, path, c) -> expectReadBack c path spec)

/// A full-text filter with a language `lang`.
let ftsWithLanguage (lang: string) =
    Field
        {
            Column = "body"
            Operator = FilterOperator.Fts
            Quantifier = Quantifier.None
            Language = Some lang
            Value = Scalar(boxed "fox")
        }

/// A language is refused before sending, or read back as given.
let expectLanguageRefusedOrReadBack (lang: string) =
    let spec = ftsWithLanguage lang

    match
        (try
            Ok(toCondition spec)
         with :? ArgumentException as e ->
             Error e)
    with
    | Error _ -> ()
    | Ok _ -> expectReadBack CultureInfo.InvariantCulture [] spec

let languageProperty =
    Prop.forAll (Arb.fromGenShrink (text, shrinkText)) expectLanguageRefusedOrReadBack

[<Tests>]
let grammar =
    testList
        "Properties.Grammar"
        [
            testPropertyWithConfig
                pureConfig
                "every rendered filter reads back to the same column, operator and value"
                readBackProperty
            testPropertyWithConfig pureConfig "filters of embedded resources keep their path" embeddedProperty
            testPropertyWithConfig
                pureConfig
                "a full-text language is refused before sending, or read back as given"
                languageProperty
        ]

[<Tests>]
let encoding =
    testList
        "Properties.Encoding"
        [
            testPropertyWithConfig
                pureConfig
                "decoding the query string once gives the PostgREST text of a top-level value"
                (Prop.forAll textArb (fun value ->
                    let query = queryOf (client.Render(PostgrestQuery.From("t").Eq("v", value)))

                    match rawPairs query with
                    | [ rawKey, rawValue ] ->
                        Expect.isTrue (isQueryEncoded rawValue) $"query encoding of {rawValue}"
                        Expect.equal (decodeComponent rawKey) "v" "key"
                        Expect.equal (decodeComponent rawValue) ("eq." + value) "decoded once"
                        Expect.equal (Support.enc ("eq." + value)) rawValue "encoded once"
                    | pairs -> failtestf "expected one parameter, got %A" pairs))

            testPropertyWithConfig
                pureConfig
                "every key and value of a whole query is percent-encoded by the query rule and decodes once"
                (Prop.forAll
                    (Arb.fromGen (Gen.zip3 condSpec textArb.Generator textArb.Generator))
                    (fun (spec, name, value) ->
                        let name =
                            if name.Length = 0 || name |> Seq.exists Char.IsControl then
                                "p"
                            else
                                name

                        let value = String(value |> Seq.filter (Char.IsControl >> not) |> Array.ofSeq)

                        let query =
                            PostgrestQuery
                                .From("t")
                                .Select("id,v")
                                .Where(toCondition spec)
                                .Order("v", false)
                                .Limit(5L)
                                .Parameter(name, value)

                        let raw = queryOf (client.Render query)

                        for k, v in rawPairs raw do
                            Expect.isTrue (isQueryEncoded k) $"key {k}"
                            Expect.isTrue (isQueryEncoded v) $"value {v}"

                        let last = rawPairs raw |> List.last
                        Expect.equal (decodeComponent (fst last)) name "parameter name decoded once"
                        Expect.equal (decodeComponent (snd last)) value "parameter value decoded once"))
        ]
