using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Linq.Expressions;
using System.Numerics;
using System.Reflection;
using System.Text;

namespace PgRest.Internal;

/// <summary>
/// Turns a typed predicate into a condition under one rule: every node is translated into a filter that means
/// exactly what the expression means (NULL being unknown, as in SQL), or the whole predicate is refused with
/// <see cref="NotSupportedException"/> before anything is sent. Nothing is dropped or approximated: conversions are
/// evaluated on the value side and checked for exactness on the column side, method overloads and their arguments
/// are matched one by one, and a value that the column can never hold is rewritten exactly or refused.
/// docs/guide/typed-queries.md lists every supported form with its translation and every refused form.
/// </summary>
internal static class PredicateTranslator
{
    public static Condition Translate(Expression e, ParameterExpression row) => Translate(e, row, 0);

    // `depth` counts the and/or groups around `e`. A chain of one operator (a && b && c …) becomes one group and is
    // walked with a loop, as is a run of negations; nesting is refused past Conditions.MaxDepth, so no predicate can
    // exhaust the stack.
    private static Condition Translate(Expression e, ParameterExpression row, int depth)
    {
        if (depth > Conditions.MaxDepth)
        {
            throw new ArgumentException(
                $"The predicate nests && and || more than {Conditions.MaxDepth} levels deep (Conditions.MaxDepth).",
                "predicate");
        }

        var negated = false;
        while (true)
        {
            if (e is UnaryExpression { NodeType: ExpressionType.Convert, Method: null } c
                && c.Type == typeof(bool) && c.Operand.Type == typeof(bool))
            {
                e = c.Operand;
            }
            else if (e is UnaryExpression { NodeType: ExpressionType.Not, Method: null } n && n.Type == typeof(bool))
            {
                negated = !negated;
                e = n.Operand;
            }
            else
            {
                break;
            }
        }

        var condition = TranslateNode(e, row, depth);
        return negated ? condition.Negate() : condition;
    }

    private static Condition TranslateNode(Expression e, ParameterExpression row, int depth)
    {
        switch (e)
        {
            case BinaryExpression b when IsLogic(b, or: false):
                return Conditions.And(Operands(b, row, depth));
            case BinaryExpression b when IsLogic(b, or: true):
                return Conditions.Or(Operands(b, row, depth));
            case BinaryExpression b when Comparison(b.NodeType) is { } op:
                return Compare(b, op, row);
            case MemberExpression { Member.Name: "IsSome" or "IsNone" or "HasValue" } m
                when m.Type == typeof(bool) && TryColumn(m.Expression, row, out var optional) && optional.IsNullable:
                return NullTest(optional.Name, isNull: m.Member.Name == "IsNone");
            case UnaryExpression { NodeType: ExpressionType.Convert, Method: null } u
                when u.Type == typeof(bool) && TryColumn(u, row, out var cast) && cast.StoreType == typeof(bool):
                // (bool)b.Flag of a bool? column: .NET throws on NULL; the filter leaves NULL unknown (not selected).
                return Conditions.Filter(cast.Name, FilterOperator.Eq, true);
            case MemberExpression m when m.Type == typeof(bool) && TryColumn(m, row, out var flag):
                // eq, not is: a NULL stays unknown, so !b.Active does not select NULL rows (not.is.true would).
                return Conditions.Filter(flag.Name, FilterOperator.Eq, true);
            case MethodCallExpression call:
                return Call(call, row, depth);
            default:
                throw Unsupported(e, "it has no PostgREST filter form");
        }
    }

    private static bool IsLogic(Expression e, bool or) =>
        e is BinaryExpression { Method: null } b && b.Type == typeof(bool)
        && (or
            ? b.NodeType is ExpressionType.OrElse or ExpressionType.Or
            : b.NodeType is ExpressionType.AndAlso or ExpressionType.And);

