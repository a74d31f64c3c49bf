namespace DaprSupport.System.Tests;

/// <summary>One <see cref="SystemRun"/> shared by the tests of the <see cref="SystemCollection"/>.</summary>
public sealed class SystemFixture : IAsyncLifetime
{
    private SystemRun? _run;

    public SystemRun Run => _run ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync() => _run = await SystemRun.StartAsync();

    public async Task DisposeAsync()
    {
        if (_run is not null)
        {
            await _run.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class SystemCollection : ICollectionFixture<SystemFixture>
{
    public const string Name = "system";
}
