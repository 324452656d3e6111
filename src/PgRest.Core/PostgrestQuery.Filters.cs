using System;
using System.Collections.Generic;
using PgRest.Internal;

namespace PgRest;

public sealed partial class PostgrestQuery
{
    /// <summary>Adds a condition (of the top level, or of an embedded resource's rows).</summary>
    /// <param name="condition">A condition built with <see cref="Conditions"/> or <see cref="Column"/>.</param>
    /// <param name="referencedTable">The embedded resource (e.g. <c>books</c> or <c>books.reviews</c>) whose rows the
    /// condition filters; <c>null</c> for the top level.</param>
    public PostgrestQuery Where(Condition condition, string? referencedTable = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return referencedTable is null
            ? Then(condition)
            : Then(new FilterEdit(Guard.NotEmptyName(referencedTable, nameof(referencedTable)), condition));
    }

    /// <summary>Adds the condition a typed predicate expresses (see <see cref="PostgrestExpressions"/>).</summary>
    /// <exception cref="NotSupportedException">The predicate has no PostgREST equivalent.</exception>
    public PostgrestQuery Where<T>(System.Linq.Expressions.Expression<Func<T, bool>> predicate, string? referencedTable = null) =>
        Where(PostgrestExpressions.ToCondition(predicate), referencedTable);

    /// <summary>Adds <paramref name="condition"/> only when <paramref name="when"/> is true.</summary>
    public PostgrestQuery WhereIf(bool when, Condition condition, string? referencedTable = null) =>
        when ? Where(condition, referencedTable) : this;

    /// <summary>A filter with any operator (see <see cref="Conditions.Filter"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="quantifier"/> is not a named value.</exception>
    public PostgrestQuery Filter(
        string column, FilterOperator op, object? value, Quantifier quantifier = Quantifier.None, string? language = null) =>
        Where(Conditions.Filter(column, op, value, quantifier, language));

    /// <summary>A hand-written filter sent as given (see <see cref="Conditions.Raw"/>): a dotted column
    /// (<c>books.id</c>) filters an embedded resource and does not count as a filter of an update or delete.</summary>
    /// <exception cref="ArgumentException">An argument is empty or holds a control character or a lone surrogate, or
    /// the column is a key PostgREST reads as its own parameter (<c>select</c>, <c>columns</c>, <c>on_conflict</c>,
    /// or a last dotted word <c>order</c>, <c>limit</c>, <c>offset</c>, <c>and</c>, <c>or</c>).</exception>
    public PostgrestQuery Filter(string column, string op, string value) => Where(Conditions.Raw(column, op, value));

    /// <summary>The negation of a filter: <c>column=not.op.value</c>.</summary>
    public PostgrestQuery Not(string column, FilterOperator op, object? value) =>
        Where(Conditions.Filter(column, op, value).Negate());

    /// <summary>At least one of the conditions holds (<c>or=(…)</c>).</summary>
    public PostgrestQuery Or(params IEnumerable<Condition> conditions) => Where(Conditions.Or(conditions));

    /// <summary>All of the conditions hold, as one <c>and=(…)</c> group.</summary>
    public PostgrestQuery And(params IEnumerable<Condition> conditions) => Where(Conditions.And(conditions));

    /// <summary>Equality on several columns at once.</summary>
    public PostgrestQuery MatchAll(IEnumerable<KeyValuePair<string, object?>> columnValues) =>
        Where(Conditions.AllEqual(columnValues));

    /// <summary><c>eq</c>.</summary>
    public PostgrestQuery Eq(string column, object? value) => Filter(column, FilterOperator.Eq, value);

    /// <summary><c>neq</c>.</summary>
    public PostgrestQuery Neq(string column, object? value) => Filter(column, FilterOperator.Neq, value);

    /// <summary><c>gt</c>.</summary>
    public PostgrestQuery Gt(string column, object? value) => Filter(column, FilterOperator.Gt, value);

    /// <summary><c>gte</c>.</summary>
    public PostgrestQuery Gte(string column, object? value) => Filter(column, FilterOperator.Gte, value);

