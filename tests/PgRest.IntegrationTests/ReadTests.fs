/// Reading through the core client against the live server: select lists (strings and structured
/// SelectItem values), aliases, casts, JSON paths, embedding, spreads, aggregates and awkward identifiers.
module PgRest.IntegrationTests.ReadTests

open System.Collections.Generic
open System.Text.Json
open System.Threading.Tasks
open Expecto
open PgRest
open PgRest.IntegrationTests.Expectations

// ---- row types (snake_case column names come from the client's default JSON options) ----------------------

type IdName = { Id: int; Name: string }

type Aliased = { Ident: int; N: string }

type PriceText = { Id: int; Price: string option }

type AliasedPrice = { Id: int; P: string option }

type JsonPaths =
    {
        Id: int
        B: string option
        N: int option
        Arr: int option
    }

type NameOnly = { Name: string }

type BookWithAuthor =
    {
        Title: string
        Authors: NameOnly option
    }

type BookWithPublisher =
    {
        Title: string
        Publishers: NameOnly option
    }

type BookWithWriterAndEditor =
    {
        Title: string
        Writer: NameOnly option
        Editor: NameOnly option
    }

type BookWithSpread = { Title: string; Pub: string option }

type CategorySum =
    {
        Category: string option
        Sum: int option
    }

type CountRow = { Count: int }

type PublisherCount = { PublisherId: int option; Count: int }

type PublisherBookCount = { Name: string; Books: CountRow list }

type BookWithTags = { Title: string; Tags: NameOnly list }

// ---- helpers -------------------------------------------------------------------------------------------------

let private client () = Server.client.Value

/// The value of one key of a row read as a dictionary, as text.
let private text (row: Dictionary<string, JsonElement>) (key: string) =
    match row.TryGetValue key with
    | true, v -> v.ToString()
    | _ -> failtestf "the row has no key %s (keys: %A)" key (List.ofSeq row.Keys)

/// The awkward column names of "Weird Table".
let private weirdColumns =
    [ "Full Name"; "UPPER"; "a,b"; "x.y"; "c:d"; "p(q)"; "q\"uote" ]

// ---- tests ---------------------------------------------------------------------------------------------------

let private selectLists =
    testList
        "select lists"
        [
            testCaseTask "a select string returns only the listed columns" (fun () ->
                task {
                    let! rows = client().From("items").Select("id,name").Lt("id", 4).Order("id").ToListAsync<IdName>()

                    Expect.equal
                        (List.ofSeq rows)
                        [
                            { Id = 1; Name = "apple" }
                            { Id = 2; Name = "banana" }
                            { Id = 3; Name = "carrot" }
                        ]
                        "id and name of items 1-3"
                })

            testCaseTask "select params send each entry and return only those columns" (fun () ->
                task {
                    let! rows =
                        client()
                            .From("items")
                            .Select("id", "name")
                            .Lt("id", 3)
                            .Order("id")
                            .ToListAsync<Dictionary<string, JsonElement>>()

                    Expect.equal rows.Count 2 "two rows"
                    Expect.equal (List.ofSeq rows[0].Keys) [ "id"; "name" ] "only id and name come back"
                    Expect.equal (text rows[1] "name") "banana" "row 2"
                })

            testCaseTask "whitespace around select entries is dropped" (fun () ->
                task {
                    let! rows = client().From("items").Select(" id , name ").Eq("id", 2).ToListAsync<IdName>()

                    Expect.equal
                        (List.ofSeq rows)
                        [ { Id = 2; Name = "banana" } ]
                        "trimmed entries still name the columns"
                })

            testCaseTask "aliases rename the keys of the result" (fun () ->
                task {
                    let! rows = client().From("items").Select("ident:id,n:name").Eq("id", 1).ToListAsync<Aliased>()
                    Expect.equal (List.ofSeq rows) [ { Ident = 1; N = "apple" } ] "aliased keys"
                })

            testCaseTask "a cast turns numeric price into text" (fun () ->
                task {
                    let! rows =
                        client()
                            .From("items")
                            .Select("id,price::text")
                            .In("id", [ 1; 3 ])
                            .Order("id")
                            .ToListAsync<PriceText>()

                    Expect.equal
                        (List.ofSeq rows)
                        [ { Id = 1; Price = Some "1.50" }; { Id = 3; Price = None } ]
                        "the text keeps the numeric scale; NULL stays null"
                })

            testCaseTask "JSON paths are keyed by their last element" (fun () ->
                task {
                    let! rows =
                        client()
                            .From("items")
                            .Select("id,meta->a->>b,meta->n,meta->arr->0")
                            .In("id", [ 1; 3 ])
                            .Order("id")
                            .ToListAsync<JsonPaths>()

                    Expect.equal
                        (List.ofSeq rows)
                        [
                            {
                                Id = 1
                                B = Some "x1"
                                N = Some 1
                                Arr = Some 10
                            }
                            {
                                Id = 3
                                B = Some "x3"
                                N = Some 3
                                Arr = None
                            }
                        ]
                        "meta->a->>b as b, meta->n as n, meta->arr->0 as arr"
                })
        ]

