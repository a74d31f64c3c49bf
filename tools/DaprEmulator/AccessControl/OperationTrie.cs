namespace DaprSupport.DaprEmulator.AccessControl;

/// <summary>
/// The operations of one app policy, matched as daprd's access-control trie does (dapr/dapr pkg/config/acl_trie.go),
/// quirks included:
/// <list type="bullet">
/// <item>a path is split at <c>/</c> and matched segment by segment; the first operation stored at a node wins;</item>
/// <item>a policy reached before the end of the path matches the whole path (a prefix match), unless its last segment
/// ends in <c>/*</c> (but not <c>/**</c>), which only matches when the path ends there;</item>
/// <item><c>/*</c> as a whole segment matches only the <i>last</i> segment of a path, never one in the middle;</item>
/// <item><c>/**</c> matches any one segment anywhere (and, as the last policy segment, everything below);</item>
/// <item>any other <c>*</c> inside a segment is a glob over that segment (<c>/a*</c> matches <c>/acme</c>).</item>
/// </list>
/// </summary>
internal sealed class OperationTrie
{
    private const string Single = "/*";
    private const string Multi = "/**";
    private readonly Node _root = new("/", null);

    /// <summary>Stores an operation (already starting with <c>/</c>).</summary>
    public void Put(string operation, OperationPolicy policy)
    {
        var parts = operation.Split('/');
        var node = _root;
        for (var i = 1; i < parts.Length; i++)
        {
            var segment = "/" + parts[i];
            var last = i == parts.Length - 1;
            var existing = node.Children.Find(c => c.Segment == segment);
            if (existing is null)
            {
                var added = new Node(segment, last ? policy : null);
                node.Children.Add(added);
                node = added;
            }
            else if (last)
            {
                existing.Policy ??= policy;
            }
            else
            {
                node = existing;
            }
        }
    }

    /// <summary>The policy of the operation a path (starting with <c>/</c>) falls under, or null.</summary>
    public OperationPolicy? Search(string path)
    {
        var parts = path.Split('/');
        var node = _root;
        for (var i = 1; i < parts.Length; i++)
        {
            var segment = "/" + parts[i];
            var last = i == parts.Length - 1;
            node = node.Find(segment, last);
            if (node is null)
            {
                return null;
            }

            if (node.Policy is not null)
            {
                if (!last && node.Segment.EndsWith(Single, StringComparison.Ordinal) && !node.Segment.EndsWith(Multi, StringComparison.Ordinal))
                {
                    continue;
                }

                return node.Policy;
            }

            if (last)
            {
                return node.Find(Single, true) is { Policy: { } wildcard } ? wildcard : null;
            }
        }

        return null;
    }

    private sealed class Node(string segment, OperationPolicy? policy)
    {
        public string Segment { get; } = segment;

        public OperationPolicy? Policy { get; set; } = policy;

        public List<Node> Children { get; } = [];

        public Node? Find(string segment, bool last)
        {
            foreach (var child in Children)
            {
                if (child.Segment == segment)
                {
                    return child;
                }

                if (child.Segment == Single)
                {
                    if (last)
                    {
                        return child;
                    }

                    continue;
                }

                if (child.Segment == Multi || Glob(segment, child.Segment))
                {
                    return child;
                }
            }

            return null;
        }

        /// <summary><c>*</c> matches any run of characters, the empty one included; everything else matches itself.</summary>
        private static bool Glob(string text, string pattern)
        {
            var matches = new bool[text.Length + 1, pattern.Length + 1];
            matches[0, 0] = true;
            for (var j = 1; j <= pattern.Length && pattern[j - 1] == '*'; j++)
            {
                matches[0, j] = true;
            }

            for (var i = 1; i <= text.Length; i++)
            {
                for (var j = 1; j <= pattern.Length; j++)
                {
                    matches[i, j] = pattern[j - 1] == '*'
                        ? matches[i, j - 1] || matches[i - 1, j]
                        : text[i - 1] == pattern[j - 1] && matches[i - 1, j - 1];
                }
            }

            return matches[text.Length, pattern.Length];
        }
    }
}

/// <summary>One operation of an app policy: its action per HTTP verb (<c>*</c> for any), and for calls without a verb.</summary>
internal sealed record OperationPolicy(string Name, IReadOnlyDictionary<string, string> VerbActions, string Action);
