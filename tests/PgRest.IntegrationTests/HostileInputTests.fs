/// Values that would change a request's meaning, against the real PostgREST 12.0.2 (issue 13, items 5-10): each
/// hostile value is refused before anything is sent (a counting handler sees no request) and the rows it would have
/// changed are counted in the database afterwards; values made of the same characters, valid, round-trip.
module PgRest.IntegrationTests.HostileInputTests

open System
open System.Text.Json
open System.Threading.Tasks
open Expecto
open PgRest
open PgRest.IntegrationTests.Faults

/// A string holding one UTF-16 code unit (a lone surrogate, when given one): F# string literals turn a lone
/// surrogate escape such as \uD800 into U+FFFD, so hostile strings are built from chars.
let lone (code: int) = string (char code)

[<CLIMutable>]
type KvRow = { K: string; V: string }

let private client () = Server.client.Value

/// A client over a counting handler: proves whether a request went out.
let private counted () =
    let handler, http = countingHttpClient ()
    handler, http, new PostgrestClient(Server.testUrl (), PostgrestClientOptions(HttpClient = http))

let private seedKv (k: string) (v: string) =
    Server.sql (sprintf "insert into api.kv (k, v) values ('%s', '%s')" (k.Replace("'", "''")) v)
    |> ignore

let private kvCount (where: string) =
    Server.sql (sprintf "select count(*) from api.kv where %s" where) |> int

let private cleanup (tag: string) =
    Server.sql (sprintf "delete from api.kv where k like '%s%%'" tag) |> ignore

