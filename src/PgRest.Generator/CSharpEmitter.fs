/// Writes C# source for PgRest.Core from the schema model (issue 14).
module PgRest.Generator.CSharpEmitter

open PgRest.Generator.Model

/// The C# file for `schema`.
let emit (options: EmitOptions) (schema: Schema) : string =
    ignore (options, schema)
    failwith "CSharpEmitter.emit: not implemented yet"
