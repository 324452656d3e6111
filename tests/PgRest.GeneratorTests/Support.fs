module PgRest.GeneratorTests.Support

// Filled in by the issue 14 work.
