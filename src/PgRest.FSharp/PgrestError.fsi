namespace PgRest.FSharp

open PgRest

/// An error PostgREST answered with: HTTP status plus PostgREST's code, message, details and hint.
/// A body that was not PostgREST's JSON (e.g. a proxy's HTML page) has no code and carries a snippet.
type PgrestError =
    {
        /// The HTTP status code.
        Status: int
        /// PostgREST's code (PGRST116) or a PostgreSQL SQLSTATE (23505), when the body had one.
        Code: string option
        /// The error message.
        Message: string
        /// Details, when given (non-string JSON is kept as JSON text).
        Details: string option
        /// A hint, when given.
        Hint: string option
        /// The start of the body when it was not PostgREST's JSON error shape.
        BodySnippet: string option
    }

/// Conversions between the core's error values and PgrestError.
[<RequireQualifiedAccess>]
module PgrestError =

    /// Converts the core's PostgrestError.
    val ofPostgrestError: error: PostgrestError -> PgrestError

    /// Converts a PostgrestException (an error answer) into a PgrestError.
    val ofException: e: PostgrestException -> PgrestError
