module PgRest.GeneratorTests.GeneratedFSharpLiveTests

// Filled in by the issue 14 work.
