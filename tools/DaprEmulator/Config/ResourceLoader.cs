using System.Text.Json.Nodes;

namespace DaprSupport.DaprEmulator.Config;

/// <summary>Loads Dapr resources (Component, Configuration, Resiliency, Subscription) as daprd does from its resources paths.</summary>
public static class ResourceLoader
{
    public static ResourceSet Load(IEnumerable<string> resourcesPaths, string? configFilePath)
    {
        ArgumentNullException.ThrowIfNull(resourcesPaths);
        var components = new List<ComponentSpec>();
        var resiliencies = new List<ScopedSpec>();
        var subscriptions = new List<ScopedSpec>();
        JsonObject? configuration = null;

        foreach (var dir in resourcesPaths)
        {
            if (!Directory.Exists(dir))
            {
                throw new EmulatorConfigurationException($"Resources path '{dir}' does not exist.");
            }

            var files = Directory.EnumerateFiles(dir)
                .Where(f => f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
                .Order(StringComparer.Ordinal);
            foreach (var file in files)
            {
                foreach (var node in YamlDocuments.ReadAll(file))
                {
                    if (node is null)
                    {
                        continue;
                    }

                    var doc = YamlDocuments.Bind<ResourceDocument>(node, file);
                    switch (doc.Kind)
                    {
                        case "Component":
                            components.Add(ToComponent(doc, file));
                            break;
                        case "Resiliency":
                            resiliencies.Add(ToScoped(doc, file));
                            break;
                        case "Subscription":
                            subscriptions.Add(ToScoped(doc, file));
                            break;
                        case "Configuration":
                            configuration ??= doc.Spec;
                            break;
                        default:
                            // daprd ignores other kinds (HTTPEndpoint and so on); so does the emulator.
                            break;
                    }
                }
            }
        }

        if (configFilePath is not null)
        {
            if (!File.Exists(configFilePath))
            {
                throw new EmulatorConfigurationException($"Configuration file '{configFilePath}' does not exist.");
            }

            var doc = YamlDocuments.ReadAll(configFilePath).Select(n => YamlDocuments.Bind<ResourceDocument>(n, configFilePath))
                .FirstOrDefault(d => d.Kind == "Configuration")
                ?? throw new EmulatorConfigurationException($"{configFilePath}: no Configuration resource.");
            configuration = doc.Spec;
        }

        var duplicate = components.GroupBy(c => c.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new EmulatorConfigurationException(
                $"Component '{duplicate.Key}' is defined twice: {string.Join(", ", duplicate.Select(c => c.SourceFile))}.");
        }

        return new ResourceSet
        {
            Components = components,
            Configuration = configuration,
            Resiliencies = resiliencies,
            Subscriptions = subscriptions,
        };
    }

    private static ComponentSpec ToComponent(ResourceDocument doc, string file)
    {
        var name = doc.Metadata?.Name;
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new EmulatorConfigurationException($"{file}: a Component needs metadata.name.");
        }

        var body = YamlDocuments.Bind<ComponentSpecBody>(doc.Spec ?? [], file);
        if (string.IsNullOrWhiteSpace(body.Type))
        {
            throw new EmulatorConfigurationException($"{file}: component '{name}' needs spec.type.");
        }

        var metadata = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var item in body.Metadata ?? [])
        {
            if (string.IsNullOrWhiteSpace(item.Name))
            {
                continue;
            }

            if (item.SecretKeyRef is not null)
            {
                throw new EmulatorConfigurationException(
                    $"{file}: component '{name}' metadata '{item.Name}' uses secretKeyRef; the emulator has no secret stores, give the value inline.");
            }

            metadata[item.Name] = item.Value switch
            {
                null => string.Empty,
                JsonValue v when v.TryGetValue<string>(out var s) => s,
                var other => other.ToJsonString(),
            };
        }

        return new ComponentSpec
        {
            Name = name,
            Type = body.Type,
            Version = body.Version ?? "v1",
            Metadata = metadata,
            Scopes = doc.Scopes ?? [],
            SourceFile = file,
        };
    }

    private static ScopedSpec ToScoped(ResourceDocument doc, string file) =>
        new(doc.Metadata?.Name ?? Path.GetFileNameWithoutExtension(file), doc.ApiVersion ?? string.Empty, doc.Spec ?? [], doc.Scopes ?? [], file);
}
