module PgRest.GeneratorTests.OpenApiSourceTests

// Filled in by the issue 14 work.
