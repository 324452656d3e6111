using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using PgRest.Internal;

namespace PgRest;

/// <summary>
/// An immutable filter condition: one column comparison, or an and/or tree of conditions, optionally negated.
/// Combine with <c>&amp;</c>, <c>|</c> and <c>!</c>; pass to <see cref="PostgrestQuery.Where(Condition, string?)"/>.
/// </summary>
/// <example><code>
/// using static PgRest.Conditions;
/// var c = Col("population") >= 10_000_000 &amp; Col("population") &lt;= 20_000_000 | Col("name").ILike("*stan");
/// </code></example>
public abstract class Condition : IQueryEdit
{
    private protected Condition()
    {
    }

    /// <summary>Both conditions must hold.</summary>
    /// <exception cref="ArgumentException">The result would nest deeper than <see cref="Conditions.MaxDepth"/>.</exception>
    public static Condition operator &(Condition left, Condition right) => Conditions.And(left, right);

    /// <summary>At least one condition must hold.</summary>
    /// <exception cref="ArgumentException">The result would nest deeper than <see cref="Conditions.MaxDepth"/>.</exception>
    public static Condition operator |(Condition left, Condition right) => Conditions.Or(left, right);

    /// <summary>The condition must not hold.</summary>
    public static Condition operator !(Condition condition) => condition.Negate();

    /// <summary>Returns the negation of this condition (a new value).</summary>
    public abstract Condition Negate();

    /// <summary>The condition as it appears inside a PostgREST logic tree, unencoded (for logs and tests).</summary>
    public override string ToString()
    {
        var w = QueryTextWriter.Plain();
        AppendInTree(ref w);
        return w.ToStringAndDispose();
    }

    /// <summary>As a query step, a condition filters the top-level rows and changes no setting.</summary>
    void IQueryEdit.Apply(ref QuerySettings settings)
    {
    }

    /// <summary>How many and/or groups nest in this condition: 0 for a comparison, 1 for a group of comparisons.
    /// Known when the condition is built (every tree is built bottom-up), and never above
    /// <see cref="Conditions.MaxDepth"/>, which bounds every recursive walk of a tree.</summary>
    internal abstract int Depth { get; }

    /// <summary>
    /// True when the parameters this condition writes at the top level (<see cref="AppendTopLevel"/> without a
    /// referenced table) filter the top-level rows, as PostgREST 12.0.2 reads their keys: a key with a dot outside
    /// double quotes (<c>books.id</c>) filters an embedded resource instead, and an update or delete ignores it.
    /// The unfiltered-write guard counts only these (docs/reliability.md, "Writes only when asked").
    /// </summary>
    internal abstract bool FiltersTopLevelRows { get; }

    /// <summary>Appends the condition in logic-tree syntax (<c>col.op.value</c>, <c>or(…)</c>).</summary>
    internal abstract void AppendInTree(ref QueryTextWriter w);

    /// <summary>Appends the condition as top-level query parameters (<c>key=value</c>, one or several).</summary>
    internal abstract void AppendTopLevel(ref QueryTextWriter w, string? referencedTable);
}

/// <summary>A comparison of one column with a value.</summary>
internal sealed class FieldCondition : Condition
{
    public FieldCondition(
        string column, bool plainColumn, FilterOperator op, object operand, bool negated = false,
        Quantifier quantifier = Quantifier.None, string? language = null)
    {
        Column = column;
        PlainColumn = plainColumn;
        Operator = op;
        Operand = operand;
        Negated = negated;
        Quantifier = quantifier;
        Language = language;
    }

    public string Column { get; }

    /// <summary>What <see cref="ColumnSyntax.Validate"/> said of <see cref="Column"/>: written as is.</summary>
    public bool PlainColumn { get; }

    public FilterOperator Operator { get; }

    /// <summary>The right-hand side: a string, a boxed int or long, or an <see cref="Internal.Operand"/>
    /// (<see cref="OperandSyntax"/>).</summary>
    public object Operand { get; }

