using System.Security.Cryptography;
using System.Text.Json;

namespace DaprSupport.Sessions.DeadLetters;

/// <summary>
/// An event no subscriber could process, as kept in the history store for replay: the event's data as it was
/// published, the pub/sub component it arrived on here, and when. Its id is a hash of the data,
/// so a redelivered dead letter overwrites itself instead of piling up.
/// </summary>
public sealed record DeadLetter(string Id, string? PubsubName, DateTimeOffset ReceivedAt, JsonElement Data)
{
    /// <summary>History-store keys of dead letters: <c>deadletter|{sha-256 of the data, hex}</c>.</summary>
    public const string KeyPrefix = "deadletter|";

    public string Key => KeyPrefix + Id;

    public static DeadLetter Of(JsonElement data, string? pubsubName, DateTimeOffset receivedAt) =>
        new(IdOf(data), pubsubName, receivedAt, data.Clone());

    /// <summary>The id of a dead letter with this data: SHA-256 of its compact JSON, lowercase hex.</summary>
    public static string IdOf(JsonElement data) =>
        Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(data)));
}