let private structuredSelect =
    testList
        "structured SelectItem"
        [
            testCaseTask "SelectItem.Column with alias and cast" (fun () ->
                task {
                    let! rows =
                        client()
                            .From("items")
                            .Select(SelectItem.Column("id"), SelectItem.Column("price", alias = "p", cast = "text"))
                            .Eq("id", 5)
                            .ToListAsync<AliasedPrice>()

                    Expect.equal (List.ofSeq rows) [ { Id = 5; P = Some "2.10" } ] "p is the price as text"
                })

            testCaseTask "SelectItem.Column with a JSON path and an alias" (fun () ->
                task {
                    let! rows =
                        client()
                            .From("items")
                            .Select(SelectItem.Column("id"), SelectItem.Column("meta->a->>b", alias = "b"))
                            .Eq("id", 2)
                            .ToListAsync<JsonPaths>()

                    Expect.equal
                        (List.ofSeq rows)
                        [
                            {
                                Id = 2
                                B = Some "x2"
                                N = None
                                Arr = None
                            }
                        ]
                        "the aliased path"
                })

            testCaseTask "an embed with a foreign-key hint picks one of two relationships" (fun () ->
                task {
                    let! rows =
                        client()
                            .From("books")
                            .Select(
                                SelectItem.Column("title"),
                                SelectItem.Embed("authors", [ SelectItem.Column("name") ], hint = "author_id")
                            )
                            .Lte("id", 4)
                            .Order("id")
                            .ToListAsync<BookWithAuthor>()

                    Expect.equal
                        (List.ofSeq rows)
                        [
                            {
                                Title = "Earthsea"
                                Authors = Some { Name = "Ursula" }
                            }
                            {
                                Title = "Dispossessed"
                                Authors = Some { Name = "Ursula" }
                            }
                            {
                                Title = "Mort"
                                Authors = Some { Name = "Terry" }
                            }
                            { Title = "Orphan"; Authors = None }
                        ]
                        "the author (not the editor) of each book"
                })

            testCaseTask "an inner embed drops the book without a publisher" (fun () ->
                task {
                    let! rows =
                        client()
                            .From("books")
                            .Select(
                                SelectItem.Column("title"),
                                SelectItem.Embed("publishers", [ SelectItem.Column("name") ], join = EmbedJoin.Inner)
                            )
                            .Lte("id", 4)
                            .Order("id")
                            .ToListAsync<BookWithPublisher>()

                    Expect.equal
                        (rows |> Seq.map (fun (b: BookWithPublisher) -> b.Title) |> List.ofSeq)
                        [ "Earthsea"; "Dispossessed"; "Mort" ]
                        "book 4 (Orphan) has no publisher"

                    Expect.isTrue
                        (rows |> Seq.forall (fun (b: BookWithPublisher) -> b.Publishers.IsSome))
                        "every kept book has its publisher"
                })

            testCaseTask "an explicit left embed keeps the book without a publisher" (fun () ->
                task {
                    let! rows =
                        client()
                            .From("books")
                            .Select(
                                SelectItem.Column("title"),
                                SelectItem.Embed("publishers", [ SelectItem.Column("name") ], join = EmbedJoin.Left)
                            )
                            .Lte("id", 4)
                            .Order("id")
                            .ToListAsync<BookWithPublisher>()

                    Expect.equal
                        (List.ofSeq rows)
                        [
                            {
                                Title = "Earthsea"
                                Publishers = Some { Name = "Penguin" }
                            }
                            {
                                Title = "Dispossessed"
                                Publishers = Some { Name = "Tor" }
                            }
                            {
                                Title = "Mort"
                                Publishers = Some { Name = "Tor" }
                            }
                            { Title = "Orphan"; Publishers = None }
                        ]
                        "Orphan is kept with a null publisher"
                })

            testCaseTask "two embeds of one table under different aliases" (fun () ->
                task {
                    let! rows =
                        client()
                            .From("books")
                            .Select(
                                SelectItem.Column("title"),
                                SelectItem.Embed(
                                    "authors",
                                    [ SelectItem.Column("name") ],
                                    alias = "writer",
                                    hint = "author_id"
                                ),
                                SelectItem.Embed(
                                    "authors",
                                    [ SelectItem.Column("name") ],
                                    alias = "editor",
                                    hint = "editor_id"
                                )
                            )
                            .Eq("id", 3)
                            .ToListAsync<BookWithWriterAndEditor>()

                    Expect.equal
                        (List.ofSeq rows)
                        [
                            {
                                Title = "Mort"
                                Writer = Some { Name = "Terry" }
                                Editor = Some { Name = "Ursula" }
                            }
                        ]
                        "writer through author_id, editor through editor_id"
                })

            testCaseTask "a spread flattens the publisher's columns into the book" (fun () ->
                task {
                    let! rows =
                        client()
                            .From("books")
                            .Select(
                                SelectItem.Column("title"),
                                SelectItem.Spread("publishers", [ SelectItem.Column("name", alias = "pub") ])
                            )
                            .Lte("id", 4)
                            .Order("id")
                            .ToListAsync<BookWithSpread>()

                    Expect.equal
                        (List.ofSeq rows)
                        [
                            {
                                Title = "Earthsea"
                                Pub = Some "Penguin"
                            }
                            {
                                Title = "Dispossessed"
                                Pub = Some "Tor"
                            }
                            { Title = "Mort"; Pub = Some "Tor" }
                            { Title = "Orphan"; Pub = None }
                        ]
                        "pub sits next to title"
                })

            testCaseTask "the embedded many-to-many relation goes through the junction table" (fun () ->
                task {
                    let! rows =
                        client()
                            .From("books")
                            .Select(
                                SelectItem.Column("title"),
                                SelectItem.Embed("tags", [ SelectItem.Column("name") ])
                            )
                            .Lte("id", 4)
                            .Order("id")
                            .Order("name", referencedTable = "tags")
                            .ToListAsync<BookWithTags>()

                    Expect.equal
                        (List.ofSeq rows)
                        [
                            {
                                Title = "Earthsea"
                                Tags = [ { Name = "fantasy" } ]
                            }
                            {
                                Title = "Dispossessed"
                                Tags = [ { Name = "sf" } ]
                            }
                            {
                                Title = "Mort"
                                Tags = [ { Name = "fantasy" }; { Name = "humour" } ]
                            }
                            { Title = "Orphan"; Tags = [] }
                        ]
                        "tags of each book via book_tags"
                })
        ]

