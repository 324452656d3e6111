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

    /// <summary>Rejects control characters, which could split headers or smuggle structure, and lone surrogates,
    /// which cannot be sent (see <see cref="SendableText"/>).</summary>
    public static void NoControlCharacters(string value, string paramName)
    {
        foreach (var c in value)
        {
            if (char.IsControl(c))
            {
                throw ControlCharacter(c, paramName);
            }
        }

        NoLoneSurrogates(value, paramName);
    }

    /// <summary>
    /// Checks text that is written into a URL: it may hold anything but U+0000 and lone surrogates. PostgREST cuts a
    /// value at U+0000 (<c>%00</c>), so <c>eq.X%00tail</c> compares with <c>X</c> and matches more rows than asked;
    /// and a lone surrogate has no UTF-8 form, so it would travel as U+FFFD and match the rows holding U+FFFD.
    /// PostgreSQL text can hold neither, so refusing them loses no row.
    /// </summary>
    public static string SendableText(string value, string paramName) =>
        UnsendableReason(value, refuseNul: true) is { } reason ? throw new ArgumentException(reason, paramName) : value;

    /// <summary>Why <paramref name="value"/> cannot be sent intact (a lone surrogate; U+0000 too when
    /// <paramref name="refuseNul"/>), or <c>null</c>.</summary>
    public static string? UnsendableReason(ReadOnlySpan<char> value, bool refuseNul)
    {
        if (refuseNul && value.IndexOf('\0') >= 0)
        {
            return "The value holds U+0000, which PostgreSQL text cannot hold: PostgREST would cut the value there and "
                + "compare with what precedes it, matching other rows.";
        }

        return LoneSurrogateReason(value);
    }

    /// <summary>Rejects a value that is not one of the enum's named members (e.g. <c>(ReturnMode)99</c>), which would
    /// otherwise be mapped silently to some other member.</summary>
    public static TEnum Defined<TEnum>(TEnum value, string paramName)
        where TEnum : struct, Enum =>
        Enum.IsDefined(value)
            ? value
            : throw new ArgumentOutOfRangeException(
                paramName, value, $"{value} is not a value of {typeof(TEnum).Name}.");

    /// <summary>Rejects a surrogate that is not half of a pair (a valid pair, e.g. an emoji, is fine).</summary>
    public static void NoLoneSurrogates(ReadOnlySpan<char> value, string paramName)
    {
        if (LoneSurrogateReason(value) is { } reason)
        {
            throw new ArgumentException(reason, paramName);
        }
    }

    private static string? LoneSurrogateReason(ReadOnlySpan<char> value)
    {
        var i = value.IndexOfAnyInRange('\uD800', '\uDFFF');
        if (i < 0)
        {
            return null;
        }

        for (; i < value.Length; i++)
        {
            var c = value[i];
            if (!char.IsSurrogate(c))
            {
                continue;
            }

            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
                continue;
            }

            return $"The value holds a lone surrogate (U+{(int)c:X4}) at index {i}: it is not valid Unicode and would be "
                + "sent as U+FFFD, matching other rows or storing U+FFFD.";
        }

        return null;
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

    /// <summary>Checks an HTTP header value: printable ASCII, space and tab only. HttpClient sends header values as
    /// ASCII and fails at send time, with an error that looks like a network failure, on anything else.</summary>
    public static string HeaderValue(string? value, string paramName)
    {
        ArgumentNullException.ThrowIfNull(value, paramName);
        foreach (var c in value)
        {
            if ((c < ' ' && c != '\t') || c > '~')
            {
                throw new ArgumentException(
                    $"The header value contains U+{(int)c:X4}: an HTTP header value holds printable ASCII, space and "
                    + "tab only.",
                    paramName);
            }
        }

        return value;
    }

    /// <summary>
    /// Checks a time zone name for <c>Prefer: timezone=…</c>: the names of <c>pg_timezone_names</c> (the only ones
    /// PostgREST applies) are made of ASCII letters, digits and <c>/ _ + -</c>. Anything else (<c>,</c> <c>;</c>
    /// <c>=</c>, spaces, quotes) could add preferences to the header, so it is refused.
    /// </summary>
    public static string TimeZoneName(string? value, string paramName)
    {
        NotEmptyName(value, paramName);
        foreach (var c in value!)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '/' or '_' or '+' or '-'))
            {
                throw new ArgumentException(
                    $"'{c}' (U+{(int)c:X4}) cannot be part of a time zone name: use a name of pg_timezone_names such "
                    + "as 'UTC', 'Europe/Berlin' or 'Etc/GMT+3' (letters, digits, '/', '_', '+', '-').",
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
