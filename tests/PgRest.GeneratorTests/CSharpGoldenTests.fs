module PgRest.GeneratorTests.CSharpGoldenTests

// Filled in by the issue 14 work.