let private aggregates =
    testList
        "aggregates"
        [
            testCaseTask "count() counts all rows" (fun () ->
                task {
                    let! rows = client().From("books").Select(SelectItem.Count()).Lte("id", 4).ToListAsync<CountRow>()
                    Expect.equal (List.ofSeq rows) [ { Count = 4 } ] "four fixture books"
                })

            testCaseTask "count() is grouped by the other selected columns" (fun () ->
                task {
                    let! rows =
                        client()
                            .From("books")
                            .Select(SelectItem.Column("publisher_id"), SelectItem.Count())
                            .Lte("id", 4)
                            .Order("publisher_id")
                            .ToListAsync<PublisherCount>()

                    Expect.equal
                        (List.ofSeq rows)
                        [
                            { PublisherId = Some 1; Count = 1 }
                            { PublisherId = Some 2; Count = 2 }
                            { PublisherId = None; Count = 1 }
                        ]
                        "books per publisher"
                })

            testCaseTask "qty.sum() is grouped by category" (fun () ->
                task {
                    let! rows =
                        client()
                            .From("items")
                            .Select(SelectItem.Column("category"), SelectItem.Aggregate("qty", AggregateFunction.Sum))
                            .Lte("id", 6)
                            .Order("category")
                            .ToListAsync<CategorySum>()

                    Expect.equal
                        (List.ofSeq rows)
                        [
                            {
                                Category = Some "dessert"
                                Sum = Some 2
                            }
                            {
                                Category = Some "fruit"
                                Sum = Some 10
                            }
                            { Category = Some "veg"; Sum = Some 12 }
                            { Category = None; Sum = None }
                        ]
                        "sum of qty per category (NULLs ignored)"
                })

            testCaseTask "an aggregate can be aliased" (fun () ->
                task {
                    let! rows =
                        client()
                            .From("items")
                            .Select(SelectItem.Aggregate("qty", AggregateFunction.Max, alias = "count"))
                            .Lte("id", 6)
                            .ToListAsync<CountRow>()

                    Expect.equal (List.ofSeq rows) [ { Count = 10 } ] "max(qty) under the alias"
                })

            testCaseTask "books(count) counts the embedded rows per parent" (fun () ->
                task {
                    let! rows =
                        client()
                            .From("publishers")
                            .Select("name,books(count)")
                            .Lte("id", 2)
                            .Where(Conditions.Col("id").Lte(4), "books")
                            .Order("id")
                            .ToListAsync<PublisherBookCount>()

                    Expect.equal
                        (List.ofSeq rows)
                        [
                            {
                                Name = "Penguin"
                                Books = [ { Count = 1 } ]
                            }
                            {
                                Name = "Tor"
                                Books = [ { Count = 2 } ]
                            }
                        ]
                        "one Penguin book, two Tor books"
                })
        ]

