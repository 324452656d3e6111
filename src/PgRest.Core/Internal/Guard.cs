using System;

namespace PgRest.Internal;

/// <summary>Input checks shared by the public API; every failure is an <see cref="ArgumentException"/>.</summary>
internal static class Guard
{
    /// <summary>Rejects null, empty, or control characters (CR, LF, NUL, …).</summary>
    public static string NotEmptyName(string? value, string paramName)
    {
        ArgumentNullException.ThrowIfNull(value, paramName);
        if (value.Length == 0)
        {
            throw new ArgumentException("The value cannot be empty.", paramName);
        }

        NoControlCharacters(value, paramName);
        return value;
    }

    /// <summary>Rejects control characters, which could split headers or smuggle structure.</summary>
    public static void NoControlCharacters(string value, string paramName)
    {
        foreach (var c in value)
        {
            if (char.IsControl(c))
            {
                throw ControlCharacter(c, paramName);
            }
        }
    }

    /// <summary>The error for a control character where none is allowed.</summary>
    public static ArgumentException ControlCharacter(char c, string paramName) => new(
        $"The value contains the control character U+{(int)c:X4}, which is not allowed here.", paramName);

    /// <summary>Checks a resource (table, view or function) name used as a URL path segment.</summary>
    public static string ResourceName(string? name, string paramName)
    {
        NotEmptyName(name, paramName);
        if (name is "." or "..")
        {
            throw new ArgumentException($"'{name}' is not a resource name.", paramName);
        }

        return name!;
    }

    /// <summary>Checks an HTTP header name (RFC 9110 token characters).</summary>
    public static string HeaderName(string? name, string paramName)
    {
        NotEmptyName(name, paramName);
        foreach (var c in name!)
        {
            var ok = char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c);
            if (!ok)
            {
                throw new ArgumentException($"'{c}' is not allowed in an HTTP header name.", paramName);
            }
        }

        return name;
    }

    /// <summary>Checks an HTTP header value: no control characters (tab excepted) and nothing outside Latin-1.</summary>
    public static string HeaderValue(string? value, string paramName)
    {
        ArgumentNullException.ThrowIfNull(value, paramName);
        foreach (var c in value)
        {
            if ((char.IsControl(c) && c != '\t') || c > '\u00FF')
            {
                throw new ArgumentException(
                    $"The header value contains U+{(int)c:X4}, which cannot be sent in an HTTP header.",
                    paramName);
            }
        }

        return value;
    }

    /// <summary>Rejects a negative count.</summary>
    public static long NotNegative(long value, string paramName)
    {
        if (value < 0)
        {
            throw new ArgumentOutOfRangeException(paramName, value, "The value cannot be negative.");
        }

        return value;
    }
}
