namespace DaprSupport.Gateway.Tests.Infrastructure;

/// <summary>A clock offset from the real one, to mint tokens that are already expired or not yet valid.</summary>
public sealed class ShiftedTime(TimeSpan offset) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + offset;
}
