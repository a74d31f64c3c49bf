namespace DaprSupport.DaprEmulator.Run;

/// <summary>Options of a multi-app run.</summary>
/// <param name="StartLocalEtcd">Start etcd for state.etcd components whose loopback endpoint nothing answers on.</param>
/// <param name="StateDirectory">Where etcd data and relative store files go; default <c>.dapr-emulator</c> beside the run file.</param>
public sealed record MultiAppRunOptions(bool StartLocalEtcd, string? StateDirectory = null, int KafkaPartitions = 8, string? KafkaTopicsFile = null);
