using System.Collections.Generic;
using System.Collections.Immutable;
using System.Text;

namespace PgRest.Internal;

/// <summary>The right-hand side of a filter, already formatted as PostgreSQL text but not yet quoted.</summary>
internal abstract class Operand
{
    /// <summary>Appends the operand for a top-level parameter (<c>col=op.VALUE</c>): never quoted.</summary>
    public abstract void AppendTopLevel(StringBuilder sb);

    /// <summary>Appends the operand inside a logic tree (<c>or=(col.op.VALUE)</c>): quoted where needed.</summary>
    public abstract void AppendInTree(StringBuilder sb);
}

/// <summary>A single value or a literal (array, range, JSON): verbatim at top level, always quoted in trees.</summary>
internal sealed class TextOperand(string text) : Operand
{
    public string Text { get; } = text;

    public override void AppendTopLevel(StringBuilder sb) => sb.Append(Text);

    public override void AppendInTree(StringBuilder sb) => PostgrestSyntax.AppendQuoted(sb, Text);
}

/// <summary>A keyword that must never be quoted (<c>null</c>, <c>true</c>, … after <c>is.</c>).</summary>
internal sealed class KeywordOperand(string keyword) : Operand
{
    public string Keyword { get; } = keyword;

    public override void AppendTopLevel(StringBuilder sb) => sb.Append(Keyword);

    public override void AppendInTree(StringBuilder sb) => sb.Append(Keyword);
}

/// <summary>
/// The list of an <c>in</c> filter: <c>("a","b")</c>, every element quoted and escaped. A list holding only the
/// empty string is sent as <c>("","")</c>, because PostgREST 12 reads <c>("")</c> as an empty list.
/// </summary>
internal sealed class ListOperand(ImmutableArray<string> items) : Operand
{
    public ImmutableArray<string> Items { get; } = items;

    public override void AppendTopLevel(StringBuilder sb) => Append(sb);

    public override void AppendInTree(StringBuilder sb) => Append(sb);

    private void Append(StringBuilder sb)
    {
        sb.Append('(');
        for (var i = 0; i < Items.Length; i++)
        {
            if (i > 0)
            {
                sb.Append(',');
            }

            PostgrestSyntax.AppendQuoted(sb, Items[i]);
        }

        if (Items.Length == 1 && Items[0].Length == 0)
        {
            sb.Append(",\"\"");
        }

        sb.Append(')');
    }

    public static ListOperand From(IReadOnlyList<string?> items, string paramName)
    {
        var builder = ImmutableArray.CreateBuilder<string>(items.Count);
        foreach (var item in items)
        {
            builder.Add(item ?? throw new System.ArgumentException(
                "An in-list cannot hold null: PostgREST would compare with the word 'null'. "
                + "Combine with Is(column, IsValue.Null) in an Or instead.",
                paramName));
        }

        return new ListOperand(builder.MoveToImmutable());
    }
}
