using System.Globalization;

namespace DaprSupport.Foundation.Tests.Drift;

internal static class Ports
{
    /// <summary>The port of an ASP.NET Core URL such as <c>http://127.0.0.1:5101</c> or <c>http://+:5101</c>.</summary>
    public static int? OfUrl(string? url)
    {
        if (url is null)
        {
            return null;
        }

        var colon = url.LastIndexOf(':');
        return colon > 0 && int.TryParse(url.AsSpan(colon + 1).TrimEnd('/'), NumberStyles.None, CultureInfo.InvariantCulture, out var port) ? port : null;
    }

    public static int? Parse(object? value) =>
        int.TryParse(value as string, NumberStyles.None, CultureInfo.InvariantCulture, out var port) ? port : null;
}
