/// Writes F# source for PgRest.FSharp from the schema model (issue 14).
module PgRest.Generator.FSharpEmitter

open PgRest.Generator.Model

/// The F# file for `schema`.
let emit (options: EmitOptions) (schema: Schema) : string =
    ignore (options, schema)
    failwith "FSharpEmitter.emit: not implemented yet"
