using Dapr.Actors.Client;

namespace DaprSupport.Contracts.Sessions;

/// <summary>
/// Calls a session actor without remoting: one JSON argument, a JSON answer, serialized with the factory's shared
/// <c>JsonSerializerOptions</c>. A remoting proxy of Dapr.Actors 1.19 builds its own serializers (copied options), so
/// every new session id paid System.Text.Json's metadata build again, in every app that called it; a session start
/// meets a new id in each. The actor side is the same actor: Dapr.Actors.AspNetCore dispatches a call without the
/// remoting header by method name (<c>DispatchWithoutRemotingAsync</c>, one parameter at most).
/// </summary>
public sealed class SessionActorClient(ActorProxy proxy) : ISessionActor
{
    public Task<SessionSnapshot> GetAsync() => proxy.InvokeMethodAsync<SessionSnapshot>(nameof(GetAsync));

    public Task<SessionResult> CreateAsync(CreateSessionRequest request) => Call(nameof(CreateAsync), request);

    public Task<SessionResult> OfferAsync(OfferRequest request) => Call(nameof(OfferAsync), request);

    public Task<SessionResult> WithdrawOfferAsync(WithdrawOfferRequest request) =>
        Call(nameof(WithdrawOfferAsync), request);

    public Task<SessionResult> AcceptAsync(AcceptRequest request) => Call(nameof(AcceptAsync), request);

    public Task<SessionResult> DeclineAsync(DeclineRequest request) => Call(nameof(DeclineAsync), request);

    public Task<SessionResult> RequeueAsync(RequeueRequest request) => Call(nameof(RequeueAsync), request);

    public Task<SessionResult> TransferAsync(TransferRequest request) => Call(nameof(TransferAsync), request);

    public Task<SessionResult> ResolveAsync(ResolveRequest request) => Call(nameof(ResolveAsync), request);

    public Task<SessionResult> ReopenAsync(ReopenRequest request) => Call(nameof(ReopenAsync), request);

    public Task<SessionResult> TakeOverAsync(TakeOverRequest request) => Call(nameof(TakeOverAsync), request);

    public Task<AppendResult> AppendTextAsync(AppendTextRequest request) =>
        proxy.InvokeMethodAsync<AppendTextRequest, AppendResult>(nameof(AppendTextAsync), request);

    public Task<SessionResult> MarkReadAsync(MarkReadRequest request) => Call(nameof(MarkReadAsync), request);

    public Task<SessionResult> CreateOfflineAsync(OfflineStart request) => Call(nameof(CreateOfflineAsync), request);

    public Task<SessionResult> HousekeepAsync(HousekeepRequest request) => Call(nameof(HousekeepAsync), request);

    private Task<SessionResult> Call<TRequest>(string method, TRequest request) =>
        proxy.InvokeMethodAsync<TRequest, SessionResult>(method, request);
}
