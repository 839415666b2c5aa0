using System.Buffers.Binary;
using Apache.Arrow;
using Apache.Arrow.Types;
using TrafficEngine.Arrow;

namespace TrafficEngine.Tests.Arrow;

/// <summary>
/// Damaged files: every truncation and thousands of byte flips end either in a sound read or in an
/// <see cref="ArrowFormatException"/> naming the file, never in another exception, an out-of-bounds read or wrong
/// lengths; and each strict check of <see cref="ArrowValidation"/> on its own.
/// </summary>
public sealed class ArrowHostileFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("arrow-hostile-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void EveryTruncation_IsAFormatErrorNamingTheFile()
    {
        byte[] file = Sample();
        string path = Path.Combine(_folder, "cut.arrow");
        for (int length = 0; length < file.Length; length++)
        {
            File.WriteAllBytes(path, file.AsSpan(0, length).ToArray());
            var error = Assert.Throws<ArrowFormatException>(() => ArrowFiles.ReadAll(path));
            Assert.Contains(path, error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', error.Message);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ByteFlips_ReadSoundlyOrFailAsFormatErrors(bool mapped)
    {
        byte[] file = Sample();
        string path = Path.Combine(_folder, $"flip-{mapped}.arrow");
        var random = new Random(20261203);
        int failures = 0;
        for (int run = 0; run < 1500; run++)
        {
            byte[] damaged = file.ToArray();
            for (int k = 0; k < 1 + random.Next(3); k++)
            {
                damaged[random.Next(damaged.Length)] ^= (byte)(1 << random.Next(8));
            }

            File.WriteAllBytes(path, damaged);
            try
            {
                List<RecordBatch> batches = mapped ? ReadMapped(path) : ArrowFiles.ReadAll(path).Batches;
                foreach (RecordBatch batch in batches)
                {
                    _ = ArrowSamples.Rows([batch]); // every value readable within bounds
                }
            }
            catch (ArrowFormatException error)
            {
                Assert.Contains(path, error.Message, StringComparison.Ordinal);
                failures++;
            }
        }

        Assert.InRange(failures, 1, 1500);

        static List<RecordBatch> ReadMapped(string path)
        {
            using ArrowFileInput input = ArrowFileInput.Open(path);
            var batches = new List<RecordBatch>();
            foreach (RecordBatch batch in input.ReadBatches())
            {
                _ = ArrowSamples.Rows([batch]);
                batches.Add(batch);
            }

            return [];
        }
    }

    [Fact]
    public void Validation_DictionaryCodeOutsideTheDictionary()
    {
        var schema = new Schema([new Field("road", ArrowTypes.DictionaryUtf8, nullable: false)], []);
        var batch = new RecordBatch(schema, [ArrowArrays.Dictionary(ArrowArrays.Copy(Int32Type.Default, [0, 2]), ArrowArrays.Strings(["a", "b"]))], 2);
        var error = Assert.Throws<ArrowFormatException>(() => ArrowValidation.Validate(batch, "f.arrow", 3));
        Assert.Equal("f.arrow: batch 3, column 'road' has dictionary code 2 at row 1, outside the dictionary of 2 values.", error.Message);
        Assert.Equal("road", error.Field);
    }

    [Fact]
    public void Validation_DecreasingOffsets_DataPastTheEnd_ShortBuffers_NullsInNotNull()
    {
        var schema = new Schema([new Field("s", StringType.Default, nullable: true)], []);
        Assert.Contains("decrease at row 1", Check(schema, ArrowArrays.Strings(NativeBuffer.CopyOf<int>([0, 2, 1, 3]), NativeBuffer.CopyOf<byte>("abc"u8), 3)));
        Assert.Contains("offsets up to 9 but 3 bytes", Check(schema, ArrowArrays.Strings(NativeBuffer.CopyOf<int>([0, 2, 3, 9]), NativeBuffer.CopyOf<byte>("abc"u8), 3)));

        var longs = new Schema([new Field("v", Int64Type.Default, nullable: false)], []);
        var data = new ArrayData(Int64Type.Default, 4, 0, 0, [ArrowBuffer.Empty, NativeBuffer.CopyOf<long>([1, 2, 3])]);
        Assert.Contains("too short for 4 rows", Check(longs, new Int64Array(data)));

        var withNull = new FixedWidthArrayBuilder<long>(Int64Type.Default);
        withNull.Append(1);
        withNull.AppendNull();
        Assert.Contains("declared not null but holds 1 nulls", Check(longs, withNull.Build()));

        static string Check(Schema schema, IArrowArray array)
        {
            var batch = new RecordBatch(schema, [array], array.Length);
            return Assert.Throws<ArrowFormatException>(() => ArrowValidation.Validate(batch, "x.arrow", 0)).Message;
        }
    }

    [Fact]
    public void Validation_ColumnOfAnotherTypeThanItsField()
    {
        var schema = new Schema([new Field("t", ArrowTypes.TimestampMsUtc, nullable: false)], []);
        var batch = new RecordBatch(schema, [ArrowArrays.Copy(Int64Type.Default, [1L])], 1);
        string message = Assert.Throws<ArrowFormatException>(() => ArrowValidation.Validate(batch, "x.arrow", 0)).Message;
        Assert.Contains("is int64 but the schema says timestamp[ms, UTC]", message, StringComparison.Ordinal);
    }

    [Fact]
    public void FooterLengthPastTheStart_IsAFormatError()
    {
        byte[] file = Sample();
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(file.Length - 10), file.Length);
        string path = Path.Combine(_folder, "footer.arrow");
        File.WriteAllBytes(path, file);
        Assert.Contains("footer length", Assert.Throws<ArrowFormatException>(() => ArrowFiles.ReadAll(path)).Message, StringComparison.Ordinal);
        Assert.Contains("footer length", Assert.Throws<ArrowFormatException>(() => ArrowFileInput.Open(path)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NotAnArrowFile_AndAMissingFile_AreFormatErrors()
    {
        string path = Path.Combine(_folder, "text.arrow");
        File.WriteAllText(path, "vehicle_id,timestamp,lon,lat\n1,2,3,4\n");
        Assert.Contains("no ARROW1 magic", Assert.Throws<ArrowFormatException>(() => ArrowFiles.ReadAll(path)).Message, StringComparison.Ordinal);
        Assert.Contains("Cannot open", Assert.Throws<ArrowFormatException>(() => ArrowFileInput.Open(Path.Combine(_folder, "none.arrow"))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Require_NamesTheFileAndColumn()
    {
        RecordBatch batch = ArrowSamples.Create(0, 3);
        var missing = Assert.Throws<ArrowFormatException>(() => batch.Require<Int64Array>("speed", "t.arrow"));
        Assert.StartsWith("t.arrow: the required column 'speed' is missing; the batch has i16, i32", missing.Message, StringComparison.Ordinal);
        var wrong = Assert.Throws<ArrowFormatException>(() => batch.Require<Int64Array>("name", "t.arrow"));
        Assert.Contains("column 'name' is utf8", wrong.Message, StringComparison.Ordinal);
    }

    private byte[] Sample()
    {
        string path = Path.Combine(_folder, "sample.arrow");
        ArrowFiles.Write(path, ArrowSamples.Schema, [ArrowSamples.Create(0, 12), ArrowSamples.Create(12, 5)]);
        return File.ReadAllBytes(path);
    }
}
