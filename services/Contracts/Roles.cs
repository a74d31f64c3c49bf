namespace DaprSupport.Contracts;

/// <summary>Who takes part in a session; the role comes from the caller's verified token.</summary>
public static class Roles
{
    public const string Visitor = "visitor";
    public const string Agent = "agent";
    public const string Supervisor = "supervisor";
    public const string System = "system";
}
