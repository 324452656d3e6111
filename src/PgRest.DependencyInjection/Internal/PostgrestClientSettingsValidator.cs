using System;
using System.Collections.Generic;
using System.Net.Http;
using Microsoft.Extensions.Options;

namespace PgRest.DependencyInjection.Internal;

/// <summary>Rejects settings the client would refuse, naming the option and the configuration key.</summary>
internal sealed class PostgrestClientSettingsValidator : IValidateOptions<PostgrestClientSettings>
{
    // Injected into the trial client only so that it creates no handler of its own; nothing is ever sent through it.
    private static readonly HttpClient Unused = new();

    public ValidateOptionsResult Validate(string? name, PostgrestClientSettings options)
    {
        var failures = new List<string>();
        var who = $"PostgREST client '{name}'";
        if (string.IsNullOrWhiteSpace(options.BaseUrl))
        {
            failures.Add($"{who}: BaseUrl is not set (the server's root URL, e.g. http://127.0.0.1:3000).");
        }
        else
        {
            // The core is the one judge of every value (base URL shape, schema, header values, timeout, retry and
            // body limits): build the client once, sending nothing, and report what it refuses. Its messages never
            // repeat a URL's user info or a header's value.
            try
            {
                using var client = new PostgrestClient(
                    options.BaseUrl, ClientFactory.OptionsOf(options, Unused, retryOn: true, EmptyServices.Instance));
                if (options.BearerToken is { } token)
                {
                    client.WithBearer(token);
                }
            }
            catch (ArgumentException e)
            {
                failures.Add($"{who}: {e.Message}");
            }
        }

        if (options.BearerToken is not null && options.AccessTokenProvider is not null)
        {
            failures.Add(
                $"{who}: BearerToken and AccessTokenProvider are both set; set one (a fixed token, or a source of tokens).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

/// <summary>The service provider of the trial client, whose token provider is never asked.</summary>
internal sealed class EmptyServices : IServiceProvider
{
    public static readonly EmptyServices Instance = new();

    public object? GetService(Type serviceType) => null;
}
