using System;
using System.Collections.Generic;
using PgRest.Internal;

namespace PgRest;

/// <summary>
/// A column reference that builds <see cref="Condition"/> values, with comparison operators
/// (<c>Col("age") &gt;= 18</c>, <c>Col("deleted_at") == null</c>) and one method per PostgREST operator.
/// </summary>
public readonly struct Column : IEquatable<Column>
{
    /// <summary>Creates a reference to <paramref name="name"/> (optionally with a JSON path).</summary>
    /// <exception cref="ArgumentException">The name is empty or holds a control character or a lone surrogate.</exception>
    public Column(string name)
    {
        ColumnSyntax.Validate(name, nameof(name));
        Name = name;
    }

    /// <summary>The column name as given.</summary>
    public string Name { get; }

    /// <summary><c>eq</c>; comparing with <c>null</c> gives <c>is.null</c>.</summary>
    public static Condition operator ==(Column column, object? value) =>
        value is null ? column.Is(IsValue.Null) : column.Eq(value);

    /// <summary><c>neq</c>; comparing with <c>null</c> gives <c>not.is.null</c>.</summary>
    public static Condition operator !=(Column column, object? value) =>
        value is null ? column.Is(IsValue.Null).Negate() : column.Neq(value);

    /// <summary><c>gt</c>.</summary>
    public static Condition operator >(Column column, object? value) => column.Gt(value);

    /// <summary><c>gte</c>.</summary>
    public static Condition operator >=(Column column, object? value) => column.Gte(value);

    /// <summary><c>lt</c>.</summary>
    public static Condition operator <(Column column, object? value) => column.Lt(value);

    /// <summary><c>lte</c>.</summary>
    public static Condition operator <=(Column column, object? value) => column.Lte(value);

    /// <summary>Any operator, with an optional quantifier and full-text language.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="quantifier"/> is not a named value.</exception>
    public Condition Op(FilterOperator op, object? value, Quantifier quantifier = Quantifier.None, string? language = null) =>
        Conditions.Filter(Name, op, value, quantifier, language);

    /// <summary><c>eq</c>: equals.</summary>
    public Condition Eq(object? value) => Op(FilterOperator.Eq, value);

    /// <summary><c>neq</c>: not equal.</summary>
    public Condition Neq(object? value) => Op(FilterOperator.Neq, value);

    /// <summary><c>gt</c>: greater than.</summary>
    public Condition Gt(object? value) => Op(FilterOperator.Gt, value);

    /// <summary><c>gte</c>: greater than or equal.</summary>
    public Condition Gte(object? value) => Op(FilterOperator.Gte, value);

    /// <summary><c>lt</c>: less than.</summary>
    public Condition Lt(object? value) => Op(FilterOperator.Lt, value);

    /// <summary><c>lte</c>: less than or equal.</summary>
    public Condition Lte(object? value) => Op(FilterOperator.Lte, value);

    /// <summary><c>like</c>: <c>*</c> (or <c>%</c>) matches any run of characters, <c>_</c> one character.</summary>
    public Condition Like(string pattern) => Op(FilterOperator.Like, pattern);

    /// <summary><c>ilike</c>: case-insensitive <see cref="Like"/>.</summary>
    public Condition ILike(string pattern) => Op(FilterOperator.ILike, pattern);

    /// <summary><c>like(any)</c>: matches at least one of the patterns.</summary>
    public Condition LikeAny(params IEnumerable<string> patterns) => Op(FilterOperator.Like, patterns, Quantifier.Any);

    /// <summary><c>like(all)</c>: matches every pattern.</summary>
    public Condition LikeAll(params IEnumerable<string> patterns) => Op(FilterOperator.Like, patterns, Quantifier.All);

    /// <summary><c>ilike(any)</c>.</summary>
    public Condition ILikeAny(params IEnumerable<string> patterns) => Op(FilterOperator.ILike, patterns, Quantifier.Any);

    /// <summary><c>ilike(all)</c>.</summary>
    public Condition ILikeAll(params IEnumerable<string> patterns) => Op(FilterOperator.ILike, patterns, Quantifier.All);

    /// <summary><c>match</c>: POSIX regular expression.</summary>
    public Condition Match(string regex) => Op(FilterOperator.Match, regex);

    /// <summary><c>imatch</c>: case-insensitive POSIX regular expression.</summary>
    public Condition IMatch(string regex) => Op(FilterOperator.IMatch, regex);

    /// <summary><c>in</c>: equals one of the strings (a lone string is one value, never its characters).</summary>
    public Condition In(params string[] values) => Op(FilterOperator.In, values);

    /// <summary><c>in</c>: equals one of the values.</summary>
    public Condition In<T>(params IEnumerable<T> values) => Op(FilterOperator.In, values);

    /// <summary><c>is</c>: IS NULL / TRUE / FALSE / UNKNOWN.</summary>
    public Condition Is(IsValue value) => Op(FilterOperator.Is, value);

    /// <summary><c>is.null</c>.</summary>
    public Condition IsNull() => Is(IsValue.Null);

    /// <summary><c>not.is.null</c>: the column holds a value.</summary>
    public Condition IsNotNull() => IsNull().Negate();

    /// <summary><c>isdistinct</c>: IS DISTINCT FROM (NULL-safe inequality).</summary>
    public Condition IsDistinct(object? value) => Op(FilterOperator.IsDistinct, value);

    /// <summary><c>fts</c>: matches a <c>to_tsquery</c> query.</summary>
    public Condition Fts(string query, string? language = null) => Op(FilterOperator.Fts, query, language: language);

    /// <summary><c>plfts</c>: matches a <c>plainto_tsquery</c> query.</summary>
    public Condition Plfts(string query, string? language = null) => Op(FilterOperator.Plfts, query, language: language);

    /// <summary><c>phfts</c>: matches a <c>phraseto_tsquery</c> query.</summary>
    public Condition Phfts(string query, string? language = null) => Op(FilterOperator.Phfts, query, language: language);

    /// <summary><c>wfts</c>: matches a <c>websearch_to_tsquery</c> query.</summary>
    public Condition Wfts(string query, string? language = null) => Op(FilterOperator.Wfts, query, language: language);

    /// <summary><c>cs</c>: contains (a sequence for arrays, a <see cref="PgRange{T}"/> for ranges, JSON for jsonb).</summary>
    public Condition Contains(object value) => Op(FilterOperator.Cs, value);

    /// <summary><c>cd</c>: is contained by.</summary>
    public Condition ContainedBy(object value) => Op(FilterOperator.Cd, value);

    /// <summary><c>ov</c>: overlaps.</summary>
    public Condition Overlaps(object value) => Op(FilterOperator.Ov, value);

    /// <summary><c>sl</c>: strictly left of a range.</summary>
    public Condition StrictlyLeftOf(object range) => Op(FilterOperator.Sl, range);

    /// <summary><c>sr</c>: strictly right of a range.</summary>
    public Condition StrictlyRightOf(object range) => Op(FilterOperator.Sr, range);

    /// <summary><c>nxl</c>: does not extend to the left of a range.</summary>
    public Condition NotExtendsLeftOf(object range) => Op(FilterOperator.Nxl, range);

    /// <summary><c>nxr</c>: does not extend to the right of a range.</summary>
    public Condition NotExtendsRightOf(object range) => Op(FilterOperator.Nxr, range);

    /// <summary><c>adj</c>: adjacent to a range.</summary>
    public Condition AdjacentTo(object range) => Op(FilterOperator.Adj, range);

    /// <inheritdoc/>
    public bool Equals(Column other) => string.Equals(Name, other.Name, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Column other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Name ?? string.Empty);

    /// <summary>The column name.</summary>
    public override string ToString() => Name;
}
