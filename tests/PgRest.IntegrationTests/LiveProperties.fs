/// Live properties against the real PostgREST 12.0.2 + PostgreSQL: every generated value is inserted into
/// api.roundtrip through the client, then read back with eq, neq, in (mixed with other generated values), or-trees,
/// not, cs/cd/ov on the text[] column, JSON-path filters on the jsonb column, like with the value's wildcards escaped
/// (and match with the value regex-escaped, for values with `*`), typed string predicates, and an RPC argument sent by
/// POST and by GET. Every read must return exactly the rows an in-memory model of PostgreSQL's semantics expects: no
/// error, no extra row, no missing row. Typed values (dates with offsets, times, decimals, doubles) are compared on
/// the read-only api.events rows.
///
/// Each case inserts its rows under its own `run` tag (`<property tag>/<case number>`), so properties and parallel
/// test runs never see each other's rows; a property deletes all its rows when it finishes (pass or fail).
module PgRest.IntegrationTests.LiveProperties

open System
open System.Text
open System.Text.Json.Nodes
open System.Threading
open System.Threading.Tasks
open Expecto
open FsCheck
open FsCheck.FSharp
open PgRest
open PgRest.Tests.Generators

let private client () = Server.client.Value

[<CLIMutable>]
type IdRow = { Id: int64 }

// ---- rows, tags and cleanup --------------------------------------------------------------------------------------

/// One generated row of api.roundtrip: `v` holds the value, `tags` an array of values (with NULLs), `doc` the JSON
/// object `{ Key: V }`.
type RowSpec =
    {
        V: string
        Tags: string option list
        Key: string
    }

/// The rows of a property's case, plus values that are not inserted (to mix into `in` lists and arrays).
/// `Variant` picks which form of a filter each row is read back with (cycling over the rows), so every form is
/// covered across cases while a case costs about one request per row.
type Case =
    {
        Rows: RowSpec list
        Others: string list
        Variant: int
    }

/// The run tags of one property: a unique prefix, one tag per case, and a delete of every row under the prefix.
type LiveRun(name: string) =
    let prefix = Server.uniqueTag ("prop-" + name)
    let counter = ref 0

    /// The tag of a new case.
    member _.NextTag() =
        $"{prefix}/{Interlocked.Increment(&counter.contents)}"

    /// Deletes every row this property inserted.
    member _.Cleanup() : Task =
        task {
            let! _ = client().From("roundtrip").Like("run", prefix + "/*").Delete().ExecuteAsync()
            ()
        }

    /// The property settings: `cases` by default (PGREST_PROPERTY_CASES overrides), cleanup when the property ends.
    member this.Config(cases: int) : FsCheckConfig =
        let cfg = config cases

        { cfg with
            finishedTest =
                fun c n data ->
                    async {
                        do! cfg.finishedTest c n data
                        do! this.Cleanup() |> Async.AwaitTask
                    }
        }

let private rowSpec: Gen<RowSpec> =
    gen {
        let! v = text
        let! tags = Gen.listOf arrayElement |> Gen.scaleSize (fun s -> min s 5)
        let! key = jsonKey
        return { V = v; Tags = tags; Key = key }
    }

/// One to four rows (two of them sometimes holding the same value) and up to four values that are not inserted.
let caseGen: Gen<Case> =
    gen {
        let! rows = Gen.nonEmptyListOf rowSpec |> Gen.scaleSize (fun s -> min s 4)
        let! duplicate = Gen.frequency [ 3, Gen.constant false; 1, Gen.constant true ]

        let rows =
            match rows with
            | first :: second :: rest when duplicate -> first :: { second with V = first.V } :: rest
            | _ -> rows

        let! others = Gen.listOf text |> Gen.scaleSize (fun s -> min s 4)
        let! variant = Gen.choose (0, 23)

        return
            {
                Rows = rows
                Others = others
                Variant = variant
            }
    }

let private shrinkRow (row: RowSpec) : RowSpec seq =
    seq {
        for v in shrinkText row.V -> { row with V = v }

        for tags in shrinkList (fun _ -> Seq.empty) row.Tags -> { row with Tags = tags }

        if row.Key <> "k" then
            yield { row with Key = "k" }
    }

let private shrinkCase (case: Case) : Case seq =
    seq {
        for rows in shrinkList shrinkRow case.Rows do
            if not rows.IsEmpty then
                yield { case with Rows = rows }

        for others in shrinkList shrinkText case.Others -> { case with Others = others }
    }

let caseArb: Arbitrary<Case> = Arb.fromGenShrink (caseGen, shrinkCase)

