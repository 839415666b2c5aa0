using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TrafficEngine.Ingest;

/// <summary>
/// Growable struct-of-arrays staging area for parsed fixes (internal to the ingest; the public output is a
/// <see cref="Columns.Batch"/>). Optional values use NaN (speed, heading) and -1 (occupied) for "absent" here only;
/// they become nulls in the validity bitmap on output. Chunks serialise to a simple little-endian column format.
/// </summary>
internal sealed class ProbeRows
{
    public ProbeRows(int capacity = 1024)
    {
        capacity = Math.Max(capacity, 16);
        Vehicle = Allocate<int>(capacity);
        TimestampMs = Allocate<long>(capacity);
        Lon = Allocate<double>(capacity);
        Lat = Allocate<double>(capacity);
        SpeedKmh = Allocate<float>(capacity);
        HeadingDeg = Allocate<float>(capacity);
        Occupied = Allocate<sbyte>(capacity);
        FileIndex = Allocate<int>(capacity);
        Line = Allocate<long>(capacity);
    }

    public int Count { get; private set; }

    public int[] Vehicle { get; private set; }

    public long[] TimestampMs { get; private set; }

    public double[] Lon { get; private set; }

    public double[] Lat { get; private set; }

    public float[] SpeedKmh { get; private set; }

    public float[] HeadingDeg { get; private set; }

    public sbyte[] Occupied { get; private set; }

    public int[] FileIndex { get; private set; }

    public long[] Line { get; private set; }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(int vehicle, long timestampMs, double lon, double lat, float speedKmh, float headingDeg, sbyte occupied, int fileIndex, long line)
    {
        int i = Count;
        if (i == Vehicle.Length)
        {
            Grow(i * 2);
        }

        Vehicle[i] = vehicle;
        TimestampMs[i] = timestampMs;
        Lon[i] = lon;
        Lat[i] = lat;
        SpeedKmh[i] = speedKmh;
        HeadingDeg[i] = headingDeg;
        Occupied[i] = occupied;
        FileIndex[i] = fileIndex;
        Line[i] = line;
        Count = i + 1;
    }

    public void Clear() => Count = 0;

    /// <summary>Appends row <paramref name="index"/> of <paramref name="source"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void AddFrom(ProbeRows source, int index) => Add(source.Vehicle[index], source.TimestampMs[index], source.Lon[index],
        source.Lat[index], source.SpeedKmh[index], source.HeadingDeg[index], source.Occupied[index], source.FileIndex[index], source.Line[index]);

    /// <summary>Writes the rows as one chunk: an int32 count then each column's values.</summary>
    public void WriteChunk(Stream stream)
    {
        Span<byte> count = stackalloc byte[4];
        BitConverter.TryWriteBytes(count, Count);
        stream.Write(count);
        WriteColumn(stream, Vehicle);
        WriteColumn(stream, TimestampMs);
        WriteColumn(stream, Lon);
        WriteColumn(stream, Lat);
        WriteColumn(stream, SpeedKmh);
        WriteColumn(stream, HeadingDeg);
        WriteColumn(stream, Occupied);
        WriteColumn(stream, FileIndex);
        WriteColumn(stream, Line);
    }

    /// <summary>Appends the rows of the next chunk; false at the end of the stream.</summary>
    public bool ReadChunk(Stream stream)
    {
        Span<byte> header = stackalloc byte[4];
        int got = stream.ReadAtLeast(header, 4, throwOnEndOfStream: false);
        if (got == 0)
        {
            return false;
        }

        if (got != 4)
        {
            throw new InvalidDataException("Truncated ingest spill file.");
        }

        int n = BitConverter.ToInt32(header);
        int at = Count;
        if (at + n > Vehicle.Length)
        {
            Grow(Math.Max(at + n, Vehicle.Length * 2));
        }

        ReadColumn(stream, Vehicle.AsSpan(at, n));
        ReadColumn(stream, TimestampMs.AsSpan(at, n));
        ReadColumn(stream, Lon.AsSpan(at, n));
        ReadColumn(stream, Lat.AsSpan(at, n));
        ReadColumn(stream, SpeedKmh.AsSpan(at, n));
        ReadColumn(stream, HeadingDeg.AsSpan(at, n));
        ReadColumn(stream, Occupied.AsSpan(at, n));
        ReadColumn(stream, FileIndex.AsSpan(at, n));
        ReadColumn(stream, Line.AsSpan(at, n));
        Count = at + n;
        return true;
    }

    private void WriteColumn<T>(Stream stream, T[] values)
        where T : unmanaged => stream.Write(MemoryMarshal.AsBytes(values.AsSpan(0, Count)));

    private static void ReadColumn<T>(Stream stream, Span<T> destination)
        where T : unmanaged => stream.ReadExactly(MemoryMarshal.AsBytes(destination));

    private void Grow(int capacity)
    {
        Vehicle = Resize(Vehicle, capacity);
        TimestampMs = Resize(TimestampMs, capacity);
        Lon = Resize(Lon, capacity);
        Lat = Resize(Lat, capacity);
        SpeedKmh = Resize(SpeedKmh, capacity);
        HeadingDeg = Resize(HeadingDeg, capacity);
        Occupied = Resize(Occupied, capacity);
        FileIndex = Resize(FileIndex, capacity);
        Line = Resize(Line, capacity);
    }

    /// <summary>
    /// Uninitialised arrays on the pinned object heap: these buffers live through the whole read phase, and on the
    /// small object heap every gen0/gen1 collection would copy them (measured: about a third of the read phase).
    /// </summary>
    private static T[] Allocate<T>(int capacity)
        where T : unmanaged => GC.AllocateUninitializedArray<T>(capacity, pinned: true);

    private T[] Resize<T>(T[] array, int capacity)
        where T : unmanaged
    {
        T[] grown = Allocate<T>(capacity);
        Array.Copy(array, grown, Count);
        return grown;
    }
}
