namespace DaprSupport.Auth;

/// <summary>Names the auth service's assembly for hosts and test factories (its Program is top-level and not unique).</summary>
public sealed class AuthService
{
    private AuthService()
    {
    }
}