/// Inserts the rows under `tag` (one request) and returns them with their ids (identity ids follow insertion order).
let insert (tag: string) (rows: RowSpec list) : Task<(int64 * RowSpec) list> =
    task {
        let payload =
            rows
            |> List.map (fun r ->
                let doc = JsonObject()
                doc[r.Key] <- JsonValue.Create r.V

                {|
                    run = tag
                    v = r.V
                    tags = r.Tags |> List.map Option.toObj |> Array.ofList
                    doc = doc
                |})

        let! inserted = client().From("roundtrip").Select("id").InsertMany(payload).ToListAsync<IdRow>()
        let ids = inserted |> Seq.map (fun r -> r.Id) |> Seq.sort |> List.ofSeq

        if ids.Length <> rows.Length then
            failtestf "inserted %d rows, got %d ids back" rows.Length ids.Length

        return List.zip ids rows
    }

/// The rows of one case: the tag filter every read starts from.
let ofCase (tag: string) =
    client().From("roundtrip").Select("id").Eq("run", tag)

let private describe (values: string seq) =
    values |> Seq.map visible |> String.concat ", "

/// Reads the ids `query` returns and compares them with `expected`; a PostgREST error fails with the request.
let expectIds (what: string) (query: PostgrestQuery) (expected: int64 seq) : Task<unit> =
    task {
        let expected = Set.ofSeq expected
        let path = query.ToRequest().PathAndQuery

        let! rows =
            task {
                try
                    return! query.ToListAsync<IdRow>()
                with :? PostgrestException as e ->
                    return failtestf "%s\n%s\nPostgREST answered %d %s: %s" what path e.Status e.Code e.Message
            }

        let actual = rows |> Seq.map (fun r -> r.Id) |> Set.ofSeq

        if actual <> expected then
            failtestf
                "%s\n%s\nexpected ids %A, got %A (missing %A, extra %A)"
                what
                path
                expected
                actual
                (expected - actual)
                (actual - expected)
    }

/// Runs `check` for every row of the table concurrently; `check` gets the row's variant number (the case's variant
/// plus the row's position) to pick the form of the filter it reads the row back with.
let eachRow (variant: int) (table: (int64 * RowSpec) list) (check: int -> int64 * RowSpec -> Task<unit>) : Task<unit> =
    task {
        let! _ = table |> List.mapi (fun i row -> check (variant + i) row) |> Task.WhenAll
        ()
    }

let private idsWhere (table: (int64 * RowSpec) list) (predicate: RowSpec -> bool) =
    table |> List.filter (snd >> predicate) |> List.map fst

let private col (name: string) = Conditions.Col name

// ---- escaping helpers, written here independently of the core ----------------------------------------------------

/// A LIKE pattern matching exactly `value`: `\`, `%` and `_` escaped with a backslash. (A `*` cannot be matched:
/// PostgREST turns every `*` of a like pattern into `%`, even after a backslash; use `match` for such values.)
let likeExact (value: string) =
    value.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_")

/// A POSIX regular expression matching exactly `value`.
let regexExact (value: string) =
    let sb = StringBuilder("^")

    for c in value do
        if "\\^$.|?*+()[]{}".Contains c then
            sb.Append('\\') |> ignore

        sb.Append c |> ignore

    sb.Append('$').ToString()

// ---- the checks (shared by the properties and the regression tests) ----------------------------------------------

let checkEq (tag: string) (table: (int64 * RowSpec) list) =
    eachRow 0 table (fun _ (_, r) ->
        expectIds $"eq {visible r.V}" (ofCase(tag).Eq("v", r.V)) (idsWhere table (fun x -> x.V = r.V)))

let checkNeq (tag: string) (table: (int64 * RowSpec) list) =
    eachRow 0 table (fun _ (_, r) ->
        expectIds $"neq {visible r.V}" (ofCase(tag).Neq("v", r.V)) (idsWhere table (fun x -> x.V <> r.V)))

let checkIn (tag: string) (table: (int64 * RowSpec) list) (case: Case) =
    eachRow case.Variant table (fun k (_, r) ->
        // The row's value alone, or mixed with the values of some other rows and values that are not in the table.
        let list =
            if k % 3 = 0 then
                [ r.V ]
            else
                [ r.V ]
                @ (table
                   |> List.indexed
                   |> List.filter (fun (j, _) -> (j + k) % 2 = 0)
                   |> List.map (snd >> snd >> _.V))
                @ case.Others

        let set = Set.ofList list
        expectIds $"in ({describe list})" (ofCase(tag).In("v", list)) (idsWhere table (fun x -> set.Contains x.V)))

