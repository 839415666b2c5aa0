using System.Security.Cryptography;
using System.Text;

namespace TrafficEngine.Ingest;

/// <summary>
/// Replaces raw vehicle ids by keyed pseudonyms: "v" + the first 8 bytes of HMAC-SHA256(key, UTF-8 id) in lowercase
/// hex. The same key always gives the same pseudonym; without the key the raw id cannot be recovered or tested.
/// </summary>
public sealed class Pseudonymizer
{
    /// <summary>Length of a pseudonym in characters (and UTF-8 bytes).</summary>
    public const int PseudonymLength = 17;

    private readonly PseudonymKey _key;

    public Pseudonymizer(PseudonymKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        _key = key;
    }

    /// <summary>Identifies the key in metadata; never the key itself.</summary>
    public string KeyId => _key.KeyId;

    public string Pseudonymize(string rawId)
    {
        ArgumentNullException.ThrowIfNull(rawId);
        Span<byte> pseudonym = stackalloc byte[PseudonymLength];
        Pseudonymize(Encoding.UTF8.GetBytes(rawId), pseudonym);
        return Encoding.ASCII.GetString(pseudonym);
    }

    /// <summary>Writes the 17 ASCII bytes of the pseudonym of the UTF-8 id into <paramref name="destination"/>.</summary>
    public void Pseudonymize(ReadOnlySpan<byte> rawIdUtf8, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, PseudonymLength, nameof(destination));
        Span<byte> hash = stackalloc byte[32];
        HMACSHA256.HashData(_key.Bytes, rawIdUtf8, hash);
        destination[0] = (byte)'v';
        const string Hex = "0123456789abcdef";
        for (int i = 0; i < 8; i++)
        {
            destination[1 + (2 * i)] = (byte)Hex[hash[i] >> 4];
            destination[2 + (2 * i)] = (byte)Hex[hash[i] & 0xF];
        }
    }
}
