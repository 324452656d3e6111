using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;

namespace PgRest.Internal;

/// <summary>The JSON body of a write or an RPC call; serialized when the request is rendered.</summary>
internal abstract class RequestBody
{
    /// <summary>Serializes the body with the client's serializer options.</summary>
    public abstract byte[] Serialize(JsonSerializerOptions options);

    /// <summary>The JSON of the body as an element, for GET RPC arguments.</summary>
    public JsonElement ToElement(JsonSerializerOptions options)
    {
        using var document = JsonDocument.Parse(Serialize(options));
        return document.RootElement.Clone();
    }

    /// <summary>
    /// The union of the keys of the objects in a JSON array, in first-seen order, or <c>null</c> when the body is
    /// not an array of objects. Sent as <c>columns=</c> so rows with missing keys are accepted.
    /// </summary>
    /// <remarks>Rows serialized from one type list their keys in the same order, so each key is first compared, as
    /// raw UTF-8, with the key found at the same position before; only a key that differs is decoded to a string and
    /// looked up. A bulk insert of a thousand rows then allocates nothing per row here.</remarks>
    public static IReadOnlyList<string>? ArrayColumns(byte[] json)
    {
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
        {
            return null;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var columns = new List<string>();
        var keyAt = new List<byte[]?>();   // the UTF-8 key last seen at each position within a row
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            var position = 0;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                if (position >= keyAt.Count || keyAt[position] is not { } known || !reader.ValueTextEquals(known))
                {
                    var name = reader.GetString()!;
                    if (seen.Add(name))
                    {
                        columns.Add(name);
                    }

                    // A name with a lone surrogate has no exact UTF-8 form: it always takes the lookup.
                    var utf8 = name.AsSpan().ContainsAnyInRange('\uD800', '\uDFFF') ? null : Encoding.UTF8.GetBytes(name);
                    if (position < keyAt.Count)
                    {
                        keyAt[position] = utf8;
                    }
                    else
                    {
                        keyAt.Add(utf8);
                    }
                }

                position++;
                reader.Read();
                reader.Skip();
            }
        }

        return columns.Count == 0 ? null : columns;
    }

    /// <summary>The keys of a JSON object body, or <c>null</c> when the body is not an object.</summary>
    public static IReadOnlyList<string>? ObjectColumns(byte[] json)
    {
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        var columns = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            columns.Add(reader.GetString()!);
            reader.Read();
            reader.Skip();
        }

        return columns;
    }
}

/// <summary>A .NET value serialized with System.Text.Json (with options that refuse lone surrogates, see
/// <see cref="CheckedJson"/>); <paramref name="paramName"/> names the argument it came from.</summary>
internal sealed class ValueBody(object? value, Type type, string paramName) : RequestBody
{
    public override byte[] Serialize(JsonSerializerOptions options)
    {
        try
        {
            return JsonSerializer.SerializeToUtf8Bytes(value, type, options);
        }
        catch (CheckedJson.UnsendableTextException e)
        {
            throw new ArgumentException(e.Message, paramName);
        }
    }
}

/// <summary>JSON text given by the caller, validated when the body is created.</summary>
internal sealed class RawJsonBody : RequestBody
{
    private readonly byte[] _utf8;

    public RawJsonBody(string json, string paramName)
    {
        ArgumentNullException.ThrowIfNull(json, paramName);
        Guard.NoLoneSurrogates(json, paramName);
        using (JsonDocument.Parse(json))
        {
        }

        _utf8 = Encoding.UTF8.GetBytes(json);
        NoEscapedLoneSurrogates(_utf8, paramName);
    }

    /// <summary>Refuses a string or key whose escapes decode to a lone surrogate (<c>"\uD800"</c>): it is valid JSON
    /// syntax, but PostgREST would store U+FFFD in its place.</summary>
    private static void NoEscapedLoneSurrogates(byte[] utf8, string paramName)
    {
        var reader = new Utf8JsonReader(utf8);
        while (reader.Read())
        {
            if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped)
            {
                try
                {
                    reader.GetString();
                }
                catch (InvalidOperationException)
                {
                    throw new ArgumentException(
                        $"The JSON text holds an escaped lone surrogate near byte {reader.TokenStartIndex}: it is not "
                        + "valid Unicode and would be stored as U+FFFD.",
                        paramName);
                }
            }
        }
    }

    public override byte[] Serialize(JsonSerializerOptions options) => (byte[])_utf8.Clone();
}
