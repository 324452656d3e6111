/// Queries and clients are immutable values: every builder operation returns a new value and leaves the original's
/// rendered request unchanged, byte for byte. Credentials never appear in the text forms of requests and clients.
module PgRest.Tests.ImmutabilityTests

open System
open System.Text
open Expecto
open PgRest
open PgRest.Tests.Support

/// Everything a rendered request carries, as comparable values.
let snapshot (request: PostgrestRequest) =
    request.Method.Method, request.Uri.AbsoluteUri, headersOf request, Option.ofObj request.BodyText, request.Timeout

let col (name: string) = Conditions.Col name

/// A query with something set in every part that builder operations touch.
let baseQuery () =
    client
        .From("books")
        .Select("id,title,authors(name)")
        .Eq("year", 2000)
        .Or([ col("a").Eq(1); col("b").IsNull() ])
        .Where(col("stars").Gte(4), "reviews")
        .Order("id")
        .Order("stars", false, referencedTable = "reviews")
        .Limit(10L)
        .Offset(5L)
        .Limit(2L, "reviews")
        .Header("X-Base", "1")

/// Builder operations, each named, applied to the base query.
let derivations: (string * (PostgrestQuery -> PostgrestQuery)) list =
    let row = {| title = "t" |}

    [
        "Select string", (fun q -> q.Select("id"))
        "Select array", (fun q -> q.Select([| "id"; "title" |]))
        "Select items", (fun q -> q.Select([| SelectItem.Column "id" |]))
        "Where", (fun q -> q.Where(col("x").Eq(1)))
        "Where on embed", (fun q -> q.Where(col("x").Eq(1), "authors"))
        "WhereIf true", (fun q -> q.WhereIf(true, col("x").Eq(1)))
        "Filter", (fun q -> q.Filter("x", FilterOperator.Lt, 3))
        "Filter raw", (fun q -> q.Filter("x", "eq", "y"))
        "Not", (fun q -> q.Not("x", FilterOperator.Eq, 1))
        "Or", (fun q -> q.Or([ col("x").Eq(1); col("y").Eq(2) ]))
        "And", (fun q -> q.And([ col("x").Eq(1); col("y").Eq(2) ]))
        "MatchAll", (fun q -> q.MatchAll([ Collections.Generic.KeyValuePair<string, objnull>("x", 1) ]))
        "Eq", (fun q -> q.Eq("x", 1))
        "Neq", (fun q -> q.Neq("x", 1))
        "Gt", (fun q -> q.Gt("x", 1))
        "Gte", (fun q -> q.Gte("x", 1))
        "Lt", (fun q -> q.Lt("x", 1))
        "Lte", (fun q -> q.Lte("x", 1))
        "Like", (fun q -> q.Like("x", "a*"))
        "ILike", (fun q -> q.ILike("x", "a*"))
        "Match", (fun q -> q.Match("x", "^a"))
        "IMatch", (fun q -> q.IMatch("x", "^a"))
        "In strings", (fun q -> q.In("x", [| "a"; "b" |]))
        "In values", (fun q -> q.In("x", [ 1; 2 ]))
        "Is", (fun q -> q.Is("x", IsValue.Null))
        "IsDistinct", (fun q -> q.IsDistinct("x", 1))
        "Fts", (fun q -> q.Fts("x", "a", "english"))
        "Plfts", (fun q -> q.Plfts("x", "a"))
        "Phfts", (fun q -> q.Phfts("x", "a"))
        "Wfts", (fun q -> q.Wfts("x", "a"))
        "Contains", (fun q -> q.Contains("x", [ "a" ]))
        "ContainedBy", (fun q -> q.ContainedBy("x", [ "a" ]))
        "Overlaps", (fun q -> q.Overlaps("x", [ "a" ]))
        "StrictlyLeftOf", (fun q -> q.StrictlyLeftOf("x", PgRange.Create(1, 2)))
        "StrictlyRightOf", (fun q -> q.StrictlyRightOf("x", PgRange.Create(1, 2)))
        "NotExtendsLeftOf", (fun q -> q.NotExtendsLeftOf("x", PgRange.Create(1, 2)))
        "NotExtendsRightOf", (fun q -> q.NotExtendsRightOf("x", PgRange.Create(1, 2)))
        "AdjacentTo", (fun q -> q.AdjacentTo("x", PgRange.Create(1, 2)))
        "Order", (fun q -> q.Order("title", false, NullsOrder.First))
        "Order on embed", (fun q -> q.Order("name", referencedTable = "authors"))
        "Limit", (fun q -> q.Limit(3L))
        "Limit on embed", (fun q -> q.Limit(3L, "authors"))
        "Offset", (fun q -> q.Offset(1L))
        "Offset on embed", (fun q -> q.Offset(1L, "reviews"))
        "Range", (fun q -> q.Range(0L, 9L))
        "Range on embed", (fun q -> q.Range(0L, 9L, "reviews"))
        "Single", (fun q -> q.Single())
        "MaybeSingle", (fun q -> q.Csv().MaybeSingle())
        "Csv", (fun q -> q.Csv())
        "GeoJson", (fun q -> q.GeoJson())
        "Explain", (fun q -> q.Explain(ExplainOptions(Analyze = true)))
        "WithCount", (fun q -> q.WithCount())
        "Head", (fun q -> q.Head())
        "RollbackTransaction", (fun q -> q.RollbackTransaction())
        "Handling", (fun q -> q.Handling(PreferenceHandling.Strict))
        "MaxAffected", (fun q -> q.MaxAffected(1L))
        "Timezone", (fun q -> q.Timezone("UTC"))
        "Schema", (fun q -> q.Schema("v2"))
        "Header", (fun q -> q.Header("X-Other", "2"))
        "Header replacing", (fun q -> q.Header("X-Base", "2"))
        "Parameter", (fun q -> q.Parameter("p", "v"))
        "Timeout", (fun q -> q.Timeout(TimeSpan.FromSeconds 3.0))
        "Insert", (fun q -> q.Insert(row))
        "InsertMany", (fun q -> q.InsertMany([ row; row ]))
        "InsertJson", (fun q -> q.InsertJson("{\"title\":\"t\"}"))
        "Upsert", (fun q -> q.Upsert(row, onConflict = "title"))
        "Update", (fun q -> q.Update(row))
        "UpdateJson", (fun q -> q.UpdateJson("{\"title\":\"t\"}"))
        "Delete", (fun q -> q.Delete())
        "Returning", (fun q -> q.Delete().Returning(ReturnMode.HeadersOnly))
        "Bind", (fun q -> q.Bind(client.WithSchema "other"))
    ]

