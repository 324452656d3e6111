namespace PgRest;

/// <summary>
/// Names to subscribe to for tracing and metrics: an <c>ActivitySource</c> and a <c>Meter</c>, both named
/// <see cref="Name"/> (e.g. <c>AddSource("PgRest")</c> / <c>AddMeter("PgRest")</c> in OpenTelemetry).
/// Nothing is recorded unless a listener subscribes; credentials, query strings and bodies are never recorded.
/// </summary>
public static class PostgrestTelemetry
{
    /// <summary>The name of PgRest's ActivitySource and Meter.</summary>
    public const string Name = "PgRest";
}
