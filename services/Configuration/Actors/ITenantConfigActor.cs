using Dapr.Actors;

namespace DaprSupport.Configuration.Actors;

/// <summary>
/// One tenant's configuration (actor id = tenant): calls run one at a time, so the version check of a write is
/// atomic without compare-and-set on the state store. State on the etcd actor store.
/// </summary>
public interface ITenantConfigActor : IActor
{
    Task<ConfigRead> GetAsync();

    Task<ConfigWriteResult> WriteAsync(ConfigWrite write);

    Task<IReadOnlyList<ConfigAuditEntry>> GetHistoryAsync();
}
