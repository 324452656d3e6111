using System.Reflection;

namespace PgRest.Internal;

/// <summary>
/// F# options as values, recognised by name so the core needs no FSharp.Core reference: <c>Some v</c> is
/// <c>v</c>, <c>None</c> (null at run time) and <c>ValueNone</c> are null. Used wherever a value is formatted or
/// compared, so an F# caller's <c>Some 5</c> means 5 in filters, lists and typed predicates alike.
/// </summary>
internal static class FSharpOptions
{
    public static object? Unwrap(object? value)
    {
        if (value is null or string or int or long)
        {
            return value;
        }

        var type = value.GetType();
        if (!type.IsGenericType
            || type.GetGenericTypeDefinition().FullName is not ("Microsoft.FSharp.Core.FSharpOption`1"
                or "Microsoft.FSharp.Core.FSharpValueOption`1"))
        {
            return value;
        }

        if (type.GetProperty("IsNone", BindingFlags.Public | BindingFlags.Instance)?.GetValue(value) is true)
        {
            return null;
        }

        return type.GetProperty("Value", BindingFlags.Public | BindingFlags.Instance)!.GetValue(value);
    }
}
