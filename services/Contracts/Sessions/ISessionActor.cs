using Dapr.Actors;

namespace DaprSupport.Contracts.Sessions;

/// <summary>
/// Owner of one session: its status machine and its timeline's seq counter (1, 2, 3… without gaps). It may call the
/// agent actor (claim/release); nothing it calls ever calls back, so turns cannot deadlock.
/// </summary>
public interface ISessionActor : IActor
{
    Task<SessionSnapshot> GetAsync();

    Task<SessionResult> CreateAsync(CreateSessionRequest request);

    Task<SessionResult> OfferAsync(OfferRequest request);

    Task<SessionResult> WithdrawOfferAsync(WithdrawOfferRequest request);

    Task<SessionResult> AcceptAsync(AcceptRequest request);

    /// <summary>The agent declines its offer: the session waits again (or stays offered to other claimants).</summary>
    Task<SessionResult> DeclineAsync(DeclineRequest request);

    /// <summary>Takes the session from its agent and queues it again (unattended: offline agent, no reply).</summary>
    Task<SessionResult> RequeueAsync(RequeueRequest request);

    Task<SessionResult> TransferAsync(TransferRequest request);

    Task<SessionResult> ResolveAsync(ResolveRequest request);

    Task<SessionResult> ReopenAsync(ReopenRequest request);

    /// <summary>A supervisor takes an assigned chat from its agent and holds it himself.</summary>
    Task<SessionResult> TakeOverAsync(TakeOverRequest request);

    Task<AppendResult> AppendTextAsync(AppendTextRequest request);

    Task<SessionResult> MarkReadAsync(MarkReadRequest request);

    /// <summary>A start outside business hours: the session is an offline ticket (see <see
    /// cref="OfflineStart"/>).</summary>
    Task<SessionResult> CreateOfflineAsync(OfflineStart request);

    /// <summary>The housekeeping job's change (open a ticket, abandon, resolve), only on the version it decided
    /// on.</summary>
    Task<SessionResult> HousekeepAsync(HousekeepRequest request);
}
