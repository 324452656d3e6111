using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using PgRest.Internal;

namespace PgRest;

public sealed partial class PostgrestQuery
{
    /// <summary>Inserts one row, or several when <paramref name="values"/> serializes to a JSON array.</summary>
    /// <param name="values">A row object, or a sequence of rows; serialized with the client's JSON options when
    /// the request is rendered.</param>
    /// <param name="missingAsDefault">Columns a row leaves out get their DEFAULT instead of NULL
    /// (<c>Prefer: missing=default</c> with <c>columns=</c>).</param>
    /// <exception cref="ArgumentException">When the request is rendered: a string (value or key) holds a lone
    /// surrogate, which JSON would carry as U+FFFD.</exception>
    public PostgrestQuery Insert<T>(T values, bool missingAsDefault = false) =>
        Write(Operation.Insert, BodyOf(values, nameof(values)), missingAsDefault);

    /// <summary>Inserts several rows; rows may have different keys (sent with <c>columns=</c>).</summary>
    public PostgrestQuery InsertMany<T>(IEnumerable<T> rows, bool missingAsDefault = false)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return Write(Operation.Insert, new ValueBody(rows.ToArray(), typeof(T[]), nameof(rows)), missingAsDefault);
    }

    /// <summary>Inserts rows given as JSON text (an object or an array of objects).</summary>
    /// <exception cref="JsonException">The text is not JSON.</exception>
    /// <exception cref="ArgumentException">The text holds a lone surrogate, raw or escaped (<c>\uD800</c>).</exception>
    public PostgrestQuery InsertJson(string json, bool missingAsDefault = false) =>
        Write(Operation.Insert, new RawJsonBody(json, nameof(json)), missingAsDefault);

    /// <summary>Inserts rows, or updates them when they collide with the primary key or <paramref name="onConflict"/>.</summary>
    /// <param name="values">A row or a sequence of rows.</param>
    /// <param name="onConflict">Comma-separated columns of a unique constraint to detect conflicts on (default: the primary key).</param>
    /// <param name="ignoreDuplicates">Skip colliding rows instead of updating them.</param>
    /// <param name="missingAsDefault">Columns a row leaves out get their DEFAULT.</param>
    public PostgrestQuery Upsert<T>(T values, string? onConflict = null, bool ignoreDuplicates = false, bool missingAsDefault = false)
    {
        var conflict = onConflict is null ? null : Guard.NotEmptyName(onConflict, nameof(onConflict));
        return Write(Operation.Upsert, BodyOf(values, nameof(values)), missingAsDefault, conflict, ignoreDuplicates);
    }

    /// <summary>
    /// Inserts or replaces exactly one row with HTTP PUT. The query's filters must be <c>eq</c> on every primary-key
    /// column and nothing else, and the row must hold the same key (PostgREST answers 405 PGRST105 or 400 PGRST115
    /// otherwise). PostgREST 12.0.2 runs it as an insert that updates on conflict, with the columns the body holds:
    /// when the row exists, a column the body leaves out keeps its stored value (it is neither set to NULL nor reset
    /// to its default; send an explicit <c>null</c> to clear it); when the row is new, a left-out column takes its
    /// default (or NULL).
    /// </summary>
    public PostgrestQuery UpsertSingle<T>(T row) => Write(Operation.Put, BodyOf(row, nameof(row)), false);

    /// <summary>Updates the rows matched by the query's top-level filters with the given values (PATCH).</summary>
    /// <remarks>An update without a top-level filter is refused when it is rendered or sent
    /// (<see cref="InvalidOperationException"/>), unless the query says <see cref="AllRows"/>.</remarks>
    public PostgrestQuery Update<T>(T values) => Write(Operation.Update, BodyOf(values, nameof(values)), false);

    /// <summary>Updates the matched rows with values given as JSON text (see <see cref="Update{T}(T)"/>).</summary>
    /// <exception cref="JsonException">The text is not JSON.</exception>
    /// <exception cref="ArgumentException">The text holds a lone surrogate, raw or escaped (<c>\uD800</c>).</exception>
    public PostgrestQuery UpdateJson(string json) => Write(Operation.Update, new RawJsonBody(json, nameof(json)), false);

    /// <summary>Deletes the rows matched by the query's top-level filters.</summary>
    /// <remarks>A delete without a top-level filter is refused when it is rendered or sent
    /// (<see cref="InvalidOperationException"/>), unless the query says <see cref="AllRows"/>.</remarks>
    public PostgrestQuery Delete() => Write(Operation.Delete, null, false);

    /// <summary>
    /// Says that an <see cref="Update{T}(T)"/> or <see cref="Delete"/> without a top-level filter is meant to change
    /// every row. Without it such a query is refused before anything is sent, like pg-safeupdate does on the server.
    /// Only conditions on the top-level rows (<c>Eq</c>, <c>Where</c>, <c>Filter</c>, …) count as a filter: a
    /// condition on an embedded resource, a limit or order, or a hand-written <see cref="Parameter"/> does not.
    /// Has no effect on reads, inserts, upserts and function calls.
    /// </summary>
    public PostgrestQuery AllRows() => Set(true, static (ref QuerySettings s, bool all) => s.AllRows = all);

    /// <summary>Chooses what a write returns; <see cref="Select(string)"/> on a write implies
    /// <see cref="ReturnMode.Representation"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="mode"/> is not a named value.</exception>
    public PostgrestQuery Returning(ReturnMode mode) =>
        Set<ReturnMode?>(Guard.Defined(mode, nameof(mode)), static (ref QuerySettings s, ReturnMode? r) => s.Return = r);

    /// <summary>Sets the HTTP method of a function call.</summary>
    /// <exception cref="InvalidOperationException">The query does not call a function.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="method"/> is not a named value.</exception>
    public PostgrestQuery WithRpcMethod(RpcMethod method) => IsRpc
        ? Set(Guard.Defined(method, nameof(method)), static (ref QuerySettings s, RpcMethod m) => s.RpcMethod = m)
        : throw new InvalidOperationException("Only a function call (Rpc) has an RPC method.");

    internal static RequestBody BodyOf<T>(T values, string paramName) => values switch
    {
        null => throw new ArgumentNullException(paramName),
        JsonElement e => new RawJsonBody(e.GetRawText(), paramName),
        _ => new ValueBody(values, values.GetType(), paramName),
    };

    private PostgrestQuery Write(
        Operation operation, RequestBody? body, bool missingAsDefault, string? onConflict = null,
        bool ignoreDuplicates = false)
    {
        if (IsRpc)
        {
            throw new InvalidOperationException("A function call cannot also insert, update or delete.");
        }

        return Then(new WriteEdit(operation, body, missingAsDefault, onConflict, ignoreDuplicates));
    }
}
