namespace DaprSupport.Contracts;

/// <summary>Who takes part in a session; the role comes from the caller's verified token.</summary>
public static class Roles
{
    public const string Visitor = "visitor";
    public const string Agent = "agent";
    public const string Supervisor = "supervisor";
    public const string System = "system";

    /// <summary>A tenant's administrator: reads and changes the tenant's configuration (<c>/v1/admin</c>).</summary>
    public const string Admin = "admin";
}