let checkNot (tag: string) (table: (int64 * RowSpec) list) (case: Case) =
    eachRow case.Variant table (fun k (_, r) ->
        let other = List.tryHead case.Others |> Option.defaultValue "x"

        match k % 4 with
        | 0 ->
            expectIds
                $"not.eq {visible r.V}"
                (ofCase(tag).Not("v", FilterOperator.Eq, r.V))
                (idsWhere table (fun x -> x.V <> r.V))
        | 1 ->
            expectIds
                $"not.in ({visible r.V}, {visible other})"
                (ofCase(tag).Where(Conditions.Not(col("v").In([ r.V; other ]))))
                (idsWhere table (fun x -> x.V <> r.V && x.V <> other))
        | 2 ->
            expectIds
                $"not.or (eq {visible r.V}, eq {visible other})"
                (ofCase(tag).Where(Conditions.Not(col("v").Eq(r.V) ||| col("v").Eq(other))))
                (idsWhere table (fun x -> x.V <> r.V && x.V <> other))
        | _ ->
            expectIds
                $"not.and (neq {visible r.V}, neq {visible other})"
                (ofCase(tag).Where(Conditions.Not(col("v").Neq(r.V) &&& col("v").Neq(other))))
                (idsWhere table (fun x -> x.V = r.V || x.V = other)))

let checkLike (tag: string) (table: (int64 * RowSpec) list) (case: Case) =
    eachRow case.Variant table (fun k (_, r) ->
        match k % 3 with
        | 0 when not (r.V.Contains '*') ->
            expectIds
                $"like {visible (likeExact r.V)}"
                (ofCase(tag).Like("v", likeExact r.V))
                (idsWhere table (fun x -> x.V = r.V))
        | 1 when not (r.V.Contains '*') ->
            // `*` is the wildcard: the escaped value followed by `*` matches every value it starts.
            let pattern = likeExact r.V + "*"

            expectIds
                $"like {visible pattern}"
                (ofCase(tag).Like("v", pattern))
                (idsWhere table (fun x -> x.V.StartsWith(r.V, StringComparison.Ordinal)))
        | _ ->
            expectIds
                $"match {visible (regexExact r.V)}"
                (ofCase(tag).Match("v", regexExact r.V))
                (idsWhere table (fun x -> x.V = r.V)))

/// A row of api.roundtrip for typed predicates (the core translates String methods into escaped regexes).
[<CLIMutable>]
type TypedRow = { Id: int64; Run: string; V: string }

let checkTypedStrings (tag: string) (table: (int64 * RowSpec) list) (case: Case) =
    eachRow case.Variant table (fun k (_, r) ->
        let value = r.V

        match k % 3 with
        | 0 ->
            expectIds
                $"typed Contains {visible value}"
                (ofCase(tag).Where<TypedRow>(fun x -> x.V.Contains(value)))
                (idsWhere table (fun x -> x.V.Contains(value, StringComparison.Ordinal)))
        | 1 ->
            expectIds
                $"typed StartsWith {visible value}"
                (ofCase(tag).Where<TypedRow>(fun x -> x.V.StartsWith(value, StringComparison.Ordinal)))
                (idsWhere table (fun x -> x.V.StartsWith(value, StringComparison.Ordinal)))
        | _ ->
            expectIds
                $"typed EndsWith {visible value}"
                (ofCase(tag).Where<TypedRow>(fun x -> x.V.EndsWith(value, StringComparison.Ordinal)))
                (idsWhere table (fun x -> x.V.EndsWith(value, StringComparison.Ordinal))))

// ---- arrays ------------------------------------------------------------------------------------------------------

let private nonNullTags (row: RowSpec) =
    row.Tags |> List.choose id |> Set.ofList

/// `tags @> q`: every element of q is a non-NULL element of tags (NULL never equals anything).
let contains (row: RowSpec) (q: string option list) =
    let tags = nonNullTags row

    q
    |> List.forall (fun e ->
        match e with
        | Some s -> tags.Contains s
        | None -> false)

/// `tags <@ q`.
let containedBy (row: RowSpec) (q: string option list) =
    let qs = q |> List.choose id |> Set.ofList

    row.Tags
    |> List.forall (fun e ->
        match e with
        | Some s -> qs.Contains s
        | None -> false)

/// `tags && q`.
let overlaps (row: RowSpec) (q: string option list) =
    let tags = nonNullTags row
    q |> List.exists (fun e -> e |> Option.exists tags.Contains)

let private arrayOf (xs: string option list) : (string | null) list = xs |> List.map Option.toObj

