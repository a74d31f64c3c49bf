using DaprSupport.ServiceDefaults.Security;

namespace DaprSupport.Gateway.Connections;

/// <summary>Authenticates a caller and creates its <see cref="Conversation"/>.</summary>
public sealed class ConversationFactory(IServiceProvider services, SupportTokens tokens, TenantDirectory tenants)
{
    public Task<SupportPrincipal?> AuthenticateAsync(string? token) => tokens.ValidateAsync(token);

    /// <summary>Whether the tenant blocked the user after its token was issued (checked at every connect).</summary>
    public bool IsBlocked(SupportPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        return tenants.IsBlocked(principal.Tenant, principal.UserId);
    }

    public Conversation Create(SupportPrincipal principal) => ActivatorUtilities.CreateInstance<Conversation>(services, principal);
}
