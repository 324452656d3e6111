using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace PgRest.Load;

/// <summary>The HTTP setup shared by both sides of every comparison.</summary>
public static class Http
{
    /// <summary>
    /// The handler settings of PgRest's own transport (src/PgRest.Core/Internal/HttpTransport.cs), copied so the
    /// raw baseline pools, decompresses and redirects exactly like the client under test.
    /// </summary>
    public static SocketsHttpHandler Handler() => new()
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(60),
        ConnectTimeout = TimeSpan.FromSeconds(15),
        AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate | DecompressionMethods.Brotli,
        UseCookies = false,
        AllowAutoRedirect = false,
    };

    /// <summary>The hand-written side: an HttpClient over <see cref="Handler"/> that asks for JSON.</summary>
    public static HttpClient RawClient(HttpMessageHandler? handler = null)
    {
        var http = new HttpClient(handler ?? Handler());
        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return http;
    }

    /// <summary>The JSON options of both sides: PgRest's defaults (snake_case, case-insensitive).</summary>
    public static JsonSerializerOptions Json { get; } = CreateJson();

    private static JsonSerializerOptions CreateJson()
    {
        var json = PostgrestClient.DefaultJsonOptions();
        json.MakeReadOnly(populateMissingResolver: true);
        return json;
    }

    /// <summary>GET and decode a JSON array the hand-written way: headers first, then deserialize the stream.</summary>
    public static async Task<List<T>> GetListAsync<T>(HttpClient http, string url, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken)
            .ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (body.ConfigureAwait(false))
        {
            return await JsonSerializer.DeserializeAsync<List<T>>(body, Json, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException("null body");
        }
    }

    /// <summary>GET and decode row by row the hand-written way (DeserializeAsyncEnumerable); counts the rows.</summary>
    public static async Task<long> StreamCountAsync<T>(HttpClient http, string url, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken)
            .ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (body.ConfigureAwait(false))
        {
            long count = 0;
            await foreach (var row in JsonSerializer.DeserializeAsyncEnumerable<T>(body, Json, cancellationToken)
                .ConfigureAwait(false))
            {
                if (row is not null)
                {
                    count++;
                }
            }

            return count;
        }
    }
}

/// <summary>
/// Answers every request with one recorded response (the recorded content headers and body; status 200 unless told),
/// so both sides decode the very same bytes with no server or socket in the measurement. A request's content is read
/// to its end first, as a real handler would write it out.
/// </summary>
public sealed class ReplayHandler(
    byte[] body, IReadOnlyList<KeyValuePair<string, IEnumerable<string>>> contentHeaders,
    HttpStatusCode status = HttpStatusCode.OK)
    : HttpMessageHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(
        HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Content is { } sent)
        {
            await sent.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
        }

        return Response(request);
    }

    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Content?.CopyTo(Stream.Null, null, cancellationToken);
        return Response(request);
    }

    private HttpResponseMessage Response(HttpRequestMessage request)
    {
        var content = new StreamContent(new MemoryStream(body, writable: false));
        foreach (var (name, values) in contentHeaders)
        {
            content.Headers.TryAddWithoutValidation(name, values);
        }

        return new HttpResponseMessage(status) { Content = content, RequestMessage = request };
    }
}
