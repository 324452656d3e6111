using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Linq.Expressions;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using PgRest.Internal;

namespace PgRest;

/// <summary>
/// Translates typed lambdas over a row type into conditions and column lists, for C# and F# alike:
/// <c>b =&gt; b.Year &gt; 2000 &amp;&amp; b.Title != "x"</c> becomes <c>year=gt.2000&amp;title=neq.x</c>.
/// </summary>
/// <remarks>
/// A member's column is its <see cref="JsonPropertyNameAttribute"/> name, else its name in snake_case (the
/// client's default naming). Every node is translated into a filter that means exactly what the expression means
/// (a NULL column being unknown, as in SQL), or the predicate is refused with <see cref="NotSupportedException"/>
/// before anything is sent: comparisons of a member with a value (either side; <c>== null</c> gives
/// <c>is.null</c>; conversions of the value are evaluated, conversions of the member must keep every value),
/// <c>&amp;&amp;</c>, <c>||</c>, <c>!</c>, boolean members, F# options (<c>= None</c>, <c>.IsSome</c>,
/// <c>= Some v</c>), <c>string.StartsWith/EndsWith/Contains</c> with a string or char, ordinal or
/// <c>OrdinalIgnoreCase</c> (as an escaped regular expression), <c>values.Contains(member)</c> (as <c>in</c>), and
/// marker methods named <c>Like</c>, <c>ILike</c>, <c>IsIn</c>/<c>In</c>, <c>Match</c>, <c>IMatch</c> taking
/// (member, value). docs/guide/typed-queries.md lists every form with its translation and every refused form.
/// </remarks>
public static class PostgrestExpressions
{
    /// <summary>The condition a predicate expresses.</summary>
    /// <exception cref="NotSupportedException">The predicate uses an expression with no PostgREST equivalent.</exception>
    /// <exception cref="ArgumentException">The predicate nests <c>&amp;&amp;</c> and <c>||</c> deeper than
    /// <see cref="Conditions.MaxDepth"/> (a chain of one operator, however long, is one level).</exception>
    public static Condition ToCondition<T>(Expression<Func<T, bool>> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        return PredicateTranslator.Translate(predicate.Body, predicate.Parameters[0]);
    }

    /// <summary>The columns a selector names: one member (<c>b =&gt; b.Title</c>) or several in a tuple or
    /// anonymous object (<c>b =&gt; new { b.Title, b.Year }</c>, F# <c>(b.Title, b.Year)</c>).</summary>
    /// <exception cref="NotSupportedException">The selector is not made of members of the row.</exception>
    public static IReadOnlyList<string> ToColumns<T, TResult>(Expression<Func<T, TResult>> selector)
    {
        ArgumentNullException.ThrowIfNull(selector);
        var body = StripConvert(selector.Body);
        var parameter = selector.Parameters[0];
        return body switch
        {
            NewExpression n => n.Arguments.Select(a => Member(a, parameter)).ToList(),
            MemberInitExpression m => m.Bindings.OfType<MemberAssignment>().Select(b => Member(b.Expression, parameter)).ToList(),
            _ => [Member(body, parameter)],
        };
    }

    /// <summary>The column name of a member: its <see cref="JsonPropertyNameAttribute"/>, else snake_case.</summary>
    public static string ColumnName(MemberInfo member)
    {
        ArgumentNullException.ThrowIfNull(member);
        return member.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name
            ?? JsonNamingPolicy.SnakeCaseLower.ConvertName(member.Name);
    }

    private static string Member(Expression e, ParameterExpression row) =>
        StripConvert(e) is MemberExpression m && StripConvert(m.Expression) == row
            ? ColumnName(m.Member)
            : throw new NotSupportedException($"'{e}' is not a member of the row; use a column like x.Name.");

    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(e))]
    private static Expression? StripConvert(Expression? e)
    {
        while (e is UnaryExpression { NodeType: ExpressionType.Convert or ExpressionType.ConvertChecked or ExpressionType.Quote } u)
        {
            e = u.Operand;
        }

        return e;
    }
}