let checkArrays (tag: string) (table: (int64 * RowSpec) list) (case: Case) =
    eachRow case.Variant table (fun k (_, r) ->
        let some =
            r.Tags
            |> List.indexed
            |> List.filter (fun (j, _) -> (k + j) % 2 = 0)
            |> List.map snd

        let wider = r.Tags @ (case.Others |> List.map Some)

        let overlap =
            (r.Tags |> List.truncate 1) @ (case.Others |> List.truncate 1 |> List.map Some)

        let values = r.V :: case.Others
        let valueSet = Set.ofList values

        let name, condition, expected =
            let onTags name condition model q =
                let literal = describe (q |> List.map (Option.defaultValue "NULL"))
                $"{name} {{{literal}}}", condition, idsWhere table (fun x -> model x q)

            match k % 7 with
            | 0 -> onTags "cs" (col("tags").Contains(arrayOf some)) contains some
            | 1 -> onTags "cs (every tag)" (col("tags").Contains(arrayOf r.Tags)) contains r.Tags
            | 2 -> onTags "cd" (col("tags").ContainedBy(arrayOf wider)) containedBy wider
            | 3 -> onTags "ov" (col("tags").Overlaps(arrayOf overlap)) overlaps overlap
            // Quantified operators take a PostgreSQL array literal of values too.
            | 4 ->
                $"eq(any) {{{describe values}}}",
                col("v").Op(FilterOperator.Eq, values, Quantifier.Any),
                idsWhere table (fun x -> valueSet.Contains x.V)
            | 5 ->
                $"match(any) {{{describe values}}}",
                col("v").Op(FilterOperator.Match, values |> List.map regexExact, Quantifier.Any),
                idsWhere table (fun x -> valueSet.Contains x.V)
            | _ ->
                let exact = values |> List.filter (fun v -> not (v.Contains '*'))

                $"like(any) {{{describe exact}}}",
                col("v").Op(FilterOperator.Like, exact |> List.map likeExact, Quantifier.Any),
                idsWhere table (fun x -> List.contains x.V exact)

        if (k / 7) % 2 = 0 then
            expectIds name (ofCase(tag).Where(condition)) expected
        else
            // The same inside a logic tree, where the literal gets a second layer of quoting.
            expectIds $"or=({name}, id.eq.-1)" (ofCase(tag).Or([ condition; col("id").Eq(-1) ])) expected)

// ---- JSON --------------------------------------------------------------------------------------------------------

let checkJson (tag: string) (table: (int64 * RowSpec) list) (case: Case) =
    eachRow case.Variant table (fun k (_, r) ->
        let expected = idsWhere table (fun x -> x.Key = r.Key && x.V = r.V)

        match k % 4 with
        | 0 -> expectIds $"doc->>{visible r.Key} eq {visible r.V}" (ofCase(tag).Eq("doc->>" + r.Key, r.V)) expected
        | 1 ->
            expectIds
                $"doc->{visible r.Key} eq JSON {visible r.V}"
                (ofCase(tag).Eq("doc->" + r.Key, JsonValue.Create r.V))
                expected
        | 2 ->
            expectIds
                $"or=(doc->>{visible r.Key}.eq.{visible r.V}, id.eq.-1)"
                (ofCase(tag).Or([ col("doc->>" + r.Key).Eq(r.V); col("id").Eq(-1) ]))
                expected
        | _ ->
            expectIds $"doc->>{visible r.Key} in ({visible r.V})" (ofCase(tag).In("doc->>" + r.Key, [ r.V ])) expected)

// ---- logic trees -------------------------------------------------------------------------------------------------

/// Three-valued logic, as PostgreSQL evaluates WHERE clauses.
type Tri =
    | T
    | F
    | U

/// A filter over api.roundtrip with an in-memory meaning.
type Leaf =
    | EqV of string
    | NeqV of string
    | InV of string list
    | LikeExact of string
    | LikePrefix of string
    | MatchExact of string
    | TagsContain of string option list
    | DocEq of key: string * value: string
    | VIsNull

type TreeSpec =
    | Leaf of Leaf
    | AndT of TreeSpec list
    | OrT of TreeSpec list
    | NotT of TreeSpec

let private ofBool b = if b then T else F

let evalLeaf (row: RowSpec) (leaf: Leaf) : Tri =
    match leaf with
    | EqV s -> ofBool (row.V = s)
    | NeqV s -> ofBool (row.V <> s)
    | InV xs -> ofBool (List.contains row.V xs)
    | LikeExact s
    | MatchExact s -> ofBool (row.V = s)
    | LikePrefix s -> ofBool (row.V.StartsWith(s, StringComparison.Ordinal))
    | TagsContain q -> ofBool (contains row q)
    | DocEq(key, value) -> if row.Key = key then ofBool (row.V = value) else U // doc->>key is NULL
    | VIsNull -> F

let rec evalTree (row: RowSpec) (tree: TreeSpec) : Tri =
    match tree with
    | Leaf leaf -> evalLeaf row leaf
    | AndT children ->
        let values = children |> List.map (evalTree row)

        if List.contains F values then F
        elif List.contains U values then U
        else T
    | OrT children ->
        let values = children |> List.map (evalTree row)

        if List.contains T values then T
        elif List.contains U values then U
        else F
    | NotT child ->
        match evalTree row child with
        | T -> F
        | F -> T
        | U -> U

