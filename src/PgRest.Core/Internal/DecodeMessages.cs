using System;

namespace PgRest.Internal;

/// <summary>The messages of <see cref="PostgrestUnexpectedResponseException"/> for a body that could not be decoded,
/// shared by the buffered (<see cref="PostgrestResponse.Deserialize{T}"/>) and the streamed reads.</summary>
internal static class DecodeMessages
{
    public const string NoBody =
        "Expected a JSON body but the response has none (a write returns rows only when asked: Select or Returning(Representation))";

    public const string JsonNull = "The body is JSON null";

    public static string CannotRead<T>(Exception e) =>
        (e is System.Text.Json.JsonException j ? StrictRows.MissingColumnMessage(j) : null)
        ?? $"The body could not be read as {typeof(T).Name}: {e.Message}";
}
