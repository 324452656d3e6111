/// Where the live servers are: read from `.run/env` (written by scripts/server-start.sh) or from the
/// environment. A missing server is a failure, never a skip.
module PgRest.IntegrationTests.Server

open System
open System.Diagnostics
open System.IO
open System.Security.Cryptography
open System.Text
open PgRest

let private repoRoot =
    let rec up (dir: DirectoryInfo | null) =
        match dir with
        | null -> failwith "Could not find the repository root (PgRest.sln) above the test binaries."
        | d when File.Exists(Path.Combine(d.FullName, "PgRest.sln")) -> d.FullName
        | d -> up d.Parent

    up (DirectoryInfo AppContext.BaseDirectory)

let private settings: Map<string, string> =
    let file = Path.Combine(repoRoot, ".run", "env")

    let fromFile =
        if File.Exists file then
            File.ReadAllLines file
            |> Array.choose (fun line ->
                match line.IndexOf '=' with
                | i when i > 0 && not (line.StartsWith "#") -> Some(line.Substring(0, i), line.Substring(i + 1))
                | _ -> None)
            |> Map.ofArray
        else
            Map.empty

    [
        "PGREST_TEST_URL"
        "PGREST_DEMO_URL"
        "PGREST_JWT_SECRET"
        "PGREST_PG_URI_TEST"
        "PGREST_BIN"
        "PGREST_TEST_CONFIG"
    ]
    |> List.fold
        (fun acc key ->
            match Environment.GetEnvironmentVariable key with
            | null
            | "" -> acc
            | value -> Map.add key value acc)
        fromFile

/// A setting of the running servers; fails loudly when the servers were not started.
let setting (key: string) : string =
    match Map.tryFind key settings with
    | Some value -> value
    | None ->
        failwithf
            "%s is not set: start the servers with scripts/server-start.sh (or run scripts/test.sh), which writes .run/env."
            key

/// The test PostgREST instance (schemas api, v2).
let testUrl () = setting "PGREST_TEST_URL"

/// One shared client for the test instance: clients are immutable and thread-safe.
let client: Lazy<PostgrestClient> = lazy (new PostgrestClient(testUrl ()))

/// An HS256 JWT for `role` signed with the test instance's secret, with optional extra claims (JSON members).
let jwt (role: string) (extraClaims: string) : string =
    let b64 (bytes: byte[]) =
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_')

    let header = b64 (Encoding.UTF8.GetBytes """{"alg":"HS256","typ":"JWT"}""")

    let extra =
        if String.IsNullOrEmpty extraClaims then
            ""
        else
            "," + extraClaims

    let payload = b64 (Encoding.UTF8.GetBytes(sprintf """{"role":"%s"%s}""" role extra))
    use hmac = new HMACSHA256(Encoding.UTF8.GetBytes(setting "PGREST_JWT_SECRET"))

    let signature =
        b64 (hmac.ComputeHash(Encoding.ASCII.GetBytes(header + "." + payload)))

    header + "." + payload + "." + signature

/// Runs SQL against the test database as the superuser (for seeding and checks); returns psql's output.
let sql (statement: string) : string =
    let info =
        ProcessStartInfo(
            "psql",
            [
                setting "PGREST_PG_URI_TEST"
                "-v"
                "ON_ERROR_STOP=1"
                "-qAtX"
                "-c"
                statement
            ]
        )

    info.RedirectStandardOutput <- true
    info.RedirectStandardError <- true
    use p = nonNull (Process.Start info)
    let out = p.StandardOutput.ReadToEnd()
    let err = p.StandardError.ReadToEnd()
    p.WaitForExit()

    if p.ExitCode <> 0 then
        failwithf "psql failed (%d): %s" p.ExitCode err

    out.TrimEnd()

/// A unique tag for rows a test creates, so tests can run in parallel without seeing each other's rows.
let uniqueTag (prefix: string) =
    sprintf "%s-%s" prefix (Guid.NewGuid().ToString("N").Substring(0, 12))
