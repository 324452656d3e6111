namespace PgRest.FSharp

// The public surface and its documentation: PgrestError.fsi.

open PgRest

type PgrestError =
    {
        Status: int
        Code: string option
        Message: string
        Details: string option
        Hint: string option
        BodySnippet: string option
    }

[<RequireQualifiedAccess>]
module PgrestError =

    let ofPostgrestError (error: PostgrestError) : PgrestError =
        {
            Status = error.Status
            Code = Option.ofObj error.Code
            Message = error.Message
            Details = Option.ofObj error.Details
            Hint = Option.ofObj error.Hint
            BodySnippet = Option.ofObj error.BodySnippet
        }

    let ofException (e: PostgrestException) : PgrestError = ofPostgrestError e.Error
