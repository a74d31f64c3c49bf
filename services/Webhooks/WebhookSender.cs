using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using DaprSupport.Configuration.Documents;
using DaprSupport.Contracts;
using DaprSupport.Contracts.Webhooks;
using Microsoft.Extensions.Options;

namespace DaprSupport.Webhooks;

/// <summary>The outcome of one POST: the receiver's status, or why there was none.</summary>
public sealed record SendResult(bool Delivered, int? Status, string? Error);

/// <summary>
/// Posts one event to one endpoint, signed (<see cref="WebhookSignature"/>), within the configured timeout, to public
/// addresses only unless <see cref="WebhookOptions.AllowPrivateAddresses"/>. The body is
/// <c>{id, type, tenant, occurredAt, data}</c> with <c>data</c> the catalogued payload (docs/webhooks.md).
/// </summary>
public sealed class WebhookSender : IDisposable
{
    public const string UserAgent = "DaprSupport-Webhooks/1";
    private readonly HttpClient _http;
    private readonly WebhookOptions _options;
    private readonly TimeProvider _time;

    public WebhookSender(IOptions<WebhookOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _time = time;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectCallback = ConnectAsync,
        };
        _http = new HttpClient(handler) { Timeout = _options.Timeout };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd(UserAgent);
    }

    public async Task<SendResult> SendAsync(
        string tenant, WebhookEndpoint endpoint, WebhookEvent webhookEvent, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(webhookEvent);
        var body = JsonSerializer.SerializeToUtf8Bytes(new
        {
            id = webhookEvent.Id,
            type = webhookEvent.Topic,
            tenant,
            occurredAt = webhookEvent.OccurredAt,
            data = webhookEvent.Data,
        }, JsonDefaults.Options);
        var timestamp = _time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Url)
        {
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add(WebhookSignature.IdHeader, webhookEvent.Id);
        request.Headers.Add(WebhookSignature.TimestampHeader,
            timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.SignatureHeader,
            WebhookSignature.Sign(endpoint.Secrets, webhookEvent.Id, timestamp, body));
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            var status = (int)response.StatusCode;
            return response.IsSuccessStatusCode
                ? new SendResult(true, status, null)
                : new SendResult(false, status, $"the receiver answered {status}");
        }
        catch (HttpRequestException e)
        {
            return new SendResult(false, null, e.InnerException?.Message ?? e.Message);
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return new SendResult(false, null, $"no answer within {_options.Timeout.TotalSeconds:0.#} s");
        }
    }

    public void Dispose() => _http.Dispose();

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var addresses = await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, ct);
        var allowed = _options.AllowPrivateAddresses ? addresses : [.. addresses.Where(AddressGuard.IsPublic)];
        if (allowed.Length == 0)
        {
            throw new HttpRequestException(
                $"{context.DnsEndPoint.Host} resolves to no public address; webhooks reach public addresses only.");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
