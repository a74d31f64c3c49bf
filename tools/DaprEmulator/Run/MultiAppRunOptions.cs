namespace DaprSupport.DaprEmulator.Run;

/// <summary>Options of a multi-app run.</summary>
/// <param name="StartLocalEtcd">Start etcd for state.etcd components whose loopback endpoint nothing answers on.</param>
/// <param name="StateDirectory">Where etcd data and relative store files go; default <c>.dapr-emulator</c> beside the run file.</param>
/// <param name="Environment">
/// The shell environment <c>dapr run -f</c> was started from (null: this process's). daprd inherits it and nothing
/// else, so <c>DAPR_API_TOKEN</c> and <c>APP_API_TOKEN</c> reach the sidecars only from here, never from a run file's
/// <c>env</c>.
/// </param>
public sealed record MultiAppRunOptions(
    bool StartLocalEtcd, string? StateDirectory = null, int KafkaPartitions = 8, string? KafkaTopicsFile = null,
    IReadOnlyDictionary<string, string>? Environment = null)
{
    /// <summary>A variable of <see cref="Environment"/>, or of this process when none was given.</summary>
    public string? Variable(string name) => Environment is null ? System.Environment.GetEnvironmentVariable(name) : Environment.GetValueOrDefault(name);
}