/// Runs `work`; returns the exception it threw (synchronously or from its task), or None when it succeeded.
let private outcome (work: unit -> Task<'T>) : Task<exn option> =
    task {
        try
            let! _ = work ()
            return None
        with e ->
            return Some e
    }

/// Asserts that an outcome is an ArgumentException; returns it.
let private argumentException (result: exn option) : ArgumentException =
    match result with
    | Some(:? ArgumentException as e) -> e
    | Some e -> failtestf "expected an ArgumentException, got %s: %s" (e.GetType().Name) e.Message
    | None -> failtest "expected an ArgumentException, the request succeeded"

/// Runs `work`, which must throw an ArgumentException; returns it.
let private refused (work: unit -> Task<'T>) : Task<ArgumentException> =
    task {
        let! result = outcome work
        return argumentException result
    }

let private values =
    testList
        "values"
        [
            testCaseTask "an update filtered on a value with NUL is refused and changes no row" (fun () ->
                task {
                    let tag = Server.uniqueTag "nul"
                    seedKv tag "orig"

                    try
                        let handler, http, c = counted ()
                        use _ = http
                        use _ = c

                        let! result =
                            outcome (fun () ->
                                c.From("kv").Eq("k", tag + "\u0000tail").Update({| v = "changed" |}).ExecuteAsync())

                        Expect.equal (kvCount (sprintf "k = '%s' and v = 'orig'" tag)) 1 "the row is unchanged"
                        Expect.equal handler.Count 0 "nothing was sent"
                        Expect.equal (argumentException result).ParamName "value" "names the argument"
                    finally
                        cleanup tag
                })

            testCaseTask "a delete filtered on a lone surrogate is refused and deletes no U+FFFD row" (fun () ->
                task {
                    let tag = Server.uniqueTag "sur"
                    seedKv (tag + "\uFFFD") "replacement"

                    try
                        let handler, http, c = counted ()
                        use _ = http
                        use _ = c

                        let! first =
                            outcome (fun () -> c.From("kv").Eq("k", tag + (lone 0xD800)).Delete().ExecuteAsync())

                        let! second =
                            outcome (fun () -> c.From("kv").In("k", [| tag + (lone 0xDC00) |]).Delete().ExecuteAsync())

                        Expect.equal (kvCount (sprintf "k like '%s%%'" tag)) 1 "the U+FFFD row is still there"
                        Expect.equal handler.Count 0 "nothing was sent"
                        Expect.equal (argumentException first).ParamName "value" "names the argument"
                        argumentException second |> ignore
                    finally
                        cleanup tag
                })

            testCaseTask "a read filtered on NUL is refused instead of returning the truncated value's row" (fun () ->
                task {
                    let tag = Server.uniqueTag "nulr"
                    seedKv tag "orig"

                    try
                        let! _ = refused (fun () -> client().From("kv").Eq("k", tag + "\u0000x").ToListAsync<KvRow>())

                        let! _ =
                            refused (fun () -> client().From("kv").Like("k", tag + "\u0000*").ToListAsync<KvRow>())

                        let! _ =
                            refused (fun () ->
                                client().From("kv").In("k", [ tag; tag + "\u0000" ]).ToListAsync<KvRow>())

                        ()
                    finally
                        cleanup tag
                })

            testCaseTask "surrogate pairs, U+FFFD and the text %00 round-trip through filters" (fun () ->
                task {
                    let tag = Server.uniqueTag "ok"
                    let keys = [ tag + "😀"; tag + "\uFFFD"; tag + "%00"; tag + "a\U0001D11Eb" ]

                    for k in keys do
                        let! _ = client().From("kv").Insert({| k = k; v = k |}).ExecuteAsync()
                        ()

                    try
                        for k in keys do
                            let! eq = client().From("kv").Eq("k", k).ToListAsync<KvRow>()
                            Expect.equal (eq |> Seq.map (fun r -> r.K) |> List.ofSeq) [ k ] (sprintf "eq %A" k)
                            let! inList = client().From("kv").In("k", [| k; "zz" |]).ToListAsync<KvRow>()
                            Expect.equal (inList |> Seq.map (fun r -> r.V) |> List.ofSeq) [ k ] (sprintf "in %A" k)

                            let! like = client().From("kv").Like("k", k + "*").ToListAsync<KvRow>()
                            Expect.equal (like |> Seq.map (fun r -> r.K) |> List.ofSeq) [ k ] (sprintf "like %A" k)

                            let! echoed = client().Rpc("roundtrip_echo", {| v = k |}, RpcMethod.Get).TextAsync()
                            Expect.equal (JsonSerializer.Deserialize<string> echoed) k (sprintf "RPC GET %A" k)
                    finally
                        cleanup tag
                })

            testCaseTask "an RPC GET argument with NUL or a lone surrogate is refused before sending" (fun () ->
                task {
                    let handler, http, c = counted ()
                    use _ = http
                    use _ = c

                    for v in [ "x\u0000y"; ("x" + lone 0xD800); (lone 0xDC00) ] do
                        let! e = refused (fun () -> c.Rpc("roundtrip_echo", {| v = v |}, RpcMethod.Get).TextAsync())
                        Expect.equal e.ParamName "args" "names the argument"

                    Expect.equal handler.Count 0 "nothing was sent"
                })

            testCaseTask "NUL in a JSON body still reaches PostgREST, which refuses it with 22P05" (fun () ->
                task {
                    let tag = Server.uniqueTag "body"

                    try
                        let! (e: exn) =
                            task {
                                try
                                    let! _ = client().From("kv").Insert({| k = tag; v = "a\u0000b" |}).ExecuteAsync()
                                    return failtest "the insert succeeded"
                                with e ->
                                    return e
                            }

                        match e with
                        | :? PostgrestException as p -> Expect.equal p.Code "22P05" "untranslatable_character"
                        | e -> failtestf "expected a PostgrestException, got %s: %s" (e.GetType().Name) e.Message

                        Expect.equal (kvCount (sprintf "k = '%s'" tag)) 0 "nothing stored"
                    finally
                        cleanup tag
                })
        ]

let private preferences =
    testList
        "Prefer"
        [
            testCaseTask "a time zone carrying a second preference is refused: the duplicate stays a 409" (fun () ->
                task {
                    let tag = Server.uniqueTag "tz"
                    seedKv tag "orig"

                    try
                        let handler, http, c = counted ()
                        use _ = http
                        use _ = c

                        let! result =
                            outcome (fun () ->
                                c
                                    .From("kv")
                                    .Insert({| k = tag; v = "overwritten" |})
                                    .Timezone("UTC, resolution=merge-duplicates")
                                    .ExecuteAsync())

                        Expect.equal (kvCount (sprintf "k = '%s' and v = 'orig'" tag)) 1 "not overwritten"
                        Expect.equal handler.Count 0 "nothing was sent"
                        Expect.equal (argumentException result).ParamName "timezone" "names the argument"

                        let! (dup: exn) =
                            task {
                                try
                                    let! _ =
                                        client()
                                            .From("kv")
                                            .Insert({| k = tag; v = "overwritten" |})
                                            .Timezone("UTC")
                                            .ExecuteAsync()

                                    return failtest "the duplicate insert succeeded"
                                with e ->
                                    return e
                            }

                        match dup with
                        | :? PostgrestException as p -> Expect.equal p.Status 409 "a valid time zone: still 409"
                        | e -> failtestf "expected a PostgrestException, got %s" e.Message

                        Expect.equal (kvCount (sprintf "k = '%s' and v = 'orig'" tag)) 1 "not overwritten"
                    finally
                        cleanup tag
                })

            testCaseTask "real time zone names with / _ + - are applied by the server" (fun () ->
                task {
                    for tz, offset in
                        [
                            "America/Argentina/Buenos_Aires", "-03:00"
                            "Etc/GMT+3", "-03:00"
                            "America/Port-au-Prince", "-05:00"
                            "Asia/Kolkata", "+05:30"
                        ] do
                        let! text = client().From("events").Select("at").Eq("id", 1).Timezone(tz).TextAsync()
                        Expect.stringContains text offset (sprintf "%s gives %s" tz offset)
                })
        ]

let private headersAndUrls =
    testList
        "headers and base URL"
        [
            testCaseTask "a non-ASCII schema is refused before sending, not a network-looking failure" (fun () ->
                task {
                    let handler, http, c = counted ()
                    use _ = http
                    use _ = c
                    let! e = refused (fun () -> Task.FromResult(c.WithSchema("données")))
                    Expect.equal e.ParamName "schema" "names the argument"

                    let! e = refused (fun () -> c.From("items").Schema("données").TextAsync())
                    Expect.equal e.ParamName "schema" "names the argument"

                    let! e = refused (fun () -> c.WithHeader("X-Note", "café").From("items").TextAsync())
                    Expect.equal e.ParamName "value" "names the argument"
                    Expect.equal handler.Count 0 "nothing was sent"

                    let! text = c.WithSchema("v2").From("items").Select("id").Limit(1L).TextAsync()
                    Expect.stringStarts text "[" "an ASCII schema still works"
                })

            testCaseTask "a base URL with a query is refused; slashes after it are fine" (fun () ->
                task {
                    let url = Server.testUrl ()
                    let! e = refused (fun () -> Task.FromResult(new PostgrestClient(url + "/?apikey=k")))
                    Expect.equal e.ParamName "baseUrl" "names the argument"
                    let! e = refused (fun () -> Task.FromResult(new PostgrestClient(url + "/#x")))
                    Expect.equal e.ParamName "baseUrl" "names the argument"

                    let! e =
                        refused (fun () ->
                            Task.FromResult(new PostgrestClient(url.Replace("http://", "http://u:s3cret@"))))

                    Expect.isFalse (e.Message.Contains "s3cret") "the password is not printed"

                    for root in [ url; url + "/"; url + "//" ] do
                        use c = new PostgrestClient(root)
                        let! rows = c.From("kv").Select("k").Limit(1L).ToListAsync<JsonElement>()
                        Expect.isLessThanOrEqual rows.Count 1 (sprintf "%s works" root)
                })
        ]

/// The documented maximum nesting of and/or groups (Conditions.MaxDepth).
let private maxDepth = Conditions.MaxDepth

let private depth =
    testList
        "condition depth"
        [
            testCaseTask "a tree MaxDepth deep is accepted by PostgREST and filters correctly" (fun () ->
                task {
                    let tag = Server.uniqueTag "deep"
                    seedKv (tag + "-a") "a"
                    seedKv (tag + "-b") "b"

                    try
                        // Innermost: k = tag-a. Odd levels OR a condition no row meets (n = -1); even levels AND one
                        // every seeded row meets (n >= 0). The whole tree therefore selects tag-a alone.
                        let mutable c = Conditions.Col("k").Eq(tag + "-a")

                        for level in 1..maxDepth do
                            c <-
                                if level % 2 = 1 then
                                    Conditions.Or [ Conditions.Col("n").Eq(-1); c ]
                                else
                                    Conditions.And [ Conditions.Col("n").Gte(0); c ]

                        let query = client().From("kv").Where(c).Like("k", tag + "*")

                        Expect.isLessThan
                            (query.ToRequest().Uri.AbsoluteUri.Length)
                            48_000
                            "under the server's URL limit"

                        let! rows = query.ToListAsync<KvRow>()
                        Expect.equal (rows |> Seq.map (fun r -> r.K) |> List.ofSeq) [ tag + "-a" ] "only tag-a"

                        let! e = refused (fun () -> Task.FromResult(Conditions.Or [ Conditions.Col("n").Eq(-1); c ]))
                        Expect.equal e.ParamName "conditions" "one level more is refused"
                    finally
                        cleanup tag
                })
        ]

[<Tests>]
let tests =
    testList "Integration.HostileInput" [ values; preferences; headersAndUrls; depth ]
