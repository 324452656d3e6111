using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PgRest.Internal;

/// <summary>
/// What a client contributes to every request it renders, with what can be worked out once per client: the URL
/// prefix every request starts with, and the header lists of queries that add no header or preference of their own.
/// </summary>
internal sealed class ClientSettings
{
    private static readonly int FormatCount = Enum.GetValues<ResponseFormat>().Length;

    // One slot per (format, reads only, has body); filled on first use. Racing threads store equal lists.
    private readonly IReadOnlyList<KeyValuePair<string, string>>?[] _plainHeaders;

    private readonly Lazy<JsonSerializerOptions> _argumentJson;

    private readonly Lazy<JsonSerializerOptions> _bodyJson;

    private readonly Lazy<JsonSerializerOptions> _writeJson;

    public ClientSettings(
        Uri baseUri, string? schema, IReadOnlyList<KeyValuePair<string, string>> headers, JsonSerializerOptions json,
        TimeSpan? timeout)
        : this(
            baseUri, schema, headers, json, timeout,
            new Lazy<JsonSerializerOptions>(() => CheckedJson.Validating(json, refuseNul: true, new VariadicMarkerConverter())),
            new Lazy<JsonSerializerOptions>(() => CheckedJson.Validating(json, refuseNul: false, new DBNullConverter())),
            new Lazy<JsonSerializerOptions>(() => CheckedJson.Validating(
                WriteBodies.Options(json), refuseNul: false, new DBNullConverter())))
    {
    }

    private ClientSettings(
        Uri baseUri, string? schema, IReadOnlyList<KeyValuePair<string, string>> headers, JsonSerializerOptions json,
        TimeSpan? timeout, Lazy<JsonSerializerOptions> argumentJson, Lazy<JsonSerializerOptions> bodyJson,
        Lazy<JsonSerializerOptions> writeJson)
    {
        BaseUri = baseUri;
        Schema = schema;
        Headers = headers;
        Json = json;
        Timeout = timeout;
        UrlPrefix = baseUri.AbsoluteUri.TrimEnd('/') + "/";
        _plainHeaders = new IReadOnlyList<KeyValuePair<string, string>>?[FormatCount * 4];
        _argumentJson = argumentJson;
        _bodyJson = bodyJson;
        _writeJson = writeJson;
    }

    public Uri BaseUri { get; }

    public string? Schema { get; }

    /// <summary>The client's own headers (credentials included), in order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; }

    public JsonSerializerOptions Json { get; }

    /// <summary>The client's JSON options with converters that refuse strings holding U+0000 or a lone surrogate (see
    /// <see cref="CheckedJson"/>): used for function arguments sent in a query string (GET/HEAD), because the
    /// serializer would otherwise turn a lone surrogate into U+FFFD before the URL writer could see it. Built on first
    /// use, shared by derived clients.</summary>
    public JsonSerializerOptions ArgumentJson => _argumentJson.Value;

    /// <summary>The client's JSON options with converters that refuse strings (values, keys, property names) holding a
    /// lone surrogate, which the serializer would write as U+FFFD: used for request bodies (see
    /// <see cref="CheckedJson"/>). U+0000 is left to PostgreSQL, which refuses it (22P05). Shared by derived
    /// clients.</summary>
    public JsonSerializerOptions BodyJson => _bodyJson.Value;

    /// <summary><see cref="BodyJson"/> for insert, upsert and update bodies: null properties are left out (the column
    /// takes its DEFAULT, or keeps its value), <see cref="DBNull.Value"/> is an explicit NULL (see
    /// <see cref="WriteBodies"/>). Shared by derived clients.</summary>
    public JsonSerializerOptions WriteJson => _writeJson.Value;

    public TimeSpan? Timeout { get; }

    /// <summary>The base URL with exactly one trailing slash, already encoded (it comes from a <see cref="Uri"/>).</summary>
    public string UrlPrefix { get; }

    /// <summary>The same settings with another schema and header list (a derived client).</summary>
    public ClientSettings With(string? schema, IReadOnlyList<KeyValuePair<string, string>> headers) =>
        new(BaseUri, schema, headers, Json, Timeout, _argumentJson, _bodyJson, _writeJson);

    /// <summary>The header list of a query without headers, schema or preferences of its own (built once per
    /// client and kind of request).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> PlainHeaders(ResponseFormat format, bool readsOnly, bool hasBody)
    {
        var slot = ((int)format * 4) + (readsOnly ? 2 : 0) + (hasBody ? 1 : 0);
        return _plainHeaders[slot] ??= RequestHeaders.Build(this, readsOnly, hasBody, Schema,
            RequestHeaders.QueryHeaders(RequestHeaders.MediaType(format), string.Empty, [], Headers));
    }

    /// <summary>Writes a <see cref="VariadicArgument"/> as <c>{"\u0000variadic": [values]}</c>, so the query-string
    /// renderer can tell it from an ordinary array. No user object can carry that key: U+0000 is refused in a query
    /// string. A converter in the options wins over the type's own [JsonConverter] (the plain array of a POST body).
    /// </summary>
    private sealed class VariadicMarkerConverter : JsonConverter<VariadicArgument>
    {
        public override VariadicArgument Read(
            ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("A VariadicArgument is only written, never read.");

        public override void Write(Utf8JsonWriter writer, VariadicArgument value, JsonSerializerOptions options)
        {
            writer.WriteStartObject();
            writer.WritePropertyName(VariadicArgumentConverter.MarkerKey);
            value.WriteArray(writer, options);
            writer.WriteEndObject();
        }
    }
}
