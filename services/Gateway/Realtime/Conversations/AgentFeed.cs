using DaprSupport.Contracts;
using DaprSupport.Contracts.Sessions;
using DaprSupport.Gateway.Backend;
using DaprSupport.Gateway.Protocol;
using DaprSupport.Gateway.Realtime.Fanout;
using DaprSupport.Tenancy;

namespace DaprSupport.Gateway.Realtime.Conversations;

/// <summary>
/// What an agent's connection gets as an agent: offers (live ones from the fanout's agent key, pending ones when it
/// connects, or at one of the next heartbeats when the sessions service could not list them then; each offer once) and
/// the presence heartbeat that keeps the agent's lease alive while it is connected: the connection beats under its own
/// id from the start, and says when it closed, so the agent goes offline a short grace after its last connection
/// closes rather than a whole lease later (docs/protocol.md, "Limits"). A snapshot older than one already
/// seen for its session (a listing read before a live change, a redelivered event) changes nothing: it neither shows
/// an offer again nor ends the one shown.
/// </summary>
internal sealed class AgentFeed(
    SupportPrincipal principal,
    SessionsClient sessions,
    IFrameSink outbound,
    TimeProvider time,
    ILogger logger) : IDisposable
{
    /// <summary>
    /// The offer id shown per session, so live events and the resend of pending offers never repeat one.
    /// </summary>
    private readonly Dictionary<string, string> _offersShown = new(StringComparer.Ordinal);

    /// <summary>
    /// The newest session version seen per session. Bounded: past <see cref="VersionsKept"/> entries only the
    /// sessions with an offer shown are kept; a stale snapshot of a forgotten one carries an offer that has lapsed
    /// (it is not shown) or one already ended.
    /// </summary>
    private readonly Dictionary<string, long> _versions = new(StringComparer.Ordinal);
    private const int VersionsKept = 256;
    private IDisposable? _registration;
    /// <summary>
    /// Listings of the pending offers left after one the sessions service could not answer. An offer pending at
    /// connect lapses within the offer timeout (20 s by default), and later ones arrive live, so three heartbeats
    /// (30 s) cover it; an overloaded router is not asked by every agent for ever.
    /// </summary>
    private const int OfferRelistings = 3;

    /// <summary>How long the closing connection waits for the sessions service to take its close.</summary>
    private static readonly TimeSpan CloseNoticeTimeout = TimeSpan.FromSeconds(5);

    /// <summary>This connection, as the agent actor counts it.</summary>
    private readonly string _connectionId = Guid.NewGuid().ToString("N");

    private volatile bool _offersUnread;
    private int _relistingsLeft = OfferRelistings;
    private int _relistingQueued;

    /// <summary>
    /// True when the pending offers could not be read (the sessions service was unavailable) and no listing waits in
    /// the pump yet: the caller queues one (<see cref="ResendOffersAsync"/>).
    /// </summary>
    public bool TakeRelisting() => _offersUnread && Interlocked.Exchange(ref _relistingQueued, 1) == 0;

    /// <summary>
    /// Starts listening for the agent's sessions; returns the heartbeat, which runs until cancelled and calls
    /// <paramref name="onHeartbeat"/> after each beat.
    /// </summary>
    public Task StartAsync(ReplicaFanout fanout, Func<ReplicaEvent, bool> listener, TimeSpan heartbeat,
        Action onHeartbeat, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(fanout);
        _registration = fanout.ListenAgent(principal.Tenant, principal.UserId, listener);
        return HeartbeatAsync(heartbeat, onHeartbeat, ct);
    }

    /// <summary>Sends the offers pending for this agent (made while it was not connected here).</summary>
    public async Task ResendOffersAsync(CancellationToken ct)
    {
        Volatile.Write(ref _relistingQueued, 0);
        var offers = await sessions.GetOffersAsync(principal.Tenant, principal.UserId, ct);
        if (offers.Error is { } error)
        {
            _offersUnread = error.Code == ErrorCodes.Unavailable && _relistingsLeft-- > 0;
            logger.LogWarning("Pending offers of {AgentId} unreadable: {Error}", principal.UserId, error.Message);
            return;
        }

        _offersUnread = false;
        foreach (var session in offers.Value!)
        {
            Show(session);
        }
    }

    /// <summary>
    /// A session change: an <c>offer_ended</c> frame when it ended an offer this connection showed, then the offer
    /// frame if the session is (still or newly) offered to this agent.
    /// </summary>
    public void OnChanged(SessionChanged change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var session = change.Session;
        if (!IsNewest(session))
        {
            return;
        }

        var ended = change.EndedOffers?.FirstOrDefault(e => e.AgentId == principal.UserId);
        if (ended is not null && _offersShown.Remove(session.SessionId))
        {
            outbound.Emit(new OfferEndedFrame(session.SessionId, ended.Reason));
        }

        ShowNewest(session);
    }

    /// <summary>An offer frame for a session offered to this agent, once per offer; a session no longer offered to
    /// it is forgotten (a later offer of it is shown again).</summary>
    public void Show(SessionSnapshot session)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (IsNewest(session))
        {
            ShowNewest(session);
        }
    }

    /// <summary>
    /// Tells the agent actor this connection closed (after the heartbeat stopped). A close that does not land leaves
    /// the agent to its lease, as before.
    /// </summary>
    public async Task ClosedAsync()
    {
        using var timeout = new CancellationTokenSource(CloseNoticeTimeout);
        try
        {
            var result = await sessions.ConnectionClosedAsync(
                principal.Tenant, principal.UserId, _connectionId, timeout.Token);
            if (result.Error is { } error)
            {
                logger.LogDebug("Close of {AgentId}'s connection not taken: {Error}", principal.UserId, error.Message);
            }
        }
        catch (OperationCanceledException)
        {
            logger.LogDebug("Close of {AgentId}'s connection timed out", principal.UserId);
        }
    }

    public void Dispose() => _registration?.Dispose();

    /// <summary><see cref="Show"/> for a snapshot already known to be the newest of its session.</summary>
    private void ShowNewest(SessionSnapshot session)
    {
        if (session is not { Status: SessionStatus.Offered, OfferId: { } offerId }
            || !session.IsOfferedTo(principal.UserId))
        {
            _offersShown.Remove(session.SessionId);
            return;
        }

        if (_offersShown.TryGetValue(session.SessionId, out var shown) && shown == offerId)
        {
            return;
        }

        var left = session.OfferExpiresAt is { } expires ? (long)(expires - time.GetUtcNow()).TotalMilliseconds : 0;
        if (left <= 0)
        {
            // Lapsed already: the router withdraws it and offers the session again.
            return;
        }

        _offersShown[session.SessionId] = offerId;
        outbound.Emit(OfferFrame.Of(session, left));
    }

    /// <summary>False for a snapshot older than one seen for its session; otherwise remembers its version.</summary>
    private bool IsNewest(SessionSnapshot session)
    {
        if (_versions.TryGetValue(session.SessionId, out var seen) && session.Version < seen)
        {
            return false;
        }

        if (_versions.Count >= VersionsKept && !_versions.ContainsKey(session.SessionId))
        {
            foreach (var forgotten in _versions.Keys.Where(id => !_offersShown.ContainsKey(id)).ToList())
            {
                _versions.Remove(forgotten);
            }
        }

        _versions[session.SessionId] = session.Version;
        return true;
    }

    /// <summary>Beats at once (the agent counts this connection open from its start), then every period.</summary>
    private async Task HeartbeatAsync(TimeSpan period, Action onHeartbeat, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(period, time);
        await BeatAsync(ct);
        while (await timer.WaitForNextTickAsync(ct))
        {
            await BeatAsync(ct);
            onHeartbeat();
        }
    }

    private async Task BeatAsync(CancellationToken ct)
    {
        var result = await sessions.HeartbeatAsync(principal.Tenant, principal.UserId, _connectionId, ct);
        if (result.Error is { } error)
        {
            logger.LogDebug("Presence heartbeat of {AgentId} failed: {Error}", principal.UserId, error.Message);
        }
    }
}
