using Dapr.Actors;

namespace DaprSupport.Contracts.Sessions;

/// <summary>Owner of one session: its status and the seq counter of its timeline.</summary>
public interface ISessionActor : IActor
{
    Task<SessionSnapshot> GetAsync();
}
