using Microsoft.Extensions.Configuration;

namespace DaprSupport.ServiceDefaults.AppChannel;

/// <summary>
/// The token the app presents to its sidecar (<c>DAPR_API_TOKEN</c>; daprd rejects API calls without it when set).
/// Read from configuration, so environment variables and test settings work alike; the Dapr SDK's own default reads
/// only the process environment.
/// </summary>
public static class DaprApiToken
{
    public const string Key = "DAPR_API_TOKEN";

    /// <summary>The configured token, or null when none is set.</summary>
    public static string? From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return configuration[Key] is { Length: > 0 } token ? token : null;
    }
}
