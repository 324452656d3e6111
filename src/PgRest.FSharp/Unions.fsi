namespace PgRest.FSharp

open System
open System.Text.Json
open System.Text.Json.Serialization

/// The PostgreSQL enum label of a case of a fieldless F# union, when it differs from the case name:
/// `type Mood = | [<EnumLabel "sad">] Sad | [<EnumLabel "happy">] Happy`.
[<Sealed>]
[<AttributeUsage(AttributeTargets.Property ||| AttributeTargets.Method ||| AttributeTargets.Field, AllowMultiple = false)>]
type EnumLabelAttribute =
    inherit Attribute

    /// A case sent and read as `label`.
    new: label: string -> EnumLabelAttribute

    /// The label.
    member Label: string

/// A System.Text.Json converter for fieldless F# unions (every case without fields), the F# shape of a PostgreSQL
/// enum: each case is the JSON string of its name, or of its `[<EnumLabel>]`; an unknown label is a JsonException.
/// Part of `Client.defaultJsonOptions ()` and of the clients `Client.create` makes; add it to your own options with
/// `options.Converters.Add(FieldlessUnionConverter())`.
[<Sealed>]
type FieldlessUnionConverter =
    inherit JsonConverterFactory

    /// The converter factory.
    new: unit -> FieldlessUnionConverter

    /// True for an F# union type whose cases all have no fields (not option, list or a union with data).
    override CanConvert: typeToConvert: Type -> bool

    /// The converter for one union type.
    override CreateConverter: typeToConvert: Type * options: JsonSerializerOptions -> JsonConverter | null

/// Fieldless union values as filter values (internal to the F# layer).
module internal Unions =

    /// The label of a fieldless union value (boxed), a sequence of them as an array of labels, any other value as it
    /// is.
    val labelled: value: obj | null -> obj | null
