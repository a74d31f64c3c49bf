using DaprSupport.Contracts;
using DaprSupport.Tenancy;

namespace DaprSupport.Gateway.Realtime.Transport;

/// <summary>
/// The roles that take part in chats (docs/security.md matrix): visitors, agents, supervisors. A token of any other
/// role (an admin or platform operator, or a role added later) opens no chat connection: WebSocket close 4403,
/// long-poll 403 forbidden.
/// </summary>
public static class ChatRoles
{
    public static bool Allows(SupportPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        return principal.Role is Roles.Visitor or Roles.Agent or Roles.Supervisor;
    }
}
