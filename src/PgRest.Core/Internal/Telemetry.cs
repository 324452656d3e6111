using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace PgRest.Internal;

/// <summary>
/// Tracing and metrics through the framework's own ActivitySource and Meter (no logging dependency).
/// Activities carry the method, path (without the query string, which may hold values), status and PostgREST's
/// error code; never headers or bodies.
/// </summary>
internal static class Telemetry
{
    public static readonly ActivitySource Source = new(PostgrestTelemetry.Name, "0.1.0");

    private static readonly Meter Meter = new(PostgrestTelemetry.Name, "0.1.0");

    public static readonly Counter<long> Requests =
        Meter.CreateCounter<long>("pgrest.client.requests", description: "HTTP requests sent, retries included");

    public static readonly Counter<long> Retries =
        Meter.CreateCounter<long>("pgrest.client.retries", description: "Requests retried after a transient failure");

    public static readonly Histogram<double> Duration =
        Meter.CreateHistogram<double>("pgrest.client.request.duration", "s", "Time to the complete response");

    public static Activity? Start(PostgrestRequest request, int attempt)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var activity = Source.StartActivity("PostgREST " + request.Method.Method, ActivityKind.Client);
        if (activity is not null)
        {
            activity.SetTag("http.request.method", request.Method.Method);
            activity.SetTag("url.path", request.Uri.AbsolutePath);
            activity.SetTag("server.address", request.Uri.Host);
            activity.SetTag("server.port", request.Uri.Port);
            activity.SetTag("http.request.resend_count", attempt - 1);
        }

        return activity;
    }
}
