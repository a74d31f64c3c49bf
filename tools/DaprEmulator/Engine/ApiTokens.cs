namespace DaprSupport.DaprEmulator.Engine;

/// <summary>
/// daprd's two tokens (dapr/dapr pkg/security/consts): <c>DAPR_API_TOKEN</c>, which apps must present on the sidecar's
/// HTTP and gRPC APIs, and <c>APP_API_TOKEN</c>, which the sidecar presents to its app. Both travel in the
/// <c>dapr-api-token</c> header (gRPC metadata key).
/// </summary>
public static class ApiTokens
{
    public const string Header = "dapr-api-token";
    public const string DaprApiTokenVariable = "DAPR_API_TOKEN";
    public const string AppApiTokenVariable = "APP_API_TOKEN";
}
