using System.Text.Json.Nodes;
using DaprSupport.DaprEmulator.Config;

namespace DaprSupport.DaprEmulator.PubSub.Kafka;

/// <summary>
/// Topics declared with their partition counts, read from Strimzi <c>KafkaTopic</c> manifests (<c>spec.topicName</c>,
/// default <c>metadata.name</c>; <c>spec.partitions</c>), the same file production applies, so the emulated broker
/// creates each declared topic with the declared count. Undeclared topics keep the broker default
/// (<see cref="Engine.EmulatorOptions.KafkaPartitions"/>), as auto-creation would.
/// </summary>
public static class KafkaTopicDeclarations
{
    /// <summary>Where <c>dapr-emulator run</c> looks for the manifest, relative to the run file's folder.</summary>
    public const string ConventionalPath = "deploy/k8s/base/kafka/topics.yaml";

    /// <summary>
    /// The declarations a run of <paramref name="runFilePath"/> uses: <paramref name="explicitFile"/> when given (it must
    /// exist), else <see cref="ConventionalPath"/> next to the run file when present, else none.
    /// </summary>
    public static IReadOnlyDictionary<string, int> ForRunFile(string runFilePath, string? explicitFile)
    {
        var file = explicitFile ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(runFilePath))!, ConventionalPath);
        return explicitFile is not null || File.Exists(file) ? Load(file) : new Dictionary<string, int>(StringComparer.Ordinal);
    }

    public static IReadOnlyDictionary<string, int> Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new EmulatorConfigurationException($"{path}: Kafka topic manifest not found.");
        }

        var topics = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var document in YamlDocuments.ReadAll(path))
        {
            if (document is not JsonObject root || (string?)root["kind"] != "KafkaTopic")
            {
                continue;
            }

            var name = (string?)root["spec"]?["topicName"] ?? (string?)root["metadata"]?["name"]
                ?? throw new EmulatorConfigurationException($"{path}: a KafkaTopic has neither spec.topicName nor metadata.name.");
            var partitions = root["spec"]?["partitions"] is JsonValue value && int.TryParse(value.ToString(), out var p) && p is >= 1 and <= 1024
                ? p
                : throw new EmulatorConfigurationException($"{path}: KafkaTopic '{name}' needs spec.partitions between 1 and 1024.");
            if (!topics.TryAdd(name, partitions))
            {
                throw new EmulatorConfigurationException($"{path}: topic '{name}' is declared twice.");
            }
        }

        return topics;
    }
}
