using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using PgRest.Internal;

namespace PgRest;

/// <summary>
/// One entry of a select list, built without writing PostgREST syntax by hand: a column (with alias, cast and
/// JSON path), an embedded resource (with hint, join and nested items), a spread, or an aggregate. Names are
/// quoted when they need it. A plain string converts to a raw entry.
/// </summary>
public sealed class SelectItem
{
    private readonly string _text;

    private SelectItem(string text) => _text = text;

    /// <summary>Every column: <c>*</c>.</summary>
    public static SelectItem All { get; } = new("*");

    /// <summary>A raw select entry written in PostgREST syntax (whitespace outside quotes is normalised).</summary>
    public static implicit operator SelectItem(string raw) => Raw(raw);

    /// <summary>A raw select entry written in PostgREST syntax.</summary>
    /// <exception cref="ArgumentException">The text is blank or holds a control character other than a line break or tab.</exception>
    public static SelectItem Raw(string raw)
    {
        return new SelectItem(SelectText.Parse(raw, nameof(raw)));
    }

    /// <summary>A column, optionally with a JSON path (<c>meta-&gt;&gt;kind</c>), an alias and a cast.</summary>
    /// <param name="name">The column name.</param>
    /// <param name="alias">The key under which the column appears in the result.</param>
    /// <param name="cast">A PostgreSQL type to cast to (e.g. <c>text</c>).</param>
    /// <exception cref="ArgumentException">An empty name, or a cast that is not a type name.</exception>
    public static SelectItem Column(string name, string? alias = null, string? cast = null)
    {
        ColumnSyntax.Validate(name, nameof(name));
        if (name == "*" && alias is null && cast is null)
        {
            return All;
        }

        var w = QueryTextWriter.Plain();
        AppendAlias(ref w, alias);
        ColumnSyntax.Append(ref w, name);
        AppendCast(ref w, cast);
        return new SelectItem(w.ToStringAndDispose());
    }

    /// <summary>An aggregate over a column (<c>qty.sum()</c>), optionally aliased and cast.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="function"/> is not a named value.</exception>
    public static SelectItem Aggregate(string column, AggregateFunction function, string? alias = null, string? cast = null)
    {
        ColumnSyntax.Validate(column, nameof(column));
        Guard.Defined(function, nameof(function));
        var w = QueryTextWriter.Plain();
        AppendAlias(ref w, alias);
        ColumnSyntax.Append(ref w, column);
        w.Append('.');
        w.Append(function.ToString().ToLowerInvariant());
        w.Append("()");
        AppendCast(ref w, cast);
        return new SelectItem(w.ToStringAndDispose());
    }

    /// <summary><c>count()</c> over the rows (grouped by the other selected columns).</summary>
    public static SelectItem Count(string? alias = null)
    {
        var w = QueryTextWriter.Plain();
        AppendAlias(ref w, alias);
        w.Append("count()");
        return new SelectItem(w.ToStringAndDispose());
    }

    /// <summary>An embedded resource: <c>alias:relation!hint!inner(items)</c>.</summary>
    /// <param name="relation">The related table (or the foreign-key column to embed through).</param>
    /// <param name="items">The entries selected from the related rows; null means <c>*</c>, an empty list an embed
    /// used only for filtering (<c>relation()</c>).</param>
    /// <param name="alias">The key of the embedded rows in the result.</param>
    /// <param name="hint">A foreign-key column or constraint name that disambiguates the relationship.</param>
    /// <param name="join">Inner or explicit left join.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="join"/> is not a named value.</exception>
    public static SelectItem Embed(
        string relation, IEnumerable<SelectItem>? items = null, string? alias = null, string? hint = null,
        EmbedJoin join = EmbedJoin.Default)
    {
        Guard.Defined(join, nameof(join));
        var w = QueryTextWriter.Plain();
        AppendAlias(ref w, alias);
        AppendRelation(ref w, relation, hint, join, items);
        return new SelectItem(w.ToStringAndDispose());
    }

    /// <summary>A spread of a to-one relation: its columns appear in the parent row (<c>...relation(items)</c>).</summary>
    public static SelectItem Spread(string relation, IEnumerable<SelectItem>? items = null, string? hint = null)
    {
        var w = QueryTextWriter.Plain();
        w.Append("...");
        AppendRelation(ref w, relation, hint, EmbedJoin.Default, items);
        return new SelectItem(w.ToStringAndDispose());
    }

    /// <summary>The entry in PostgREST syntax (unencoded).</summary>
    public override string ToString() => _text;

    /// <summary>Joins entries with commas.</summary>
    internal static string Join(IEnumerable<SelectItem> items)
    {
        var text = string.Join(",", items.Select(i => (i ?? throw new ArgumentNullException(nameof(items)))._text));
        return text.Length == 0 ? "*" : text;
    }

    private static void AppendRelation(
        ref QueryTextWriter w, string relation, string? hint, EmbedJoin join, IEnumerable<SelectItem>? items)
    {
        Guard.NotEmptyName(relation, nameof(relation));
        PostgrestSyntax.AppendIdentifier(ref w, relation);
        if (hint is not null)
        {
            Guard.NotEmptyName(hint, nameof(hint));
            w.Append('!');
            PostgrestSyntax.AppendIdentifier(ref w, hint);
        }

        if (join != EmbedJoin.Default)
        {
            w.Append(join == EmbedJoin.Inner ? "!inner" : "!left");
        }

        // No list: every column. An empty list: an embed used only to filter (PostgREST omits it from the rows).
        var list = items?.ToImmutableArray();
        w.Append('(');
        w.Append(list is null ? "*" : list.Value.Length == 0 ? string.Empty : Join(list.Value));
        w.Append(')');
    }

    private static void AppendAlias(ref QueryTextWriter w, string? alias)
    {
        if (alias is null)
        {
            return;
        }

        Guard.NotEmptyName(alias, nameof(alias));
        PostgrestSyntax.AppendIdentifier(ref w, alias);
        w.Append(':');
    }

    private static void AppendCast(ref QueryTextWriter w, string? cast)
    {
        if (cast is null)
        {
            return;
        }

        if (cast.Length == 0 || !cast.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or ' ' or '[' or ']'))
        {
            throw new ArgumentException("A cast is a type name: letters, digits, '_', spaces and [].", nameof(cast));
        }

        w.Append("::");
        w.Append(cast);
    }
}
