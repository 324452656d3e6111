namespace PgRest.FSharp
