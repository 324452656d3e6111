namespace PgRest.FSharp

/// What PgRest.FSharp uses from FSharp.Core releases newer than the one its package depends on (Directory.Packages.props,
/// PgRestMinimumFSharpCore), so consumers with an older FSharp.Core are not forced upward. Not public.
[<AutoOpen>]
module internal Compat =
    /// FSharp.Core 9's nonNull: the value, or NullReferenceException when it is null.
    val inline nonNull: value: 'T | null -> 'T when 'T: not struct and 'T: not null
