/// Reads one schema from the PostgreSQL catalog over a connection string (Npgsql) into the schema model (issue 14).
module PgRest.Generator.CatalogSource

open PgRest.Generator.Model

/// Reads `schema` from the database `connectionString` points at. The origin's location carries no password.
let read (connectionString: string) (schema: string) : Schema =
    ignore (connectionString, schema)
    failwith "CatalogSource.read: not implemented yet"
