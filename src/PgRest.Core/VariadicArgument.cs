using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using PgRest.Internal;

namespace PgRest;

/// <summary>
/// The values of a <c>VARIADIC</c> function argument, for a call with GET or HEAD:
/// <c>client.Rpc("vsum", new { xs = VariadicArgument.Of(new[] { 1, 2, 39 }) }, RpcMethod.Get)</c> sends
/// <c>GET /rpc/vsum?xs=1&amp;xs=2&amp;xs=39</c>, the parameter repeated once per value, which is how PostgREST 12 reads
/// a variadic argument from a query string. A plain array (<c>new[] { 1, 2, 39 }</c>) is sent as one array literal
/// (<c>xs={"1","2","39"}</c>), which is how it reads an ordinary array argument (<c>int[]</c>, <c>text[]</c>); a
/// variadic function given an array literal takes it as a single element (400 22P02 for <c>int</c>, a one-element
/// array for <c>text</c>). The client cannot see how a function is declared, so the caller says so with this type.
/// In a JSON body (POST) the value is an ordinary JSON array, which PostgREST accepts for both kinds of argument.
/// </summary>
/// <remarks>A query string carries every value as text, so over GET/HEAD an empty list, a <c>null</c> value, and a
/// value that serializes to a JSON object or array are refused with an <see cref="ArgumentException"/> when the request
/// is rendered (call the function with POST instead).</remarks>
[JsonConverter(typeof(VariadicArgumentConverter))]
public sealed class VariadicArgument
{
    private readonly Array _values;

    private VariadicArgument(Array values, ImmutableArray<object?> boxed)
    {
        _values = values;
        Values = boxed;
    }

    /// <summary>The values, in order.</summary>
    public IReadOnlyList<object?> Values { get; }

    /// <summary>The values of a variadic argument, in order.</summary>
    /// <typeparam name="T">The element type, serialized like any other argument value.</typeparam>
    /// <param name="values">The values (an array, a list, an F# list …).</param>
    /// <returns>A value to put in the arguments object in place of the array.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="values"/> is <c>null</c>.</exception>
    /// <exception cref="ArgumentException"><paramref name="values"/> is a string (a string is one value, not a list
    /// of characters: pass <c>new[] { text }</c>).</exception>
    public static VariadicArgument Of<T>(IEnumerable<T> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values is string)
        {
            throw new ArgumentException(
                "A string is one value, not a list of characters: pass a one-element array.", nameof(values));
        }

        var array = System.Linq.Enumerable.ToArray(values);
        var boxed = ImmutableArray.CreateBuilder<object?>(array.Length);
        foreach (var value in array)
        {
            boxed.Add(value);
        }

        return new VariadicArgument(array, boxed.MoveToImmutable());
    }

    /// <summary>The values as a JSON array, as they go into a POST body.</summary>
    internal void WriteArray(Utf8JsonWriter writer, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, _values, _values.GetType(), options);

    /// <summary>A readable summary, e.g. <c>VARIADIC [1, 2, 39]</c>.</summary>
    /// <returns>The summary.</returns>
    public override string ToString() => "VARIADIC [" + string.Join(", ", Values) + "]";
}
