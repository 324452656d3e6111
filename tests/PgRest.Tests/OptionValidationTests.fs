/// Retry and client options are checked when they are set (the options object's construction), so that a bad value
/// fails at start-up with an exception naming the property, not at the first retry during an outage.
module PgRest.Tests.OptionValidationTests

open System
open Expecto
open PgRest

let private refused (property: string) (make: unit -> obj) =
    let e = Expect.throwsC (fun () -> make () |> ignore) id

    match e with
    | :? ArgumentOutOfRangeException as a -> Expect.equal a.ParamName property "the exception names the property"
    | other -> failtestf "%s: expected ArgumentOutOfRangeException, got %s" property (other.GetType().Name)

let private ms (x: float) = TimeSpan.FromMilliseconds x

[<Tests>]
let tests =
    testList
        "Unit.OptionValidation"
        [
            testCase "PostgrestRetryOptions refuses out-of-range values when they are set"
            <| fun () ->
                for value in [ 0; -1; Int32.MinValue ] do
                    refused "MaxAttempts" (fun () -> PostgrestRetryOptions(MaxAttempts = value))

                for value in [ ms -1.0; Threading.Timeout.InfiniteTimeSpan; TimeSpan.MinValue ] do
                    refused "BaseDelay" (fun () -> PostgrestRetryOptions(BaseDelay = value))
                    refused "MaxDelay" (fun () -> PostgrestRetryOptions(MaxDelay = value))
                    refused "MaxTotalDelay" (fun () -> PostgrestRetryOptions(MaxTotalDelay = value))

                // A single wait longer than a timer can hold (about 24.8 days) would fail at the first retry.
                for value in [ TimeSpan.MaxValue; TimeSpan.FromDays 30.0 ] do
                    refused "MaxDelay" (fun () -> PostgrestRetryOptions(MaxDelay = value))

            testCase "PostgrestRetryOptions accepts the edges of the valid ranges"
            <| fun () ->
                let o =
                    PostgrestRetryOptions(
                        MaxAttempts = 1,
                        BaseDelay = TimeSpan.Zero,
                        MaxDelay = TimeSpan.FromDays 24.0,
                        MaxTotalDelay = TimeSpan.MaxValue
                    )

                Expect.equal o.MaxAttempts 1 "one attempt"
                Expect.equal o.BaseDelay TimeSpan.Zero "no base delay"
                Expect.equal (PostgrestRetryOptions(MaxAttempts = Int32.MaxValue).MaxAttempts) Int32.MaxValue "many"

                Expect.equal
                    (PostgrestRetryOptions(BaseDelay = TimeSpan.MaxValue).BaseDelay)
                    TimeSpan.MaxValue
                    "capped by MaxDelay"

            testCase "PostgrestClientOptions refuses out-of-range values when they are set"
            <| fun () ->
                for value in
                    [
                        TimeSpan.Zero
                        ms -2.0
                        ms -0.5
                        TimeSpan.MinValue
                        TimeSpan.MaxValue
                        TimeSpan.FromDays 60.0
                    ] do
                    refused "Timeout" (fun () -> PostgrestClientOptions(Timeout = Nullable value))

                for value in [ 0L; -1L; Int64.MinValue ] do
                    refused "MaxBufferedBodySize" (fun () -> PostgrestClientOptions(MaxBufferedBodySize = value))

            testCase "PostgrestClientOptions accepts no timeout, an infinite one and the largest a timer holds"
            <| fun () ->
                Expect.isFalse (PostgrestClientOptions(Timeout = Nullable()).Timeout.HasValue) "none"

                for value in [ Threading.Timeout.InfiniteTimeSpan; ms 1.0; TimeSpan.FromDays 24.0 ] do
                    Expect.equal (PostgrestClientOptions(Timeout = Nullable value).Timeout) (Nullable value) "kept"

                Expect.equal (PostgrestClientOptions().MaxBufferedBodySize) (256L * 1024L * 1024L) "default 256 MiB"
                Expect.equal (PostgrestClientOptions(MaxBufferedBodySize = 1L).MaxBufferedBodySize) 1L "one byte"

            testCase "SensitiveHeaders: names are checked, and redacted in the rendered request"
            <| fun () ->
                Expect.throwsT<ArgumentException>
                    (fun () ->
                        new PostgrestClient(
                            "http://127.0.0.1:1",
                            PostgrestClientOptions(SensitiveHeaders = [| "a\r\nb" |])
                        )
                        |> ignore)
                    "a name with CR LF"

                Expect.throwsC
                    (fun () ->
                        new PostgrestClient(
                            "http://127.0.0.1:1",
                            PostgrestClientOptions(SensitiveHeaders = [| Unchecked.defaultof<string> |])
                        )
                        |> ignore)
                    (fun e -> Expect.isTrue (e :? ArgumentException) "a null name: ArgumentException")

                use c =
                    new PostgrestClient(
                        "http://127.0.0.1:1",
                        PostgrestClientOptions(
                            Headers =
                                readOnlyDict
                                    [
                                        "X-Api-Key", "key-value-1"
                                        "X-Tenant-Secret", "tenant-value-2"
                                        "X-Plain", "plain-3"
                                    ],
                            SensitiveHeaders = [| "x-tenant-secret" |]
                        )
                    )

                let derived =
                    c.WithHeader("X-Other-Secret", "other-value-4").WithBearer("token-value-5")

                let text = derived.Render(derived.From("t")).ToString()

                for secret in [ "key-value-1"; "tenant-value-2"; "token-value-5" ] do
                    Expect.isFalse (text.Contains secret) (sprintf "%s redacted in %s" secret text)

                Expect.stringContains text "plain-3" "other headers are shown"
                Expect.stringContains text "other-value-4" "a header not named sensitive is shown"
        ]

[<Tests>]
let scrubbingTests =
    testList
        "Unit.Secrets"
        [
            testCase "a credential cut by the end of a snippet's window is scrubbed too, a whole one anywhere"
            <| fun () ->
                let secret = "sk-" + String('q', 40) + "-end"

                use c =
                    new PostgrestClient(
                        "http://127.0.0.1:1",
                        PostgrestClientOptions(Headers = readOnlyDict [ "apikey", secret ])
                    )

                let request = c.Render(c.From("t"))

                for cut in [ 4; 10; secret.Length - 1 ] do
                    let text = "error near " + secret.Substring(0, cut)

                    let snippet =
                        PostgrestError.Snippet(
                            ReadOnlySpan(Text.Encoding.UTF8.GetBytes(text)),
                            Func<string | null, string | null>(fun t -> request.Scrub t)
                        )

                    Expect.isFalse (snippet.Contains(secret.Substring(0, 4))) (sprintf "cut at %d: %s" cut snippet)
                    Expect.stringEnds snippet "[redacted]" "marked"

                let whole = request.Scrub("a " + secret + " b " + secret)
                Expect.equal whole "a [redacted] b [redacted]" "every occurrence"

                Expect.equal
                    (request.Scrub "sk-q is not it")
                    "sk-q is not it"
                    "a 4-character prefix inside the text stays"
        ]
