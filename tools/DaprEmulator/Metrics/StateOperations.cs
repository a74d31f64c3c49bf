namespace DaprSupport.DaprEmulator.Metrics;

/// <summary>The <c>operation</c> label of <c>dapr_component_state_count</c> (dapr/dapr v1.17.0 <c>pkg/diagnostics/component_monitoring.go</c>).</summary>
public static class StateOperations
{
    public const string Get = "get";
    public const string Set = "set";
    public const string Delete = "delete";
    public const string BulkGet = "bulk_get";
    public const string BulkDelete = "bulk_delete";
    public const string Transaction = "transaction";
}