let private identifiers =
    testList
        "awkward identifiers"
        [
            testCaseTask "a table name with a space is a valid path" (fun () ->
                task {
                    let! rows =
                        client()
                            .From("Weird Table")
                            .Select("id")
                            .Order("id")
                            .ToListAsync<Dictionary<string, JsonElement>>()

                    Expect.equal (rows |> Seq.map (fun r -> text r "id") |> List.ofSeq) [ "1"; "2" ] "both rows"
                })

            testCaseTask "a column with a space can be selected unquoted in a select string" (fun () ->
                task {
                    let! rows =
                        client()
                            .From("Weird Table")
                            .Select("id, Full Name")
                            .Eq("id", 1)
                            .ToListAsync<Dictionary<string, JsonElement>>()

                    Expect.equal (text rows[0] "Full Name") "Ann Lee" "Full Name of row 1"
                })

            testCaseTask "SelectItem.Column quotes every awkward column name" (fun () ->
                task {
                    let items =
                        [|
                            yield SelectItem.Column("id")
                            for c in weirdColumns -> SelectItem.Column(c)
                        |]

                    let! rows =
                        client()
                            .From("Weird Table")
                            .Select(items)
                            .Eq("id", 2)
                            .ToListAsync<Dictionary<string, JsonElement>>()

                    Expect.equal rows.Count 1 "one row"
                    let row = rows[0]
                    Expect.equal (List.ofSeq row.Keys) ("id" :: weirdColumns) "the keys are the real column names"

                    Expect.equal
                        [ for c in weirdColumns -> text row c ]
                        [ "Bob Ray"; "20"; "ab2"; "xy2"; "cd2"; "pq2"; "qu2" ]
                        "values of row 2"
                })

            testCaseTask "an aliased awkward column" (fun () ->
                task {
                    let! rows =
                        client()
                            .From("Weird Table")
                            .Select(SelectItem.Column("a,b", alias = "my alias"))
                            .Eq("id", 1)
                            .ToListAsync<Dictionary<string, JsonElement>>()

                    Expect.equal (text rows[0] "my alias") "ab1" "alias with a space"
                })

            yield!
                [
                    "Full Name", box "Bob Ray"
                    "UPPER", box 20
                    "a,b", box "ab2"
                    "x.y", box "xy2"
                    "c:d", box "cd2"
                    "p(q)", box "pq2"
                    "q\"uote", box "qu2"
                ]
                |> List.map (fun (column, value) ->
                    testCaseTask $"a filter on the column {column} finds row 2" (fun () ->
                        task {
                            let! rows =
                                client()
                                    .From("Weird Table")
                                    .Select("id")
                                    .Eq(column, value)
                                    .ToListAsync<Dictionary<string, JsonElement>>()

                            Expect.equal (rows |> Seq.map (fun r -> text r "id") |> List.ofSeq) [ "2" ] "only row 2"
                        }))

            testCaseTask "awkward columns work inside a logic tree" (fun () ->
                task {
                    let! rows =
                        client()
                            .From("Weird Table")
                            .Select("id")
                            .Or(
                                [
                                    Conditions.Col("a,b").Eq("ab1")
                                    Conditions.Col("x.y").Eq("xy2")
                                    Conditions.Col("q\"uote").Eq("nothing")
                                ]
                            )
                            .Order("id")
                            .ToListAsync<Dictionary<string, JsonElement>>()

                    Expect.equal (rows |> Seq.map (fun r -> text r "id") |> List.ofSeq) [ "1"; "2" ] "both rows match"
                })

            yield!
                weirdColumns
                |> List.map (fun column ->
                    testCaseTask $"ordering by the column {column} descending puts row 2 first" (fun () ->
                        task {
                            let! rows =
                                client()
                                    .From("Weird Table")
                                    .Select("id")
                                    .Order(column, ascending = false)
                                    .ToListAsync<Dictionary<string, JsonElement>>()

                            Expect.equal
                                (rows |> Seq.map (fun r -> text r "id") |> List.ofSeq)
                                [ "2"; "1" ]
                                "descending"
                        }))

            testCaseTask "a case-sensitive table and its columns" (fun () ->
                task {
                    let! rows = client().From("CamelTable").Select("Id,Name").Eq("Id", 2).ToListAsync<IdName>()
                    Expect.equal (List.ofSeq rows) [ { Id = 2; Name = "two" } ] "row 2 of CamelTable"
                })
        ]

