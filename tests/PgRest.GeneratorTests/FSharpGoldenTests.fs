module PgRest.GeneratorTests.FSharpGoldenTests

// Filled in by the issue 14 work.
