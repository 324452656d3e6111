using System;
using PgRest.Internal;

namespace PgRest;

/// <summary>
/// A PostgreSQL range value (<c>int4range</c>, <c>tstzrange</c>, …) for the range operators
/// (<c>sl sr nxl nxr adj ov cs cd</c>). Renders as a range literal such as <c>[1,5)</c>.
/// </summary>
/// <typeparam name="T">The element type; formatted like any other filter value.</typeparam>
public readonly record struct PgRange<T>
{
    /// <summary>Creates a range; a missing bound is unbounded.</summary>
    /// <param name="lower">The lower bound, or <c>null</c> for unbounded.</param>
    /// <param name="upper">The upper bound, or <c>null</c> for unbounded.</param>
    /// <param name="lowerInclusive">Whether the lower bound is included (<c>[</c>) or not (<c>(</c>).</param>
    /// <param name="upperInclusive">Whether the upper bound is included (<c>]</c>) or not (<c>)</c>).</param>
    public PgRange(T? lower, T? upper, bool lowerInclusive = true, bool upperInclusive = false)
    {
        Lower = lower;
        Upper = upper;
        LowerInclusive = lowerInclusive;
        UpperInclusive = upperInclusive;
    }

    /// <summary>The lower bound, or <c>null</c> when unbounded.</summary>
    public T? Lower { get; }

    /// <summary>The upper bound, or <c>null</c> when unbounded.</summary>
    public T? Upper { get; }

    /// <summary>Whether the lower bound is included.</summary>
    public bool LowerInclusive { get; }

    /// <summary>Whether the upper bound is included.</summary>
    public bool UpperInclusive { get; }

    /// <summary>The PostgreSQL range literal, e.g. <c>[1,5)</c>.</summary>
    public override string ToString() =>
        (LowerInclusive ? "[" : "(")
        + BoundText(Lower)
        + ","
        + BoundText(Upper)
        + (UpperInclusive ? "]" : ")");

    private static string BoundText(T? bound) =>
        bound is null
            ? string.Empty
            : PostgrestSyntax.Quote(ValueFormatter.FormatUnchecked(bound, nameof(bound)));
}

/// <summary>Factory methods for <see cref="PgRange{T}"/>.</summary>
public static class PgRange
{
    /// <summary>A half-open range <c>[lower,upper)</c>, PostgreSQL's canonical form for discrete ranges.</summary>
    public static PgRange<T> Create<T>(T? lower, T? upper) => new(lower, upper);

    /// <summary>A closed range <c>[lower,upper]</c>.</summary>
    public static PgRange<T> Inclusive<T>(T? lower, T? upper) => new(lower, upper, true, true);
}
