namespace DaprSupport.Contracts;

/// <summary>Dapr actor type names.</summary>
public static class ActorTypes
{
    public const string Agent = "AgentActor";
    public const string Session = "SessionActor";
    public const string Router = "RouterActor";
    public const string Visitor = "VisitorActor";
}
