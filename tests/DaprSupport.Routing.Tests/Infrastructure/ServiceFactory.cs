using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DaprSupport.Routing.Tests.Infrastructure;

/// <summary>
/// Runs a real service (the assembly of <typeparamref name="TMarker"/>, its own Program) in-process on a real Kestrel
/// port, with settings given as host settings — the same keys daprd's environment would provide. Logs nothing, or
/// one category's entries to <c>logs</c>.
/// </summary>
internal sealed class ServiceFactory<TMarker>(
    IReadOnlyDictionary<string, string> settings, ILoggerProvider? logs = null, string? logCategory = null)
    : WebApplicationFactory<TMarker>
    where TMarker : class
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.UseEnvironment(Environments.Production);
        // Silent, unless a test awaits what one category logs (logs: that category's entries only).
        builder.ConfigureLogging(logging =>
        {
            logging.ClearProviders();
            if (logs is null)
            {
                logging.AddFilter(_ => false);
                return;
            }

            logging.AddProvider(logs).AddFilter((category, _) => category == logCategory);
        });
    }
}
