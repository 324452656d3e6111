using System;
using System.Net.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Options;
using PgRest;
using PgRest.DependencyInjection;
using PgRest.DependencyInjection.Internal;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers <see cref="PostgrestClient"/> in an <see cref="IServiceCollection"/>: each client sends through an
/// <see cref="HttpClient"/> from <see cref="IHttpClientFactory"/> (a named client whose builder is returned, for
/// handlers such as Microsoft.Extensions.Http.Resilience), with <see cref="PostgrestClientSettings"/> bound from
/// configuration and/or set by a delegate.
/// </summary>
/// <remarks>
/// <para>The client is registered <b>transient</b>, like a typed HttpClient: each resolution wraps a fresh
/// HttpClient from the factory, so the factory's handler rotation (DNS changes, handler lifetime) reaches it. A
/// client is cheap to create (it shares the factory's pooled handler and the JSON metadata of the others) and
/// thread-safe: keep one for a unit of work (a request, a job). A singleton service should not hold one for ever;
/// resolve one per unit of work from a scope instead.</para>
/// <para>The HttpClient and the options are named <see cref="DefaultName"/> for the unkeyed client and
/// <c>PgRest:</c><i>serviceKey</i> for a keyed one (the returned builder's
/// <see cref="IHttpClientBuilder.Name"/>).</para>
/// </remarks>
public static class PostgrestServiceCollectionExtensions
{
    /// <summary>The HttpClient and options name of the client registered by <c>AddPostgrest</c>.</summary>
    public const string DefaultName = "PgRest";

    /// <summary>Registers a transient <see cref="PostgrestClient"/> whose settings <paramref name="configure"/>
    /// sets.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the base URL (required), schema, headers, timeout, retries.</param>
    /// <returns>The builder of the client's named HttpClient, to add handlers or configure it.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="OptionsValidationException">When the client is resolved (or the host starts): the settings
    /// are invalid, e.g. no <see cref="PostgrestClientSettings.BaseUrl"/>.</exception>
    public static IHttpClientBuilder AddPostgrest(
        this IServiceCollection services, Action<PostgrestClientSettings> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return Register(services, null, null, configure);
    }

    /// <summary>Registers a transient <see cref="PostgrestClient"/> whose settings are bound from
    /// <paramref name="configuration"/> (e.g. <c>builder.Configuration.GetSection("Postgrest")</c>), then
    /// adjusted by <paramref name="configure"/>.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section holding <c>BaseUrl</c>, <c>Schema</c>, <c>Headers</c>,
    /// <c>BearerToken</c>, <c>Timeout</c> and <c>Retry</c>; reloads reach clients resolved afterwards.</param>
    /// <param name="configure">Applied after the binding; null for none.</param>
    /// <returns>The builder of the client's named HttpClient, to add handlers or configure it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="configuration"/> is
    /// null.</exception>
    /// <exception cref="OptionsValidationException">When the client is resolved (or the host starts): the settings
    /// are invalid, e.g. no <see cref="PostgrestClientSettings.BaseUrl"/>.</exception>
    public static IHttpClientBuilder AddPostgrest(
        this IServiceCollection services,
        IConfiguration configuration,
        Action<PostgrestClientSettings>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return Register(services, null, configuration, configure);
    }

    /// <summary>Registers a transient <see cref="PostgrestClient"/> as a keyed service (resolve it with
    /// <c>[FromKeyedServices(serviceKey)]</c> or <c>GetRequiredKeyedService</c>), for an application that talks to
    /// several PostgREST servers.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="serviceKey">The service key; the HttpClient and options are named
    /// <c>PgRest:</c><i>serviceKey</i>.</param>
    /// <param name="configure">Sets the base URL (required), schema, headers, timeout, retries.</param>
    /// <returns>The builder of the client's named HttpClient, to add handlers or configure it.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="serviceKey"/> is empty.</exception>
    /// <exception cref="OptionsValidationException">When the client is resolved (or the host starts): the settings
    /// are invalid, e.g. no <see cref="PostgrestClientSettings.BaseUrl"/>.</exception>
    public static IHttpClientBuilder AddKeyedPostgrest(
        this IServiceCollection services, string serviceKey, Action<PostgrestClientSettings> configure)
    {
        ArgumentException.ThrowIfNullOrEmpty(serviceKey);
        ArgumentNullException.ThrowIfNull(configure);
        return Register(services, serviceKey, null, configure);
    }

    /// <summary>Registers a transient <see cref="PostgrestClient"/> as a keyed service (resolve it with
    /// <c>[FromKeyedServices(serviceKey)]</c> or <c>GetRequiredKeyedService</c>) whose settings are bound from
    /// <paramref name="configuration"/>, then adjusted by <paramref name="configure"/>.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="serviceKey">The service key; the HttpClient and options are named
    /// <c>PgRest:</c><i>serviceKey</i>.</param>
    /// <param name="configuration">The section holding <c>BaseUrl</c>, <c>Schema</c>, <c>Headers</c>,
    /// <c>BearerToken</c>, <c>Timeout</c> and <c>Retry</c>; reloads reach clients resolved afterwards.</param>
    /// <param name="configure">Applied after the binding; null for none.</param>
    /// <returns>The builder of the client's named HttpClient, to add handlers or configure it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/>, <paramref name="serviceKey"/> or
    /// <paramref name="configuration"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="serviceKey"/> is empty.</exception>
    /// <exception cref="OptionsValidationException">When the client is resolved (or the host starts): the settings
    /// are invalid, e.g. no <see cref="PostgrestClientSettings.BaseUrl"/>.</exception>
    public static IHttpClientBuilder AddKeyedPostgrest(
        this IServiceCollection services,
        string serviceKey,
        IConfiguration configuration,
        Action<PostgrestClientSettings>? configure = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(serviceKey);
        ArgumentNullException.ThrowIfNull(configuration);
        return Register(services, serviceKey, configuration, configure);
    }

    private static IHttpClientBuilder Register(
        IServiceCollection services,
        string? serviceKey,
        IConfiguration? configuration,
        Action<PostgrestClientSettings>? configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        var name = serviceKey is null ? DefaultName : DefaultName + ":" + serviceKey;

        var settings = services.AddOptions<PostgrestClientSettings>(name);
        if (configuration is not null)
        {
            settings.Bind(configuration);
        }

        if (configure is not null)
        {
            settings.Configure(configure);
        }

        settings.ValidateOnStart();
        services.TryAddEnumerable(
            ServiceDescriptor.Singleton<IValidateOptions<PostgrestClientSettings>, PostgrestClientSettingsValidator>());
        services.TryAddSingleton<HandlerPipelines>();
        services.TryAddEnumerable(
            ServiceDescriptor.Singleton<IHttpMessageHandlerBuilderFilter, HandlerPipelineFilter>());

        // PgRest enforces its own timeout (per attempt, around the whole handler pipeline), so the HttpClient's is off.
        var builder = services.AddHttpClient(name, http => http.Timeout = System.Threading.Timeout.InfiniteTimeSpan);
        if (serviceKey is null)
        {
            services.TryAddTransient(provider => ClientFactory.Create(provider, name));
        }
        else
        {
            services.TryAddKeyedTransient(serviceKey, (provider, _) => ClientFactory.Create(provider, name));
        }

        return builder;
    }
}