let queryTests =
    testList
        "queries"
        [
            test "every builder operation returns a new query that renders differently" {
                let original = baseQuery ()
                // The format is compared too: MaybeSingle sends the same Accept as a plain read.
                let before = snapshot (original.ToRequest()), original.Format

                for name, derive in derivations do
                    let derived = derive original
                    Expect.isFalse (Object.ReferenceEquals(derived, original)) $"{name} returns a new value"

                    Expect.notEqual
                        (snapshot (derived.ToRequest()), derived.Format)
                        before
                        $"{name} changes the derived request"
            }

            test "the original renders byte for byte the same after all derivations" {
                let original = baseQuery ()
                let request = original.ToRequest()
                let before = snapshot request
                let beforeText = request.ToString()
                let beforeDescription = original.ToString()

                for _, derive in derivations do
                    // Derive twice, and derive from the derived value, to shake out shared mutable state.
                    let derived = derive original
                    derive derived |> ignore
                    derive original |> ignore

                Expect.equal (snapshot (original.ToRequest())) before "request unchanged"
                Expect.equal (original.ToRequest().ToString()) beforeText "request text unchanged"
                Expect.equal (original.ToString()) beforeDescription "description unchanged"
            }

            test "the RPC-only operations leave the original unchanged" {
                let original = client.Rpc("f", {| a = 1 |})
                let before = snapshot (original.ToRequest())
                let get = original.WithRpcMethod(RpcMethod.Get)
                let head = original.Head()
                Expect.equal (get.ToRequest().Method.Method) "GET" "derived GET"
                Expect.equal (head.ToRequest().Method.Method) "HEAD" "derived HEAD"
                Expect.equal (snapshot (original.ToRequest())) before "original unchanged"
            }

            test "siblings derived from one query do not see each other" {
                let shared = baseQuery ()
                let a = shared.Eq("only_a", 1).Order("only_a").Header("X-A", "a")
                let b = shared.Eq("only_b", 2).Order("only_b").Header("X-B", "b")
                let pa, pb = (a.ToRequest()).PathAndQuery, (b.ToRequest()).PathAndQuery
                Expect.stringContains pa "only_a=eq.1" "a has its filter"
                Expect.isFalse (pa.Contains "only_b") "a does not have b's filter or order"
                Expect.isFalse (pb.Contains "only_a") "b does not have a's filter or order"
                Expect.equal (header "X-B" (a.ToRequest())) None "a does not have b's header"
                Expect.equal (header "X-A" (b.ToRequest())) None "b does not have a's header"
            }

            test "WhereIf false returns an equivalent query" {
                let original = baseQuery ()

                Expect.equal
                    (snapshot ((original.WhereIf(false, col("x").Eq(1))).ToRequest()))
                    (snapshot (original.ToRequest()))
                    ""
            }

            test "a condition is a value: negating it or combining it leaves it unchanged" {
                let c = col("a").Eq("x")
                let before = string c
                let _ = c.Negate()
                let _ = Conditions.Or([ c; col("b").Eq(1) ])
                let _ = Conditions.And([ c; col("b").Eq(1) ])
                Expect.equal (string c) before "unchanged"
                Expect.equal before "a.eq.\"x\"" "tree form"
            }
        ]