    /// <summary>The operands of a chain of one logical operator (<c>a &amp;&amp; b &amp;&amp; c</c>, nested either way),
    /// translated in source order; the chain itself is walked without recursion.</summary>
    private static List<Condition> Operands(BinaryExpression chain, ParameterExpression row, int depth)
    {
        var or = IsLogic(chain, or: true);
        var operands = new List<Condition>();
        var pending = new Stack<Expression>();
        pending.Push(chain);
        while (pending.Count > 0)
        {
            var e = pending.Pop();
            while (e is UnaryExpression { NodeType: ExpressionType.Convert, Method: null } c
                   && c.Type == typeof(bool) && c.Operand.Type == typeof(bool))
            {
                e = c.Operand;
            }

            if (IsLogic(e, or))
            {
                var b = (BinaryExpression)e;
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

    // ---- comparisons ------------------------------------------------------------------------------------------

    private static Condition Compare(BinaryExpression b, FilterOperator op, ParameterExpression row)
    {
        if (b.Method is { } method && !IsStandardOperator(method))
        {
            throw Unsupported(b, $"it uses the operator {method.DeclaringType?.Name}.{method.Name}");
        }

        ColumnRef column;
        Expression valueSide;
        if (TryColumn(b.Left, row, out column))
        {
            valueSide = b.Right;
        }
        else if (TryColumn(b.Right, row, out column))
        {
            valueSide = b.Left;
            op = Flip(op);
        }
        else
        {
            throw Unsupported(b, UsesRow(b.Left, row) || UsesRow(b.Right, row)
                ? "one side must be a column (a member of the row, with at most a widening conversion) and the other a value"
                : "it does not use the row");
        }

        if (UsesRow(valueSide, row))
        {
            throw Unsupported(b, "it compares a column with another column or with an expression of the row; "
                + "PostgREST filters compare a column with a value");
        }

        if (column.EnumOfNumber is { } enumType)
        {
            // C# compiles b.Color == Color.Red to (int)b.Color == (int)Color.Red: an enum value compares by its label.
            // A number ((int)b.Color == 1) would need to know whether the column stores labels or numbers, which the
            // expression cannot tell: either guess returns wrong rows on the other kind of column.
            column = IsEnumValue(valueSide)
                ? column with { StoreType = enumType }
                : throw Unsupported(b, EnumAsNumber);
        }

        var value = FSharpOptions.Unwrap(Evaluate(valueSide));
        if (value is null)
        {
            return op switch
            {
                FilterOperator.Eq => NullTest(column.Name, isNull: true),
                FilterOperator.Neq => NullTest(column.Name, isNull: false),
                _ => throw Unsupported(b, "it orders against null; only == and != can compare with null"),
            };
        }

        var (exactOp, exactValue) = Exact(column, op, value, b);
        return Conditions.Filter(column.Name, exactOp, exactValue);
    }

    /// <summary>The operator and value that select exactly the rows where <c>column op value</c> holds, C#'s value
    /// of the column being its stored value (the column's conversions are value-preserving).</summary>
    private static (FilterOperator Op, object Value) Exact(ColumnRef column, FilterOperator op, object value, Expression node)
    {
        var type = column.StoreType;
        var ordering = op is not (FilterOperator.Eq or FilterOperator.Neq);
        if (type.IsEnum)
        {
            if (ordering)
            {
                throw Unsupported(node, "enums are ordered by their declaration in PostgreSQL, not by their number");
            }

            var member = value.GetType() == type ? value
                : IsIntegral(value.GetType()) ? Enum.ToObject(type, value)
                : throw Unsupported(node, $"a {value.GetType().Name} is compared with an enum column");
            if (!Enum.IsDefined(type, member))
            {
                throw Unsupported(node, $"{member} is not a named value of {type.Name}, so no stored label equals it");
            }

            var names = type.GetFields(BindingFlags.Public | BindingFlags.Static).Count(f => Equals(f.GetValue(null), member));
            return names == 1 ? (op, member)
                : throw Unsupported(node, $"{type.Name} has {names} names for the value {Convert.ToInt64(member, System.Globalization.CultureInfo.InvariantCulture)}; "
                    + "the client reads each of those labels as this value, but the filter would match one label only");
        }

        if (IsIntegral(type))
        {
            return ExactInteger(type, op, value, node);
        }

        if (type == typeof(string) || type == typeof(bool) || type == typeof(Guid))
        {
            if (ordering)
            {
                throw Unsupported(node, type == typeof(string)
                    ? "text order depends on the database collation, which differs from .NET's ordinal order"
                    : $"{type.Name} values have no common order in .NET and PostgreSQL");
            }

            return value.GetType() == type ? (op, value) : throw Mismatch(node, value, type);
        }

        switch (value)
        {
            case decimal d when type == typeof(decimal):
                return (op, d);
            case sbyte or byte or short or ushort or int or uint or long or ulong when type == typeof(decimal):
                return (op, Convert.ToDecimal(value, System.Globalization.CultureInfo.InvariantCulture));
            case double d when type == typeof(double):
                return double.IsNaN(d) ? throw Unsupported(node, "NaN compares differently in .NET and PostgreSQL") : (op, d);
            case float f when type == typeof(float):
                return float.IsNaN(f) ? throw Unsupported(node, "NaN compares differently in .NET and PostgreSQL") : (op, f);
            case double d when type == typeof(float):
                // (double)realColumn op d: exact in real arithmetic only when d is a float itself.
                return !double.IsNaN(d) && (double)(float)d == d ? (op, (float)d)
                    : throw Unsupported(node, $"{d} is not a real (float4) value, which the server would compare in real precision");
            case DateTimeOffset dto when type == typeof(DateTimeOffset):
                return SubMicrosecond(op, dto, dto.UtcTicks, t => dto.AddTicks(-t), node);
            case DateTime dt when type == typeof(DateTime):
                return dt.Kind == DateTimeKind.Local
                    ? throw Unsupported(node, "a Local DateTime against a DateTime column: .NET compares wall-clock ticks, "
                        + "the server would read an offset; use DateTimeOffset members for timestamptz columns")
                    : SubMicrosecond(op, dt, dt.Ticks, t => dt.AddTicks(-t), node);
            case TimeSpan ts when type == typeof(TimeSpan):
                return SubMicrosecond(op, ts, ts.Ticks, t => ts - TimeSpan.FromTicks(t), node);
            case TimeOnly to when type == typeof(TimeOnly):
                return SubMicrosecond(op, to, to.Ticks, t => new TimeOnly(to.Ticks - t), node);
            case DateOnly d when type == typeof(DateOnly):
                return (op, d);
            default:
                throw Mismatch(node, value, type);
        }
    }

    /// <summary>An integer column against any number: the exact integer comparison, or refused when the value lies
    /// outside the column's range (the comparison would be the same for every row).</summary>
    private static (FilterOperator, object) ExactInteger(Type type, FilterOperator op, object value, Expression node)
    {
        BigInteger floor;
        bool whole;
        switch (value)
        {
            case sbyte or byte or short or ushort or int or uint or long or ulong or char:
                floor = value is char c ? c : ToBigInteger(value);
                whole = true;
                break;
            case decimal m:
                floor = new BigInteger(decimal.Floor(m));
                whole = decimal.Floor(m) == m;
                break;
            case double or float:
                var d = Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture);
                if (double.IsNaN(d) || double.IsInfinity(d) || Math.Abs(d) > 1e20)
                {
                    throw Unsupported(node, $"{d} is outside the range of the {type.Name} column, so the comparison is "
                        + "the same for every row");
                }

                floor = new BigInteger(Math.Floor(d));
                whole = Math.Floor(d) == d;
                break;
            default:
                throw Mismatch(node, value, type);
        }

        // column op q, for a fractional q between floor and floor + 1.
        var (exactOp, bound) = whole ? (op, floor) : op switch
        {
            FilterOperator.Gt => (FilterOperator.Gt, floor),
            FilterOperator.Gte => (FilterOperator.Gt, floor),
            FilterOperator.Lt => (FilterOperator.Lte, floor),
            FilterOperator.Lte => (FilterOperator.Lte, floor),
            _ => throw Unsupported(node, $"an integer column never equals {value}, so the comparison is the same for "
                + "every row"),
        };

        var (min, max) = IntegerRange(type);
        if (bound < min || bound > max)
        {
            throw Unsupported(node, $"{value} is outside the range of the {type.Name} column, so the comparison is the "
                + "same for every row");
        }

        return (exactOp, bound >= long.MinValue && bound <= long.MaxValue ? (long)bound : bound);
    }

    /// <summary>PostgreSQL keeps microseconds: a value with a sub-microsecond remainder is compared through its
    /// microsecond floor (<c>c &gt; v ⇔ c &gt; floor</c>, <c>c &gt;= v ⇔ c &gt; floor</c>, <c>c &lt; v ⇔ c &lt;= floor</c>,
    /// <c>c &lt;= v ⇔ c &lt;= floor</c>); equality with it is refused (no stored value equals it).</summary>
    private static (FilterOperator, object) SubMicrosecond(FilterOperator op, object value, long ticks, Func<long, object> minus, Expression node)
    {
        var remainder = ((ticks % 10) + 10) % 10;
        if (remainder == 0)
        {
            return (op, value);
        }

        if (op is FilterOperator.Eq or FilterOperator.Neq)
        {
            throw Unsupported(node, $"{value} has a sub-microsecond part, which no stored value has, so the "
                + "comparison is the same for every row");
        }

        object floor;
        try
        {
            floor = minus(remainder);
        }
        catch (Exception ex) when (ex is OverflowException or ArgumentOutOfRangeException)
        {
            // The floor is below the type's range (TimeSpan.MinValue): the ceiling is exact too
            // (c > v ⇔ c >= ceiling, c < v ⇔ c < ceiling).
            var ceiling = minus(remainder - 10);
            return (op is FilterOperator.Gt or FilterOperator.Gte ? FilterOperator.Gte : FilterOperator.Lt, ceiling);
        }

        return op switch
        {
            FilterOperator.Gt or FilterOperator.Gte => (FilterOperator.Gt, floor),
            FilterOperator.Lt or FilterOperator.Lte => (FilterOperator.Lte, floor),
            _ => throw Unsupported(node, $"{value} has a sub-microsecond part, which no stored value has, so the "
                + "comparison is the same for every row"),
        };
    }

    private static NotSupportedException Mismatch(Expression node, object value, Type column) =>
        Unsupported(node, $"a {value.GetType().Name} value is compared with a {column.Name} column");

    // ---- method calls -----------------------------------------------------------------------------------------

    private static Condition Call(MethodCallExpression call, ParameterExpression row, int depth)
    {
        var method = call.Method;
        var name = method.Name;
        var args = call.Arguments;

        // F# compiles option.IsSome / IsNone to static calls (None is represented by null).
        if (call.Object is null && args.Count == 1 && name is "get_IsSome" or "get_IsNone" && IsFSharpOption(method.DeclaringType)
            && TryColumn(args[0], row, out var optional))
        {
            return NullTest(optional.Name, isNull: name == "get_IsNone");
        }

        // F#'s isNull column.
        if (call.Object is null && args.Count == 1 && name == "IsNull"
            && method.DeclaringType?.FullName == "Microsoft.FSharp.Core.Operators" && TryColumn(args[0], row, out var nullable))
        {
            return NullTest(nullable.Name, isNull: true);
        }

        if (method.DeclaringType == typeof(string) && call.Object is not null)
        {
            return StringCall(call, row);
        }

        if (name == "Contains" && TryMembership(call, row, out var element, out var values))
        {
            return InList(call, element, values);
        }

        // Marker methods recognised by name: Like(member, pattern), IsIn(member, values), …
        if (call.Object is null && args.Count == 2 && call.Type == typeof(bool)
            && name.ToLowerInvariant() is "like" or "ilike" or "match" or "imatch" or "isin" or "in")
        {
            if (!TryColumn(args[0], row, out var column) || UsesRow(args[1], row))
            {
                throw Unsupported(call, "a marker takes a column first and a value second");
            }

            if (name.ToLowerInvariant() is "isin" or "in")
            {
                return InList(call, column, args[1]);
            }

            var op = name.ToLowerInvariant() switch
            {
                "like" => FilterOperator.Like,
                "ilike" => FilterOperator.ILike,
                "match" => FilterOperator.Match,
                _ => FilterOperator.IMatch,
            };
            var pattern = FSharpOptions.Unwrap(Evaluate(args[1])) as string
                ?? throw Unsupported(call, "the pattern must be a string");
            return Conditions.Filter(column.Name, op, pattern);
        }

        if (name == "Not" && args.Count == 1 && call.Type == typeof(bool)
            && method.DeclaringType?.FullName == "Microsoft.FSharp.Core.Operators")
        {
            return Translate(args[0], row, depth + 1).Negate();
        }

        throw Unsupported(call, "the method has no PostgREST filter form");
    }

    /// <summary>StartsWith / EndsWith / Contains on a text column, by overload: (string), (char) — ordinal — and
    /// (string|char, StringComparison) with Ordinal or OrdinalIgnoreCase. Culture-aware overloads are refused.</summary>
    private static Condition StringCall(MethodCallExpression call, ParameterExpression row)
    {
        var name = call.Method.Name;
        if (name is not ("StartsWith" or "EndsWith" or "Contains"))
        {
            throw Unsupported(call, "the string method has no PostgREST filter form");
        }

        if (!TryColumn(call.Object, row, out var column) || column.Conversions)
        {
            throw Unsupported(call, UsesRow(call.Object!, row)
                ? "the receiver must be a text column"
                : "the receiver is a value and the argument a column: there is no 'column is a substring of value' filter");
        }

        var parameters = call.Method.GetParameters();
        var ignoreCase = false;
        if (parameters.Length == 2 && parameters[1].ParameterType == typeof(StringComparison))
        {
            if (UsesRow(call.Arguments[1], row))
            {
                throw Unsupported(call, "the comparison must be a value");
            }

            ignoreCase = (StringComparison)Evaluate(call.Arguments[1])! switch
            {
                StringComparison.Ordinal => false,
                StringComparison.OrdinalIgnoreCase => true,
                var other => throw Unsupported(call, $"StringComparison.{other} is culture-aware; PostgreSQL does not "
                    + "compare like .NET cultures (use Ordinal or OrdinalIgnoreCase)"),
            };
        }
        else if (parameters.Length != 1 || parameters[0].ParameterType != typeof(string) && parameters[0].ParameterType != typeof(char))
        {
            throw Unsupported(call, "only the (string), (char) and (…, StringComparison) overloads have an exact form");
        }
        else if (name != "Contains" && parameters[0].ParameterType == typeof(string))
        {
            // string.StartsWith(string) and EndsWith(string) compare with the current culture ("e\u0301" does not start
            // with "e" under ICU); Contains(string) is ordinal.
            throw Unsupported(call, $"{name}(string) compares with the current culture; use {name}(x, "
                + "StringComparison.Ordinal) or the char overload");
        }

        if (UsesRow(call.Arguments[0], row))
        {
            throw Unsupported(call, "the argument must be a value, not a column");
        }

        var text = Evaluate(call.Arguments[0]) switch
        {
            string s => s,
            char c => c.ToString(),
            _ => throw Unsupported(call, "the argument is null (.NET would throw)"),
        };
        if (ignoreCase)
        {
            foreach (var c in text)
            {
                if (c > 0x7F)
                {
                    throw Unsupported(call, "OrdinalIgnoreCase with non-ASCII characters: .NET's and PostgreSQL's case "
                        + "mappings differ outside ASCII");
                }
            }
        }

        var escaped = RegexEscape(text);
        var pattern = name == "StartsWith" ? "^" + escaped : name == "EndsWith" ? escaped + "$" : escaped;
        return Conditions.Filter(column.Name, ignoreCase ? FilterOperator.IMatch : FilterOperator.Match, pattern);
    }

    /// <summary>Recognises list membership: <c>Enumerable.Contains(values, column)</c>,
    /// <c>MemoryExtensions.Contains(values, column)</c> (C# 14 binds <c>array.Contains(x)</c> to it through
    /// <c>op_Implicit</c> to a span), <c>values.Contains(column)</c> on a collection, and F#'s
    /// <c>List/Array/Seq.contains column values</c>.</summary>
    private static bool TryMembership(MethodCallExpression call, ParameterExpression row, out ColumnRef element, out Expression values)
    {
        element = default;
        values = null!;
        var method = call.Method;
        var args = call.Arguments;
        Expression? elementArg = null;
        if (call.Object is null && args.Count == 2 && method.DeclaringType == typeof(Enumerable))
        {
            (values, elementArg) = (args[0], args[1]);
        }
        else if (call.Object is null && args.Count is 2 or 3 && method.DeclaringType == typeof(MemoryExtensions)
            && method.GetParameters()[1].ParameterType.IsGenericParameter == false
            && method.GetGenericArguments().Length == 1 && method.GetParameters()[1].ParameterType == method.GetGenericArguments()[0]
            && (args.Count == 2 || method.GetParameters()[2].ParameterType == typeof(IEqualityComparer<>).MakeGenericType(method.GetGenericArguments()[0])))
        {
            if (args.Count == 3 && args[2] is not ConstantExpression { Value: null })
            {
                // C# 14 binds new int?[] { … }.Contains(x) to Contains(span, value, comparer = null).
                throw Unsupported(call, "the membership uses an equality comparer; only the default (null) has an exact form");
            }

            values = args[0] switch
            {
                MethodCallExpression { Method.Name: "op_Implicit", Arguments.Count: 1 } c when IsSpan(c.Method.DeclaringType) => c.Arguments[0],
                UnaryExpression { NodeType: ExpressionType.Convert, Method.Name: "op_Implicit" } u when IsSpan(u.Method.DeclaringType) => u.Operand,
                _ => throw Unsupported(call, "the span is not made from an array or list value"),
            };
            elementArg = args[1];
        }
        else if (call.Object is not null && args.Count == 1 && call.Object.Type != typeof(string)
            && typeof(IEnumerable).IsAssignableFrom(call.Object.Type)
            && method.DeclaringType?.Namespace is "System.Collections.Generic" or "System.Collections.Immutable"
                or "System.Collections.ObjectModel" or "Microsoft.FSharp.Collections")
        {
            (values, elementArg) = (call.Object, args[0]);
        }
        else if (call.Object is null && args.Count == 2
            && method.DeclaringType?.FullName is "Microsoft.FSharp.Collections.ListModule"
                or "Microsoft.FSharp.Collections.ArrayModule" or "Microsoft.FSharp.Collections.SeqModule")
        {
            (elementArg, values) = (args[0], args[1]);
        }

        if (elementArg is null)
        {
            return false;
        }

        if (!TryColumn(elementArg, row, out element) || UsesRow(values, row))
        {
            throw Unsupported(call, "membership needs a list value and a column as the element "
                + "(an array column containing a value has no exact form here; use Col(…).Contains)");
        }

        return true;
    }

    private const string EnumAsNumber =
        "an enum member converted to its number is compared with a number, and the expression cannot tell whether "
        + "the column stores the enum's labels or its numbers; compare with an enum value (b.Color == Color.Red), or "
        + "declare the member as a number if the column stores numbers";

    private static Condition InList(Expression node, ColumnRef column, Expression valuesExpression)
    {
        if (column.EnumOfNumber is not null)
        {
            throw Unsupported(node, EnumAsNumber);
        }

        var evaluated = FSharpOptions.Unwrap(Evaluate(valuesExpression));
        if (evaluated is string or not IEnumerable)
        {
            throw Unsupported(node, "the values are not a list (a string is not a list of its characters here)");
        }

        if (!UsesDefaultEquality(evaluated))
        {
            throw Unsupported(node, "the collection compares its elements with its own comparer");
        }

        var items = new List<object?>();
        var seen = new HashSet<object>();
        foreach (var item in (IEnumerable)evaluated)
        {
            var v = FSharpOptions.Unwrap(item);
            if (v is null)
            {
                throw Unsupported(node, "the list holds null, which 'in' cannot match; "
                    + "combine with an == null test in an ||");
            }

            if (CanNeverEqual(column.StoreType, v))
            {
                // The column never holds this value (a fraction or out of range for an integer column, a
                // sub-microsecond instant): it can match no row, so leaving it out is exact. Any other value is
                // translated exactly as the single == would be, or the whole predicate is refused.
                continue;
            }

            var exact = Exact(column, FilterOperator.Eq, v, node).Value;
            if (seen.Add(exact))
            {
                // Each value once: the same rows, a shorter URL.
                items.Add(exact);
            }
        }

        if (items.Count == 0)
        {
            // PostgreSQL's `x = ANY('{}')` is false even when x is NULL, so `not.in.()` would select NULL rows. A
            // NULL column must stay unknown: `x = d AND x <> d` is false for every value and NULL for NULL.
            var sample = column.StoreType == typeof(string) ? string.Empty
                : column.StoreType.IsEnum
                    ? Enum.GetValues(column.StoreType).Cast<object>().FirstOrDefault()
                        ?? throw Unsupported(node, "an empty list for an enum without members")
                : column.StoreType.IsValueType ? Activator.CreateInstance(column.StoreType)!
                : throw Unsupported(node, "an empty list for this column type");
            return Conditions.And(
                Conditions.Filter(column.Name, FilterOperator.Eq, sample),
                Conditions.Filter(column.Name, FilterOperator.Neq, sample));
        }

        return Conditions.Filter(column.Name, FilterOperator.In, items);
    }

    private static bool CanNeverEqual(Type column, object value)
    {
        if (IsIntegral(column) && value is double or float or decimal or sbyte or byte or short or ushort or int or uint or long or ulong)
        {
            try
            {
                ExactInteger(column, FilterOperator.Eq, value, Expression.Empty());
                return false;
            }
            catch (NotSupportedException)
            {
                return true; // a fraction, NaN, an infinity or a value outside the column's range
            }
        }

        return value switch
        {
            DateTimeOffset dto when column == typeof(DateTimeOffset) => dto.UtcTicks % 10 != 0,
            DateTime dt when column == typeof(DateTime) => dt.Kind != DateTimeKind.Local && dt.Ticks % 10 != 0,
            TimeSpan ts when column == typeof(TimeSpan) => ts.Ticks % 10 != 0,
            TimeOnly to when column == typeof(TimeOnly) => to.Ticks % 10 != 0,
            _ => false,
        };
    }

    /// <summary>Whether <c>Contains</c> on the collection is default equality (<see cref="EqualityComparer{T}.Default"/>),
    /// which the server's <c>in</c> reproduces. Only known collection types are accepted: arrays, lists and the read-only
    /// wrappers of such lists, F# lists and sets, sequences that are not collections (Enumerable.Contains walks them with
    /// default equality), and hash sets and dictionary keys whose comparer is the default one. Anything else —
    /// a comparer, a sorted collection of strings (culture order), an unknown collection type — is refused.</summary>
    private static bool UsesDefaultEquality(object collection)
    {
        var type = collection.GetType();
        if (type.IsArray)
        {
            return true;
        }

        var element = type.GetInterfaces().Append(type)
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(ICollection<>))
            ?.GetGenericArguments()[0];
        if (element is null)
        {
            // Not a collection: Enumerable.Contains walks it with default equality. A non-generic ICollection or an
            // IList is not trusted.
            return collection is not (ICollection or IList);
        }

        var definition = type.IsGenericType ? type.GetGenericTypeDefinition() : type;
        var name = definition.FullName ?? string.Empty;
        if (definition == typeof(List<>) || definition == typeof(LinkedList<>)
            || name is "System.Collections.Immutable.ImmutableArray`1" or "System.Collections.Immutable.ImmutableList`1"
                or "Microsoft.FSharp.Collections.FSharpList`1" or "Microsoft.FSharp.Collections.FSharpSet`1"
                or "System.Collections.Generic.Dictionary`2+ValueCollection"
                or "System.Collections.Generic.SortedDictionary`2+ValueCollection")
        {
            return true;
        }

        if (name is "System.Collections.ObjectModel.ReadOnlyCollection`1" or "System.Collections.ObjectModel.Collection`1")
        {
            // A wrapper: its Contains is the wrapped list's.
            var inner = type.GetProperty("Items", BindingFlags.NonPublic | BindingFlags.Instance)?.GetValue(collection);
            return inner is not null && UsesDefaultEquality(inner);
        }

        object? owner = collection;
        if (name is "System.Collections.Generic.Dictionary`2+KeyCollection"
            or "System.Collections.Generic.SortedDictionary`2+KeyCollection")
        {
            owner = type.GetField("_dictionary", BindingFlags.NonPublic | BindingFlags.Instance)?.GetValue(collection);
            if (owner is null)
            {
                return false;
            }
        }
        else if (!(definition == typeof(HashSet<>) || definition == typeof(SortedSet<>)
            || name is "System.Collections.Immutable.ImmutableHashSet`1" or "System.Collections.Immutable.ImmutableSortedSet`1"))
        {
            return false;
        }

        var ownerType = owner.GetType();
        var comparer = (ownerType.GetProperty("Comparer", BindingFlags.Public | BindingFlags.Instance)
            ?? ownerType.GetProperty("KeyComparer", BindingFlags.Public | BindingFlags.Instance))?.GetValue(owner);
        var equality = typeof(EqualityComparer<>).MakeGenericType(element).GetProperty("Default")!.GetValue(null);
        var order = typeof(Comparer<>).MakeGenericType(element).GetProperty("Default")!.GetValue(null);
        // A default order agrees with default equality except for strings, which Comparer<string>.Default orders (and
        // so matches) by the current culture.
        return comparer is not null
            && (Equals(comparer, equality) || (Equals(comparer, order) && element != typeof(string) && element != typeof(object)));
    }

    // ---- columns ----------------------------------------------------------------------------------------------

    /// <summary>A member of the row, seen through conversions that keep every value: <c>T → T?</c>,
    /// <c>T? → T</c>, integer widenings, <c>int → double</c>, <c>float → double</c>, integers to decimal, an enum to
    /// its number.</summary>
    /// <remarks><c>EnumOfNumber</c>: the member's enum type when a conversion turned it into its number (the store
    /// type is then the number).</remarks>
    private readonly record struct ColumnRef(string Name, Type StoreType, bool IsNullable, bool Conversions, Type? EnumOfNumber = null);

    private static bool TryColumn(Expression? e, ParameterExpression row, out ColumnRef column)
    {
        column = default;
        var conversions = false;
        Type? numberOfEnum = null;
        while (e is UnaryExpression { NodeType: ExpressionType.Convert or ExpressionType.ConvertChecked } u)
        {
            // Decimal's widening conversions are op_Implicit methods; any other method is the caller's code.
            var builtIn = u.Method is null || (u.Method.DeclaringType == typeof(decimal) && u.Method.Name == "op_Implicit");
            if (!builtIn || !IsExactConversion(u.Operand.Type, u.Type))
            {
                if (UsesRow(u.Operand, row) && StripToMember(u.Operand, row) is not null)
                {
                    throw Unsupported(u, $"the conversion from {u.Operand.Type.Name} to {u.Type.Name} changes some "
                        + "values of the column, so the server would compare something else");
                }

                return false;
            }

            conversions = true;
            var fromCore = Nullable.GetUnderlyingType(u.Operand.Type) ?? u.Operand.Type;
            var toCore = Nullable.GetUnderlyingType(u.Type) ?? u.Type;
            if (fromCore.IsEnum && !toCore.IsEnum)
            {
                // (int)b.Color: the comparison is with the number, so the value is sent as the number.
                numberOfEnum = toCore;
            }

            e = u.Operand;
        }

        if (e is not MemberExpression m || !IsRow(m.Expression, row))
        {
            return false;
        }

        var memberType = m.Type;
        if (!IsReadByClient(m.Member))
        {
            throw Unsupported(m, $"the client never reads '{m.Member.Name}' from a row ([JsonIgnore], a field "
                + "without [JsonInclude], or a computed property without a setter or constructor parameter), so it is "
                + "not a column");
        }

        var store = numberOfEnum ?? Nullable.GetUnderlyingType(memberType) ?? OptionValueType(memberType) ?? memberType;
        var nullable = !memberType.IsValueType || Nullable.GetUnderlyingType(memberType) is not null;
        var enumType = numberOfEnum is null ? null : Nullable.GetUnderlyingType(memberType) ?? memberType;
        column = new ColumnRef(PostgrestExpressions.ColumnName(m.Member), store, nullable, conversions, enumType);
        return true;
    }

    /// <summary>Whether the client's JSON fills the member when it reads a row: not [JsonIgnore] (always), a field only
    /// with [JsonInclude], and a property has a setter (init included) or a constructor parameter of its name (records,
    /// F# records).</summary>
    private static bool IsReadByClient(MemberInfo member)
    {
        var ignore = member.GetCustomAttribute<System.Text.Json.Serialization.JsonIgnoreAttribute>();
        if (ignore is { Condition: System.Text.Json.Serialization.JsonIgnoreCondition.Always })
        {
            return false;
        }

        if (member is FieldInfo)
        {
            // System.Text.Json reads a field only with [JsonInclude] (or IncludeFields, which the translator cannot see).
            return member.GetCustomAttribute<System.Text.Json.Serialization.JsonIncludeAttribute>() is not null;
        }

        if (member is not PropertyInfo property || property.SetMethod is not null)
        {
            return true;
        }

        var owner = property.DeclaringType;
        return owner is not null && owner.GetConstructors()
            .Any(c => c.GetParameters().Any(p => string.Equals(p.Name, property.Name, StringComparison.OrdinalIgnoreCase)));
    }

    private static bool IsEnumValue(Expression e)
    {
        while (e is UnaryExpression { NodeType: ExpressionType.Convert or ExpressionType.ConvertChecked, Method: null } u)
        {
            e = u.Operand;
        }

        return (Nullable.GetUnderlyingType(e.Type) ?? e.Type).IsEnum;
    }

    private static Expression? StripToMember(Expression e, ParameterExpression row)
    {
        while (e is UnaryExpression { NodeType: ExpressionType.Convert or ExpressionType.ConvertChecked } u)
        {
            e = u.Operand;
        }

        return e is MemberExpression m && IsRow(m.Expression, row) ? m : null;
    }

    private static bool IsRow(Expression? e, ParameterExpression row)
    {
        // A reference conversion of the row itself (to a base type or interface) keeps it the row.
        while (e is UnaryExpression { NodeType: ExpressionType.Convert or ExpressionType.TypeAs, Method: null } u && !u.Type.IsValueType)
        {
            e = u.Operand;
        }

        return e == row;
    }

    private static bool IsExactConversion(Type from, Type to)
    {
        if (from == to)
        {
            return true;
        }

        var fromCore = Nullable.GetUnderlyingType(from) ?? from;
        var toCore = Nullable.GetUnderlyingType(to) ?? to;
        if (fromCore == toCore)
        {
            return true; // T → T? and T? → T (a NULL stays unknown)
        }

        if (fromCore.IsEnum)
        {
            return Enum.GetUnderlyingType(fromCore) == toCore;
        }

        return WideningTargets(fromCore).Contains(toCore);
    }

    private static Type[] WideningTargets(Type t) =>
        t == typeof(sbyte) ? [typeof(short), typeof(int), typeof(long), typeof(float), typeof(double), typeof(decimal)]
        : t == typeof(byte) ? [typeof(short), typeof(ushort), typeof(int), typeof(uint), typeof(long), typeof(ulong), typeof(float), typeof(double), typeof(decimal)]
        : t == typeof(short) ? [typeof(int), typeof(long), typeof(float), typeof(double), typeof(decimal)]
        : t == typeof(ushort) ? [typeof(int), typeof(uint), typeof(long), typeof(ulong), typeof(float), typeof(double), typeof(decimal)]
        : t == typeof(int) ? [typeof(long), typeof(double), typeof(decimal)]
        : t == typeof(uint) ? [typeof(long), typeof(ulong), typeof(double), typeof(decimal)]
        : t == typeof(long) || t == typeof(ulong) ? [typeof(decimal)]
        : t == typeof(float) ? [typeof(double)]
        : [];

    // ---- helpers ----------------------------------------------------------------------------------------------

    private static Condition NullTest(string column, bool isNull)
    {
        var test = Conditions.Filter(column, FilterOperator.Is, null);
        return isNull ? test : test.Negate();
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

    private static FilterOperator Flip(FilterOperator op) => op switch
    {
        FilterOperator.Gt => FilterOperator.Lt,
        FilterOperator.Gte => FilterOperator.Lte,
        FilterOperator.Lt => FilterOperator.Gt,
        FilterOperator.Lte => FilterOperator.Gte,
        _ => op,
    };

    /// <summary>The comparison operators of the BCL value types and F#'s generic comparison operators.</summary>
    private static bool IsStandardOperator(MethodInfo method) =>
        method.Name is "op_Equality" or "op_Inequality" or "op_GreaterThan" or "op_GreaterThanOrEqual" or "op_LessThan"
            or "op_LessThanOrEqual"
        && (method.DeclaringType?.Namespace == "System"
            || method.DeclaringType?.Assembly.GetName().Name == "FSharp.Core");

    private static bool IsIntegral(Type t) =>
        t == typeof(int) || t == typeof(long) || t == typeof(short) || t == typeof(sbyte) || t == typeof(byte)
        || t == typeof(ushort) || t == typeof(uint) || t == typeof(ulong);

    private static BigInteger ToBigInteger(object v) => v switch
    {
        ulong u => u,
        _ => Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture),
    };

    private static (BigInteger Min, BigInteger Max) IntegerRange(Type t) =>
        t == typeof(int) ? (int.MinValue, int.MaxValue)
        : t == typeof(long) ? (long.MinValue, long.MaxValue)
        : t == typeof(short) ? (short.MinValue, short.MaxValue)
        : t == typeof(sbyte) ? (sbyte.MinValue, sbyte.MaxValue)
        : t == typeof(byte) ? (byte.MinValue, byte.MaxValue)
        : t == typeof(ushort) ? (ushort.MinValue, ushort.MaxValue)
        : t == typeof(uint) ? (uint.MinValue, uint.MaxValue)
        : (ulong.MinValue, ulong.MaxValue);

    private static bool IsSpan(Type? t) =>
        t is { IsGenericType: true } && (t.GetGenericTypeDefinition() == typeof(ReadOnlySpan<>) || t.GetGenericTypeDefinition() == typeof(Span<>));

    private static bool IsFSharpOption(Type? t) =>
        t is { IsGenericType: true } && t.GetGenericTypeDefinition().FullName is "Microsoft.FSharp.Core.FSharpOption`1"
            or "Microsoft.FSharp.Core.FSharpValueOption`1";

    private static Type? OptionValueType(Type t) => IsFSharpOption(t) ? t.GetGenericArguments()[0] : null;

    private static bool UsesRow(Expression e, ParameterExpression row)
    {
        var finder = new RowFinder(row);
        finder.Visit(e);
        return finder.Found;
    }

    private sealed class RowFinder(ParameterExpression row) : ExpressionVisitor
    {
        public bool Found { get; private set; }

        protected override Expression VisitParameter(ParameterExpression node)
        {
            Found |= node == row;
            return node;
        }
    }

    private static object? Evaluate(Expression e)
    {
        if (e is ConstantExpression c)
        {
            return c.Value;
        }

        try
        {
            return Expression.Lambda(e).Compile(preferInterpretation: true).DynamicInvoke();
        }
        catch (TargetInvocationException ex) when (ex.InnerException is { } inner)
        {
            // The value side threw (arr[5], a null dereference): the caller sees their own exception, unwrapped.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(inner).Throw();
            throw;
        }
    }

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

    private static NotSupportedException Unsupported(Expression e, string reason) =>
        new($"The expression '{e}' has no exact PostgREST filter: {reason}. See docs/guide/typed-queries.md for the "
            + "supported forms, or write the condition with PgRest.Conditions.");
}
