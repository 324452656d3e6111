using System.Collections.Generic;

namespace PgRest.Internal;

/// <summary>An ordered list of unencoded query-string parameters; encoded once by <see cref="QueryStringBuilder"/>.</summary>
internal sealed class QueryParameters
{
    private readonly List<KeyValuePair<string, string>> _items = new();

    public IReadOnlyList<KeyValuePair<string, string>> Items => _items;

    public void Add(string key, string value) => _items.Add(new KeyValuePair<string, string>(key, value));
}