let secret = "eyJhbGciOiJIUzI1NiJ9.c2VjcmV0LXRva2Vu.TOKEN-SIGNATURE-91f3"
let password = "hunter2-PASSWORD-7c1e"
let basicUser = "alice"

let basicBase64 =
    Convert.ToBase64String(Encoding.UTF8.GetBytes(basicUser + ":" + password))

let clientTests =
    let q = PostgrestQuery.From("t").Eq("id", 1)

    testList
        "clients"
        [
            test "derived clients leave the original's rendered headers unchanged" {
                use original =
                    new PostgrestClient(
                        baseUrl,
                        PostgrestClientOptions(Schema = "api", Headers = readOnlyDict [ "apikey", "k" ])
                    )

                let before = snapshot (original.Render q)
                let beforeText = original.ToString()

                let derived =
                    [
                        original.WithBearer secret
                        original.WithSchema "v2"
                        original.WithHeader("X-A", "1")
                        original.WithHeader("apikey", "other")
                        original.WithBasicAuth(basicUser, password)
                        original.WithBearer(secret).WithSchema("v2").WithHeader("X-B", "2").WithBasicAuth("u", "p")
                    ]

                for d in derived do
                    Expect.notEqual (snapshot (d.Render q)) before "the derived client renders differently"

                Expect.equal (snapshot (original.Render q)) before "original request unchanged"
                Expect.equal (original.ToString()) beforeText "original text unchanged"
                Expect.equal original.Schema "api" "original schema unchanged"
                Expect.equal (header "Authorization" (original.Render q)) None "no credentials leaked into the original"
            }

            test "a client derived from a derived client leaves its parent unchanged" {
                let first = client.WithBearer "t1"
                let second = first.WithBearer "t2"
                let third = first.WithHeader("X-C", "c")
                Expect.equal (header "Authorization" (first.Render q)) (Some "Bearer t1") "parent keeps its token"
                Expect.equal (header "Authorization" (second.Render q)) (Some "Bearer t2") "child has its token"
                Expect.equal (header "X-C" (first.Render q)) None "parent has no child header"
                Expect.equal (header "Authorization" (third.Render q)) (Some "Bearer t1") "sibling inherits the token"
            }

            test "the client's options object is copied at construction" {
                let headers = Collections.Generic.Dictionary<string, string>()
                headers["apikey"] <- "k1"
                use c = new PostgrestClient(baseUrl, PostgrestClientOptions(Headers = headers))
                headers["apikey"] <- "k2"
                headers["X-Late"] <- "1"
                Expect.equal (header "apikey" (c.Render q)) (Some "k1") "a later change of the dictionary has no effect"
                Expect.equal (header "X-Late" (c.Render q)) None "nor does a later addition"
            }

            test "bearer wins over basic, whatever the order" {
                let auth (c: PostgrestClient) = header "Authorization" (c.Render q)

                Expect.equal
                    (auth (client.WithBasicAuth("u", "p").WithBearer("tok")))
                    (Some "Bearer tok")
                    "basic then bearer"

                Expect.equal
                    (auth (client.WithBearer("tok").WithBasicAuth("u", "p")))
                    (Some "Bearer tok")
                    "bearer then basic"

                Expect.equal
                    (auth (client.WithBearer("tok").WithSchema("v2").WithHeader("X", "1")))
                    (Some "Bearer tok")
                    "kept"

                let count =
                    headersOf (client.WithBasicAuth("u", "p").WithBearer("tok").Render q)
                    |> List.filter (fun (k, _) -> k = "Authorization")
                    |> List.length

                Expect.equal count 1 "one Authorization header"
            }
        ]

