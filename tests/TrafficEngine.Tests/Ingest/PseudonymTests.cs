using System.Collections;
using TrafficEngine.Ingest;

namespace TrafficEngine.Tests.Ingest;

public sealed class PseudonymTests : IDisposable
{
    private readonly IngestTestSupport _files = new();

    [Fact]
    public void Pseudonymize_SameKey_SamePseudonym()
    {
        var first = new Pseudonymizer(PseudonymKey.Parse(Convert.ToBase64String(new byte[32])));
        var second = new Pseudonymizer(PseudonymKey.Parse(new string('0', 64)));

        string a = first.Pseudonymize("10008");
        string b = second.Pseudonymize("10008");

        Assert.Equal(a, b);
        Assert.Matches("^v[0-9a-f]{16}$", a);
        Assert.NotEqual(a, first.Pseudonymize("10009"));
        Assert.NotEqual(a, new Pseudonymizer(IngestTestSupport.Key).Pseudonymize("10008"));
    }

    [Fact]
    public void Pseudonymize_KnownVector_IsHmacSha256Prefix()
    {
        byte[] key = Convert.FromHexString("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
        string expected = "v" + Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(key, "42"u8))[..16];

        Assert.Equal(expected, new Pseudonymizer(IngestTestSupport.Key).Pseudonymize("42"));
    }

    [Fact]
    public void Resolve_Precedence_ConfiguredThenEnvironmentThenFile()
    {
        string configured = new('1', 64);
        string environment = new('2', 64);
        File.WriteAllText(Path.Combine(_files.Folder, PseudonymKey.FileName), new string('3', 64));
        var env = new Hashtable { [PseudonymKey.EnvironmentVariable] = environment };
        var warnings = new List<string>();

        PseudonymKey a = PseudonymKey.Resolve(configured, env, _files.Folder, warnings.Add);
        PseudonymKey b = PseudonymKey.Resolve(null, env, _files.Folder, warnings.Add);
        PseudonymKey c = PseudonymKey.Resolve(null, new Hashtable(), _files.Folder, warnings.Add);

        Assert.Equal(PseudonymKey.Parse(configured).KeyId, a.KeyId);
        Assert.Equal(PseudonymKey.Parse(environment).KeyId, b.KeyId);
        Assert.Equal(PseudonymKey.Parse(new string('3', 64)).KeyId, c.KeyId);
        Assert.Empty(warnings);
    }

    [Fact]
    public void Resolve_NoKeyAnywhere_CreatesPrivateKeyFileOnceAndWarns()
    {
        string folder = Path.Combine(_files.Folder, "config");
        var warnings = new List<string>();

        PseudonymKey created = PseudonymKey.Resolve(null, _ => null, folder, warnings.Add);
        PseudonymKey again = PseudonymKey.Resolve(null, _ => null, folder, warnings.Add);

        Assert.Equal(created.KeyId, again.KeyId);
        Assert.Single(warnings);
        Assert.Contains("created a new pseudonymisation key at", warnings[0], StringComparison.Ordinal);
        Assert.Matches("^[0-9a-f]{8}$", created.KeyId);
        string path = Path.Combine(folder, PseudonymKey.FileName);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
    }

    [Theory]
    [InlineData("00")]
    [InlineData("not a key!")]
    public void Parse_ShortOrGarbage_Throws(string text)
    {
        Assert.Throws<ArgumentException>(() => PseudonymKey.Parse(text));
    }

    public void Dispose() => _files.Dispose();
}