    public bool Negated { get; }

    public Quantifier Quantifier { get; }

    public string? Language { get; }

    public override Condition Negate() => new FieldCondition(Column, PlainColumn, Operator, Operand, !Negated, Quantifier, Language);

    internal override int Depth => 0;

    /// <summary>Always: the column is written as one name, quoted when it holds a dot or is a parameter name.</summary>
    internal override bool FiltersTopLevelRows => true;

    internal override void AppendInTree(ref QueryTextWriter w)
    {
        ColumnSyntax.Append(ref w, Column, PlainColumn);
        w.Append('.');
        AppendOperator(ref w);
        OperandSyntax.AppendInTree(ref w, Operand);
    }

    internal override void AppendTopLevel(ref QueryTextWriter w, string? referencedTable)
    {
        w.BeginParameter();
        ColumnSyntax.AppendScope(ref w, referencedTable);

        ColumnSyntax.Append(ref w, Column, PlainColumn);
        w.BeginValue();
        AppendOperator(ref w);
        OperandSyntax.AppendTopLevel(ref w, Operand);
    }

    private void AppendOperator(ref QueryTextWriter w)
    {
        // Operator names, quantifiers and languages (checked: letters, digits, '_') need no percent-encoding.
        if (Negated)
        {
            w.Structure("not.");
        }

        w.Structure(OperatorNames.Of(Operator));
        if (Quantifier != Quantifier.None)
        {
            w.Structure(Quantifier == Quantifier.Any ? "(any)" : "(all)");
        }

        if (Language is not null)
        {
            w.Structure('(');
            w.Structure(Language);
            w.Structure(')');
        }

        w.Structure('.');
    }
}

/// <summary>An and/or group of conditions.</summary>
internal sealed class LogicCondition : Condition
{
    public LogicCondition(bool isOr, ImmutableArray<Condition> children, int depth, bool negated = false)
    {
        IsOr = isOr;
        Children = children;
        Depth = depth;
        Negated = negated;
    }

    public bool IsOr { get; }

    public ImmutableArray<Condition> Children { get; }

    public bool Negated { get; }

    /// <summary>One more than the deepest child (computed by <see cref="Conditions"/>, which checks it).</summary>
    internal override int Depth { get; }

    public override Condition Negate() => new LogicCondition(IsOr, Children, Depth, !Negated);

    /// <summary>An <c>or</c> or a negated group is one top-level <c>or=</c>/<c>not.and=</c> parameter, which PostgREST
    /// applies to the top-level rows (an embedded column inside it is its 400 PGRST100); a plain <c>and</c> writes its
    /// children as separate parameters, and filters the top-level rows when one of them does. The walk is bounded by
    /// <see cref="Conditions.MaxDepth"/>.</summary>
    internal override bool FiltersTopLevelRows
    {
        get
        {
            if (IsOr || Negated)
            {
                return true;
            }

            foreach (var child in Children)
            {
                if (child.FiltersTopLevelRows)
                {
                    return true;
                }
            }

            return false;
        }
    }

    internal override void AppendInTree(ref QueryTextWriter w)
    {
        if (Negated)
        {
            w.Append("not.");
        }

        w.Append(IsOr ? "or" : "and");
        AppendChildren(ref w);
    }

    internal override void AppendTopLevel(ref QueryTextWriter w, string? referencedTable)
    {
        if (!IsOr && !Negated)
        {
            // A plain conjunction is just several parameters: PostgREST ANDs them.
            foreach (var child in Children)
            {
                child.AppendTopLevel(ref w, referencedTable);
            }

            return;
        }

        w.BeginParameter();
        ColumnSyntax.AppendScope(ref w, referencedTable);

        if (Negated)
        {
            w.Append("not.");
        }

        w.Append(IsOr ? "or" : "and");
        w.BeginValue();
        AppendChildren(ref w);
    }

