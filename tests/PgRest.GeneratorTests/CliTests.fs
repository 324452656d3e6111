module PgRest.GeneratorTests.CliTests

// Filled in by the issue 14 work.