let leafCondition (leaf: Leaf) : Condition =
    match leaf with
    | EqV s -> col("v").Eq(s)
    | NeqV s -> col("v").Neq(s)
    | InV xs -> col("v").In(xs)
    | LikeExact s -> col("v").Like(likeExact s)
    | LikePrefix s -> col("v").Like(likeExact s + "*")
    | MatchExact s -> col("v").Match(regexExact s)
    | TagsContain q -> col("tags").Contains(arrayOf q)
    | DocEq(key, value) -> col("doc->>" + key).Eq(value)
    | VIsNull -> col("v").IsNull()

let rec treeCondition (tree: TreeSpec) : Condition =
    match tree with
    | Leaf leaf -> leafCondition leaf
    | AndT children -> Conditions.And(children |> List.map treeCondition)
    | OrT children -> Conditions.Or(children |> List.map treeCondition)
    | NotT child -> Conditions.Not(treeCondition child)

/// A logic tree over a case's values (and values that are not in the table), up to three levels deep.
let treeGen (case: Case) : Gen<TreeSpec> =
    let values = (case.Rows |> List.map (fun r -> r.V)) @ case.Others
    let value = Gen.frequency [ 4, Gen.elements values; 1, text ]

    let leaf =
        Gen.frequency
            [
                4, Gen.map EqV value
                2, Gen.map NeqV value
                3, Gen.listOf value |> Gen.resize 4 |> Gen.map InV
                2, value |> Gen.filter (fun v -> not (v.Contains '*')) |> Gen.map LikeExact
                1, value |> Gen.filter (fun v -> not (v.Contains '*')) |> Gen.map LikePrefix
                2, Gen.map MatchExact value
                2, Gen.elements case.Rows |> Gen.map (fun r -> TagsContain(List.truncate 2 r.Tags))
                2, Gen.elements case.Rows |> Gen.map (fun r -> DocEq(r.Key, r.V))
                1, Gen.constant VIsNull
            ]
        |> Gen.map Leaf

    let rec tree depth =
        if depth = 0 then
            leaf
        else
            let children =
                Gen.choose (1, 3) |> Gen.bind (fun n -> Gen.listOfLength n (tree (depth - 1)))

            Gen.frequency
                [
                    2, leaf
                    3, Gen.map AndT children
                    4, Gen.map OrT children
                    1, Gen.map NotT (tree (depth - 1))
                ]

    Gen.choose (1, 3) |> Gen.bind tree

let checkTree (tag: string) (table: (int64 * RowSpec) list) (tree: TreeSpec) =
    expectIds $"tree {tree}" (ofCase(tag).Where(treeCondition tree)) (idsWhere table (fun r -> evalTree r tree = T))

// ---- RPC ---------------------------------------------------------------------------------------------------------

let private operators =
    [
        "eq"
        "neq"
        "gt"
        "gte"
        "lt"
        "lte"
        "like"
        "ilike"
        "match"
        "imatch"
        "cs"
        "cd"
        "ov"
        "sl"
        "sr"
        "nxr"
        "nxl"
        "adj"
        "isdistinct"
        "fts"
        "plfts"
        "phfts"
        "wfts"
    ]

let private quantifiable =
    [ "eq"; "gt"; "gte"; "lt"; "lte"; "like"; "ilike"; "match"; "imatch" ]

let private fullText = [ "fts"; "plfts"; "phfts"; "wfts" ]

/// Whether PostgREST 12.0.2 reads a GET argument value as a filter (probed against the live server): the text
/// before the first `.` is `not`, `is`, `in`, an operator, a quantified operator `op(any)`/`op(all)`, or a
/// full-text operator with a language `fts(lang)` (letters, ASCII digits, `_`, space, `$`).
let readAsFilter (value: string) =
    match value.IndexOf '.' with
    | -1 -> false
    | dot ->
        let prefix = value.Substring(0, dot)

        let isLanguage (lang: string) =
            lang.Length > 0
            && lang.EnumerateRunes()
               |> Seq.forall (fun r ->
                   Rune.IsLetter r
                   || (r.IsAscii && (Char.IsAsciiDigit(char r.Value) || "_ $".Contains(char r.Value))))

        List.contains prefix ([ "not"; "is"; "in" ] @ operators)
        || quantifiable
           |> List.exists (fun op -> prefix = op + "(any)" || prefix = op + "(all)")
        || fullText
           |> List.exists (fun op ->
               prefix.StartsWith(op + "(", StringComparison.Ordinal)
               && prefix.EndsWith ')'
               && isLanguage (prefix.Substring(op.Length + 1, prefix.Length - op.Length - 2)))