    private void AppendChildren(ref QueryTextWriter w)
    {
        w.Append('(');
        for (var i = 0; i < Children.Length; i++)
        {
            if (i > 0)
            {
                w.Append(',');
            }

            Children[i].AppendInTree(ref w);
        }

        w.Append(')');
    }
}

/// <summary>A filter written by hand: column, operator and value are sent as given (percent-encoded only).</summary>
internal sealed class RawCondition : Condition
{
    public RawCondition(string column, string op, string value, bool negated = false)
    {
        Column = column;
        Operator = op;
        Value = value;
        Negated = negated;
    }

    public string Column { get; }

    public string Operator { get; }

    public string Value { get; }

    public bool Negated { get; }

    public override Condition Negate() => new RawCondition(Column, Operator, Value, !Negated);

    internal override int Depth => 0;

    /// <summary>The column is the key as given: a dot outside double quotes makes it an embedded resource's filter
    /// (<c>books.id</c>); <c>"x.y"</c> is the column <c>x.y</c> of the top level.</summary>
    internal override bool FiltersTopLevelRows => !PostgrestSyntax.HasUnquotedDot(Column);

    internal override void AppendInTree(ref QueryTextWriter w)
    {
        w.Append(Column);
        w.Append('.');
        AppendOperatorAndValue(ref w);
    }

    internal override void AppendTopLevel(ref QueryTextWriter w, string? referencedTable)
    {
        w.BeginParameter();
        if (referencedTable is not null)
        {
            w.Append(referencedTable);
            w.Append('.');
        }

        w.Append(Column);
        w.BeginValue();
        AppendOperatorAndValue(ref w);
    }

    private void AppendOperatorAndValue(ref QueryTextWriter w)
    {
        if (Negated)
        {
            w.Append("not.");
        }

        w.Append(Operator);
        w.Append('.');
        w.Append(Value);
    }
}

/// <summary>The URL spelling of each <see cref="FilterOperator"/>.</summary>
internal static class OperatorNames
{
    public static string Of(FilterOperator op) => op switch
    {
        FilterOperator.Eq => "eq",
        FilterOperator.Neq => "neq",
        FilterOperator.Gt => "gt",
        FilterOperator.Gte => "gte",
        FilterOperator.Lt => "lt",
        FilterOperator.Lte => "lte",
        FilterOperator.Like => "like",
        FilterOperator.ILike => "ilike",
        FilterOperator.Match => "match",
        FilterOperator.IMatch => "imatch",
        FilterOperator.In => "in",
        FilterOperator.Is => "is",
        FilterOperator.IsDistinct => "isdistinct",
        FilterOperator.Fts => "fts",
        FilterOperator.Plfts => "plfts",
        FilterOperator.Phfts => "phfts",
        FilterOperator.Wfts => "wfts",
        FilterOperator.Cs => "cs",
        FilterOperator.Cd => "cd",
        FilterOperator.Ov => "ov",
        FilterOperator.Sl => "sl",
        FilterOperator.Sr => "sr",
        FilterOperator.Nxl => "nxl",
        FilterOperator.Nxr => "nxr",
        FilterOperator.Adj => "adj",
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, "Unknown filter operator."),
    };

    /// <summary>Operators that accept <c>(any)</c>/<c>(all)</c> in PostgREST 12.</summary>
    public static bool AllowsQuantifier(FilterOperator op) => op is FilterOperator.Eq or FilterOperator.Gt
        or FilterOperator.Gte or FilterOperator.Lt or FilterOperator.Lte or FilterOperator.Like
        or FilterOperator.ILike or FilterOperator.Match or FilterOperator.IMatch;

    /// <summary>Full-text operators, which accept a language.</summary>
    public static bool IsFullText(FilterOperator op) =>
        op is FilterOperator.Fts or FilterOperator.Plfts or FilterOperator.Phfts or FilterOperator.Wfts;
}
