namespace DaprSupport.Gateway.Realtime.Fanout;

/// <summary>Listener keys: a session's participants, and an agent's own connections (offers, assignments).</summary>
internal static class FanoutKeys
{
    public static string Session(string tenant, string sessionId) => string.Concat(tenant, "/s/", sessionId);

    public static string Agent(string tenant, string agentId) => string.Concat(tenant, "/a/", agentId);
}
