using System.Buffers;
using System.Collections;
using System.Security.Cryptography;

namespace TrafficEngine.Ingest;

/// <summary>
/// The secret key of the vehicle pseudonyms. Resolved from, in order: an explicitly configured key, the environment
/// variable <c>TRAFFIC_PSEUDONYM_KEY</c>, the key file <c>&lt;config&gt;/pseudonym.key</c>; otherwise a random 32-byte
/// key is created in that file once (mode 600 on Unix). Keys are hex (an even number of hex digits) or base64,
/// at least 16 bytes.
/// </summary>
public sealed class PseudonymKey
{
    public const string EnvironmentVariable = "TRAFFIC_PSEUDONYM_KEY";
    public const string FileName = "pseudonym.key";
    public const int MinimumBytes = 16;

    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdefABCDEF");

    private readonly byte[] _bytes;

    public PseudonymKey(ReadOnlySpan<byte> bytes, string source = "configured")
    {
        if (bytes.Length < MinimumBytes)
        {
            throw new ArgumentException($"A pseudonymisation key needs at least {MinimumBytes} bytes; got {bytes.Length}.", nameof(bytes));
        }

        _bytes = bytes.ToArray();
        Source = source;
        KeyId = Convert.ToHexStringLower(SHA256.HashData(_bytes))[..8];
    }

    /// <summary>First 8 hex digits of SHA-256(key): safe to record in metadata, identifies the key, reveals nothing.</summary>
    public string KeyId { get; }

    /// <summary>Where the key came from ("configured", "environment", or the key file path).</summary>
    public string Source { get; }

    internal ReadOnlySpan<byte> Bytes => _bytes;

    /// <summary>The default config folder: ApplicationData/traffic (~/.config/traffic on Linux).</summary>
    public static string DefaultConfigFolder =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData, Environment.SpecialFolderOption.DoNotVerify), "traffic");

    /// <summary>Parses a key written as hex or base64.</summary>
    public static PseudonymKey Parse(string text, string source = "configured")
    {
        ArgumentNullException.ThrowIfNull(text);
        string trimmed = text.Trim();
        byte[] bytes;
        if (IsHex(trimmed) && trimmed.Length % 2 == 0)
        {
            bytes = Convert.FromHexString(trimmed);
        }
        else
        {
            try
            {
                bytes = Convert.FromBase64String(trimmed);
            }
            catch (FormatException e)
            {
                throw new ArgumentException($"The pseudonymisation key from {source} is neither hex nor base64.", nameof(text), e);
            }
        }

        return new PseudonymKey(bytes, source);
    }

    public static PseudonymKey Resolve(string? configuredKey, IDictionary environment, string? configFolder, Action<string> warn)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return Resolve(configuredKey, name => environment.Contains(name) ? environment[name] as string : null, configFolder, warn);
    }

    public static PseudonymKey Resolve(string? configuredKey, Func<string, string?> environment, string? configFolder, Action<string> warn)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(warn);
        if (!string.IsNullOrWhiteSpace(configuredKey))
        {
            return Parse(configuredKey, "configured");
        }

        string? fromEnvironment = environment(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return Parse(fromEnvironment, "environment variable " + EnvironmentVariable);
        }

        string folder = string.IsNullOrWhiteSpace(configFolder) ? DefaultConfigFolder : configFolder;
        string path = Path.Combine(folder, FileName);
        if (File.Exists(path))
        {
            return Parse(File.ReadAllText(path), path);
        }

        Directory.CreateDirectory(folder);
        byte[] key = RandomNumberGenerator.GetBytes(32);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using var stream = new FileStream(path, options);
            using var writer = new StreamWriter(stream);
            writer.Write(Convert.ToHexStringLower(key));
            writer.Write('\n');
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process created the key first: use its key, so both runs pseudonymise alike.
            return Parse(File.ReadAllText(path), path);
        }

        warn($"No pseudonymisation key was configured: created a new pseudonymisation key at {path}; keep it to keep pseudonyms stable.");
        return new PseudonymKey(key, path);
    }

    private static bool IsHex(string text) => text.Length > 0 && !text.AsSpan().ContainsAnyExcept(HexDigits);
}
