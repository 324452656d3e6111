using System;
using System.Collections.Concurrent;
using System.Net.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;

namespace PgRest.DependencyInjection.Internal;

/// <summary>What the HttpClient factory put in each named pipeline it built: whether a resilience handler (which
/// retries on its own) is among the additional handlers.</summary>
internal sealed class HandlerPipelines
{
    private readonly ConcurrentDictionary<string, bool> _resilient = new(StringComparer.Ordinal);

    public bool HasResilienceHandler(string name) => _resilient.TryGetValue(name, out var found) && found;

    public void Record(string name, bool hasResilienceHandler) => _resilient[name] = hasResilienceHandler;

    /// <summary>Microsoft.Extensions.Http.Resilience's handler (standard, hedging or custom pipelines) and
    /// Microsoft.Extensions.Http.Polly's, recognised by type name so that neither package is a dependency.</summary>
    public static bool IsResilienceHandler(DelegatingHandler handler)
    {
        for (var type = handler.GetType(); type is not null && type != typeof(DelegatingHandler); type = type.BaseType)
        {
            if (type.FullName is "Microsoft.Extensions.Http.Resilience.ResilienceHandler"
                or "Microsoft.Extensions.Http.PolicyHttpMessageHandler")
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>Runs after the named client's own configuration (the factory wraps it in its filters) and records what
/// the pipelines of PgRest clients hold.</summary>
internal sealed class HandlerPipelineFilter(HandlerPipelines pipelines) : IHttpMessageHandlerBuilderFilter
{
    public Action<HttpMessageHandlerBuilder> Configure(Action<HttpMessageHandlerBuilder> next) => builder =>
    {
        next(builder);
        if (builder.Name is { } name
            && (name == PostgrestServiceCollectionExtensions.DefaultName
                || name.StartsWith(PostgrestServiceCollectionExtensions.DefaultName + ":", StringComparison.Ordinal)))
        {
            var found = false;
            foreach (var handler in builder.AdditionalHandlers)
            {
                found |= HandlerPipelines.IsResilienceHandler(handler);
            }

            pipelines.Record(name, found);
        }
    };
}
