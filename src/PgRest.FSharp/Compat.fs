namespace PgRest.FSharp

// The public surface and its documentation: Compat.fsi (internal).

open System

[<AutoOpen>]
module internal Compat =
    let inline nonNull (value: 'T | null) : 'T =
        match value with
        | null -> raise (NullReferenceException "A value that must not be null was null.")
        | v -> v