let redactionTests =
    let q = PostgrestQuery.From("t").Eq("id", 1).Insert({| a = 1 |})

    let expectNoSecret (text: string) (what: string) =
        for s in [ secret; password; basicBase64 ] do
            Expect.isFalse (text.Contains(s, StringComparison.Ordinal)) $"{what} must not contain a credential"

    testList
        "credentials in text"
        [
            test "PostgrestRequest.ToString redacts a bearer token" {
                let request = client.WithBearer(secret).Render q
                Expect.equal (header "Authorization" request) (Some("Bearer " + secret)) "the header itself is sent"
                let text = request.ToString()
                expectNoSecret text "request text"
                Expect.stringContains text "Authorization: [redacted]" "marked as redacted"
                Expect.stringContains text "/t?id=eq.1" "the rest is shown"
            }

            test "PostgrestRequest.ToString redacts basic auth" {
                let text = (client.WithBasicAuth(basicUser, password).Render q).ToString()
                expectNoSecret text "request text"
                Expect.stringContains text "Authorization: [redacted]" "marked as redacted"
            }

            test "PostgrestRequest.ToString redacts an apikey header" {
                use c =
                    new PostgrestClient(baseUrl, PostgrestClientOptions(Headers = readOnlyDict [ "apikey", secret ]))

                let text = (c.Render q).ToString()
                expectNoSecret text "request text"
                Expect.stringContains text "apikey: [redacted]" "marked as redacted"
            }

            test "PostgrestClient.ToString never shows credentials" {
                let bearer = client.WithBearer secret
                let basic = client.WithBasicAuth(basicUser, password)
                let both = basic.WithBearer secret
                expectNoSecret (bearer.ToString()) "bearer client"
                expectNoSecret (basic.ToString()) "basic client"
                expectNoSecret (both.ToString()) "client with both"
                Expect.stringContains (bearer.ToString()) "bearer [redacted]" "says a bearer token is set"
                Expect.stringContains (basic.ToString()) "basic [redacted]" "says basic auth is set"
                Expect.stringContains (client.ToString()) "auth: none" "says nothing is set"
            }

            test "a query's description holds no client credentials" {
                let bound = q.Bind(client.WithBearer(secret).WithBasicAuth(basicUser, password))
                expectNoSecret (bound.ToString()) "query description"
            }
        ]

[<Tests>]
let tests = testList "Unit.Immutability" [ queryTests; clientTests; redactionTests ]
