using DaprSupport.Tenancy;

namespace DaprSupport.Gateway.Realtime.Conversations;

/// <summary>Creates the <see cref="Conversation"/> of an authenticated caller, for either transport.</summary>
public sealed class ConversationFactory(IServiceProvider services)
{
    public Conversation Create(SupportPrincipal principal) =>
        ActivatorUtilities.CreateInstance<Conversation>(services, principal);
}
