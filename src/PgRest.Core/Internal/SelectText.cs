using System.Text;

namespace PgRest.Internal;

/// <summary>
/// Normalises a hand-written select list. Whitespace inside double quotes is kept, and so is whitespace between
/// two name characters (PostgREST allows <c>Full Name</c> unquoted); all other whitespace is dropped, so
/// <c>id, books ( title )</c> becomes <c>id,books(title)</c>.
/// </summary>
internal static class SelectText
{
    public static string Normalize(string text)
    {
        var sb = new StringBuilder(text.Length);
        var inQuotes = false;
        var pendingSpace = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (inQuotes)
            {
                sb.Append(c);
                if (c == '\\' && i + 1 < text.Length)
                {
                    sb.Append(text[++i]);
                }
                else if (c == '"')
                {
                    inQuotes = false;
                }

                continue;
            }

            if (char.IsWhiteSpace(c))
            {
                pendingSpace.Append(c);
                continue;
            }

            if (pendingSpace.Length > 0)
            {
                if (sb.Length > 0 && IsNameChar(sb[^1]) && IsNameChar(c))
                {
                    sb.Append(pendingSpace);
                }

                pendingSpace.Clear();
            }

            if (c == '"')
            {
                inQuotes = true;
            }

            sb.Append(c);
        }

        return sb.ToString();
    }

    private static bool IsNameChar(char c) => char.IsLetterOrDigit(c) || c is '_' or '$';
}
