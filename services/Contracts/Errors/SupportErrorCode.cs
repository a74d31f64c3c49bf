using System.Text.Json.Serialization;

namespace DaprSupport.Contracts.Errors;

/// <summary>
/// Why an operation was refused; maps to HTTP 404/409/403/400/429 and the gateway's error frame codes.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<SupportErrorCode>))]
public enum SupportErrorCode
{
    NotFound,
    Conflict,
    Forbidden,
    InvalidArgument,
    ResourceExhausted,
}
