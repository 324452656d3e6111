using System;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace PgRest.DependencyInjection.Internal;

/// <summary>Creates a <see cref="PostgrestClient"/> from the named settings and a named HttpClient.</summary>
internal static class ClientFactory
{
    // One read-only instance for every client that uses the defaults: the client copies it, and copies of one
    // instance share System.Text.Json's metadata cache, so a transient client does not rebuild it.
    private static readonly JsonSerializerOptions DefaultJson = ReadOnly(PostgrestClient.DefaultJsonOptions());

    public static PostgrestClient Create(IServiceProvider provider, string name)
    {
        var settings = provider.GetRequiredService<IOptionsMonitor<PostgrestClientSettings>>().Get(name);
        var http = provider.GetRequiredService<IHttpClientFactory>().CreateClient(name);

        // Known after CreateClient: the factory builds (or reuses) the handler pipeline of this name there.
        var retryOn = settings.Retry.Enabled
            ?? !provider.GetRequiredService<HandlerPipelines>().HasResilienceHandler(name);
        var client = new PostgrestClient(settings.BaseUrl!, OptionsOf(settings, http, retryOn, provider));

        // The derived client shares the parent's transport; neither disposes the factory's HttpClient.
        return settings.BearerToken is { } token ? client.WithBearer(token) : client;
    }

    /// <summary>The core's options for these settings (the core validates every value when it is set).</summary>
    public static PostgrestClientOptions OptionsOf(
        PostgrestClientSettings settings, HttpClient http, bool retryOn, IServiceProvider services) =>
        new()
        {
            AccessTokenProvider = settings.AccessTokenProvider is { } tokens
                ? cancellationToken => tokens(services, cancellationToken)
                : null,
            Schema = settings.Schema,
            Headers = settings.Headers.ToDictionary(h => h.Key, h => h.Value, StringComparer.OrdinalIgnoreCase),
            HttpClient = http,
            Timeout = settings.Timeout,
            Retry = retryOn
                ? new PostgrestRetryOptions
                {
                    MaxAttempts = settings.Retry.MaxAttempts,
                    BaseDelay = settings.Retry.BaseDelay,
                    MaxDelay = settings.Retry.MaxDelay,
                    MaxTotalDelay = settings.Retry.MaxTotalDelay,
                    OnRetry = settings.Retry.OnRetry,
                }
                : PostgrestRetryOptions.None,
            MaxBufferedBodySize = settings.MaxBufferedBodySize,
            SensitiveHeaders = settings.SensitiveHeaders.ToArray(),
            JsonSerializerOptions = settings.JsonSerializerOptions ?? DefaultJson,
        };

    private static JsonSerializerOptions ReadOnly(JsonSerializerOptions options)
    {
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
