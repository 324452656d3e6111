/// Assertions shared by the integration tests.
module PgRest.IntegrationTests.Expectations

open System.Threading.Tasks
open Expecto
open PgRest

/// Runs `work` and returns the exception of type 'E it fails with; any other outcome fails the test.
let expectThrows<'E, 'T when 'E :> exn> (work: unit -> Task<'T>) : Task<'E> =
    task {
        try
            let! _ = work ()
            return failtestf "expected %s" typeof<'E>.Name
        with
        | :? 'E as e -> return e
        | e -> return failtestf "expected %s but got %s: %s" typeof<'E>.Name (e.GetType().Name) e.Message
    }

/// Runs `work` and returns the PostgrestException it fails with (PostgREST's error answer).
let expectPostgrestError (work: unit -> Task<'T>) : Task<PostgrestException> =
    expectThrows<PostgrestException, 'T> work
