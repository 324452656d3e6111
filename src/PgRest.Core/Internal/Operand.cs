using System.Collections;
using System.Collections.Immutable;

namespace PgRest.Internal;

/// <summary>
/// Writes the right-hand side of a filter. A filter holds it as an <see cref="object"/>, so most filters allocate
/// no wrapper for it: a <see cref="string"/> is one value or a literal (array, range, JSON) already formatted as
/// PostgreSQL text, written verbatim at top level and quoted in logic trees; a boxed <see cref="int"/> or
/// <see cref="long"/> (the caller's own box, immutable) is formatted while it is written; an <see cref="Operand"/>
/// is a keyword or a list.
/// </summary>
internal static class OperandSyntax
{
    /// <summary>The operand of a value that is not a keyword or list: the text, or the number kept for formatting.</summary>
    public static object OfScalar(object? value, string paramName)
    {
        value = FSharpOptions.Unwrap(value);
        return value is int or long ? value : ValueFormatter.FormatScalar(value, paramName);
    }

    /// <summary>Appends the operand for a top-level parameter (<c>col=op.VALUE</c>): never quoted.</summary>
    public static void AppendTopLevel(ref QueryTextWriter w, object operand)
    {
        switch (operand)
        {
            case string text:
                w.Append(text);
                break;
            case int i:
                w.AppendInteger(i);
                break;
            case long l:
                w.AppendInteger(l);
                break;
            default:
                ((Operand)operand).AppendTopLevel(ref w);
                break;
        }
    }

    /// <summary>Appends the operand inside a logic tree (<c>or=(col.op.VALUE)</c>): quoted where needed.</summary>
    public static void AppendInTree(ref QueryTextWriter w, object operand)
    {
        switch (operand)
        {
            case string text:
                PostgrestSyntax.AppendQuoted(ref w, text);
                break;
            case int or long:
                // Digits and '-' hold nothing to escape inside quotes.
                w.Append('"');
                AppendTopLevel(ref w, operand);
                w.Append('"');
                break;
            default:
                ((Operand)operand).AppendInTree(ref w);
                break;
        }
    }
}

/// <summary>A keyword or list on the right-hand side of a filter (see <see cref="OperandSyntax"/>).</summary>
internal abstract class Operand
{
    /// <summary>Appends the operand for a top-level parameter (<c>col=op.VALUE</c>): never quoted.</summary>
    public abstract void AppendTopLevel(ref QueryTextWriter w);

    /// <summary>Appends the operand inside a logic tree (<c>or=(col.op.VALUE)</c>): quoted where needed.</summary>
    public abstract void AppendInTree(ref QueryTextWriter w);
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

    /// <summary>The formatted elements of a sequence; a null element, U+0000 and lone surrogates are refused.</summary>
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

                Guard.SendableText(s, paramName);
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
