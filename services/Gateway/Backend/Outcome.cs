using DaprSupport.Contracts.Errors;
using DaprSupport.Gateway.Protocol;

namespace DaprSupport.Gateway.Backend;

/// <summary>A call to the sessions service: its value, or the client-facing error code and message.</summary>
public sealed record Outcome<T>(T? Value, ErrorFrame? Error);

public static class Outcome
{
    public static Outcome<T> Ok<T>(T value) => new(value, null);

    public static Outcome<T> Fail<T>(string code, string message) => new(default, new ErrorFrame(code, message));

    /// <summary>A refusal the sessions service (or one of its actors) answered, in the client's vocabulary.</summary>
    public static Outcome<T> Fail<T>(SupportError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return Fail<T>(ErrorCodes.Of(error.Code), error.Message);
    }
}
