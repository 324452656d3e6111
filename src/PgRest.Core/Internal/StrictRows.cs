using System;
using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;

namespace PgRest.Internal;

/// <summary>
/// Strict row mapping: a property the JSON object leaves out is a <see cref="JsonException"/> unless the property is
/// optional. Built on System.Text.Json's own switches: <see cref="JsonSerializerOptions.RespectRequiredConstructorParameters"/>
/// (F# records, C# positional records: every constructor parameter without a default value is required) and a
/// type-info modifier that sets <see cref="JsonPropertyInfo.IsRequired"/> on settable properties and clears it on
/// optional ones. Optional: F# <c>option</c>/<c>voption</c>, <see cref="Nullable{T}"/>, a reference type annotated
/// nullable (<see cref="NullabilityInfoContext"/>: <c>string?</c> in C#, <c>string | null</c> in F#), a constructor
/// parameter with a default value. A C# <c>required</c> member stays required. Properties that cannot be set (no
/// setter, no constructor parameter) and extension data are left alone. Only reading is affected.
/// </summary>
internal static partial class StrictRows
{
    // (type as System.Text.Json names it in its message, JSON name) → "Type.Member", filled as type infos are built.
    private static readonly ConcurrentDictionary<(string Type, string Json), string> Fields = new();

    /// <summary>Turns strict reading on in (a copy of) <paramref name="json"/>, which must still be writable.</summary>
    public static void Apply(JsonSerializerOptions json)
    {
        json.RespectRequiredConstructorParameters = true;
        json.TypeInfoResolver = (json.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver()).WithAddedModifier(Require);
    }

    private static void Require(JsonTypeInfo info)
    {
        if (info.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }

        var nullability = new NullabilityInfoContext();
        foreach (var property in info.Properties)
        {
            if (property.IsExtensionData || (property.Set is null && property.AssociatedParameter is null))
            {
                continue;
            }

            var member = property.AttributeProvider as MemberInfo;
            var keyword = member?.IsDefined(typeof(RequiredMemberAttribute), inherit: false) is true;
            var required = keyword || !IsOptional(property, member, nullability);
            property.IsRequired = required;
            if (required)
            {
                Fields[(info.Type.ToString(), property.Name)] = $"{info.Type.Name}.{member?.Name ?? property.Name}";
            }
        }
    }

    private static bool IsOptional(JsonPropertyInfo property, MemberInfo? member, NullabilityInfoContext nullability)
    {
        var type = property.PropertyType;
        if (property.AssociatedParameter is { HasDefaultValue: true } || Nullable.GetUnderlyingType(type) is not null)
        {
            return true;
        }

        if (type.IsGenericType
            && type.GetGenericTypeDefinition().FullName is "Microsoft.FSharp.Core.FSharpOption`1"
                or "Microsoft.FSharp.Core.FSharpValueOption`1")
        {
            return true;
        }

        if (type.IsValueType)
        {
            return false;
        }

        var state = member switch
        {
            PropertyInfo p => nullability.Create(p),
            FieldInfo f => nullability.Create(f),
            _ => null,
        };
        return state is not null
            && (state.ReadState == NullabilityState.Nullable || state.WriteState == NullabilityState.Nullable);
    }

    /// <summary>The message of a decode error for a missing required property, naming the .NET field, the column and
    /// the row; null when <paramref name="e"/> is another error. <paramref name="row"/> is the row index when the
    /// caller knows it (streaming); otherwise it is read from the JSON path (<c>$[3]</c>).</summary>
    public static string? MissingColumnMessage(JsonException e, long? row = null)
    {
        var match = MissingPattern().Match(e.Message);
        if (!match.Success)
        {
            return null;
        }

        var type = match.Groups["type"].Value;
        var names = match.Groups["names"].Value.Split(", ");
        var columns = new System.Text.StringBuilder();
        foreach (var quoted in names)
        {
            var column = quoted.Trim('\'');
            if (columns.Length > 0)
            {
                columns.Append(", ");
            }

            var field = Fields.TryGetValue((type, column), out var f) ? f : type + "." + column;
            columns.Append($"'{column}' for the non-optional field {field}");
        }

        var path = e.Path ?? "$";
        var index = row ?? (RowPattern().Match(path) is { Success: true } m ? long.Parse(m.Groups[1].Value,
            System.Globalization.CultureInfo.InvariantCulture) : null);
        var where = index is { } i ? $"row {i}" : "the row";
        var at = path == "$" || RowPattern().Match(path).Length == path.Length ? string.Empty : $" (at {path})";
        return $"The response has no column {columns} in {where}{at}. Select the column, make the field optional "
            + "(an F# option, a Nullable or nullable-annotated type), or read into a type with only the selected "
            + "columns; PostgrestClientOptions.AllowMissingColumns turns this check off.";
    }

    [GeneratedRegex(@"for type '(?<type>[^']+)' was missing required properties[^:]*: (?<names>'[^']*'(?:, '[^']*')*)")]
    private static partial Regex MissingPattern();

    [GeneratedRegex(@"^\$\[(\d+)\]")]
    private static partial Regex RowPattern();
}
