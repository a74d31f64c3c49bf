namespace DaprSupport.Contracts.Sessions;

/// <summary>
/// Published on <see cref="Topics.SessionRead"/> (partition key = session id) when a read mark moves forward.
/// </summary>
public sealed record SessionRead(string Tenant, string SessionId, ReadMark Mark);
