using System;
using System.Net;
using System.Net.Http;

namespace PgRest.Internal;

/// <summary>The HttpClient a client and the clients derived from it share; disposed only when owned.</summary>
internal sealed class HttpTransport : IDisposable
{
    private HttpTransport(HttpClient client, bool owned)
    {
        Client = client;
        Owned = owned;
    }

    public HttpClient Client { get; }

    public bool Owned { get; }

    public static HttpTransport Injected(HttpClient client) => new(client, false);

    public static HttpTransport CreateOwned()
    {
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(60),
            ConnectTimeout = TimeSpan.FromSeconds(15),
            AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate | DecompressionMethods.Brotli,
            UseCookies = false,
            AllowAutoRedirect = false,
        };

        // Timeouts are enforced per request by the client, so the HttpClient's own is disabled.
        return new HttpTransport(new HttpClient(handler) { Timeout = System.Threading.Timeout.InfiniteTimeSpan }, true);
    }

    public void Dispose()
    {
        if (Owned)
        {
            Client.Dispose();
        }
    }
}