let private errors =
    testList
        "errors"
        [
            testCaseTask "an ambiguous embed is a 300 PGRST201 with the candidate relationships in Details" (fun () ->
                task {
                    let! e =
                        expectPostgrestError (fun () ->
                            client().From("books").Select("title,authors(name)").ToListAsync<BookWithAuthor>())

                    Expect.equal e.Status 300 "Multiple Choices"
                    Expect.equal e.Code "PGRST201" "ambiguous embed"

                    match e.Details with
                    | null -> failtest "Details should list the relationships"
                    | details ->
                        Expect.stringContains details "books_author_id_fkey" "first candidate"
                        Expect.stringContains details "books_editor_id_fkey" "second candidate"

                    Expect.isNotNull e.Hint "the hint suggests a !fk"
                })

            testCaseTask "an unknown column is a 400 42703" (fun () ->
                task {
                    let! e =
                        expectPostgrestError (fun () ->
                            client().From("items").Select("id,nosuch").ToListAsync<IdName>())

                    Expect.equal e.Status 400 "Bad Request"
                    Expect.equal e.Code "42703" "undefined column"
                    Expect.stringContains e.ServerMessage "nosuch" "the message names the column"
                })
        ]

[<Tests>]
let tests =
    testList "Integration.Read" [ selectLists; structuredSelect; aggregates; identifiers; errors ]
