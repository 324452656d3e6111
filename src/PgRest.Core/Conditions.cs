using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using PgRest.Internal;

namespace PgRest;

/// <summary>
/// Factory of <see cref="Condition"/> values. Import with <c>using static PgRest.Conditions;</c> to write
/// <c>Col("age") &gt;= 18 &amp; Col("name").Like("A*")</c>.
/// </summary>
public static class Conditions
{
    /// <summary>A reference to a column (optionally with a JSON path such as <c>meta-&gt;&gt;kind</c>).</summary>
    /// <param name="name">The column name; quoted on the wire when it is not a plain identifier.</param>
    /// <exception cref="ArgumentException">The name is empty or holds a control character or a lone surrogate.</exception>
    public static Column Col(string name) => new(name);

    /// <summary>
    /// The deepest nesting of and/or groups a condition may have: 1,000. A group of groups of comparisons has depth 2;
    /// a group inside a group of the same kind, not negated, is merged into it and adds no depth (<c>a &amp; b &amp;
    /// c</c> is one group). PostgREST 12 parses nested groups recursively and reads at most about 48 KB of URL, so
    /// a deeper tree could not be sent anyway (1,000 short groups take about 12 KB); the limit keeps every walk of a
    /// tree (rendering, <c>ToString</c>) far from the end of the stack.
    /// </summary>
    public const int MaxDepth = 1000;

    /// <summary>All conditions must hold (<c>and=(…)</c>).</summary>
    /// <exception cref="ArgumentException">No condition was given, or the group would nest deeper than
    /// <see cref="MaxDepth"/>.</exception>
    public static Condition And(params IEnumerable<Condition> conditions) => Logic(false, conditions);

    /// <summary>At least one condition must hold (<c>or=(…)</c>).</summary>
    /// <exception cref="ArgumentException">No condition was given, or the group would nest deeper than
    /// <see cref="MaxDepth"/>.</exception>
    public static Condition Or(params IEnumerable<Condition> conditions) => Logic(true, conditions);

