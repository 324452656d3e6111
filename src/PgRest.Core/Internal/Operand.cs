using System.Collections;
using System.Collections.Immutable;

namespace PgRest.Internal;

/// <summary>The right-hand side of a filter, already formatted as PostgreSQL text but not yet quoted.</summary>
internal abstract class Operand
{
    /// <summary>Appends the operand for a top-level parameter (<c>col=op.VALUE</c>): never quoted.</summary>
    public abstract void AppendTopLevel(ref QueryTextWriter w);

    /// <summary>Appends the operand inside a logic tree (<c>or=(col.op.VALUE)</c>): quoted where needed.</summary>
    public abstract void AppendInTree(ref QueryTextWriter w);
}

/// <summary>A single value or a literal (array, range, JSON): verbatim at top level, always quoted in trees.</summary>
internal sealed class TextOperand(string text) : Operand
{
    public string Text { get; } = text;

    public override void AppendTopLevel(ref QueryTextWriter w) => w.Append(Text);

    public override void AppendInTree(ref QueryTextWriter w) => PostgrestSyntax.AppendQuoted(ref w, Text);
}

/// <summary>A keyword that must never be quoted (<c>null</c>, <c>true</c>, … after <c>is.</c>).</summary>
internal sealed class KeywordOperand(string keyword) : Operand
{
    public string Keyword { get; } = keyword;

    public override void AppendTopLevel(ref QueryTextWriter w) => w.Append(Keyword);

    public override void AppendInTree(ref QueryTextWriter w) => w.Append(Keyword);
}

/// <summary>
/// The list of an <c>in</c> filter: <c>("a","b")</c>, every element quoted and escaped. A list holding only the
/// empty string is sent as <c>("","")</c>, because PostgREST 12 reads <c>("")</c> as an empty list.
/// </summary>
internal sealed class ListOperand(ImmutableArray<string> items) : Operand
{
    public ImmutableArray<string> Items { get; } = items;

    public override void AppendTopLevel(ref QueryTextWriter w) => Append(ref w);

    public override void AppendInTree(ref QueryTextWriter w) => Append(ref w);

    private void Append(ref QueryTextWriter w)
    {
        w.Append('(');
        for (var i = 0; i < Items.Length; i++)
        {
            if (i > 0)
            {
                w.Append(',');
            }

            PostgrestSyntax.AppendQuoted(ref w, Items[i]);
        }

        if (Items.Length == 1 && Items[0].Length == 0)
        {
            w.Append(",\"\"");
        }

        w.Append(')');
    }

    /// <summary>The formatted elements of a sequence; a null element is refused.</summary>
    public static ListOperand From(IEnumerable values, string paramName)
    {
        if (values is string[] strings)
        {
            // The common case (In(column, params string[])): one copy, which also detaches the list from the caller's
            // array.
            foreach (var s in strings)
            {
                if (s is null)
                {
                    throw NullElement(paramName);
                }
            }

            return new ListOperand(ImmutableArray.Create(strings));
        }

        var builder = ImmutableArray.CreateBuilder<string>();
        foreach (var value in values)
        {
            builder.Add(ValueFormatter.FormatScalar(value ?? throw NullElement(paramName), paramName));
        }

        return new ListOperand(builder.ToImmutable());
    }

    private static System.ArgumentException NullElement(string paramName) => new(
        "An in-list cannot hold null: PostgREST would compare with the word 'null'. "
        + "Combine with Is(column, IsValue.Null) in an Or instead.",
        paramName);
}
