/// Strict row mapping against the live server (issue 15 §4): a column missing from the response for a non-optional
/// field is a decode error (PostgrestUnexpectedResponseException) naming the .NET field, the column and the row;
/// option, voption, Nullable and nullable-annotated fields may be absent; `AllowMissingColumns` is the way back.
module PgRest.IntegrationTests.StrictRowTests

open System
open System.Collections.Generic
open System.Threading
open System.Threading.Tasks
open Expecto
open PgRest
open PgRest.FSharp

/// api.items with every field required but `Qty`.
type ItemRow =
    {
        Id: int
        Name: string
        Category: string
    }

/// The same row where only `Id` is required.
type LooseItemRow =
    {
        Id: int
        Name: string option
        Category: string voption
        Qty: Nullable<int>
    }

/// A C#-style class: non-nullable and nullable-annotated reference properties, a value-type property.
[<AllowNullLiteral>]
type ItemClass() =
    member val Id = 0 with get, set
    member val Name: string = "" with get, set
    member val Category: string | null = null with get, set
    member val Price: Nullable<decimal> = Nullable() with get, set

type AuthorRow = { Name: string; Country: string }

type BookRow = { Title: string; Authors: AuthorRow }

let private client () = Server.client.Value

let private items () = client().From("items")

/// Runs `read` and returns the decode error it must raise.
let private decodeError (read: unit -> Task<'a>) : Task<PostgrestUnexpectedResponseException> =
    task {
        try
            let! value = read ()
            return failtestf "expected a decode error, got %A" value
        with :? PostgrestUnexpectedResponseException as e ->
            return e
    }

let private names (field: string) (column: string) (e: exn) =
    Expect.stringContains e.Message field "the message names the .NET field"
    Expect.stringContains e.Message $"'{column}'" "the message names the column"

let private streamAll<'T> (rows: IAsyncEnumerable<'T>) =
    task {
        let list = List<'T>()
        let e = rows.GetAsyncEnumerator()

        try
            let mutable go = true

            while go do
                let! more = e.MoveNextAsync()

                if more then list.Add e.Current else go <- false
        finally
            e.DisposeAsync().AsTask().Wait()

        return List.ofSeq list
    }

[<Tests>]
let tests =
    testList
        "Integration.StrictRows"
        [
            testCaseTask
                "a select= that leaves out a required F# string field fails, naming field, column and row"
                (fun () ->
                    task {
                        let! e = decodeError (fun () -> items().Select("id,name").Order("id").ToListAsync<ItemRow>())
                        names "ItemRow.Category" "category" e
                        Expect.stringContains e.Message "row 0" "the first row is the one that fails"
                    })

            testCaseTask "a NULL in a present column is not a missing column" (fun () ->
                task {
                    // item 4 has category NULL: present, so it decodes (as null in a non-option string field).
                    let! rows = items().Select("id,name,category").Eq("id", 4).ToListAsync<ItemRow>()
                    Expect.equal [ for r in rows -> r.Id, r.Name ] [ 4, "date" ] "decoded"
                })

            testCaseTask "option, voption and Nullable fields may be absent" (fun () ->
                task {
                    let! rows = items().Select("id").Lte("id", 2).Order("id").ToListAsync<LooseItemRow>()

                    Expect.equal
                        [ for r in rows -> r.Id, r.Name, r.Category, r.Qty.HasValue ]
                        [ 1, None, ValueNone, false; 2, None, ValueNone, false ]
                        "absent optional fields"
                })

            testCaseTask
                "a C#-style class: a nullable-annotated property may be absent, a non-nullable one may not"
                (fun () ->
                    task {
                        let! rows = items().Select("id,name").Eq("id", 1).ToListAsync<ItemClass>()

                        Expect.equal
                            [ for r in rows -> r.Id, r.Name, r.Category ]
                            [ 1, "apple", null ]
                            "category absent"

                        let! e =
                            decodeError (fun () -> items().Select("id,category").Eq("id", 1).ToListAsync<ItemClass>())

                        names "ItemClass.Name" "name" e
                    })

            testCaseTask "the row index is the failing row" (fun () ->
                task {
                    // Row 0 has every column, row 1 misses one: a table's rows always share their keys, so a function
                    // returning its json argument (api.json_rows) makes the body.
                    let rows =
                        [| box {| id = 1; name = "a"; category = "c" |}; box {| id = 2; name = "b" |} |]

                    let! e =
                        decodeError (fun () -> client().Rpc("json_rows", {| rows = rows |}).ToListAsync<ItemRow>())

                    names "ItemRow.Category" "category" e
                    Expect.stringContains e.Message "row 1" "the second row"
                })

            testCaseTask "an embedded row misses a column" (fun () ->
                task {
                    let! e =
                        decodeError (fun () ->
                            client()
                                .From("books")
                                .Select("title,authors!author_id(name)")
                                .Eq("id", 1)
                                .ToListAsync<BookRow>())

                    names "AuthorRow.Country" "country" e
                })

            testCaseTask "Single, MaybeSingle, streaming and a function's rows are strict too" (fun () ->
                task {
                    let one () = items().Select("id,name").Eq("id", 1)
                    let! single = decodeError (fun () -> one().SingleAsync<ItemRow>())
                    names "ItemRow.Category" "category" single
                    let! maybe = decodeError (fun () -> one().MaybeSingleAsync<ItemRow>())
                    names "ItemRow.Category" "category" maybe
                    let! streamed = decodeError (fun () -> streamAll (one().StreamAsync<ItemRow>()))
                    names "ItemRow.Category" "category" streamed

                    let! rpc =
                        decodeError (fun () ->
                            client().Rpc("items_by_cat", {| cat = "veg" |}).Select("id,name").ToListAsync<ItemRow>())

                    names "ItemRow.Category" "category" rpc
                    Expect.stringContains rpc.Message "row 0" "the first row"
                })

            testCaseTask "the F# layer: the decode error is raised, not an Error" (fun () ->
                task {
                    let! e =
                        decodeError (fun () ->
                            pgrest {
                                from "items"
                                select "id,name"
                            }
                            |> Pgrest.list<ItemRow> (client ()) CancellationToken.None)

                    names "ItemRow.Category" "category" e
                })

            testCaseTask "AllowMissingColumns is the way back (C# options; F# Client.createWith)" (fun () ->
                task {
                    use lenient =
                        new PostgrestClient(Server.testUrl (), PostgrestClientOptions(AllowMissingColumns = true))

                    let! rows = lenient.From("items").Select("id,name").Eq("id", 1).ToListAsync<ItemRow>()

                    Expect.equal
                        [ for r in rows -> r.Id, r.Name, isNull (box r.Category) ]
                        [ 1, "apple", true ]
                        "category null"

                    use fsharpLenient =
                        Client.createWith
                            (PostgrestClientOptions(
                                AllowMissingColumns = true,
                                JsonSerializerOptions = Client.defaultJsonOptions ()
                            ))
                            (Server.testUrl ())

                    let! result =
                        pgrest {
                            from "items"
                            select "id,name"
                            where (Filter.eq "id" 1)
                        }
                        |> Pgrest.list<ItemRow> fsharpLenient CancellationToken.None

                    Expect.equal
                        (result |> Result.map (List.map (fun r -> isNull (box r.Category))))
                        (Ok [ true ])
                        "F# client, category null"
                })
        ]
