namespace PgRest;

/// <summary>PostgREST's filter operators, named after their URL spelling.</summary>
public enum FilterOperator
{
    /// <summary><c>eq</c>: equals.</summary>
    Eq,

    /// <summary><c>neq</c>: not equal.</summary>
    Neq,

    /// <summary><c>gt</c>: greater than.</summary>
    Gt,

    /// <summary><c>gte</c>: greater than or equal.</summary>
    Gte,

    /// <summary><c>lt</c>: less than.</summary>
    Lt,

    /// <summary><c>lte</c>: less than or equal.</summary>
    Lte,

    /// <summary><c>like</c>: LIKE; <c>*</c> and <c>%</c> are both wildcards.</summary>
    Like,

    /// <summary><c>ilike</c>: case-insensitive LIKE.</summary>
    ILike,

    /// <summary><c>match</c>: POSIX regular expression (<c>~</c>).</summary>
    Match,

    /// <summary><c>imatch</c>: case-insensitive POSIX regular expression (<c>~*</c>).</summary>
    IMatch,

    /// <summary><c>in</c>: one of a list of values.</summary>
    In,

    /// <summary><c>is</c>: IS NULL / TRUE / FALSE / UNKNOWN.</summary>
    Is,

    /// <summary><c>isdistinct</c>: IS DISTINCT FROM.</summary>
    IsDistinct,

    /// <summary><c>fts</c>: full-text search with <c>to_tsquery</c>.</summary>
    Fts,

    /// <summary><c>plfts</c>: full-text search with <c>plainto_tsquery</c>.</summary>
    Plfts,

    /// <summary><c>phfts</c>: full-text search with <c>phraseto_tsquery</c>.</summary>
    Phfts,

    /// <summary><c>wfts</c>: full-text search with <c>websearch_to_tsquery</c>.</summary>
    Wfts,

    /// <summary><c>cs</c>: contains (arrays, ranges, JSON).</summary>
    Cs,

    /// <summary><c>cd</c>: contained by.</summary>
    Cd,

    /// <summary><c>ov</c>: overlaps.</summary>
    Ov,

    /// <summary><c>sl</c>: strictly left of (ranges).</summary>
    Sl,

    /// <summary><c>sr</c>: strictly right of (ranges).</summary>
    Sr,

    /// <summary><c>nxl</c>: does not extend to the left of (ranges).</summary>
    Nxl,

    /// <summary><c>nxr</c>: does not extend to the right of (ranges).</summary>
    Nxr,

    /// <summary><c>adj</c>: adjacent to (ranges).</summary>
    Adj,
}

/// <summary>The <c>(any)</c> / <c>(all)</c> modifier of a filter, comparing against every element of a list.</summary>
public enum Quantifier
{
    /// <summary>No modifier: compare against one value.</summary>
    None,

    /// <summary><c>(any)</c>: true when the comparison holds for at least one element.</summary>
    Any,

    /// <summary><c>(all)</c>: true when the comparison holds for every element.</summary>
    All,
}

/// <summary>The right-hand side of an <c>is</c> filter.</summary>
public enum IsValue
{
    /// <summary><c>is.null</c>.</summary>
    Null,

    /// <summary><c>is.true</c>.</summary>
    True,

    /// <summary><c>is.false</c>.</summary>
    False,

    /// <summary><c>is.unknown</c>.</summary>
    Unknown,
}
