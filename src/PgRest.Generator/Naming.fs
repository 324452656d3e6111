/// Database names → .NET identifiers, shared by the emitters: deterministic, never dropping a name. Language
/// keywords and escaping are each emitter's business; this module only shapes words.
module PgRest.Generator.Naming

open System
open System.Text

/// The words of a database name: split at every character that is not a letter or digit and where a lower-case
/// letter or digit is followed by an upper-case one ("first name" → first, name; "bookId" → book, Id).
let words (name: string) : string list =
    let result = ResizeArray<string>()
    let current = StringBuilder()

    let flush () =
        if current.Length > 0 then
            result.Add(current.ToString())
            current.Clear() |> ignore

    for i in 0 .. name.Length - 1 do
        let c = name[i]

        if Char.IsLetterOrDigit c then
            if
                i > 0
                && Char.IsUpper c
                && (Char.IsLower name[i - 1] || Char.IsDigit name[i - 1])
            then
                flush ()

            current.Append c |> ignore
        else
            flush ()

    flush ()
    List.ofSeq result

/// A name for a name that has no letter or digit at all: "X" and the UTF-16 code units in hex ("%%" → X2525).
let private codeUnitsName (name: string) =
    "X" + String.Join("", name |> Seq.map (fun c -> (int c).ToString("X4")))

let private startSafe (identifier: string) =
    if identifier.Length > 0 && Char.IsDigit identifier[0] then
        "_" + identifier
    else
        identifier

let private capitalize (word: string) =
    string (Char.ToUpperInvariant word[0]) + word.Substring 1

/// PascalCase: "first name" → FirstName, "author_id" → AuthorId, "Upper" → Upper, "1st" → _1st.
let pascalCase (name: string) : string =
    match words name with
    | [] -> codeUnitsName name
    | ws -> ws |> List.map capitalize |> String.concat "" |> startSafe

/// camelCase: "first name" → firstName, "Book_Status" → bookStatus, "1st" → _1st.
let camelCase (name: string) : string =
    match words name with
    | [] -> codeUnitsName name
    | first :: rest ->
        (first.ToLowerInvariant() :: List.map capitalize rest)
        |> String.concat ""
        |> startSafe

/// Makes the names of one scope distinct, in order: the first keeps its name, a later duplicate gets the lowest
/// free suffix 2, 3, … ("first name", "first_name" → FirstName, FirstName2). `taken` are names already used in the
/// scope (e.g. the type's own name, which a C# member may not repeat).
let distinct (taken: string seq) (names: string list) : string list =
    let used = Collections.Generic.HashSet<string>(taken, StringComparer.Ordinal)

    names
    |> List.map (fun name ->
        if used.Add name then
            name
        else
            let free =
                Seq.initInfinite (fun i -> name + string (i + 2))
                |> Seq.find (fun n -> not (used.Contains n))

            used.Add free |> ignore
            free)
