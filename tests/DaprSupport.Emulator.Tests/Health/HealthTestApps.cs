using System.Threading.Channels;
using DaprSupport.DaprEmulator.Processes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace DaprSupport.Emulator.Tests.Health;

/// <summary>
/// A plain ASP.NET Core app on a free port whose health endpoint answers what the test sets, recording every probe;
/// the sidecar is added by the test with the health settings under test.
/// </summary>
internal sealed class ProbedApp : IAsyncDisposable
{
    private readonly Channel<int> _probes = Channel.CreateUnbounded<int>();
    private volatile int _status = StatusCodes.Status200OK;

    private ProbedApp(WebApplication web, int port)
    {
        Web = web;
        Port = port;
    }

    public WebApplication Web { get; }

    public int Port { get; }

    /// <summary>Every probe, as the status the app answered.</summary>
    public ChannelReader<int> Probes => _probes.Reader;

    /// <summary>What the health endpoint answers from now on.</summary>
    public int Status
    {
        get => _status;
        set => _status = value;
    }

    /// <summary>Starts the app; <paramref name="map"/> adds its other endpoints. <paramref name="path"/> null: no health endpoint.</summary>
    public static async Task<ProbedApp> StartAsync(string? path = "/healthz", Action<WebApplication>? map = null)
    {
        var port = LoopbackPorts.Free();
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var web = builder.Build();
        ProbedApp? app = null;
        if (path is not null)
        {
            web.MapGet(path, () =>
            {
                var status = app!.Status;
                app._probes.Writer.TryWrite(status);
                return Results.StatusCode(status);
            });
        }

        map?.Invoke(web);
        app = new ProbedApp(web, port);
        await web.StartAsync();
        return app;
    }

    /// <summary>Waits for the next <paramref name="count"/> probes answering <paramref name="status"/> (others are skipped).</summary>
    public async Task ProbedAsync(int status, int count = 1)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (count > 0)
        {
            if (await _probes.Reader.ReadAsync(cts.Token) == status)
            {
                count--;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Web.StopAsync();
        await Web.DisposeAsync();
    }
}