/// The client also refuses `op(` prefixes PostgREST 12.0.2 would still take as arguments (`gt(5)`, `fts(x`): a
/// conservative rule that newer PostgREST versions (which read `fts(` as a filter) need.
let refusedConservatively (value: string) =
    ("in" :: "is" :: operators)
    |> List.exists (fun op -> value.StartsWith(op + "(", StringComparison.Ordinal))

/// Values biased toward operator shapes.
let rpcArgument: Gen<string> =
    Gen.frequency
        [
            3, text
            2,
            Gen.map3
                (fun op suffix rest -> op + suffix + rest)
                (Gen.elements ("not" :: "is" :: "in" :: "NOT" :: "Eq" :: operators))
                (Gen.elements [ "."; "("; "(any)."; "(all)."; "(english)."; "( )."; "(x"; ")."; ""; "(any)" ])
                text
        ]

let checkRpcPost (value: string) =
    task {
        let! response = client().Rpc("roundtrip_echo", {| v = value |}).ExecuteAsync<string>()
        Expect.equal response.Value value $"POST roundtrip_echo {visible value}"
    }

let checkRpcGet (value: string) =
    task {
        let query = client().Rpc("roundtrip_echo", {| v = value |}, RpcMethod.Get)

        let rendered =
            try
                Ok(query.ToRequest())
            with :? ArgumentException as e ->
                Error e

        match rendered with
        | Error e ->
            if not (readAsFilter value || refusedConservatively value) then
                failtestf "GET refused %s, which PostgREST reads as an argument: %s" (visible value) e.Message
        | Ok request ->
            if readAsFilter value then
                failtestf "GET sent %s, which PostgREST reads as a filter: %s" (visible value) request.PathAndQuery

            let! response = query.ExecuteAsync<string>()
            Expect.equal response.Value value $"GET {request.PathAndQuery}"
    }

// ---- typed values on api.events (read-only fixture rows 1 and 2) ------------------------------------------------

/// api.events rows 1 and 2 (db/test-fixture.sql): at, d, t, amount.
let events =
    [
        1L, DateTimeOffset(2024, 1, 1, 10, 0, 0, TimeSpan.Zero), DateOnly(2024, 1, 1), TimeOnly(10, 30), 1.50m
        2L,
        DateTimeOffset(2024, 6, 15, 23, 59, 59, 500, TimeSpan.FromHours 2.0),
        DateOnly(2024, 6, 15),
        TimeOnly(23, 59, 59),
        2.00m
    ]

/// A typed comparison on api.events.
type TypedCheck =
    | At of FilterOperator * DateTimeOffset
    | D of FilterOperator * DateOnly
    | Tm of FilterOperator * TimeOnly
    | Amount of FilterOperator * decimal
    | AmountDouble of FilterOperator * float
    | AtIn of DateTimeOffset list
    | AmountIn of decimal list

let private comparison (op: FilterOperator) (c: int) =
    match op with
    | FilterOperator.Eq -> c = 0
    | FilterOperator.Neq -> c <> 0
    | FilterOperator.Lt -> c < 0
    | FilterOperator.Lte -> c <= 0
    | FilterOperator.Gt -> c > 0
    | FilterOperator.Gte -> c >= 0
    | other -> failwithf "no comparison for %A" other

let private microsecond = TimeSpan.FromTicks 10L

/// Instants near the fixture rows (same instant in another offset, ± a microsecond, a second, a day), and anywhere.
let private instant: Gen<DateTimeOffset> =
    let near =
        gen {
            let! _, at, _, _, _ = Gen.elements events
            let! delta = Gen.elements [ 0L; 1L; -1L; 1_000_000L; -86_400_000_000L; 86_400_000_000L ]
            let! off = offset
            return (at + TimeSpan.FromTicks(delta * 10L)).ToOffset(off)
        }

    Gen.frequency [ 3, near; 1, dateTimeOffsetMicros ]

