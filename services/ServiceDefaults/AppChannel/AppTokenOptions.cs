namespace DaprSupport.ServiceDefaults.AppChannel;

/// <summary>
/// Dapr's app API token: daprd sends <c>dapr-api-token: $APP_API_TOKEN</c> on every call into the app (service
/// invocation, pub/sub deliveries, actor calls, <c>/dapr/config</c>, <c>/dapr/subscribe</c>), never on its app health
/// probe. The app answers only callers that present it.
/// </summary>
public sealed class AppTokenOptions
{
    /// <summary>
    /// The environment variable daprd and the app read (the injector sets it from <c>dapr.io/app-token-secret</c>).
    /// </summary>
    public const string TokenKey = "APP_API_TOKEN";

    /// <summary>The header daprd sends the token in.</summary>
    public const string Header = "dapr-api-token";

    /// <summary>The expected token; required outside Development.</summary>
    public string? Token { get; set; }

    /// <summary>
    /// Path prefixes served to anyone: the probes and metrics (always), plus a service's client-facing routes (the
    /// gateway's <c>/v1</c> and <c>/widget</c>). Everything else is for the sidecar only.
    /// </summary>
    public IList<string> PublicPaths { get; } = [
        ServiceDefaultsExtensions.HealthPath, ServiceDefaultsExtensions.AlivePath,
        ServiceDefaultsExtensions.MetricsPath];
}
