module PgRest.GeneratorTests.SourcesAgreeTests

// Filled in by the issue 14 work.
