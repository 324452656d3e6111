using System;
using System.Collections.Generic;
using Microsoft.Extensions.Options;

namespace PgRest.DependencyInjection.Internal;

/// <summary>Rejects settings the client would refuse, naming the option and the configuration key.</summary>
internal sealed class PostgrestClientSettingsValidator : IValidateOptions<PostgrestClientSettings>
{
    public ValidateOptionsResult Validate(string? name, PostgrestClientSettings options)
    {
        var failures = new List<string>();
        var who = $"PostgREST client '{name}'";
        if (string.IsNullOrWhiteSpace(options.BaseUrl))
        {
            failures.Add($"{who}: BaseUrl is not set (the server's root URL, e.g. http://127.0.0.1:3000).");
        }
        else if (!Uri.TryCreate(options.BaseUrl, UriKind.Absolute, out var uri)
                 || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            failures.Add($"{who}: BaseUrl '{options.BaseUrl}' is not an absolute http or https URL.");
        }

        if (options.Timeout is { } t && t <= TimeSpan.Zero && t != System.Threading.Timeout.InfiniteTimeSpan)
        {
            failures.Add($"{who}: Timeout must be positive (or null / infinite for none), not {t}.");
        }

        if (options.Retry.MaxAttempts < 1)
        {
            failures.Add(
                $"{who}: Retry:MaxAttempts must be at least 1 (1 disables retries), not {options.Retry.MaxAttempts}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
