using System.Security.Cryptography;

namespace DaprSupport.Tenancy;

/// <summary>
/// Development only, when no key is configured: one random key per machine and user, generated on first use and kept
/// in <c>~/.daprsupport/dev-signing-key</c> (mode 600), so every local service (gateway, auth, a restarted one) signs
/// and validates alike. Nothing in the source is a key; deleting the file invalidates all local tokens.
/// </summary>
public static class DevelopmentSigningKey
{
    public const string KeyId = "dev";

    public static string DefaultPath => Path.Combine(
        Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".daprsupport", "dev-signing-key");

    /// <summary>
    /// The machine's development key (base64), created if absent; two processes starting together agree.
    /// </summary>
    public static string LoadOrCreate(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        if (File.Exists(path))
        {
            return File.ReadAllText(path).Trim();
        }

        // Written to a private temporary file, then moved into place without overwriting: a reader never sees a
        // half-written key, and of two processes starting together the first move wins and the other reads it.
        var temporary = path + "." + Guid.NewGuid().ToString("N");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var writer = new StreamWriter(temporary, options))
        {
            writer.Write(Convert.ToBase64String(RandomNumberGenerator.GetBytes(TokenOptions.MinKeyBytes)));
        }

        try
        {
            File.Move(temporary, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temporary);
        }

        return File.ReadAllText(path).Trim();
    }
}
