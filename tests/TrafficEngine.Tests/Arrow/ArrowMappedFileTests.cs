using System.Runtime.CompilerServices;
using Microsoft.Win32.SafeHandles;
using TrafficEngine.Arrow;
using TrafficEngine.Columns;

namespace TrafficEngine.Tests.Arrow;

/// <summary>
/// <see cref="ArrowFileReader.Open"/> memory-maps the file: hostile files, files changed after open, lifetimes.
/// Whether a file is mapped is read from /proc/self/maps (Linux).
/// </summary>
public sealed class ArrowMappedFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("arrow-mapped-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Open_EngineFile_ColumnsAreAlignedViewsOfTheMapping()
    {
        Batch expected = SampleBatches.Create(0, 300);
        string path = WriteFile("one.arrow", SampleBatches.WriteFile(expected.Schema, expected));

        using ArrowFileReader reader = ArrowFileReader.Open(path);
        Batch batch = reader.ReadBatch(0);

        Assert.True(IsMapped(path));
        SampleBatches.AssertSameValues(expected, batch);
        Assert.True(batch.Get<Column<double>>("f64").ValuesBuffer.IsAlignedTo(64));
        Assert.True(batch.Get<StringColumn>("name").OffsetsBuffer.IsAlignedTo(64));
    }

    [Fact]
    public unsafe void Open_MappedBufferMemory_PinsTheMappedBytes()
    {
        Batch expected = SampleBatches.Create(0, 64);
        string path = WriteFile("pin.arrow", SampleBatches.WriteFile(expected.Schema, expected));
        using ArrowFileReader reader = ArrowFileReader.Open(path);
        ArrowBuffer values = reader.ReadBatch(0).Get<Column<double>>("f64").ValuesBuffer;

        using System.Buffers.MemoryHandle pinned = values.Memory.Slice(8).Pin();

        fixed (byte* first = values.Span)
        {
            Assert.Equal((nint)first + 8, (nint)pinned.Pointer);
        }

        Assert.Equal(values.Span[8..].ToArray(), values.Memory[8..].ToArray());
    }

    [Fact]
    public void Open_ZeroLengthFile_ThrowsArrowFormatException()
    {
        string path = WriteFile("empty.arrow", []);

        var error = Assert.Throws<ArrowFormatException>(() => ArrowFileReader.Open(path));

        Assert.Contains("too short", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_EveryTruncation_ThrowsArrowFormatExceptionAndUnmaps()
    {
        byte[] bytes = ArrowHostileInputTests.FileBytes;
        string path = WriteFile("truncated.arrow", bytes);
        using SafeFileHandle file = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);

        for (long length = bytes.Length - 1; length >= 0; length--)
        {
            RandomAccess.SetLength(file, length);

            Assert.Throws<ArrowFormatException>(() => ReadEverything(path));
        }

        Assert.False(IsMapped(path), "A file that failed to open is still mapped.");
    }

    [Theory]
    [MemberData(nameof(ArrowHostileInputTests.Corruptions), MemberType = typeof(ArrowHostileInputTests))]
    public void Open_Corruption_ThrowsArrowFormatException(string kind)
    {
        string path = WriteFile("corrupt.arrow", ArrowHostileInputTests.Corrupt((byte[])ArrowHostileInputTests.FileBytes.Clone(), kind));

        var error = Assert.Throws<ArrowFormatException>(() => ReadEverything(path));

        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    [Fact]
    public void Open_RandomByteFlips_ThrowsOnlyArrowFormatException()
    {
        var random = new Random(20261122);
        byte[] original = ArrowHostileInputTests.FileBytes;
        string path = WriteFile("flipped.arrow", original);
        using SafeFileHandle file = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
        for (int iteration = 0; iteration < 1000; iteration++)
        {
            byte[] bytes = (byte[])original.Clone();
            for (int f = random.Next(1, 4); f > 0; f--)
            {
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            }

            RandomAccess.Write(file, bytes, 0);

            Exception? error = Record.Exception(() => ReadEverything(path));

            Assert.True(error is null or ArrowFormatException, $"Iteration {iteration}: {error}");
        }
    }

    [Fact]
    public void Open_ManyBatches_ReadsEachInAnyOrder()
    {
        Batch[] batches = Enumerable.Range(0, 300)
            .Select(i => SampleBatches.Create(i * 10, i % 7 == 0 ? 0 : 1 + (i % 23), i % 3 == 0 ? ["x", $"r{i}"] : null))
            .ToArray();
        string path = WriteFile("many.arrow", SampleBatches.WriteFile(SampleBatches.AllTypes, batches));

        using ArrowFileReader reader = ArrowFileReader.Open(path);

        Assert.Equal(batches.Length, reader.BatchCount);
        for (int i = batches.Length - 1; i >= 0; i--)
        {
            SampleBatches.AssertSameValues(batches[i], reader.ReadBatch(i));
        }
    }

    [Fact]
    public void Open_MappedBatchesWrittenAgain_SameValues()
    {
        Batch[] batches = [SampleBatches.Create(0, 120), SampleBatches.Create(120, 40, ["q", "A1"])];
        string path = WriteFile("source.arrow", SampleBatches.WriteFile(SampleBatches.AllTypes, batches));
        (Schema schema, List<Batch> mapped) = ArrowFile.ReadAll(path);

        byte[] file = SampleBatches.WriteFile(schema, mapped[0].Slice(7, 100), mapped[1]);
        byte[] stream = SampleBatches.WriteStream(schema, mapped[0].Slice(7, 100), mapped[1]);

        foreach (List<Batch> read in new[] { SampleBatches.ReadFile(file), SampleBatches.ReadStream(stream) })
        {
            SampleBatches.AssertSameValues(batches[0].Slice(7, 100), read[0]);
            SampleBatches.AssertSameValues(batches[1], read[1]);
        }
    }

    [Fact]
    public void Open_FileDeletedAfterOpen_ReaderAndBatchesKeepItsContents()
    {
        Batch first = SampleBatches.Create(0, 50);
        Batch second = SampleBatches.Create(50, 20, ["d"]);
        string path = WriteFile("deleted.arrow", SampleBatches.WriteFile(first.Schema, first, second));
        using ArrowFileReader reader = ArrowFileReader.Open(path);
        Batch before = reader.ReadBatch(0);

        File.Delete(path);
        Collect();

        Assert.False(File.Exists(path));
        SampleBatches.AssertSameValues(first, before);
        SampleBatches.AssertSameValues(second, reader.ReadBatch(1));
    }

    [Fact]
    public void Open_FileReplacedByArrowFileWrite_ReaderKeepsTheOldContents()
    {
        Batch old = SampleBatches.Create(0, 40);
        Batch replacement = SampleBatches.Create(1000, 40, ["new"]);
        string path = WriteFile("replaced.arrow", SampleBatches.WriteFile(old.Schema, old, old));
        using ArrowFileReader reader = ArrowFileReader.Open(path);
        Batch before = reader.ReadBatch(0);

        ArrowFile.Write(path, replacement.Schema, [replacement]);

        SampleBatches.AssertSameValues(old, before);
        SampleBatches.AssertSameValues(old, reader.ReadBatch(1));
        SampleBatches.AssertSameValues(replacement, Assert.Single(ArrowFile.ReadAll(path).Batches));
    }

    [Fact]
    public void Open_FileRewrittenInPlace_ShowsNewBytesButStaysBoundsChecked()
    {
        Batch original = SampleBatches.Create(0, 200);
        byte[] bytes = SampleBatches.WriteFile(original.Schema, original, original);
        string path = WriteFile("rewritten.arrow", bytes);
        using ArrowFileReader reader = ArrowFileReader.Open(path);
        Batch before = reader.ReadBatch(0);
        double f64 = before.Get<Column<double>>("f64").Values[1];

        byte[] garbage = new byte[bytes.Length];
        new Random(7).NextBytes(garbage);
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.None)) // the reader holds no lock
        {
            stream.Write(garbage);
        }

        Assert.NotEqual(f64, before.Get<Column<double>>("f64").Values[1]);
        foreach (Column column in before.Columns)
        {
            for (int row = 0; row < column.Length; row++)
            {
                Exception? error = Record.Exception(() => column.GetValue(row));
                Assert.True(error is null or InvalidDataException or OverflowException, $"Column {column.Type} row {row}: {error}");
            }
        }

        Exception? next = Record.Exception(() => reader.ReadBatch(1));
        Assert.True(next is null or ArrowFormatException, $"{next}");
    }

    [Fact]
    public void Dispose_BeforeAnyBatch_UnmapsAtOnceAndRefusesReads()
    {
        string path = WriteFile("schema-only.arrow", SampleBatches.WriteFile(SampleBatches.AllTypes, SampleBatches.Create(0, 10)));
        ArrowFileReader reader = ArrowFileReader.Open(path);
        bool mappedWhileOpen = IsMapped(path);

        reader.Dispose();

        Assert.True(mappedWhileOpen);
        Assert.False(IsMapped(path));
        Assert.Throws<ObjectDisposedException>(() => reader.ReadBatch(0));
    }

    [Fact]
    public void Dispose_AfterABatch_BatchStaysValidAndTheMappingGoesWithTheLastBatch()
    {
        Batch expected = SampleBatches.Create(0, 500);
        string path = WriteFile("lifetime.arrow", SampleBatches.WriteFile(expected.Schema, expected));

        CheckBatchOutlivesReader(path, expected);
        Collect();

        Assert.False(IsMapped(path));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void CheckBatchOutlivesReader(string path, Batch expected)
    {
        Batch batch;
        using (ArrowFileReader reader = ArrowFileReader.Open(path))
        {
            batch = reader.ReadBatch(0);
        }

        Collect();
        Assert.True(IsMapped(path));
        SampleBatches.AssertSameValues(expected, batch);
    }

    private static void ReadEverything(string path)
    {
        (_, List<Batch> batches) = ArrowFile.ReadAll(path);
        foreach (Batch batch in batches)
        {
            foreach (Column column in batch.Columns)
            {
                for (int r = 0; r < column.Length; r++)
                {
                    _ = column.GetValue(r);
                }
            }
        }
    }

    private static void Collect()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        GC.WaitForPendingFinalizers();
    }

    private static bool IsMapped(string path) =>
        File.ReadLines("/proc/self/maps").Any(line => line.Contains(path, StringComparison.Ordinal));

    private string WriteFile(string name, byte[] bytes)
    {
        string path = Path.Combine(_directory, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
