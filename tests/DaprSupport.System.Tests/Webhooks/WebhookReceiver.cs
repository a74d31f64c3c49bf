using System.Collections.Concurrent;
using System.Net;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace DaprSupport.System.Tests.Webhooks;

/// <summary>One POST a receiver got: its webhook headers and body.</summary>
public sealed record ReceivedWebhook(string Id, string Timestamp, string Signature, byte[] Body, int Answered);

/// <summary>
/// A tenant's HTTP receiver on a loopback port: answers each POST with the next status of its script (200 once the
/// script runs out) and records every request, in order.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<int> _script = new();
    private readonly Channel<ReceivedWebhook> _received = Channel.CreateUnbounded<ReceivedWebhook>();

    private WebhookReceiver(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hooks", receiver.OnPostAsync);
        await app.StartAsync();
        receiver.Url = new Uri(app.Urls.First() + "/hooks");
        return receiver;
    }

    /// <summary>The statuses to answer next, in order.</summary>
    public void Answer(params int[] statuses)
    {
        foreach (var status in statuses)
        {
            _script.Enqueue(status);
        }
    }

    public async Task<ReceivedWebhook> NextAsync(TimeSpan patience)
    {
        using var timeout = new CancellationTokenSource(patience);
        try
        {
            return await _received.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"No webhook within {patience}.");
        }
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task OnPostAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        var status = _script.TryDequeue(out var next) ? next : StatusCodes.Status200OK;
        var headers = context.Request.Headers;
        await _received.Writer.WriteAsync(new ReceivedWebhook(
            headers["webhook-id"].ToString(), headers["webhook-timestamp"].ToString(),
            headers["webhook-signature"].ToString(), body.ToArray(), status));
        context.Response.StatusCode = status;
    }
}