    /// <summary><c>lt</c>.</summary>
    public PostgrestQuery Lt(string column, object? value) => Filter(column, FilterOperator.Lt, value);

    /// <summary><c>lte</c>.</summary>
    public PostgrestQuery Lte(string column, object? value) => Filter(column, FilterOperator.Lte, value);

    /// <summary><c>like</c> (<c>*</c> or <c>%</c> match any run of characters).</summary>
    public PostgrestQuery Like(string column, string pattern) => Filter(column, FilterOperator.Like, pattern);

    /// <summary><c>ilike</c>.</summary>
    public PostgrestQuery ILike(string column, string pattern) => Filter(column, FilterOperator.ILike, pattern);

    /// <summary><c>match</c>: POSIX regular expression.</summary>
    public PostgrestQuery Match(string column, string regex) => Filter(column, FilterOperator.Match, regex);

    /// <summary><c>imatch</c>: case-insensitive POSIX regular expression.</summary>
    public PostgrestQuery IMatch(string column, string regex) => Filter(column, FilterOperator.IMatch, regex);

    /// <summary><c>in</c>: one of the strings.</summary>
    public PostgrestQuery In(string column, params string[] values) => Filter(column, FilterOperator.In, values);

    /// <summary><c>in</c>: one of the values.</summary>
    public PostgrestQuery In<T>(string column, IEnumerable<T> values) => Filter(column, FilterOperator.In, values);

    /// <summary><c>is</c>: IS NULL / TRUE / FALSE / UNKNOWN.</summary>
    public PostgrestQuery Is(string column, IsValue value) => Filter(column, FilterOperator.Is, value);

    /// <summary><c>isdistinct</c>.</summary>
    public PostgrestQuery IsDistinct(string column, object? value) => Filter(column, FilterOperator.IsDistinct, value);

    /// <summary><c>fts</c> (<c>to_tsquery</c>).</summary>
    public PostgrestQuery Fts(string column, string query, string? language = null) =>
        Filter(column, FilterOperator.Fts, query, language: language);

    /// <summary><c>plfts</c> (<c>plainto_tsquery</c>).</summary>
    public PostgrestQuery Plfts(string column, string query, string? language = null) =>
        Filter(column, FilterOperator.Plfts, query, language: language);

    /// <summary><c>phfts</c> (<c>phraseto_tsquery</c>).</summary>
    public PostgrestQuery Phfts(string column, string query, string? language = null) =>
        Filter(column, FilterOperator.Phfts, query, language: language);

    /// <summary><c>wfts</c> (<c>websearch_to_tsquery</c>).</summary>
    public PostgrestQuery Wfts(string column, string query, string? language = null) =>
        Filter(column, FilterOperator.Wfts, query, language: language);

    /// <summary><c>cs</c>: contains.</summary>
    public PostgrestQuery Contains(string column, object value) => Filter(column, FilterOperator.Cs, value);

    /// <summary><c>cd</c>: contained by.</summary>
    public PostgrestQuery ContainedBy(string column, object value) => Filter(column, FilterOperator.Cd, value);

    /// <summary><c>ov</c>: overlaps.</summary>
    public PostgrestQuery Overlaps(string column, object value) => Filter(column, FilterOperator.Ov, value);

    /// <summary><c>sl</c>: strictly left of.</summary>
    public PostgrestQuery StrictlyLeftOf(string column, object range) => Filter(column, FilterOperator.Sl, range);

    /// <summary><c>sr</c>: strictly right of.</summary>
    public PostgrestQuery StrictlyRightOf(string column, object range) => Filter(column, FilterOperator.Sr, range);

    /// <summary><c>nxl</c>: does not extend to the left of.</summary>
    public PostgrestQuery NotExtendsLeftOf(string column, object range) => Filter(column, FilterOperator.Nxl, range);

    /// <summary><c>nxr</c>: does not extend to the right of.</summary>
    public PostgrestQuery NotExtendsRightOf(string column, object range) => Filter(column, FilterOperator.Nxr, range);

    /// <summary><c>adj</c>: adjacent to.</summary>
    public PostgrestQuery AdjacentTo(string column, object range) => Filter(column, FilterOperator.Adj, range);
}
