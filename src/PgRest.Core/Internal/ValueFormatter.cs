using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Numerics;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace PgRest.Internal;

/// <summary>
/// Turns .NET values into the text PostgreSQL parses: invariant culture, ISO 8601 dates, enum names,
/// raw JSON for JSON values, array literals for sequences. Culture never leaks in.
/// </summary>
internal static class ValueFormatter
{
    /// <summary>True when <paramref name="value"/> is a sequence that filters treat as a list or array.</summary>
    public static bool IsSequence(object? value) =>
        value is IEnumerable and not string and not byte[] and not JsonNode;

    /// <summary>Formats one scalar value. Sequences are rejected: use <see cref="FormatElements"/>.</summary>
    /// <exception cref="ArgumentException">NaN, a null, a sequence, or text with U+0000 or a lone surrogate
    /// (<see cref="Guard.SendableText"/>).</exception>
    public static string FormatScalar(object? value, string paramName)
    {
        value = FSharpOptions.Unwrap(value);
        return value switch
        {
            string s => Guard.SendableText(s, paramName),
            int or long or bool or double or float or decimal or DateTime or DateTimeOffset or DateOnly or TimeOnly
                or TimeSpan or Guid => FormatUnchecked(value, paramName),
            _ => Guard.SendableText(FormatUnchecked(value, paramName), paramName),
        };
    }

    /// <summary>Formats one scalar value without checking the text it gives (for text that is checked as a whole
    /// later, such as a range's bounds inside the range literal).</summary>
    internal static string FormatUnchecked(object? value, string paramName)
    {
        value = FSharpOptions.Unwrap(value);
        switch (value)
        {
            case null:
                throw new ArgumentException(
                    "A null value cannot be compared with this operator; use Is(column, IsValue.Null) for SQL NULL.",
                    paramName);
            case string s:
                return s;
            case char c:
                return c.ToString();
            case bool b:
                return b ? "true" : "false";
            case int i:
                return i.ToString(CultureInfo.InvariantCulture);
            case long l:
                return l.ToString(CultureInfo.InvariantCulture);
            case double d:
                return FormatDouble(d, paramName);
            case float f:
                return FormatFloat(f, paramName);
            case decimal m:
                return m.ToString(CultureInfo.InvariantCulture);
            case Half h:
                return FormatFloat((float)h, paramName);
            case short or ushort or uint or ulong or byte or sbyte or BigInteger or Int128 or UInt128:
                return ((IFormattable)value).ToString(null, CultureInfo.InvariantCulture);
            case DateTime dt:
                return dt.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", CultureInfo.InvariantCulture);
            case DateTimeOffset dto:
                return dto.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture);
            case DateOnly d:
                return d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            case TimeOnly t:
                return t.ToString("HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);
            case TimeSpan ts:
                return FormatInterval(ts);
            case Guid g:
                return g.ToString("D");
            case Enum e:
                return EnumName(e);
            case JsonElement je:
                return je.GetRawText();
            case JsonNode jn:
                return jn.ToJsonString();
            case byte[] bytes:
                return "\\x" + Convert.ToHexStringLower(bytes);
            case IEnumerable:
                throw new ArgumentException(
                    "A list was given where one value is expected; use In, Contains, ContainedBy or Overlaps.",
                    paramName);
            case IFormattable formattable:
                return formattable.ToString(null, CultureInfo.InvariantCulture);
            default:
                return value.ToString()
                    ?? throw new ArgumentException($"{value.GetType()} formatted as null.", paramName);
        }
    }

    /// <summary>Formats each element of a sequence; null elements stay null (SQL NULL in array literals).</summary>
    public static IReadOnlyList<string?> FormatElements(IEnumerable values, string paramName)
    {
        var result = new List<string?>();
        foreach (var v in values)
        {
            result.Add(v is null ? null : FormatScalar(v, paramName));
        }

        return result;
    }

    /// <summary>Formats a value as a PostgreSQL array literal when it is a sequence, else as a scalar.</summary>
    public static string FormatArrayOrScalar(object? value, string paramName) =>
        IsSequence(value)
            ? PostgrestSyntax.ArrayLiteral(FormatElements((IEnumerable)value!, paramName))
            : FormatScalar(value, paramName);

    private static string FormatDouble(double d, string paramName)
    {
        if (double.IsNaN(d))
        {
            throw new ArgumentException("NaN is not a comparable value.", paramName);
        }

        return double.IsPositiveInfinity(d) ? "Infinity"
            : double.IsNegativeInfinity(d) ? "-Infinity"
            : d.ToString("R", CultureInfo.InvariantCulture);
    }

    private static string FormatFloat(float f, string paramName)
    {
        if (float.IsNaN(f))
        {
            throw new ArgumentException("NaN is not a comparable value.", paramName);
        }

        return float.IsPositiveInfinity(f) ? "Infinity"
            : float.IsNegativeInfinity(f) ? "-Infinity"
            : f.ToString("R", CultureInfo.InvariantCulture);
    }

    /// <summary>ISO 8601 duration, which PostgreSQL's interval input accepts (e.g. <c>P1DT2H3M4.5S</c>). A negative
    /// interval carries the sign on every component (<c>P-1DT-2H-3M-4.5S</c>): PostgreSQL rejects a leading
    /// <c>-P…</c> as invalid interval syntax.</summary>
    private static string FormatInterval(TimeSpan ts)
    {
        var sign = ts < TimeSpan.Zero ? "-" : string.Empty;
        ts = ts.Duration();
        var sb = new StringBuilder();
        sb.Append('P').Append(sign).Append(ts.Days.ToString(CultureInfo.InvariantCulture)).Append("DT")
            .Append(sign).Append(ts.Hours.ToString(CultureInfo.InvariantCulture)).Append('H')
            .Append(sign).Append(ts.Minutes.ToString(CultureInfo.InvariantCulture)).Append('M');
        var seconds = ts.Seconds + (ts.Ticks % TimeSpan.TicksPerSecond) / (decimal)TimeSpan.TicksPerSecond;
        sb.Append(sign).Append(seconds.ToString(CultureInfo.InvariantCulture)).Append('S');
        return sb.ToString();
    }

    private static string EnumName(Enum e)
    {
        var name = e.ToString();
        var field = e.GetType().GetField(name, BindingFlags.Public | BindingFlags.Static);
        var attribute = field?.GetCustomAttribute<JsonStringEnumMemberNameAttribute>();
        return attribute?.Name ?? name;
    }
}
