namespace DaprSupport.Gateway;

/// <summary>
/// Marks the gateway's assembly (e.g. for <c>WebApplicationFactory&lt;GatewayService&gt;</c> in tests).
/// </summary>
public sealed class GatewayService
{
    private GatewayService()
    {
    }
}