let typedCheck: Gen<TypedCheck> =
    let op =
        Gen.elements
            [
                FilterOperator.Eq
                FilterOperator.Neq
                FilterOperator.Lt
                FilterOperator.Lte
                FilterOperator.Gt
                FilterOperator.Gte
            ]

    let nearDecimal =
        Gen.frequency
            [
                3, Gen.elements [ 1.5m; 1.50m; 1.500000000000000000000001m; 1.499999m; 2m; 2.00m; -0.0m; 0m ]
                3, decimalValue
            ]

    let nearDouble =
        Gen.frequency
            [
                3, Gen.elements [ 1.5; 2.0; 1.4999999999999998; 2.0000000000000004; -0.0 ]
                3, doubleValue
            ]

    Gen.frequency
        [
            3, Gen.map2 (fun o v -> At(o, v)) op instant
            1,
            Gen.map2
                (fun o v -> D(o, v))
                op
                (Gen.frequency [ 2, Gen.elements [ for _, _, d, _, _ in events -> d ]; 1, dateOnly ])
            1,
            Gen.map2
                (fun o v -> Tm(o, v))
                op
                (Gen.frequency
                    [
                        2, Gen.elements [ TimeOnly(10, 30); TimeOnly(23, 59, 59); TimeOnly(10, 29, 59, 999, 999) ]
                        1, timeOnlyMicros
                    ])
            2, Gen.map2 (fun o v -> Amount(o, v)) op nearDecimal
            2, Gen.map2 (fun o v -> AmountDouble(o, v)) op nearDouble
            1, Gen.listOf instant |> Gen.resize 3 |> Gen.map AtIn
            1, Gen.listOf nearDecimal |> Gen.resize 3 |> Gen.map AmountIn
        ]

let checkTyped (check: TypedCheck) =
    let q = client().From("events").Select("id").Lte("id", 2)

    let query, expected =
        match check with
        | At(op, v) ->
            q.Filter("at", op, v),
            [
                for id, at, _, _, _ in events do
                    if comparison op (compare at.UtcTicks v.UtcTicks) then
                        id
            ]
        | D(op, v) ->
            q.Filter("d", op, v),
            [
                for id, _, d, _, _ in events do
                    if comparison op (compare d v) then
                        id
            ]
        | Tm(op, v) ->
            q.Filter("t", op, v),
            [
                for id, _, _, t, _ in events do
                    if comparison op (compare t v) then
                        id
            ]
        | Amount(op, v) ->
            q.Filter("amount", op, v),
            [
                for id, _, _, _, a in events do
                    if comparison op (compare a v) then
                        id
            ]
        | AmountDouble(op, v) ->
            // 1.5 and 2.0 are exact doubles, so comparing doubles is comparing the numeric values.
            q.Filter("amount", op, v),
            [
                for id, _, _, _, a in events do
                    if comparison op (compare (float a) v) then
                        id
            ]
        | AtIn vs ->
            q.In("at", vs),
            [
                for id, at, _, _, _ in events do
                    if vs |> List.exists (fun v -> v.UtcTicks = at.UtcTicks) then
                        id
            ]
        | AmountIn vs ->
            q.In("amount", vs),
            [
                for id, _, _, _, a in events do
                    if List.contains a vs then
                        id
            ]

    expectIds $"{check}" query expected

// ---- properties --------------------------------------------------------------------------------------------------

/// A live property over generated cases: insert the case's rows under a fresh tag, then run `check`. Each property
/// has its own LiveRun, so one property's cleanup never deletes the rows of another that is still running.
let caseProperty
    (area: string)
    (cases: int)
    (name: string)
    (check: string -> (int64 * RowSpec) list -> Case -> Task<unit>)
    =
    let run = LiveRun area

    testPropertyWithConfig
        (run.Config cases)
        name
        (Prop.forAll caseArb (fun case ->
            task {
                let tag = run.NextTag()
                let! table = insert tag case.Rows
                do! check tag table case
            }))

let private treeRun = LiveRun "tree"

[<Tests>]
let textProperties =
    testList
        "Integration.Properties.Text"
        [
            caseProperty "text" 300 "eq returns exactly the rows holding the value" (fun tag table _ ->
                checkEq tag table)
            caseProperty "text" 300 "neq returns exactly the rows not holding the value" (fun tag table _ ->
                checkNeq tag table)
            caseProperty
                "text"
                300
                "in, mixed with other generated values, returns exactly their rows"
                (fun tag table case -> checkIn tag table case)
            caseProperty
                "text"
                300
                "not.eq, not.in, not.or and not.and exclude exactly their rows"
                (fun tag table case -> checkNot tag table case)
            caseProperty
                "text"
                300
                "like with escaped wildcards (values without *) and match with an escaped regex"
                (fun tag table case -> checkLike tag table case)
            caseProperty
                "text"
                300
                "typed Contains, StartsWith and EndsWith return exactly the matching rows"
                (fun tag table case -> checkTypedStrings tag table case)
        ]

[<Tests>]
let treeProperties =
    testList
        "Integration.Properties.Trees"
        [
            testPropertyWithConfig
                (treeRun.Config 300)
                "nested and/or/not trees of eq, neq, in, like, match, cs, JSON and is filters return exactly their rows"
                (Prop.forAll
                    (Arb.fromGen (caseGen |> Gen.bind (fun c -> Gen.map (fun t -> c, t) (treeGen c))))
                    (fun (case, tree) ->
                        task {
                            let tag = treeRun.NextTag()
                            let! table = insert tag case.Rows
                            do! checkTree tag table tree
                        }))
        ]

