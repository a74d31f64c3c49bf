using System.Globalization;
using System.Reflection;
using DaprSupport.Contracts;

namespace DaprSupport.Foundation.Tests.Drift;

/// <summary>
/// Every topic the services publish or subscribe (the constants of <see cref="Topics"/>) is declared once, with its
/// partition count, as a Strimzi KafkaTopic in deploy/k8s/base/kafka/topics.yaml, the file the emulator also reads.
/// </summary>
public sealed class KafkaTopicTests
{
    private static readonly RepoSnapshot Repo = RepoSnapshot.Load();

    private static IReadOnlyList<string> ContractTopics =>
    [
        .. typeof(Topics).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.Name != nameof(Topics.PartitionKeyMetadata))
            .Select(f => (string)f.GetRawConstantValue()!),
    ];

    private static Dictionary<string, string?> Declared =>
        Repo.K8s.OfKind("KafkaTopic").ToDictionary(t => t.Text("spec", "topicName") ?? t.Name!, t => t.Text("spec", "partitions"), StringComparer.Ordinal);

    [Fact]
    public void Every_contract_topic_is_declared_with_a_partition_count()
    {
        var declared = Declared;
        Assert.Contains(Topics.DeadLetter, ContractTopics);
        Assert.All(ContractTopics, topic =>
        {
            Assert.True(declared.TryGetValue(topic, out var partitions), $"{topic} is not declared in deploy/k8s/base/kafka/topics.yaml");
            Assert.InRange(int.Parse(partitions!, CultureInfo.InvariantCulture), 1, 1024);
        });
    }

    [Fact]
    public void Every_declared_topic_is_a_contract_topic() =>
        Assert.Empty(Declared.Keys.Except(ContractTopics, StringComparer.Ordinal));

    [Fact]
    public async Task The_local_topic_script_creates_every_declared_topic_with_its_partitions()
    {
        using var script = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("bash", ["tools/kafka-topics.sh", "--dry-run"])
        {
            WorkingDirectory = RepoSnapshot.Root,
            RedirectStandardOutput = true,
        })!;
        var output = await script.StandardOutput.ReadToEndAsync();
        await script.WaitForExitAsync();

        var created = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' '))
            .ToDictionary(words => words[Array.IndexOf(words, "--topic") + 1], words => (string?)words[Array.IndexOf(words, "--partitions") + 1], StringComparer.Ordinal);
        Assert.Equal(0, script.ExitCode);
        Assert.Equal(Declared.OrderBy(d => d.Key, StringComparer.Ordinal), created.OrderBy(c => c.Key, StringComparer.Ordinal));
    }
}