    /// <summary>The condition must not hold.</summary>
    public static Condition Not(Condition condition)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return condition.Negate();
    }

    /// <summary>
    /// A comparison with any operator. The value is formatted for its operator: a list for <c>in</c>, an array
    /// literal for <c>cs/cd/ov</c> and quantified operators, a keyword for <c>is</c>, one value otherwise.
    /// </summary>
    /// <param name="column">The column (with an optional JSON path).</param>
    /// <param name="op">The operator.</param>
    /// <param name="value">The value; see the summary for each operator's shape.</param>
    /// <param name="quantifier"><c>(any)</c>/<c>(all)</c>; the value must then be a sequence.</param>
    /// <param name="language">The text-search configuration of a full-text operator (e.g. <c>english</c>).</param>
    /// <exception cref="ArgumentException">The value (or an element) holds U+0000 or a lone surrogate, which cannot be
    /// sent intact; or the value does not fit the operator (null, NaN, a list where one value
    /// is expected, a quantifier on an operator that refuses it, …).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="op"/> or <paramref name="quantifier"/> is not a
    /// named value.</exception>
    public static Condition Filter(
        string column, FilterOperator op, object? value, Quantifier quantifier = Quantifier.None,
        string? language = null)
    {
        var plainColumn = ColumnSyntax.Validate(column, nameof(column));
        Guard.Defined(op, nameof(op));
        Guard.Defined(quantifier, nameof(quantifier));
        if (quantifier != Quantifier.None && !OperatorNames.AllowsQuantifier(op))
        {
            throw new ArgumentException(
                $"PostgREST accepts (any)/(all) only with eq, gt, gte, lt, lte, like, ilike, match and imatch, "
                + $"not with {OperatorNames.Of(op)}.",
                nameof(quantifier));
        }

        if (language is not null)
        {
            if (!OperatorNames.IsFullText(op))
            {
                throw new ArgumentException("A language applies to full-text operators only.", nameof(language));
            }

            // PostgREST reads the language as a bare identifier: a schema-qualified name (`pg_catalog.english`)
            // cannot be written, so it is refused here instead of failing on the server (400 PGRST100).
            if (language.Length == 0 || !language.All(c => char.IsAsciiLetterOrDigit(c) || c is '_'))
            {
                throw new ArgumentException(
                    "A text-search configuration name holds letters, digits and '_' only (PostgREST cannot parse a "
                    + "schema-qualified name).", nameof(language));
            }
        }

        return new FieldCondition(column, plainColumn, op, MakeOperand(op, value, quantifier), false, quantifier, language);
    }

    /// <summary>
    /// A hand-written filter: the column, operator (e.g. <c>not.eq</c>, <c>like(any)</c>) and value are sent as
    /// given, percent-encoded only. The escape hatch for syntax this library does not model.
    /// </summary>
    /// <remarks>A dotted column (<c>books.id</c>) filters the embedded resource <c>books</c>, as PostgREST reads the key;
    /// on an update or delete such a filter does not restrict the top-level rows, so it does not lift the
    /// unfiltered-write guard (<see cref="PostgrestQuery.AllRows"/>). A column named like one of PostgREST's own
    /// parameters is refused: quote it by hand (<c>"order"</c>) or use <see cref="Filter"/>, which quotes it.</remarks>
    /// <exception cref="ArgumentException">An argument is empty or holds a control character (U+0000 included) or a lone
    /// surrogate; or the column is a key PostgREST reads as its own parameter instead of a filter (<c>select</c>,
    /// <c>columns</c>, <c>on_conflict</c>, or one whose last dotted word is <c>order</c>, <c>limit</c>,
    /// <c>offset</c>, <c>and</c> or <c>or</c>).</exception>
    public static Condition Raw(string column, string op, string value)
    {
        Guard.NotEmptyName(column, nameof(column));
        Guard.NotEmptyName(op, nameof(op));
        ArgumentNullException.ThrowIfNull(value);
        Guard.NoControlCharacters(value, nameof(value));
        if (PostgrestSyntax.ReservedParameterOf(column) is { } reserved)
        {
            throw new ArgumentException(
                $"A hand-written filter on '{column}' would be sent as PostgREST's own '{reserved}' parameter, not as "
                + "a filter (on an update or delete it would filter nothing). For a column of that name, quote it "
                + $"(\"{reserved}\") or use Filter(column, FilterOperator, value), which quotes it; for the parameter "
                + "itself use the query method (Order, Limit, Offset, Or, And, Select, OnConflict) or Parameter(…).",
                nameof(column));
        }

        return new RawCondition(column, op, value);
    }

    /// <summary>Equality on several columns at once (each pair becomes an <c>eq</c>), like postgrest-js <c>match</c>.</summary>
    /// <exception cref="ArgumentException">The dictionary is empty, a value is null, or a value holds U+0000 or a lone
    /// surrogate.</exception>
    public static Condition AllEqual(IEnumerable<KeyValuePair<string, object?>> columnValues)
    {
        ArgumentNullException.ThrowIfNull(columnValues);
        return And(columnValues.Select(kv => Filter(kv.Key, FilterOperator.Eq, kv.Value)).ToList());
    }

    private static Condition Logic(bool isOr, IEnumerable<Condition> conditions)
    {
        ArgumentNullException.ThrowIfNull(conditions);
        var builder = ImmutableArray.CreateBuilder<Condition>();
        foreach (var condition in conditions)
        {
            ArgumentNullException.ThrowIfNull(condition, nameof(conditions));

            // Flatten a(b(c,d)) into a(c,d) when the kinds agree and nothing is negated: same meaning, shorter URL.
            if (condition is LogicCondition { Negated: false } inner && inner.IsOr == isOr)
            {
                builder.AddRange(inner.Children);
            }
            else
            {
                builder.Add(condition);
            }
        }

        if (builder.Count == 0)
        {
            throw new ArgumentException("At least one condition is required.", nameof(conditions));
        }

        if (builder.Count == 1)
        {
            return builder[0];
        }

        var depth = 0;
        foreach (var child in builder)
        {
            depth = Math.Max(depth, child.Depth);
        }

        if (depth >= MaxDepth)
        {
            throw new ArgumentException(
                $"The condition would nest and/or groups {depth + 1} deep; at most {MaxDepth} levels are allowed "
                + "(Conditions.MaxDepth). Flatten it, for example with In for a list of alternatives.",
                nameof(conditions));
        }

        return new LogicCondition(isOr, builder.ToImmutable(), depth + 1);
    }

    private static object MakeOperand(FilterOperator op, object? value, Quantifier quantifier)
    {
        const string param = "value";
        if (quantifier != Quantifier.None)
        {
            return value is not null && ValueFormatter.IsSequence(value)
                ? PostgrestSyntax.ArrayLiteral(ValueFormatter.FormatElements((IEnumerable)value, param))
                : throw new ArgumentException("(any)/(all) compare against a list: pass a sequence.", param);
        }

        switch (op)
        {
            case FilterOperator.In:
                return value is not null && ValueFormatter.IsSequence(value)
                    ? ListOperand.From((IEnumerable)value, param)
                    : throw new ArgumentException("in compares against a list: pass a sequence.", param);
            case FilterOperator.Is:
                return new KeywordOperand(value switch
                {
                    null or IsValue.Null => "null",
                    true or IsValue.True => "true",
                    false or IsValue.False => "false",
                    IsValue.Unknown => "unknown",
                    _ => throw new ArgumentException("is takes null, true, false or IsValue.Unknown.", param),
                });
            case FilterOperator.Cs or FilterOperator.Cd or FilterOperator.Ov:
                return ValueFormatter.FormatArrayOrScalar(value, param);
            default:
                return OperandSyntax.OfScalar(value, param);
        }
    }
}
