namespace PgRest.FSharp

// The public surface and its documentation: Unions.fsi.

open System
open System.Collections
open System.Collections.Concurrent
open System.Text.Json
open System.Text.Json.Serialization
open Microsoft.FSharp.Reflection

[<Sealed>]
[<AttributeUsage(AttributeTargets.Property ||| AttributeTargets.Method ||| AttributeTargets.Field, AllowMultiple = false)>]
type EnumLabelAttribute(label: string) =
    inherit Attribute()
    member _.Label = label

/// The labels of one fieldless union type, by tag, and its values by label.
type private UnionLabels(t: Type) =
    let cases = FSharpType.GetUnionCases(t, true)
    let tagOf = FSharpValue.PreComputeUnionTagReader(t, true)

    let labels =
        cases
        |> Array.map (fun c ->
            match c.GetCustomAttributes(typeof<EnumLabelAttribute>) with
            | [| :? EnumLabelAttribute as a |] -> a.Label
            | _ -> c.Name)

    let values =
        cases
        |> Array.mapi (fun i c -> labels[i], FSharpValue.MakeUnion(c, [||], true))
        |> dict

    member _.Label(value: obj) = labels[tagOf value]

    member _.TryValue(label: string) =
        match values.TryGetValue label with
        | true, v -> Some v
        | _ -> None

    member _.Labels = labels

module private UnionTypes =
    let private fieldless = ConcurrentDictionary<Type, UnionLabels option>()

    /// The labels of `t` when it is a fieldless union (not option or list: their cases have fields).
    let labelsOf (t: Type) =
        fieldless.GetOrAdd(
            t,
            fun t ->
                if
                    FSharpType.IsUnion(t, true)
                    && FSharpType.GetUnionCases(t, true)
                       |> Array.forall (fun c -> c.GetFields().Length = 0)
                then
                    Some(UnionLabels t)
                else
                    None
        )

type private FieldlessUnionConverterOf<'T>(labels: UnionLabels) =
    inherit JsonConverter<'T>()

    override _.Read(reader, _, _) =
        if reader.TokenType <> JsonTokenType.String then
            raise (JsonException $"A {typeof<'T>.Name} is read from a JSON string, not {reader.TokenType}.")

        let label = reader.GetString() |> nonNull

        match labels.TryValue label with
        | Some v -> unbox<'T> v
        | None ->
            let known = String.Join(", ", labels.Labels)
            raise (JsonException $"'{label}' is not a label of {typeof<'T>.Name} (expected one of: {known}).")

    override _.Write(writer, value, _) =
        match box value with
        | null -> writer.WriteNullValue()
        | v -> writer.WriteStringValue(labels.Label v)

[<Sealed>]
type FieldlessUnionConverter() =
    inherit JsonConverterFactory()

    override _.CanConvert(typeToConvert: Type) =
        (UnionTypes.labelsOf typeToConvert).IsSome

    override _.CreateConverter(typeToConvert: Type, _: JsonSerializerOptions) : JsonConverter | null =
        let labels = (UnionTypes.labelsOf typeToConvert).Value

        let converter =
            nonNull (
                Activator.CreateInstance(typedefof<FieldlessUnionConverterOf<_>>.MakeGenericType typeToConvert, labels)
            )
            :?> JsonConverter

        converter

module internal Unions =

    /// `Some x` / `ValueSome x` as `x`; anything else unchanged (None is null, left to the core).
    let private someValue (v: obj) : obj | null =
        let t = v.GetType()

        if
            t.IsGenericType
            && (t.GetGenericTypeDefinition() = typedefof<option<_>>
                || t.GetGenericTypeDefinition() = typedefof<voption<_>>)
        then
            match FSharpValue.GetUnionFields(v, t, true) with
            | _, [| inner |] -> inner
            | _ -> v
        else
            v

    let labelled (value: obj | null) : obj | null =
        match value with
        | null -> null
        | :? string -> value
        | v ->
            let inner =
                match someValue v with
                | null -> v
                | i -> i

            match UnionTypes.labelsOf (inner.GetType()) with
            | Some labels -> box (labels.Label inner)
            | None ->
                match v with
                | :? IEnumerable as items ->
                    let elementLabels =
                        v.GetType().GetInterfaces()
                        |> Array.tryPick (fun i ->
                            if
                                i.IsGenericType
                                && i.GetGenericTypeDefinition() = typedefof<Generic.IEnumerable<_>>
                            then
                                UnionTypes.labelsOf (i.GetGenericArguments()[0])
                            else
                                None)

                    match elementLabels with
                    | Some labels ->
                        items
                        |> Seq.cast<obj | null>
                        |> Seq.map (fun e ->
                            match e with
                            | null -> null
                            | e -> labels.Label e)
                        |> Array.ofSeq
                        |> box
                    | None -> value
                | _ -> value
