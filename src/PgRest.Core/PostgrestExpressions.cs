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
/// client's default naming). Supported: comparisons of a member with a value (either side; <c>== null</c> gives
/// <c>is.null</c>), <c>&amp;&amp;</c>, <c>||</c>, <c>!</c>, boolean members, F# options (<c>= None</c>,
/// <c>.IsSome</c>, <c>= Some v</c>), <c>string.StartsWith/EndsWith/Contains</c> (as an escaped regular
/// expression), <c>values.Contains(member)</c> (as <c>in</c>), and marker methods named <c>Like</c>, <c>ILike</c>,
/// <c>IsIn</c>/<c>In</c>, <c>Match</c>, <c>IMatch</c> taking (member, value). Anything else throws
/// <see cref="NotSupportedException"/> naming the expression.
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
        return Translate(predicate.Body, predicate.Parameters[0], 0);
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

    // `depth` counts the and/or groups around `e`: a chain of one operator is walked with a loop, and nesting is
    // refused past Conditions.MaxDepth, so no predicate can exhaust the stack.
    private static Condition Translate(Expression e, ParameterExpression row, int depth)
    {
        if (depth > Conditions.MaxDepth)
        {
            throw new ArgumentException(
                $"The predicate nests && and || more than {Conditions.MaxDepth} levels deep (Conditions.MaxDepth).",
                "predicate");
        }

        e = StripConvert(e)!;
        switch (e)
        {
            case BinaryExpression { NodeType: ExpressionType.AndAlso or ExpressionType.And } b:
                return Conditions.And(Operands(b, row, depth));
            case BinaryExpression { NodeType: ExpressionType.OrElse or ExpressionType.Or } b:
                return Conditions.Or(Operands(b, row, depth));
            case UnaryExpression { NodeType: ExpressionType.Not }:
                var negated = false;
                while (e is UnaryExpression { NodeType: ExpressionType.Not } not)
                {
                    negated = !negated;
                    e = StripConvert(not.Operand)!;
                }

                var inner = Translate(e, row, depth);
                return negated ? inner.Negate() : inner;
            case BinaryExpression b when Comparison(b.NodeType) is { } op:
                return Compare(b, op, row);
            case MemberExpression m when IsRowMember(m, row) && m.Type == typeof(bool):
                return Conditions.Filter(ColumnName(m.Member), FilterOperator.Is, true);
            case MemberExpression { Member.Name: "IsSome" or "IsNone" } m when IsRowMember(m.Expression, row):
                var isNull = Conditions.Filter(Member(m.Expression!, row), FilterOperator.Is, null);
                return m.Member.Name == "IsNone" ? isNull : isNull.Negate();
            case MethodCallExpression call:
                return Call(call, row, depth);
            default:
                throw Unsupported(e);
        }
    }

    /// <summary>The operands of a chain of one logical operator (<c>a &amp;&amp; b &amp;&amp; c</c>, nested either way),
    /// translated in source order; the chain itself is walked without recursion.</summary>
    private static List<Condition> Operands(BinaryExpression chain, ParameterExpression row, int depth)
    {
        var isAnd = chain.NodeType is ExpressionType.AndAlso or ExpressionType.And;
        var operands = new List<Condition>();
        var pending = new Stack<Expression>();
        pending.Push(chain);
        while (pending.Count > 0)
        {
            var e = StripConvert(pending.Pop())!;
            if (e is BinaryExpression b && (isAnd
                ? b.NodeType is ExpressionType.AndAlso or ExpressionType.And
                : b.NodeType is ExpressionType.OrElse or ExpressionType.Or))
            {
                pending.Push(b.Right);
                pending.Push(b.Left);
            }
            else
            {
                operands.Add(Translate(e, row, depth + 1));
            }
        }

        return operands;
    }

    private static Condition Compare(BinaryExpression b, FilterOperator op, ParameterExpression row)
    {
        var (member, value, flipped) = IsRowMember(b.Left, row) ? (b.Left, b.Right, false)
            : IsRowMember(b.Right, row) ? (b.Right, b.Left, true)
            : throw Unsupported(b);
        if (flipped)
        {
            op = op switch
            {
                FilterOperator.Gt => FilterOperator.Lt,
                FilterOperator.Gte => FilterOperator.Lte,
                FilterOperator.Lt => FilterOperator.Gt,
                FilterOperator.Lte => FilterOperator.Gte,
                _ => op,
            };
        }

        var column = Member(member, row);
        var v = FSharpOptions.Unwrap(Evaluate(value));
        if (v is null)
        {
            return op switch
            {
                FilterOperator.Eq => Conditions.Filter(column, FilterOperator.Is, null),
                FilterOperator.Neq => Conditions.Filter(column, FilterOperator.Is, null).Negate(),
                _ => throw new NotSupportedException($"'{b}' compares with null; only == and != can."),
            };
        }

        return Conditions.Filter(column, op, v);
    }

    private static Condition Call(MethodCallExpression call, ParameterExpression row, int depth)
    {
        var name = call.Method.Name;

        // F# compiles option.IsSome / IsNone to static calls (None is represented by null).
        if (call.Object is null && call.Arguments.Count == 1 && name is "get_IsSome" or "get_IsNone"
            && IsRowMember(call.Arguments[0], row))
        {
            var isNull = Conditions.Filter(Member(call.Arguments[0], row), FilterOperator.Is, null);
            return name == "get_IsNone" ? isNull : isNull.Negate();
        }

        if (call.Object is { } target && IsRowMember(target, row) && target.Type == typeof(string)
            && call.Arguments.Count >= 1 && name is "StartsWith" or "EndsWith" or "Contains")
        {
            var text = (string?)Evaluate(call.Arguments[0]) ?? throw Unsupported(call);
            var escaped = RegexEscape(text);
            var pattern = name == "StartsWith" ? "^" + escaped : name == "EndsWith" ? escaped + "$" : escaped;
            return Conditions.Filter(Member(target, row), FilterOperator.Match, pattern);
        }

        // values.Contains(member), Enumerable.Contains(values, member), F# List.contains member values.
        if (name == "Contains")
        {
            var args = call.Object is null ? call.Arguments.ToList() : [call.Object, .. call.Arguments];
            var memberArg = args.FirstOrDefault(a => IsRowMember(a, row));
            var valuesArg = args.FirstOrDefault(a => !IsRowMember(a, row));
            if (args.Count == 2 && memberArg is not null && valuesArg is not null && Evaluate(valuesArg) is IEnumerable values)
            {
                return Conditions.Filter(Member(memberArg, row), FilterOperator.In, values.Cast<object?>().Select(FSharpOptions.Unwrap).ToList());
            }
        }

        // Marker methods recognised by name: Like(member, pattern), IsIn(member, values), …
        if (call.Object is null && call.Arguments.Count == 2 && IsRowMember(call.Arguments[0], row))
        {
            FilterOperator? op = name.ToLowerInvariant() switch
            {
                "like" => FilterOperator.Like,
                "ilike" => FilterOperator.ILike,
                "match" => FilterOperator.Match,
                "imatch" => FilterOperator.IMatch,
                "isin" or "in" => FilterOperator.In,
                _ => null,
            };
            if (op is { } o)
            {
                var value = Evaluate(call.Arguments[1]);
                if (o == FilterOperator.In && value is IEnumerable seq and not string)
                {
                    value = seq.Cast<object?>().Select(FSharpOptions.Unwrap).ToList();
                }

                return Conditions.Filter(Member(call.Arguments[0], row), o, value);
            }
        }

        if (name == "Not" && call.Arguments.Count == 1 && call.Type == typeof(bool))
        {
            return Translate(call.Arguments[0], row, depth + 1).Negate();
        }

        throw Unsupported(call);
    }

    private static FilterOperator? Comparison(ExpressionType type) => type switch
    {
        ExpressionType.Equal => FilterOperator.Eq,
        ExpressionType.NotEqual => FilterOperator.Neq,
        ExpressionType.GreaterThan => FilterOperator.Gt,
        ExpressionType.GreaterThanOrEqual => FilterOperator.Gte,
        ExpressionType.LessThan => FilterOperator.Lt,
        ExpressionType.LessThanOrEqual => FilterOperator.Lte,
        _ => null,
    };

    private static bool IsRowMember(Expression? e, ParameterExpression row) =>
        StripConvert(e) is MemberExpression m && StripConvert(m.Expression) == row;

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

    private static object? Evaluate(Expression e) => StripConvert(e) switch
    {
        ConstantExpression c => c.Value,
        var other => Expression.Lambda(other).Compile(preferInterpretation: true).DynamicInvoke(),
    };

    private static string RegexEscape(string text)
    {
        var sb = new StringBuilder(text.Length * 2);
        foreach (var c in text)
        {
            if (".^$*+?()[]{}|\\".Contains(c))
            {
                sb.Append('\\');
            }

            sb.Append(c);
        }

        return sb.ToString();
    }

    private static NotSupportedException Unsupported(Expression e) =>
        new($"The expression '{e}' has no PostgREST equivalent. Use comparisons of a column with a value, "
            + "&&, ||, !, StartsWith/EndsWith/Contains, a list's Contains, or a condition from PgRest.Conditions.");
}
