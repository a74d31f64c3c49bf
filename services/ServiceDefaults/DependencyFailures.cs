using Dapr;
using Dapr.Actors;
using Grpc.Core;

namespace DaprSupport.ServiceDefaults;

/// <summary>
/// Which failures of a request are a dependency's rather than the service's own: the sidecar (or the app, actor or
/// store behind it) could not be reached, answered an error, or did not answer in time. Such a request is answered
/// 500 problem <c>unavailable</c> and logged as one warning line (<see cref="DependencyFailureHandler"/>), not as an
/// unhandled exception with its stack. An exception an actor's own code threw is not one of them.
/// </summary>
public static class DependencyFailures
{
    /// <summary>What failed, in words; null when the exception is not a dependency's failure.</summary>
    public static string? Describe(Exception exception, bool requestAborted)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case ActorMethodInvocationException:
                    return null;
                case OperationCanceledException when requestAborted:
                    return null;
                case TimeoutException or OperationCanceledException:
                    return "a call through the sidecar timed out";
                case HttpRequestException { StatusCode: { } status }:
                    return $"a call through the sidecar answered {(int)status}";
                case HttpRequestException http:
                    return $"the sidecar could not be reached ({http.Message})";
                case RpcException { StatusCode: StatusCode.Unavailable or StatusCode.DeadlineExceeded } rpc:
                    return $"the sidecar answered {rpc.StatusCode}: {rpc.Status.Detail}";
                case DaprApiException api:
                    return $"the sidecar answered {api.ErrorCode}: {api.Message}";
            }
        }

        return null;
    }
}