[<Tests>]
let arrayProperties =
    testList
        "Integration.Properties.Arrays"
        [
            caseProperty
                "arrays"
                300
                "cs, cd, ov on text[] and eq/match/like(any) return exactly their rows, at top level and in a tree"
                (fun tag table case -> checkArrays tag table case)
        ]

[<Tests>]
let jsonProperties =
    testList
        "Integration.Properties.Json"
        [
            caseProperty
                "json"
                300
                "doc->>key and doc->key filters (eq, in, in a tree) return exactly their rows"
                (fun tag table case -> checkJson tag table case)
        ]

[<Tests>]
let rpcProperties =
    testList
        "Integration.Properties.Rpc"
        [
            testPropertyWithConfig
                liveConfig
                "roundtrip_echo returns every value sent by POST"
                (Prop.forAll (Arb.fromGenShrink (rpcArgument, shrinkText)) checkRpcPost)

            testPropertyWithConfig
                liveConfig
                "roundtrip_echo returns every value GET can carry; GET refuses the values PostgREST reads as filters"
                (Prop.forAll (Arb.fromGenShrink (rpcArgument, shrinkText)) checkRpcGet)
        ]

[<Tests>]
let typedProperties =
    testList
        "Integration.Properties.Typed"
        [
            testPropertyWithConfig
                liveConfig
                "dates with offsets, dates, times, decimals and doubles compare like PostgreSQL compares them"
                (Prop.forAll (Arb.fromGen typedCheck) checkTyped)
        ]

// ---- thread safety -----------------------------------------------------------------------------------------------

/// 32 tasks share one client and two base queries and each derive a different query at the same moment; every
/// response must be the answer to its own query (its own request, its own rows), and the bases stay unchanged.
let checkConcurrentDerivations (tag: string) (table: (int64 * RowSpec) list) =
    task {
        let baseQuery = ofCase tag
        let descending = baseQuery.Order("id", false).Header("X-Base", "descending")
        let before = baseQuery.ToRequest().ToString(), descending.ToRequest().ToString()
        let rows = Array.ofList table
        let gate = TaskCompletionSource()

        let derive (i: int) =
            let id, row = rows[i % rows.Length]
            let other = snd rows[(i + 1) % rows.Length]

            match i % 6 with
            | 0 -> baseQuery.Eq("v", row.V), idsWhere table (fun x -> x.V = row.V), false
            | 1 -> descending.Neq("v", row.V), idsWhere table (fun x -> x.V <> row.V), true
            | 2 -> baseQuery.In("v", [ row.V; other.V ]), idsWhere table (fun x -> x.V = row.V || x.V = other.V), false
            | 3 -> descending.Eq("id", id).Header("X-Task", string i), [ id ], true
            | 4 ->
                baseQuery.Or([ col("v").Eq(row.V); col("doc->>" + other.Key).Eq(other.V) ]),
                idsWhere table (fun x -> x.V = row.V || (x.Key = other.Key && x.V = other.V)),
                false
            | _ ->
                descending.Where(Conditions.Not(col("v").Eq(row.V))).Limit(100L),
                idsWhere table (fun x -> x.V <> row.V),
                true

        let work (i: int) =
            Task.Run<unit>(
                Func<Task<unit>>(fun () ->
                    task {
                        do! gate.Task
                        let query, expected, ordered = derive i
                        let! response = query.ExecuteAsync<IdRow list>()
                        let ids = response.Value |> List.map (fun r -> r.Id)

                        Expect.equal
                            response.Request.PathAndQuery
                            (query.ToRequest().PathAndQuery)
                            $"task {i}: the response answers another request"

                        Expect.equal
                            (Set.ofList ids)
                            (Set.ofList expected)
                            $"task {i}: rows of {response.Request.PathAndQuery}"

                        if ordered then
                            Expect.equal
                                ids
                                (List.sortDescending ids)
                                $"task {i}: order of {response.Request.PathAndQuery}"
                    })
            )

        let tasks = [| for i in 0..31 -> work i |]
        gate.SetResult()
        let! _ = Task.WhenAll tasks
        Expect.equal (baseQuery.ToRequest().ToString(), descending.ToRequest().ToString()) before "bases unchanged"
    }

[<Tests>]
let threadSafetyProperties =
    testList
        "Integration.Properties.ThreadSafety"
        [
            caseProperty
                "threads"
                300
                "32 concurrent tasks deriving from shared base queries each get their own answer"
                (fun tag table _ -> checkConcurrentDerivations tag table)
        ]
