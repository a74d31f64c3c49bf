using DaprSupport.Testing;

namespace DaprSupport.Emulator.Tests;

/// <summary>Tests that share one real etcd server (xunit needs the definition in the test assembly).</summary>
[CollectionDefinition(Name)]
public sealed class EtcdCollection : ICollectionFixture<EtcdFixture>
{
    public const string Name = "etcd";
}
