using System;
using System.Collections.Generic;

namespace PgRest.Internal;

/// <summary>Lookups in an ordered header list (request or response), by case-insensitive name.</summary>
internal static class HeaderList
{
    /// <summary>The value of the first header named <paramref name="name"/>, or <c>null</c>.</summary>
    public static string? Find(IReadOnlyList<KeyValuePair<string, string>> headers, string name)
    {
        foreach (var (key, value) in headers)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        return null;
    }
}
