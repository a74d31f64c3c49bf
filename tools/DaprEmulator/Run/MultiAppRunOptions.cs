namespace DaprSupport.DaprEmulator.Run;

/// <summary>Options of a multi-app run.</summary>
/// <param name="StartLocalEtcd">Start etcd for state.etcd components whose loopback endpoint nothing answers on.</param>
public sealed record MultiAppRunOptions(bool StartLocalEtcd);
