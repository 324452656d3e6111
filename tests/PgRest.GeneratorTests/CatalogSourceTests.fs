module PgRest.GeneratorTests.CatalogSourceTests

// Filled in by the issue 14 work.
