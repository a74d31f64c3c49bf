namespace DaprSupport.Configuration.Leases;

/// <summary>
/// One call on a lease: who asks (<paramref name="Owner"/>), for how long (<paramref name="Ttl"/>) and, to renew or
/// release, the fencing token the grant returned. One parameter, so the method can also be called without remoting.
/// </summary>
public sealed record LeaseRequest(string Owner, TimeSpan Ttl, long Token = 0);
