using System;
using System.Collections.Generic;
using System.Text;

namespace PgRest.Internal;

/// <summary>
/// The one place where the query string is percent-encoded: every key and value goes through
/// <see cref="Uri.EscapeDataString(string)"/> exactly once, so <c>+ &amp; ; # %</c> and PostgREST's own
/// punctuation reach the server as the literal characters the PostgREST-level text meant.
/// </summary>
internal static class QueryStringBuilder
{
    public static void Append(StringBuilder sb, IReadOnlyList<KeyValuePair<string, string>> parameters)
    {
        for (var i = 0; i < parameters.Count; i++)
        {
            sb.Append(i == 0 ? '?' : '&');
            sb.Append(Uri.EscapeDataString(parameters[i].Key));
            sb.Append('=');
            sb.Append(Uri.EscapeDataString(parameters[i].Value));
        }
    }
}
