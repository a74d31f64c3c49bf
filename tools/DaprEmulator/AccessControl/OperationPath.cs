using System.Globalization;
using System.Text;

namespace DaprSupport.DaprEmulator.AccessControl;

/// <summary>
/// The method name as daprd normalizes it before matching (purell's "usually safe, greedy" flags plus duplicate-slash
/// removal, in dapr/dapr pkg/acl/acl.go): duplicate slashes collapsed, <c>.</c>/<c>..</c> segments resolved, a
/// trailing slash dropped, escapes of unreserved characters decoded and the remaining escapes upper-cased.
/// </summary>
internal static class OperationPath
{
    public static string Normalize(string method)
    {
        var path = DecodeUnreserved(method);
        while (path.Contains("//", StringComparison.Ordinal))
        {
            path = path.Replace("//", "/", StringComparison.Ordinal);
        }

        path = RemoveDotSegments(path);
        return path.Length > 1 && path.EndsWith('/') ? path[..^1] : path;
    }

    private static string DecodeUnreserved(string path)
    {
        if (!path.Contains('%', StringComparison.Ordinal))
        {
            return path;
        }

        var result = new StringBuilder(path.Length);
        for (var i = 0; i < path.Length; i++)
        {
            if (path[i] == '%' && i + 2 < path.Length && byte.TryParse(path.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var b))
            {
                var c = (char)b;
                result.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~' ? c.ToString() : "%" + path.Substring(i + 1, 2).ToUpperInvariant());
                i += 2;
            }
            else
            {
                result.Append(path[i]);
            }
        }

        return result.ToString();
    }

    /// <summary>RFC 3986 section 5.2.4, keeping whether the path was absolute.</summary>
    private static string RemoveDotSegments(string path)
    {
        var absolute = path.StartsWith('/');
        var trailing = path.EndsWith('/') || path.EndsWith("/.", StringComparison.Ordinal) || path.EndsWith("/..", StringComparison.Ordinal);
        var output = new List<string>();
        foreach (var segment in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (segment == ".")
            {
                continue;
            }

            if (segment == "..")
            {
                if (output.Count > 0)
                {
                    output.RemoveAt(output.Count - 1);
                }

                continue;
            }

            output.Add(segment);
        }

        var joined = string.Join('/', output);
        return (absolute ? "/" : string.Empty) + joined + (trailing && joined.Length > 0 ? "/" : string.Empty);
    }
}
